/**
 * npm run backup and npm run restore, run as an operator runs them: the demo region with users,
 * uploads and the audit log is backed up — by the command itself with the server stopped, and by
 * the "server" (this process, holding the database) at the command's request —, restored to a
 * new place, and every table of the restored database is compared with the original, row by row.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Users } from '../server/auth/users.js';
import { AuditLog } from '../server/auth/audit.js';
import { backupDir } from '../server/db/backup.js';
import { serveBackupRequests } from '../server/db/backup-requests.js';
import { Database } from '../server/db/database.js';
import { interruptedRestore } from '../server/db/open-failure.js';
import { migrate } from '../server/db/migrate.js';
import { Queries } from '../server/db/queries.js';
import { loadDemoIfEmpty } from '../server/demo/load.js';
import { Pseudonyms } from '../server/persons/pseudonyms.js';
import { adoptPersonKey } from '../server/persons/stored-ids.js';
import { TEST_PSEUDONYMS } from './helpers/db.js';
import { until } from './helpers/poll.js';
import { importFixture, importText, uploadServiceFor } from './helpers/uploads.js';

const dir = mkdtempSync(join(tmpdir(), 'ploshchadki-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const source = join(dir, 'source.duckdb');
/** The key file of TEST_PSEUDONYMS, which the source database is tied to. */
const keyFile = join(dir, 'person-id.key');
const CLI_TIMEOUT = 60_000;

beforeAll(async () => {
  writeFileSync(keyFile, `${Buffer.alloc(32, 7).toString('hex')}\n`);
  const db = await Database.open(source);
  await migrate(db);
  await adoptPersonKey(db, TEST_PSEUDONYMS);
  await loadDemoIfEmpty(db, TEST_PSEUDONYMS);
  const queries = await Queries.load(db);
  await new Users(queries).create({ login: 'chief', displayName: 'Главный', role: 'admin', districts: [], password: 'Backup-test-2024' });
  await new AuditLog(queries).record('user_created', 'admin', 'chief: admin', '127.0.0.1');
  const uploads = await uploadServiceFor(db);
  // The second upload changes the first one's row: a before-image for its rollback.
  for (const name of ['Тестовый район', 'Тестовый муниципальный район']) {
    expect((await importText(uploads, 'districts.csv', `Код района;Район\nZZ;${name}\n`, { dataset: 'districts' })).status).toBe('applied');
  }
  expect((await importFixture(uploads, 'missing-site.csv')).status).toBe('rejected');
  db.close();
}, 120_000);

