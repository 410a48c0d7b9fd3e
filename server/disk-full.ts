import { statfs } from 'node:fs/promises';
/**
 * A full disk (or a used-up quota) is the server's condition, not the user's mistake and not a
 * fault to hide behind «внутренняя ошибка»: the user is told what happened and whom to tell.
 * Node says so with an error code, DuckDB in its message.
 */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return true;
  return /No space left on device|Disk quota exceeded/i.test(String((error as Error | null)?.message ?? ''));
}

export const DISK_FULL = 'На диске сервера нет места: файл не сохранён, данные не изменены. Сообщите администратору сервера.';
export const DISK_FULL_IMPORT = 'На диске сервера закончилось место во время загрузки: загрузка не применена, данные не изменены. Сообщите администратору сервера и повторите загрузку, когда место освободят.';

/**
 * What an import of a file may need on the database's disk at most: its rows in the write-ahead
 * log, then in the database file, and DuckDB's spill files meanwhile. DuckDB cannot always take
 * running out of space in the middle: a failed checkpoint stops the database until a restart.
 */
export const importSpaceNeeded = (fileBytes: number) => 4 * fileBytes + 64 * 1024 * 1024;

const megabytes = (bytes: number) => `${Math.ceil(bytes / 1024 / 1024)} МБ`;

/** Why a file of `fileBytes` is not imported into a database in `dir` now, or null. */
export async function importSpaceProblem(dir: string, fileBytes: number): Promise<string | null> {
  const { bavail, bsize } = await statfs(dir);
  const free = bavail * bsize;
  const needed = importSpaceNeeded(fileBytes);
  if (free >= needed) return null;
  return `На диске сервера мало места для этой загрузки: нужно около ${megabytes(needed)}, свободно ${megabytes(free)}. `
    + 'Файл не загружен, данные не изменены. Сообщите администратору сервера.';
}
