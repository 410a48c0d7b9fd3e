import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { KPI_CODES, PASSPORT_FIELDS, type KpiCode, type KpiPassport, type PassportField } from '../../web/src/lib/shared/api.js';

const QUERIES_DIR = fileURLToPath(new URL('../../queries/', import.meta.url));

/**
 * «Паспорт показателя»: each KPI's passport is a sidecar file beside its SQL,
 * queries/kpi_<code>.passport, with `field: value` lines (# starts a comment). It is the one
 * source of the KPI's definition for the cards, the exports and the README.
 */
export function parsePassport(text: string, file: string): KpiPassport {
  const passport: Partial<KpiPassport> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    const key = line.slice(0, colon).trim() as PassportField;
    if (colon === -1 || !(key in PASSPORT_FIELDS)) throw new Error(`${file}: непонятная строка «${line}»`);
    passport[key] = line.slice(colon + 1).trim();
  }
  const missing = (Object.keys(PASSPORT_FIELDS) as PassportField[]).filter((k) => !passport[k]);
  if (missing.length > 0) throw new Error(`${file}: в паспорте не заполнены поля ${missing.join(', ')}`);
  return passport as KpiPassport;
}

/** Every KPI's passport; a missing or incomplete one stops the server at start-up. */
export async function loadPassports(dir = QUERIES_DIR): Promise<Record<KpiCode, KpiPassport>> {
  const passports = {} as Record<KpiCode, KpiPassport>;
  for (const code of KPI_CODES) {
    const file = `kpi_${code}.passport`;
    passports[code] = parsePassport(await readFile(`${dir}${file}`, 'utf8'), file);
  }
  return passports;
}
