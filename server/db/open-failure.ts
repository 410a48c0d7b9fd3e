import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Database } from './database.js';

/**
 * Why a database file could not be opened, in one Russian line with what to do. The server never
 * deletes or moves the file or its write-ahead log: whatever is in them stays for recovery.
 */
export function openFailure(path: string, error: unknown): string {
  const holder = lockHolder(error);
  if (holder) {
    return `База данных ${path} уже открыта другим процессом${pidNote(holder)}: остановите его (например, второй сервер или npm run import) или укажите другую базу в PLOSHCHADKI_DB.`;
  }
  return `Не удалось открыть базу данных ${path}: ${messageOf(error).split('\n')[0]}. Файлы базы (и ${path}.wal) не тронуты: сохраните их копию и восстановите базу из резервной копии или обратитесь к разработчикам (npm run restore).`;
}

/**
 * When the file could not be opened because another process holds it: that process (pid null
 * when DuckDB does not name it). Null for any other failure.
 */
export function lockHolder(error: unknown): { pid: number | null } | null {
  const text = messageOf(error);
  const named = /Conflicting lock is held in .*?\(PID (\d+)\)/i.exec(text);
  if (named) return { pid: Number(named[1]) };
  return /Could not set lock/i.test(text) ? { pid: null } : null;
}

/** " (PID 123)", or nothing when the holder is not known. */
export const pidNote = (holder: { pid: number | null }): string => (holder.pid === null ? '' : ` (PID ${holder.pid})`);

/** What an error says, whatever was thrown. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * A restore stopped between setting the database aside and putting the copy in its place (npm run
 * restore): no database at `path`, the copy and the old one beside it. Opening would create an
 * empty database — or load the demo region — over which the region's own would go unseen: the
 * line says what to do instead. Null when no restore was cut short.
 */
export function interruptedRestore(path: string): string | null {
  if (existsSync(path)) return null;
  const dir = dirname(path);
  const own = basename(path);
  const left = existsSync(dir) ? readdirSync(dir).filter((f) => f === `${own}.restoring` || (f.startsWith(`${own}.before-restore-`) && !f.endsWith('.wal'))).sort() : [];
  if (left.length === 0) return null;
  return `Базы данных ${path} нет, а рядом лежат файлы прерванного восстановления (${left.join(', ')}): сервер не создаёт новую пустую базу поверх них. `
    + `Повторите npm run restore -- <копия.duckdb>, или переименуйте нужный файл в ${own} (прежняя база — файл с «.before-restore-» и его .wal) и запустите сервер снова.`;
}

/** The database, or — when it cannot be opened — that one line on stderr and exit code 1. */
export async function openOrExit(path: string, memoryLimit: string): Promise<Database> {
  const restore = interruptedRestore(path);
  if (restore) {
    console.error(restore);
    process.exit(1);
  }
  try {
    return await Database.open(path, { memoryLimit });
  } catch (error) {
    console.error(openFailure(path, error));
    process.exit(1);
  }
}
