import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../db/database.js';
import { DATA_TABLES, type DataTable } from '../db/tables.js';

/**
 * How each table is exported: facts go with the district (and year) they belong to, so a
 * federal instance — or any Parquet engine — reads a region, a district or a year by directory.
 */
const PARTITIONS: Partial<Record<DataTable, { select: string; by: string[] }>> = {
  organizations: { select: 'SELECT t.* FROM organizations t', by: ['district_code'] },
  organization_headcounts: {
    select: 'SELECT t.*, o.district_code FROM organization_headcounts t JOIN organizations o ON o.code = t.organization_code',
    by: ['district_code', 'school_year'],
  },
  events: {
    select: `SELECT t.*, o.district_code, year(t.held_on) AS year FROM events t
             JOIN sites s ON s.code = t.site_code JOIN organizations o ON o.code = s.host_organization_code`,
    by: ['district_code', 'year'],
  },
  participations: {
    select: `SELECT t.*, o.district_code, year(t.started_on) AS year FROM participations t
             JOIN organizations o ON o.code = t.organization_code`,
    by: ['district_code', 'year'],
  },
  resource_uses: {
    select: `SELECT t.*, o.district_code, year(t.used_on) AS year FROM resource_uses t
             JOIN organizations o ON o.code = t.organization_code`,
    by: ['district_code', 'year'],
  },
};

const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Writes every data table as hive-partitioned Parquet under dir/<table>/region=<code>/…,
 * through DuckDB's COPY … (FORMAT parquet, PARTITION_BY …). Returns rows written per table.
 */
export async function exportParquet(db: Database, dir: string, regionCode: string): Promise<Record<string, number>> {
  if (!/^[a-z0-9_-]{1,50}$/.test(regionCode)) throw new Error('Код региона: латиница в нижнем регистре, цифры, - и _');
  const written: Record<string, number> = {};
  for (const table of Object.keys(DATA_TABLES) as DataTable[]) {
    const spec = PARTITIONS[table] ?? { select: `SELECT t.* FROM ${table} t`, by: [] };
    const target = join(dir, table);
    mkdirSync(target, { recursive: true });
    // The upload a row came from means nothing outside this database. COPY's target and options cannot be bound parameters: the path is quoted, the rest are constants.
    await db.run(`COPY (SELECT ${sqlString(regionCode)} AS region, x.* EXCLUDE (upload_id) FROM (${spec.select}) x)
      TO ${sqlString(target)} (FORMAT parquet, PARTITION_BY (${['region', ...spec.by].join(', ')}), OVERWRITE_OR_IGNORE true)`);
    written[table] = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;
  }
  return written;
}
