/**
 * The README's list of KPIs with their passports, generated from queries/kpi_<code>.passport so
 * the two cannot drift:
 *   npm run docs:kpis   (prints it; test/readme.test.ts checks the README holds it)
 */
import { pathToFileURL } from 'node:url';
import { KPI_CODES, PASSPORT_FIELDS, type KpiCode, type KpiPassport, type PassportField } from '../../web/src/lib/shared/api.js';
import { KPI_META } from '../../web/src/lib/shared/kpis.js';
import { loadPassports } from '../domain/passports.js';

export function kpisMarkdown(passports: Record<KpiCode, KpiPassport>): string {
  return KPI_CODES.map((code) => [
    `#### \`${code}\` — ${KPI_META[code].title}`,
    '',
    '| поле паспорта | значение |',
    '| --- | --- |',
    ...(Object.keys(PASSPORT_FIELDS) as PassportField[]).map((field) => `| ${PASSPORT_FIELDS[field]} | ${passports[code][field]} |`),
  ].join('\n')).join('\n\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(kpisMarkdown(await loadPassports()));
