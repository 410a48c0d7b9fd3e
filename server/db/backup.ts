/**
 * Backups of the database: one DuckDB file with everything in it (tables, sequences, macros),
 * written from a single transaction's snapshot while the server keeps working.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { Database } from './database.js';
import { localStamp } from '../local-day.js';

/** Where backups go: `backups/` next to the database file. */
export function backupDir(dbPath: string): string {
  return join(dirname(dbPath), 'backups');
}

/** A new backup's path: the database's name and the local time, e.g. backups/monitoring-2024-05-20_14-03-07.duckdb. */
export function backupPath(dbPath: string, now = new Date()): string {
  return join(backupDir(dbPath), `${basename(dbPath, extname(dbPath))}-${localStamp(now)}.duckdb`);
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
const identifier = (text: string) => `"${text.replaceAll('"', '""')}"`;

/**
 * Copies the database into a new file at `target`. The copy is read in one transaction, so an
 * upload committed meanwhile is wholly in it or wholly not; it is written under a `.part` name
 * and renamed when complete, so a file with the backup's name is always a whole backup.
 */
export async function backupDatabase(db: Database, target: string): Promise<void> {
  if (existsSync(target)) throw new Error(`Файл ${target} уже есть: резервная копия не записывается поверх другого файла.`);
  const part = `${target}.part`;
  await rm(part, { force: true });
  await rm(`${part}.wal`, { force: true });
  try {
    await copyInto(db, part);
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
  await rename(part, target);
}

async function copyInto(db: Database, path: string): Promise<void> {
  await db.session(async (session) => {
    const { name } = (await session.one<{ name: string }>('SELECT current_database() AS name'))!;
    // Attached databases are seen by every connection: a name of its own for each backup.
    const alias = identifier(`backup_${randomUUID().replaceAll('-', '')}`);
    await session.run(`ATTACH ${literal(path)} AS ${alias} (READ_WRITE)`);
    try {
      await session.transaction((tx) => tx.run(`COPY FROM DATABASE ${identifier(name)} TO ${alias}`));
    } finally {
      // Detaching writes the copy out in full and closes it (it leaves no .wal).
      await session.run(`DETACH ${alias}`);
    }
  });
}
