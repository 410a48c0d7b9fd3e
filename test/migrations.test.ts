import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../server/db/database.js';
import { loadMigrations, migrate } from '../server/db/migrate.js';
import { loadDemoIfEmpty } from '../server/demo/load.js';

const dir = mkdtempSync(join(tmpdir(), 'ploshchadki-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migrations and demo start-up on a database file', () => {
  it('applies every migration once, and the demo only into an empty database', async () => {
    const path = join(dir, 'monitoring.duckdb');
    const all = (await loadMigrations()).map((m) => m.version);
    let db = await Database.open(path);
    expect(await migrate(db)).toEqual(all);
    expect(await loadDemoIfEmpty(db)).toBe(true);
    const orgs = (await db.one<{ n: number }>('SELECT count(*) AS n FROM organizations'))!.n;
    db.close();

    db = await Database.open(path);
    expect(await migrate(db)).toEqual([]);
    expect(await loadDemoIfEmpty(db)).toBe(false);
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

  it('rolls a failing transaction back whole', async () => {
    const db = await Database.open(':memory:');
    await migrate(db);
    await expect(db.transaction(async (tx) => {
      await tx.run("INSERT INTO districts VALUES ('x', 'Икс')");
      await tx.run("INSERT INTO districts VALUES ('x', 'Дубль')");
    })).rejects.toThrow(/PRIMARY KEY|unique|Duplicate/i);
    expect(await db.all('SELECT * FROM districts')).toEqual([]);
    db.close();
  });
});
