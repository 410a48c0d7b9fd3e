/**
 * A power cut, as the real server process sees one: SIGKILL, then a new start on the same files.
 * Whatever was acknowledged (HTTP 2xx) must be there after the restart, nothing may be there by
 * half, and the server must start. The kills land while the first start makes the database file
 * (or in its migrations, when making it was quicker than the test's look), after the first start,
 * right after acknowledged changes (an upload, a target, a new user), in an import and in a
 * rollback; a copy of the files taken as each migration begins stands for a kill between two
 * migrations. A second server on the same database file is refused with a Russian line naming
 * the process that holds it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../server/db/database.js';
import { freePort } from '../server/free-port.js';
import { loadMigrations, migrate, type Migration } from '../server/db/migrate.js';
import { replaceAllData } from '../server/db/tables.js';
import { generateDemoRegion } from '../server/demo/generator.js';
import { smallRegion } from './fixtures/small-region.js';
import { writeParticipationsCsv } from './helpers/big-files.js';
import { until } from './helpers/poll.js';
import { signal, signIn, uploadDetail } from './helpers/server-process.js';
import { uploadServiceFor } from './helpers/uploads.js';

const dir = mkdtempSync(join(tmpdir(), 'ploshchadki-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const START_TIMEOUT = 90_000;
const dbPath = (name: string) => join(dir, `${name}.duckdb`);
const uploadDir = (name: string) => join(dir, `${name}-uploads`);

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** A server of the small test region: no demo data, an admin from the environment. */
const ADMIN = { login: 'chief', password: 'Crash-test-7wq-4zr' };
const SMALL_REGION = { PLOSHCHADKI_DEMO: '0', PLOSHCHADKI_ADMIN_LOGIN: ADMIN.login, PLOSHCHADKI_ADMIN_PASSWORD: ADMIN.password };

/** Servers still running: a failed test's are killed before the next test starts its own on the same files. */
const live = new Set<ChildProcess>();
afterEach(async () => {
  await Promise.all([...live].map((child) => kill({ child })));
});

/** Spawns the real server on the files named `name` (the demo region loaded into an empty database unless `env` says otherwise). */
async function launch(name: string, env: Record<string, string> = {}): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env, PLOSHCHADKI_DB: dbPath(name), PLOSHCHADKI_PERSON_KEY: join(dir, `${name}.key`),
      PLOSHCHADKI_UPLOAD_DIR: uploadDir(name), PORT: String(port), HOST: '127.0.0.1', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, url: `http://127.0.0.1:${port}`, output: () => output };
}

/** Starts the real server and waits for /api/health. */
async function start(name: string, env: Record<string, string> = {}): Promise<Running> {
  const running = await launch(name, env);
  await until(async () => {
    if (running.child.exitCode !== null) throw new Error(`the server exited: ${running.output()}`);
    return (await fetch(`${running.url}/api/health`).catch(() => null))?.ok;
  }, () => `/api/health: ${running.output()}`, START_TIMEOUT);
  return running;
}

const kill = ({ child }: Pick<Running, 'child'>) => signal(child, 'SIGKILL');
const stop = ({ child }: Running) => signal(child, 'SIGTERM');

async function health(url: string): Promise<{ status: string; organizations: number }> {
  return (await fetch(`${url}/api/health`)).json() as Promise<{ status: string; organizations: number }>;
}

async function query<T extends Record<string, unknown>>(name: string, sql: string): Promise<T[]> {
  const db = await Database.open(dbPath(name));
  try {
    return await db.all<T>(sql);
  } finally {
    db.close();
  }
}

