import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';
import { installMacros } from './macros.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE_NAME = /^(\d{3})_[a-z0-9_]+\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_NAME.exec(file);
    if (!match) throw new Error(`Migration file name must look like 001_name.sql: ${file}`);
    migrations.push({ version: Number(match[1]), name: file, sql: await readFile(dir + file, 'utf8') });
  }
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migrations must be numbered 001, 002, … without gaps: ${m.name}`);
  });
  return migrations;
}

/**
 * Applies every migration newer than the database's version, each in its own transaction, then
 * (re)creates the shared SQL macros of queries/macros/.
 *
 * No migration ever waits in the write-ahead log: DuckDB cannot replay some schema changes from it
 * (ALTER TABLE … ADD COLUMN on a table whose default calls nextval fails with an internal error),
 * so a process killed between two migrations would leave a database that no longer opens. With
 * the checkpoint threshold at zero, each commit goes straight into the database file instead: a
 * kill leaves every migration either wholly applied or not at all.
 */
export async function migrate(db: Database, migrations?: Migration[]): Promise<number[]> {
  await db.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)`);
  const row = await db.one<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  const current = row?.version ?? 0;
  const onDisk = await loadMigrations();
  const pending = (migrations ?? onDisk).filter((m) => m.version > current);
  const { threshold } = (await db.one<{ threshold: string }>("SELECT current_setting('checkpoint_threshold') AS threshold"))!;
  await db.run("SET checkpoint_threshold = '0b'");
  try {
    for (const migration of pending) {
      await db.transaction(async (tx) => {
        await tx.run(migration.sql);
        await tx.run('INSERT INTO schema_migrations (version, name) VALUES ($version, $name)', {
          version: migration.version,
          name: migration.name,
        });
      });
    }
    // The shared SQL macros, as queries/macros/ has them now: they are written for the latest
    // schema (a database migrated only part of the way, as a test does, keeps the ones it has).
    const latest = Math.max(current, ...pending.map((m) => m.version));
    if (latest === onDisk.length) await db.transaction((tx) => installMacros(tx));
  } finally {
    await db.run(`SET checkpoint_threshold = '${threshold.replaceAll("'", "''")}'`);
  }
  // A commit checkpoints only when no other transaction is under way; none is at start-up, but
  // whatever did reach the log leaves it now.
  await db.run('CHECKPOINT');
  return pending.map((m) => m.version);
}
