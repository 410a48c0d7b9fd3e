import { Database } from './database.js';

/**
 * Why a database file could not be opened, in one Russian line with what to do. The server never
 * deletes or moves the file or its write-ahead log: whatever is in them stays for recovery.
 */
export function openFailure(path: string, error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lock = /Conflicting lock is held in .*?\(PID (\d+)\)/i.exec(text) ?? (/Could not set lock/i.test(text) ? [] : null);
  if (lock) {
    const pid = lock[1] ? ` (PID ${lock[1]})` : '';
    return `База данных ${path} уже открыта другим процессом${pid}: остановите его (например, второй сервер или npm run import) или укажите другую базу в PLOSHCHADKI_DB.`;
  }
  return `Не удалось открыть базу данных ${path}: ${text.split('\n')[0]}. Файлы базы (и ${path}.wal) не тронуты: сохраните их копию и восстановите базу из резервной копии или обратитесь к разработчикам.`;
}

/** The database, or — when it cannot be opened — that one line on stderr and exit code 1. */
export async function openOrExit(path: string, memoryLimit: string): Promise<Database> {
  try {
    return await Database.open(path, { memoryLimit });
  } catch (error) {
    console.error(openFailure(path, error));
    process.exit(1);
  }
}