/** Runs a command-line tool of server/cli as `npm run` does, on the given database and key. */
function cli(tool: string, args: string[], env: { db: string; key?: string }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `server/cli/${tool}.ts`, ...args], {
      env: { ...process.env, PLOSHCHADKI_DB: env.db, PLOSHCHADKI_PERSON_KEY: env.key ?? keyFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The path of the backup a successful `npm run backup` printed. */
function backupFrom(stdout: string): string {
  const path = /Резервная копия базы: (.+\.duckdb) \(/.exec(stdout)?.[1];
  expect(path, stdout).toBeDefined();
  return path!;
}

/**
 * Everything a database holds, in text: every table's rows (each value cast to text, so that
 * times keep their seconds), each table's definition with its keys and defaults, and the macros.
 */
async function everything(db: Database): Promise<Record<string, unknown>> {
  const tables = await db.all<{ name: string; sql: string }>(
    "SELECT table_name AS name, sql FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary ORDER BY name",
  );
  const contents: Record<string, unknown> = {};
  for (const { name, sql } of tables) contents[name] = { sql, rows: await db.all(`SELECT CAST(COLUMNS(*) AS VARCHAR) FROM ${name} ORDER BY ALL`) };
  contents['macros'] = await db.all('SELECT function_name, macro_definition FROM duckdb_functions() WHERE NOT internal ORDER BY ALL');
  return contents;
}

async function everythingIn(path: string): Promise<Record<string, unknown>> {
  const db = await Database.open(path, { readOnly: true });
  try {
    return await everything(db);
  } finally {
    db.close();
  }
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('npm run backup and npm run restore', () => {
  let original: Record<string, unknown>;
  let restored: string;
  let backup: string;

  it('with the server stopped: the backup, restored elsewhere, holds every row of every table, and the database is not touched', async () => {
    original = await everythingIn(source);
    // The comparison is not an empty one.
    for (const table of ['organizations', 'participations', 'users', 'uploads', 'upload_errors', 'upload_before_districts', 'audit_log', 'deadlines', 'person_key']) {
      expect((original[table] as { rows: unknown[] }).rows.length, table).toBeGreaterThan(0);
    }
    const before = sha256(source);

    const made = await cli('backup', [], { db: source });
    expect(made.code, made.stderr).toBe(0);
    backup = backupFrom(made.stdout);
    expect(backup.startsWith(backupDir(source))).toBe(true);
    expect(made.stdout).toMatch(/Ключ псевдонимизации педагогов \(.*person-id\.key\) в копию не входит.*храните его копию отдельно/);
    expect(sha256(source)).toBe(before);

    restored = join(dir, 'restored', 'monitoring.duckdb');
    const put = await cli('restore', [backup], { db: restored });
    expect(put.code, put.stderr).toBe(0);
    expect(put.stdout).toMatch(/восстановлена из копии/);
    expect(put.stdout).toMatch(/Ключ псевдонимизации педагогов .* подходит к восстановленной базе/);
    expect(await everythingIn(restored)).toEqual(original);
  }, 3 * CLI_TIMEOUT);

  it('the restored database goes on: new users and uploads get new ids', async () => {
    const copy = join(dir, 'goes-on.duckdb');
    expect((await cli('restore', [backup], { db: copy })).code).toBe(0);
    const db = await Database.open(copy);
    try {
      expect(await migrate(db)).toEqual([]);
      const lastUser = (await db.one<{ id: number }>('SELECT max(id) AS id FROM users'))!.id;
      const lastUpload = (await db.one<{ id: number }>('SELECT max(id) AS id FROM uploads'))!.id;
      expect(await new Users(await Queries.load(db)).create({ login: 'next', displayName: 'Новый', role: 'viewer', districts: [], password: 'Backup-test-2025' }))
        .toBeGreaterThan(lastUser);
      const upload = await importText(await uploadServiceFor(db), 'districts.csv', 'Код района;Район\nZY;Ещё один район\n', { dataset: 'districts' });
      expect(upload).toMatchObject({ status: 'applied', inserted: 1 });
      expect(upload.id).toBeGreaterThan(lastUpload);
    } finally {
      db.close();
    }
  }, 2 * CLI_TIMEOUT);

  it('while the server holds the database: the server writes the backup, changes not yet checkpointed included', async () => {
    const db = await Database.open(source);
    // Left by a server killed mid-way: nobody waits for them.
    writeFileSync(join(backupDir(source), 'old.duckdb.request'), '');
    writeFileSync(join(backupDir(source), 'old.duckdb.part'), 'half');
    const lines: string[] = [];
    const server = await serveBackupRequests(db, backupDir(source), { info: (line) => lines.push(line), error: (line) => lines.push(line) });
    try {
      expect(readdirSync(backupDir(source)).filter((name) => name.startsWith('old.'))).toEqual([]);
      // A request the server cannot serve is answered with the reason, and the server serves on.
      const taken = join(backupDir(source), 'taken.duckdb');
      writeFileSync(taken, 'not ours');
      writeFileSync(`${taken}.request`, '');
      const reason = await until(() => existsSync(`${taken}.failed`) && readFileSync(`${taken}.failed`, 'utf8'), 'the answer to the request');
      expect(reason).toMatch(/taken\.duckdb уже есть: резервная копия не записывается поверх другого файла/);
      expect(readFileSync(taken, 'utf8')).toBe('not ours');
      // Only in the write-ahead log: a copy of the file alone would miss it.
      await db.run("INSERT INTO districts (code, name) VALUES ('WL', 'Район из журнала')");
      expect(existsSync(`${source}.wal`)).toBe(true);

      const made = await cli('backup', [], { db: source });
      expect(made.code, made.stderr).toBe(0);
      expect(made.stdout).toMatch(/Базу держит запущенный сервер \(PID \d+\): копию записывает он/);
      const held = backupFrom(made.stdout);
      expect(lines).toEqual([`Резервная копия ${taken} не записана: ${reason}`, `Резервная копия базы записана: ${held}`]);

      const copy = join(dir, 'from-server.duckdb');
      expect((await cli('restore', [held], { db: copy })).code).toBe(0);
      const now = await everything(db);
      expect((now['districts'] as { rows: unknown[] }).rows).toContainEqual(expect.objectContaining({ code: 'WL' }));
      expect(await everythingIn(copy)).toEqual(now);
    } finally {
      await server.close();
      await db.run("DELETE FROM districts WHERE code = 'WL'");
      db.close();
    }
  }, 3 * CLI_TIMEOUT);

  it('restore refuses to overwrite a database unless told (--force), and then keeps the old one beside it', async () => {
    const before = sha256(restored);
    const refused = await cli('restore', [backup], { db: restored });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/База данных .*monitoring\.duckdb уже есть, и восстановление её не перезаписывает.*--force/);
    expect(sha256(restored)).toBe(before);

    const notBackup = await cli('restore', [keyFile, '--force'], { db: restored });
    expect(notBackup.code).toBe(1);
    expect(notBackup.stderr).toMatch(/не резервная копия базы Площадок.*База не тронута/);
    expect(sha256(restored)).toBe(before);

    const forced = await cli('restore', [backup, '--force'], { db: restored });
    expect(forced.code, forced.stderr).toBe(0);
    const aside = /Прежняя база сохранена как (.+)\./.exec(forced.stdout)?.[1];
    expect(aside, forced.stdout).toMatch(/monitoring\.duckdb\.before-restore-/);
    expect(sha256(aside!)).toBe(before);
    expect(await everythingIn(restored)).toEqual(original);
  }, 4 * CLI_TIMEOUT);

  it('a restore stopped between setting the database aside and renaming the copy: the server opens no new database over them', () => {
    const stopped = mkdtempSync(join(dir, 'stopped-'));
    const db = join(stopped, 'monitoring.duckdb');
    expect(interruptedRestore(db)).toBeNull();
    writeFileSync(`${db}.before-restore-2026-12-01-0400`, 'old');
    writeFileSync(`${db}.before-restore-2026-12-01-0400.wal`, 'old log');
    writeFileSync(`${db}.restoring`, 'copy');
    expect(interruptedRestore(db)).toBe(`Базы данных ${db} нет, а рядом лежат файлы прерванного восстановления (monitoring.duckdb.before-restore-2026-12-01-0400, monitoring.duckdb.restoring): `
      + 'сервер не создаёт новую пустую базу поверх них. Повторите npm run restore -- <копия.duckdb>, или переименуйте нужный файл в monitoring.duckdb '
      + '(прежняя база — файл с «.before-restore-» и его .wal) и запустите сервер снова.');
    // With the database in its place, what lies beside it is a kept old one: the server starts.
    writeFileSync(db, 'restored');
    expect(interruptedRestore(db)).toBeNull();
  });

  it('restore refuses while the server runs on the database, and touches nothing', async () => {
    const before = sha256(restored);
    const db = await Database.open(restored);
    try {
      const refused = await cli('restore', [backup, '--force'], { db: restored });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/База данных .* открыта другим процессом \(PID \d+\) — вероятно, запущен сервер\. Остановите его/);
    } finally {
      db.close();
    }
    expect(sha256(restored)).toBe(before);
  }, 2 * CLI_TIMEOUT);

  it('restore says when the key file is missing or is not the key of the restored database', async () => {
    const missing = await cli('restore', [backup], { db: join(dir, 'no-key.duckdb'), key: join(dir, 'absent.key') });
    expect(missing.code).toBe(0);
    expect(missing.stderr).toMatch(/Файла ключа псевдонимизации педагогов .*absent\.key нет: без прежнего ключа сервер с этой базой не запустится/);
    expect(existsSync(join(dir, 'absent.key'))).toBe(false);

    const otherKey = join(dir, 'other.key');
    const { pseudonyms } = await Pseudonyms.open(otherKey);
    expect(pseudonyms.fingerprint).not.toBe(TEST_PSEUDONYMS.fingerprint);
    const wrong = await cli('restore', [backup], { db: join(dir, 'wrong-key.duckdb'), key: otherKey });
    expect(wrong.code).toBe(0);
    expect(wrong.stderr).toMatch(/Ключ псевдонимизации педагогов .*other\.key — не тот, которым обработаны данные копии/);
  }, 2 * CLI_TIMEOUT);
});