describe('the server killed with SIGKILL', () => {
  it('during its first start (killed as the database file is being made), then right after the start that followed: each time it starts again with every migration and the whole demo region', async () => {
    const first = await launch('migrating');
    await until(() => {
      if (first.child.exitCode !== null) throw new Error(`the server exited: ${first.output()}`);
      // The file is made under another name and renamed whole: the kill lands while DuckDB writes its headers, or in the migrations.
      return existsSync(`${dbPath('migrating')}.creating`) || existsSync(dbPath('migrating'));
    }, 'the database file');
    await kill(first);
    const started = await start('migrating');
    const whole = await health(started.url);
    expect(whole.organizations).toBe(generateDemoRegion().organizations.length);
    await kill(started);
    const again = await start('migrating');
    // The organizations, not the whole answer: whether the start's warm-up is over depends on the machine's load.
    expect((await health(again.url)).organizations).toBe(whole.organizations);
    await stop(again);
    expect(await query('migrating', 'SELECT count(*) AS n FROM schema_migrations')).toEqual([{ n: (await loadMigrations()).length }]);
  }, 4 * START_TIMEOUT);

  it('after acknowledged changes: an applied upload, a target and a new user (who signs in, with the audit entry) are there after the restart; a second server on the same database says which process holds it, and exits', async () => {
    const server = await start('changes', SMALL_REGION);
    const auth = await signIn(server.url, ADMIN);
    const upload = await fetch(`${server.url}/api/uploads?fileName=districts.csv&dataset=districts`, {
      method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: 'Код района;Район\nZZ;Заречный тестовый район\n',
    });
    expect(upload.status).toBe(202);
    const { id } = (await upload.json()) as { id: number };
    const detail = await until(async () => {
      const d = await uploadDetail(server.url, auth, id);
      return d.status !== 'processing' && d;
    }, 'the upload');
    expect(detail.status).toBe('applied');
    const target = await fetch(`${server.url}/api/admin/targets`, {
      method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ targets: [{ kpi: 'authors_share', threshold: 4.5 }] }),
    });
    expect(target.status).toBe(200);
    const fresh = { login: 'fresh', password: 'Fresh-user-5kt-9pw' };
    const created = await fetch(`${server.url}/api/admin/users`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ login: fresh.login, displayName: 'Новый методист', role: 'methodologist', districts: ['ZZ'], password: fresh.password }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    await kill(server);

    const again = await start('changes', SMALL_REGION);
    // A second server on the same database says which process holds it, and exits.
    await expect(start('changes', SMALL_REGION)).rejects.toThrow(/База данных .*changes\.duckdb уже открыта другим процессом \(PID \d+\)/);
    await signIn(again.url, fresh);
    const audit = await fetch(`${again.url}/api/admin/audit?action=user_created`, { headers: await signIn(again.url, ADMIN) });
    expect(((await audit.json()) as { entries: { details: string }[] }).entries).toContainEqual(expect.objectContaining({ details: 'fresh: methodologist (ZZ)' }));
    await stop(again);
    expect(await query('changes', "SELECT code, name FROM districts WHERE code = 'ZZ'")).toEqual([{ code: 'ZZ', name: 'Заречный тестовый район' }]);
    expect(await query('changes', "SELECT threshold FROM targets WHERE kpi_code = 'authors_share'")).toEqual([{ threshold: 4.5 }]);
    expect(await query('changes', `SELECT status FROM uploads WHERE id = ${id}`)).toEqual([{ status: 'applied' }]);
  }, 4 * START_TIMEOUT);

});

