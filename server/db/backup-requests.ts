/**
 * How `npm run backup` gets a backup from the running server. DuckDB lets one process open the
 * database file for writing, and the server holds it; so the command leaves a request file,
 * `<backup>.request`, in the backups folder, and the server, which looks there every second,
 * writes that backup (or `<backup>.failed` with the reason). No port, password or signal is
 * involved: whoever may write into the folder next to the database may read the database anyway.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { backupDatabase } from './backup.js';
import type { Database } from './database.js';
import { messageOf, pidNote } from './open-failure.js';

const REQUEST = '.request';
const FAILED = '.failed';
const REQUEST_NAME = /^(.+\.duckdb)\.request$/;
const SERVER_POLL_MS = 1000;
const COMMAND_POLL_MS = 200;
/** How long the command waits for the holder to take its request up. */
const PICK_UP_MS = 30_000;

/** Where the server tells of the backups it wrote (its log). */
export interface BackupLog {
  info(line: string): void;
  error(line: string): void;
}

/** A backup that was not made; the message is the Russian line to print. */
export class BackupFailed extends Error {}

/**
 * The server's side: serves requests until closed. Requests and unfinished copies left by an
 * earlier run (nobody waits for them any more) are removed first. The folder is the command's
 * to make.
 */
export async function serveBackupRequests(db: Database, dir: string, log: BackupLog): Promise<{ close(): Promise<void> }> {
  for (const name of await readdir(dir).catch(() => [])) {
    if (REQUEST_NAME.test(name) || /\.part(\.wal)?$/.test(name)) await rm(join(dir, name), { force: true });
  }
  const serve = async () => {
    for (const name of await readdir(dir).catch(() => [])) {
      const requested = REQUEST_NAME.exec(name)?.[1];
      if (requested === undefined) continue;
      const target = join(dir, requested);
      await rm(join(dir, name), { force: true });
      try {
        await backupDatabase(db, target);
        log.info(`Резервная копия базы записана: ${target}`);
      } catch (error) {
        const reason = messageOf(error);
        log.error(`Резервная копия ${target} не записана: ${reason}`);
        await answerFailed(target, reason).catch(() => undefined);
      }
    }
  };
  let serving: Promise<void> | null = null;
  const timer = setInterval(() => {
    serving ??= serve()
      .catch((error: unknown) => log.error(`Запросы резервных копий не обработаны: ${messageOf(error)}`))
      .finally(() => (serving = null));
  }, SERVER_POLL_MS);
  timer.unref();
  return {
    // A backup under way is finished before the database is closed under it.
    close: async () => {
      clearInterval(timer);
      await serving;
    },
  };
}

/** Written whole and then renamed: the command reads the reason as soon as the file is there. */
async function answerFailed(target: string, reason: string): Promise<void> {
  const part = `${target}${FAILED}.part`;
  await writeFile(part, reason);
  await rename(part, `${target}${FAILED}`);
}

/** The command's side: asks the process holding the database for a backup at `target` and waits for it. */
export async function requestBackup(target: string, holder: { pid: number | null }): Promise<void> {
  const request = `${target}${REQUEST}`;
  const failed = `${target}${FAILED}`;
  await writeFile(request, '', { flag: 'wx' });
  const pickUpBy = Date.now() + PICK_UP_MS;
  for (;;) {
    await delay(COMMAND_POLL_MS);
    if (existsSync(target)) return;
    if (existsSync(failed)) {
      const reason = await readFile(failed, 'utf8');
      await rm(failed, { force: true });
      throw new BackupFailed(`Сервер не смог записать резервную копию: ${reason}`);
    }
    if (existsSync(request)) {
      if (Date.now() < pickUpBy) continue;
      await rm(request, { force: true });
      throw new BackupFailed(
        `Базу держит процесс${pidNote(holder)}, который не ответил на запрос резервной копии за ${PICK_UP_MS / 1000} с. `
        + 'Копию по запросу делает только сервер; если это npm run import, дождитесь его окончания и повторите.',
      );
    }
    if (holder.pid !== null && !isRunning(holder.pid)) {
      throw new BackupFailed(`Сервер${pidNote(holder)} остановился, не дописав копию. Повторите npm run backup.`);
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
