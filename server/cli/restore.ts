/**
 * Puts a backup in the database's place (PLOSHCHADKI_DB), with the server stopped:
 *   npm run restore -- <копия.duckdb> [--force]
 * An existing database is replaced only with --force, and even then kept beside it, renamed.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { readConfigOrExit } from '../config.js';
import { localStamp } from '../local-day.js';
import { Database } from '../db/database.js';
import { lockHolder, pidNote } from '../db/open-failure.js';
import { Pseudonyms } from '../persons/pseudonyms.js';
import { keyFingerprint } from '../persons/stored-ids.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
const [source] = positionals;
if (!source) {
  console.error('Укажите файл резервной копии: npm run restore -- <копия.duckdb> [--force]');
  process.exit(2);
}
const config = readConfigOrExit();
const target = config.dbPath;
const fail = (line: string): never => {
  console.error(line);
  process.exit(1);
};

if (!existsSync(source)) fail(`Файл ${source} не найден.`);
const fingerprint = await backupKeyFingerprint(source);
const present = existsSync(target) || existsSync(`${target}.wal`);
if (present) {
  const holder = await holderOf(target);
  if (holder) fail(`База данных ${target} открыта другим процессом${pidNote(holder)} — вероятно, запущен сервер. Остановите его и повторите восстановление.`);
  if (!values.force) {
    fail(`База данных ${target} уже есть, и восстановление её не перезаписывает. Чтобы заменить её копией, повторите с --force: `
      + 'прежняя база останется рядом под именем с «.before-restore-».');
  }
}

// The copy is put beside first: a full disk leaves the database where it was.
await mkdir(dirname(target), { recursive: true });
const restoring = `${target}.restoring`;
try {
  await copyFile(source, restoring);
  // On disk before it takes the database's name: a power cut then leaves a whole copy or none.
  await syncFile(restoring);
} catch (error) {
  await rm(restoring, { force: true });
  fail(`Копия не восстановлена, база не тронута: ${(error as Error).message}`);
}
const setAside = present ? await setAsideDatabase(target) : null;
await rename(restoring, target);
await syncFile(dirname(target));
console.log(`База данных ${target} восстановлена из копии ${source}.`);
if (setAside) console.log(`Прежняя база сохранена как ${setAside}.`);
await checkKey(fingerprint, config.personKeyFile);

/** The fingerprint of the key the copy's teachers are hashed with, or a Russian line and exit when the file is no backup. */
async function backupKeyFingerprint(path: string): Promise<string | null> {
  try {
    const db = await Database.open(path, { readOnly: true });
    try {
      await db.one('SELECT max(version) FROM schema_migrations');
      return await keyFingerprint(db);
    } finally {
      db.close();
    }
  } catch (error) {
    return fail(`Файл ${path} — не резервная копия базы Площадок (${(error as Error).message.split('\n')[0]}). База не тронута.`);
  }
}

/** The process holding the database; null when none does (a broken file can still be replaced). */
async function holderOf(path: string): Promise<{ pid: number | null } | null> {
  try {
    (await Database.open(path, { readOnly: true })).close();
    return null;
  } catch (error) {
    return lockHolder(error);
  }
}

/** Flushes a file (or a directory's entries) to disk. */
async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Renames the database and its write-ahead log (which may hold its last changes) aside. */
async function setAsideDatabase(path: string): Promise<string> {
  const aside = `${path}.before-restore-${localStamp()}`;
  if (existsSync(path)) await rename(path, aside);
  if (existsSync(`${path}.wal`)) await rename(`${path}.wal`, `${aside}.wal`);
  return aside;
}

/** Says whether the key file fits the restored database: the server refuses to start with another key. */
async function checkKey(expected: string | null, keyFile: string): Promise<void> {
  if (expected === null) return;
  const key = await Pseudonyms.read(keyFile).catch(() => undefined);
  if (key?.fingerprint === expected) {
    console.log(`Ключ псевдонимизации педагогов ${keyFile} подходит к восстановленной базе.`);
    return;
  }
  console.error(
    `${key === null ? `Файла ключа псевдонимизации педагогов ${keyFile} нет` : `Ключ псевдонимизации педагогов ${keyFile} — не тот, которым обработаны данные копии`}: `
    + 'без прежнего ключа сервер с этой базой не запустится. Положите копию ключа, сохранённую вместе с базой, на это место (или укажите её в PLOSHCHADKI_PERSON_KEY).',
  );
}