describe('the server killed with SIGKILL while it works (the small region, one database for the cases in turn)', () => {
  const ROWS = 150_000;
  const BEFORE = smallRegion().participations.length;
  const csv = join(dir, 'participations.csv');

  beforeAll(async () => {
    await writeParticipationsCsv(csv, ROWS);
    const db = await Database.open(dbPath('work'));
    await migrate(db);
    await replaceAllData(db, smallRegion());
    db.close();
  }, 60_000);

  /** Uploads the big participations file; the id to poll. */
  async function uploadBig(url: string, auth: Record<string, string>): Promise<number> {
    const response = await fetch(`${url}/api/uploads?fileName=participations.csv&dataset=participations`, {
      method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: readFileSync(csv),
    });
    expect(response.status).toBe(202);
    return ((await response.json()) as { id: number }).id;
  }

  const rowsOf = (id: number) => `SELECT (SELECT count(*) FROM participations) AS total,
    (SELECT count(*) FROM participations WHERE upload_id = ${id}) AS its,
    (SELECT count(*) FROM upload_before_participations WHERE upload_id = ${id}) AS before_images`;

  it('during an import: the upload shows as interrupted, none of its rows are there, and its file is deleted', async () => {
    const server = await start('work', SMALL_REGION);
    const auth = await signIn(server.url, ADMIN);
    const id = await uploadBig(server.url, auth);
    // Killed while the file is read: its rows are counted once reading ends.
    await until(async () => {
      const { status, progress } = await uploadDetail(server.url, auth, id);
      if (status !== 'processing') throw new Error(`the import ended before the kill: ${status}`);
      return progress !== null && progress.rows < ROWS;
    }, 'the import reading the file');
    await kill(server);

    const again = await start('work', SMALL_REGION);
    expect(await uploadDetail(again.url, await signIn(again.url, ADMIN), id))
      .toMatchObject({ status: 'failed', message: 'Загрузка прервана остановкой сервера: данные не изменены. Загрузите файл снова.', inserted: 0 });
    await stop(again);
    expect(await query('work', rowsOf(id))).toEqual([{ total: BEFORE, its: 0, before_images: 0 }]);
    expect(readdirSync(uploadDir('work'))).toEqual([]);
  }, 4 * START_TIMEOUT);

  it('during a rollback: the upload is wholly rolled back or wholly there (and then rolls back)', async () => {
    const server = await start('work', SMALL_REGION);
    const auth = await signIn(server.url, ADMIN);
    const id = await uploadBig(server.url, auth);
    const applied = await until(async () => {
      const detail = await uploadDetail(server.url, auth, id);
      return detail.status !== 'processing' && detail;
    }, 'the import');
    expect(applied).toMatchObject({ status: 'applied', inserted: ROWS });
    const rollback = fetch(`${server.url}/api/uploads/${id}/rollback`, { method: 'POST', headers: auth }).catch(() => null);
    // Killed as soon as the server has taken the request up.
    await until(() => server.output().includes(`/api/uploads/${id}/rollback`), 'the rollback request');
    await kill(server);
    const answered = (await rollback)?.ok ?? false;

    await stop(await start('work', SMALL_REGION));
    const [state] = await query<{ status: string; total: number; its: number }>('work', `SELECT status, r.* FROM uploads, (${rowsOf(id)}) r WHERE id = ${id}`);
    // An acknowledged rollback must have happened; an unanswered one may or may not have.
    if (answered) expect(state.status).toBe('rolled_back');
    if (state.status === 'rolled_back') {
      expect(state).toMatchObject({ total: BEFORE, its: 0 });
    } else {
      expect(state).toMatchObject({ status: 'applied', total: BEFORE + ROWS, its: ROWS });
      const db = await Database.open(dbPath('work'));
      try {
        expect(await (await uploadServiceFor(db)).rollback(id)).toMatchObject({ status: 'rolled_back' });
        expect(await db.one('SELECT count(*) AS n FROM participations')).toEqual({ n: BEFORE });
      } finally {
        db.close();
      }
    }
  }, 4 * START_TIMEOUT);
});

describe('a process killed between two migrations', () => {
  /**
   * What a SIGKILL leaves is the database's files as they are at that moment (DuckDB's writes are
   * in the operating system's hands, not the process's): a copy of them taken as a migration
   * begins is the database a kill there would leave, made without a process per migration. The
   * real kill during a first start's migrations is the test above.
   */
  it('at every migration: the database opens and the upgrade goes on from that migration', async () => {
    const migrations = await loadMigrations();
    const path = join(dir, 'migrating-in-turn.duckdb');
    const imageOf = (version: number) => join(dir, `killed-in-migration-${version}.duckdb`);
    const takeImage = (migration: Migration): Migration => ({
      ...migration,
      get sql(): string {
        for (const suffix of ['', '.wal']) if (existsSync(path + suffix)) copyFileSync(path + suffix, imageOf(migration.version) + suffix);
        throw new Error('killed');
      },
    });
    const db = await Database.open(path);
    try {
      for (const { version } of migrations) {
        await expect(migrate(db, migrations.map((m) => (m.version < version ? m : takeImage(m))))).rejects.toThrow('killed');
      }
    } finally {
      db.close();
    }
    const versions = migrations.map((m) => m.version);
    for (const version of versions) {
      const image = await Database.open(imageOf(version));
      try {
        expect(await migrate(image), `killed in migration ${version}`).toEqual(versions.filter((v) => v >= version));
      } finally {
        image.close();
      }
    }
  }, START_TIMEOUT);
});
