import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../server/db/database.js';
import { Queries } from '../server/db/queries.js';
import { smallRegion } from './fixtures/small-region.js';
import { databaseWith } from './helpers/db.js';
import { TEST_PASSWORD } from './helpers/server.js';
import { Users } from '../server/auth/users.js';

let db: Database;
beforeAll(async () => {
  db = await databaseWith(smallRegion());
});
afterAll(() => db.close());

describe('the database\'s connections', () => {
  it('a quick read passes a slow one: the pool runs them side by side', async () => {
    const finished: string[] = [];
    const slow = db.pooled('SELECT count(*) AS n FROM range(400000000) t(i) WHERE i % 7 = 3').then(() => finished.push('slow'));
    const quick = db.pooled('SELECT 1 AS one').then(() => finished.push('quick'));
    await Promise.all([slow, quick]);
    expect(finished).toEqual(['quick', 'slow']);
  });

  it('a read nobody waits for any more is not started, or is interrupted where it runs', async () => {
    const gone = new Error('клиент ушёл');
    // Aborted before its turn: the statement never runs.
    await expect(db.all('CREATE TABLE never_made AS SELECT 1 AS x', {}, AbortSignal.abort(gone))).rejects.toBe(gone);
    expect(await db.all("SELECT table_name FROM duckdb_tables() WHERE table_name = 'never_made'")).toEqual([]);

    // Running: DuckDB stops it (it would take many minutes), and the connection serves the next statement.
    await db.session(async (session) => {
      const stop = new AbortController();
      const endless = session.all('SELECT count(*) AS n FROM range(100000000000) t(i) WHERE i % 7 = 3', {}, stop.signal);
      // A turn of the event loop: the statement has been handed to DuckDB.
      await new Promise((resolve) => setImmediate(resolve));
      stop.abort(gone);
      await expect(endless).rejects.toBe(gone);
      expect(await session.all('SELECT 42 AS x')).toEqual([{ x: 42 }]);
    });
  });

  it('writes from queries/ keep to one connection: many at once on one row never conflict', async () => {
    const queries = await Queries.load(db);
    const users = new Users(queries);
    const id = await users.create({ login: 'touch', role: 'viewer', districts: [], displayName: 'Т', password: TEST_PASSWORD });
    await queries.run('session_create', { token_hash: 'h', user_id: id, csrf_token: 'c', ttl_seconds: 60 });
    const touches = Array.from({ length: 30 }, () => queries.run('session_touch', { token_hash: 'h', ttl_seconds: 120, max_seconds: 3600 }));
    expect((await Promise.allSettled(touches)).filter((r) => r.status === 'rejected')).toEqual([]);
  });

  it('a transaction that fails after its end reports its own error, not the ROLLBACK\'s «no transaction is active»', async () => {
    // As a COMMIT that runs out of memory: the transaction is over when the error reaches us.
    await expect(db.transaction(async (tx) => {
      await tx.run('COMMIT');
      throw new Error('the cause');
    })).rejects.toThrow(/^the cause$/);
  });
});

describe('a new database file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ploshchadki-create-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The first bytes of a new database file: what a creation killed after its first header leaves. */
  async function firstHeader(): Promise<Buffer> {
    const whole = join(dir, 'whole.duckdb');
    (await Database.open(whole)).close();
    return readFileSync(whole).subarray(0, 4096);
  }

  it('appears whole: what a creation killed before its end left is removed, and the database opens', async () => {
    const path = join(dir, 'fresh.duckdb');
    writeFileSync(`${path}.creating`, await firstHeader());
    writeFileSync(`${path}.creating.wal`, 'half a log');
    const db = await Database.open(path);
    try {
      await db.run('CREATE TABLE t AS SELECT 1 AS x');
      expect(await db.all('SELECT x FROM t')).toEqual([{ x: 1 }]);
    } finally {
      db.close();
    }
    expect([existsSync(`${path}.creating`), existsSync(`${path}.creating.wal`)]).toEqual([false, false]);
  });

  it('an existing file that cannot be opened is refused and left as it is: it may hold data', async () => {
    const path = join(dir, 'broken.duckdb');
    const bytes = await firstHeader();
    writeFileSync(path, bytes);
    await expect(Database.open(path)).rejects.toThrow(/Could not read enough bytes/);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });
});
