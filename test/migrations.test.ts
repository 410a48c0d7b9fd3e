import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../server/db/database.js';
import { loadMigrations, migrate } from '../server/db/migrate.js';
import { loadDemoIfEmpty } from '../server/demo/load.js';
import { rollbackTables } from '../server/ingest/merge.js';
import { DATA_TABLES, UPLOAD_COLUMN } from '../server/db/tables.js';
import type { ColumnSpec } from '../server/db/database.js';
import { TEST_PSEUDONYMS } from './helpers/db.js';
import { KPI_CODES } from '../web/src/lib/shared/codes.js';

const dir = mkdtempSync(join(tmpdir(), 'ploshchadki-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migrations and demo start-up on a database file', () => {
  it('applies every migration once, and the demo only into an empty database', async () => {
    const path = join(dir, 'monitoring.duckdb');
    const all = (await loadMigrations()).map((m) => m.version);
    let db = await Database.open(path);
    expect(await migrate(db)).toEqual(all);
    expect(await loadDemoIfEmpty(db, TEST_PSEUDONYMS, '2026-11-30')).toBe(true);
    const orgs = (await db.one<{ n: number }>('SELECT count(*) AS n FROM organizations'))!.n;
    // The demo's competitions are scheduled in the years of its plan: each stage in order, the result before the first status it grants
    // (this autumn's result is still to come: no status granted by it yet).
    const stages = await db.all<{ year: number; dates: string[]; first_grant: string }>(
      `SELECT year, list(due_on::VARCHAR ORDER BY due_on) AS dates,
              (SELECT min(status_granted_on)::VARCHAR FROM sites WHERE year(status_granted_on) = d.year) AS first_grant
       FROM deadlines d GROUP BY year ORDER BY year`);
    expect(stages.map((s) => [s.year, s.first_grant !== null])).toEqual([[2024, true], [2025, true], [2026, false]]);
    for (const s of stages.filter((s) => s.first_grant !== null)) expect([s.dates.length, s.dates[3] <= s.first_grant]).toEqual([4, true]);
    expect(stages[2].dates).toEqual(['2026-10-01', '2026-10-31', '2026-11-25', '2026-12-01']);
    // The region approved the last half-year's results ten days after its end: every KPI, the region's and each district's.
    expect(await db.all(`SELECT period, approved_by, strftime(approved_at, '%Y-%m-%d') AS day, note,
        (SELECT count(DISTINCT kpi_code) FROM published_figures WHERE publication_id = p.id) AS kpis,
        (SELECT count(DISTINCT district_code) FROM published_figures WHERE publication_id = p.id) AS districts
      FROM publications p`)).toEqual([
      { period: '2026-H1', approved_by: 'admin', day: '2026-07-10', note: 'приказ № 241 от 10.07.2026', kpis: KPI_CODES.length,
        districts: (await db.one<{ n: number }>('SELECT count(*) AS n FROM districts'))!.n },
    ]);
    db.close();

    db = await Database.open(path);
    expect(await migrate(db)).toEqual([]);
    expect(await loadDemoIfEmpty(db, TEST_PSEUDONYMS)).toBe(false);
    expect((await db.one<{ n: number }>('SELECT count(*) AS n FROM organizations'))!.n).toBe(orgs);
    expect(await db.all('SELECT kpi_code, threshold FROM targets ORDER BY kpi_code')).toEqual([
      { kpi_code: 'authors_share', threshold: 3 },
      { kpi_code: 'competition_share', threshold: 20 },
      { kpi_code: 'pilot_orgs', threshold: 3 },
      { kpi_code: 'testing_orgs', threshold: 7 },
      { kpi_code: 'users_share', threshold: 10 },
    ]);
    db.close();
  });

  it('gives rows of earlier uploads their upload id, so they still roll back (006)', async () => {
    const db = await Database.open(':memory:');
    const migrations = await loadMigrations();
    await migrate(db, migrations.filter((m) => m.version < 6));
    // As version 5 recorded uploads: upload 1 inserted A and B, upload 2 deleted B, upload 3
    // (rolled back) had inserted A too; C came with no upload.
    await db.run(`INSERT INTO uploads (id, file_name, sha256, size_bytes, uploaded_by, mode, status) VALUES
      (1, 'a.csv', '', 0, 't', 'strict', 'applied'), (2, 'b.csv', '', 0, 't', 'strict', 'applied'),
      (3, 'c.csv', '', 0, 't', 'strict', 'rolled_back')`);
    await db.run("INSERT INTO districts VALUES ('A', 'Эй'), ('C', 'Си')");
    await db.run(`INSERT INTO upload_before_districts VALUES
      (1, 'insert', 'A', 'Эй'), (1, 'insert', 'B', 'Би'), (2, 'delete', 'B', 'Би'), (3, 'insert', 'A', 'Эй')`);
    await migrate(db, migrations);
    expect(await db.all('SELECT code, upload_id FROM districts ORDER BY code')).toEqual([
      { code: 'A', upload_id: 1 }, { code: 'C', upload_id: null },
    ]);
    expect(await db.all('SELECT upload_id, op, code, row_upload_id FROM upload_before_districts')).toEqual([
      { upload_id: 2, op: 'delete', code: 'B', row_upload_id: 1 },
    ]);
    await db.transaction((tx) => rollbackTables(tx, 2, ['districts']));
    await db.transaction((tx) => rollbackTables(tx, 1, ['districts']));
    expect(await db.all('SELECT code, upload_id FROM districts')).toEqual([{ code: 'C', upload_id: null }]);
    db.close();
  });

  it('rolls a failing transaction back whole', async () => {
    const db = await Database.open(':memory:');
    await migrate(db);
    await expect(db.transaction(async (tx) => {
      await tx.run("INSERT INTO districts (code, name) VALUES ('x', 'Икс')");
      await tx.run("INSERT INTO districts (code, name) VALUES ('x', 'Дубль')");
    })).rejects.toThrow(/PRIMARY KEY|unique|Duplicate/i);
    expect(await db.all('SELECT * FROM districts')).toEqual([]);
    db.close();
  });
});

describe('the declared tables and the schema', () => {
  it('agree column by column, in order: rows are appended by position', async () => {
    const db = await Database.open(':memory:');
    await migrate(db);
    const TYPES: Record<ColumnSpec['type'], string> = { varchar: 'VARCHAR', integer: 'INTEGER', double: 'DOUBLE', boolean: 'BOOLEAN', date: 'DATE' };
    for (const [table, columns] of Object.entries(DATA_TABLES)) {
      const actual = await db.all('SELECT column_name AS name, data_type AS type FROM duckdb_columns() WHERE table_name = $table ORDER BY column_index', { table });
      expect(actual, table).toEqual([...columns, UPLOAD_COLUMN].map((c) => ({ name: c.name, type: TYPES[c.type] })));
    }
    db.close();
  });
});

describe('the shared SQL macros (queries/macros/)', () => {
  it('are replaced at every start with what the files say, not left as a migration once made them', async () => {
    const db = await Database.open(':memory:');
    await migrate(db);
    // An older definition, as a database migrated long ago would hold.
    await db.run("CREATE OR REPLACE MACRO report_deadline(y) AS DATE '2000-01-01'");
    expect(await migrate(db)).toEqual([]);
    expect(await db.one('SELECT report_deadline(2023)::VARCHAR AS due')).toEqual({ due: '2023-05-15' });
    db.close();
  });

  it('write a stored moment as JavaScript writes it (ISO 8601, milliseconds, Z), and NULL as NULL', async () => {
    const db = await Database.open(':memory:');
    await migrate(db);
    const moment = new Date('2026-11-29T07:05:09.042Z');
    // The tables hold TIMESTAMPTZ; a server in Moscow still writes UTC.
    await db.run("SET TimeZone = 'Europe/Moscow'");
    const row = await db.one(
      'SELECT iso_instant(to_timestamp($ms / 1000)) AS at, iso_instant(make_timestamp($ms * 1000)) AS plain, iso_instant(NULL::TIMESTAMPTZ) AS never',
      { ms: moment.getTime() },
    );
    expect(row).toEqual({ at: moment.toISOString(), plain: moment.toISOString(), never: null });
    db.close();
  });
});
