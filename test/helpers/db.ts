import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '../../server/db/database.js';
import { personIdentity } from '../../server/ingest/values.js';
import { migrate } from '../../server/db/migrate.js';
import { DATA_TABLES, replaceAllData, type Dataset } from '../../server/db/tables.js';
import { Pseudonyms } from '../../server/persons/pseudonyms.js';
import { adoptPersonKey, withStoredIds } from '../../server/persons/stored-ids.js';

/** A fixed key, so that tests can say which stored id a teacher gets. */
export const TEST_PSEUDONYMS = new Pseudonyms(Buffer.alloc(32, 7));

/** The stored id of a teacher id or СНИЛС as an upload writes it. */
export const storedId = (text: string): string => TEST_PSEUDONYMS.of(personIdentity(text));

/**
 * A database file migrated and tied to the test key, made once per test process: copying it is
 * a third of the time of running every migration again.
 */
const template = (async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ploshchadki-template-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'template.duckdb');
  const db = await Database.open(path);
  await migrate(db);
  await adoptPersonKey(db, TEST_PSEUDONYMS);
  db.close();
  return path;
})();

/**
 * A real DuckDB with the schema migrated and the dataset loaded, tied to the test key: teachers
 * stored under their ids as an upload would store them. In memory, or in the file `path`, then
 * checkpointed (nothing of the set-up left in its write-ahead log).
 */
export async function databaseWith(dataset: Dataset, path = ':memory:'): Promise<Database> {
  const db = await Database.open(path);
  await copyInto(db, await templateWith(dataset));
  if (path !== ':memory:') await db.run('CHECKPOINT');
  return db;
}

/** Copies the schema and rows of the database file `from` into `db` (DuckDB's own copy). */
async function copyInto(db: Database, from: string): Promise<void> {
  const { name } = (await db.one<{ name: string }>('SELECT current_database() AS name'))!;
  await db.run(`ATTACH '${from}' AS template (READ_ONLY)`);
  await db.run(`COPY FROM DATABASE template TO "${name}"`);
  await db.run('DETACH template');
}

/**
 * The migrated template with a dataset loaded, made once per process and dataset: most tests
 * start from the same small region, and copying its rows is faster than inserting them again.
 */
const loaded = new Map<string, Promise<string>>();
function templateWith(dataset: Dataset): Promise<string> {
  const key = createHash('sha256').update(JSON.stringify(dataset)).digest('hex');
  let path = loaded.get(key);
  if (!path) {
    path = (async () => {
      const file = (await template).replace(/template\.duckdb$/, `${key.slice(0, 16)}.duckdb`);
      const db = await Database.open(file);
      await copyInto(db, await template);
      await replaceAllData(db, withStoredIds(dataset, TEST_PSEUDONYMS));
      db.close();
      return file;
    })();
    loaded.set(key, path);
  }
  return path;
}

/** Every data table's full contents, ordered: for "nothing changed" (not counts). */
export async function allTables(db: Database): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const table of Object.keys(DATA_TABLES)) tables[table] = await db.all(`SELECT * FROM ${table} ORDER BY ALL`);
  return tables;
}
