import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../server/db/database.js';
import { Queries } from '../server/db/queries.js';
import { KPI_QUERIES, KpiService, organizationsQuery } from '../server/domain/kpis.js';
import { loadPassports } from '../server/domain/passports.js';
import { parsePeriod } from '../server/domain/periods.js';
import { scopeParams } from '../server/domain/scope.js';
import { KPI_CODES, KPI_META } from '../web/src/lib/shared/kpis.js';
import { smallRegion } from './fixtures/small-region.js';
import { databaseWith } from './helpers/db.js';

let db: Database;
let queries: Queries;
beforeAll(async () => {
  db = await databaseWith(smallRegion());
  queries = await Queries.load(db);
});
afterAll(() => db.close());

const QUERIES = new URL('../queries/', import.meta.url);
const sqlFiles = readdirSync(QUERIES).filter((f) => f.endsWith('.sql')).map((f) => f.slice(0, -4));

/** Every TypeScript file under a folder of the repository, with its text. */
function sources(folder: string): { file: string; text: string }[] {
  const dir = new URL(`../${folder}/`, import.meta.url);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: `${folder}/${f}`, text: readFileSync(new URL(f, dir), 'utf8') }));
}

describe('a KPI is its declaration, its SQL file and its passport', () => {
  it('each KPI query answers, in every district row and the total, the columns its KPIs are read from', async () => {
    const scope = { period: parsePeriod('2022-H1')!, district: null, orgType: null, direction: null };
    for (const query of KPI_QUERIES) {
      const rows = await queries.run(query, scopeParams(scope));
      expect(rows.filter((r) => r.is_total), query).toHaveLength(1);
      const read = KPI_CODES.filter((code) => KPI_META[code].source.query === query).flatMap((code) => {
        const { numerator, denominator, value, inScope } = KPI_META[code].source;
        return [numerator, denominator, typeof value === 'object' ? value.meanOf : null, inScope ?? null].filter((c): c is string => c !== null);
      });
      for (const row of rows) expect(Object.keys(row), query).toEqual(expect.arrayContaining(['district_code', 'is_total', ...read]));
    }
  });

  it('a KPI whose SQL file is missing stops the server at start-up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'queries-'));
    try {
      cpSync(fileURLToPath(QUERIES), dir, { recursive: true });
      rmSync(join(dir, 'kpi_trainees.sql'));
      const [withoutOne, passports] = [await Queries.load(db, `${dir}/`), await loadPassports()];
      expect(() => new KpiService(withoutOne, passports, () => 0)).toThrow('queries/kpi_trainees.sql');
      expect(() => new KpiService(queries, passports, () => 0)).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('queries/ is the list of queries', () => {
  it('every query the server names is a file, and every file is named somewhere', () => {
    const code = [...sources('server'), ...sources('web/src/lib/shared')];
    const called = new Set(code.flatMap(({ text }) =>
      [...text.matchAll(/\bqueries\.(?:run|on)(?:<[^(]*?>)?\(\s*(?:[\w.]+,\s*)?'([a-z_]+)'/g)].map((m) => m[1])));
    expect(called.size).toBeGreaterThan(20);
    expect([...called].filter((name) => !sqlFiles.includes(name))).toEqual([]);
    const everything = code.map(({ text }) => text).join('\n');
    // A KPI's list of organizations is named after its query (organizationsQuery).
    const derived = new Set(KPI_CODES.map(organizationsQuery));
    expect(sqlFiles.filter((name) => !everything.includes(`'${name}'`) && !derived.has(name))).toEqual([]);
  });
});
