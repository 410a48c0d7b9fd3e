/**
 * A power cut, as the real server process sees one: SIGKILL, then a new start on the same files.
 * Whatever was acknowledged (HTTP 2xx) must be there after the restart, and the server must
 * start. A second server on the same database file is refused with a Russian line naming the
 * process that holds it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../server/db/database.js';

const dir = mkdtempSync(join(tmpdir(), 'ploshchadki-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const START_TIMEOUT = 90_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts the real server (demo region loaded into an empty database) and waits for /api/health. */
async function start(name: string): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env, PLOSHCHADKI_DB: join(dir, `${name}.duckdb`), PLOSHCHADKI_PERSON_KEY: join(dir, `${name}.key`),
      PLOSHCHADKI_UPLOAD_DIR: join(dir, `${name}-uploads`), PORT: String(port), HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { child, url, output: () => output };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not answer /api/health: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function kill(running: Running): Promise<void> {
  return new Promise((resolve) => {
    running.child.once('exit', () => resolve());
    running.child.kill('SIGKILL');
  });
}

async function stop(running: Running): Promise<void> {
  await new Promise<void>((resolve) => {
    running.child.once('exit', () => resolve());
    running.child.kill('SIGTERM');
  });
}

async function health(url: string): Promise<{ status: string; organizations: number }> {
  return (await fetch(`${url}/api/health`)).json() as Promise<{ status: string; organizations: number }>;
}

/** Signs in as the demo admin: the cookie and CSRF header for changing requests. */
async function signIn(url: string): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: 'Admin-demo-2023' }),
  });
  expect(response.status).toBe(200);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: String(response.headers.get('set-cookie')).split(';')[0], 'x-csrf-token': csrfToken };
}

async function query<T extends Record<string, unknown>>(name: string, sql: string): Promise<T[]> {
  const db = await Database.open(join(dir, `${name}.duckdb`));
  try {
    return await db.all<T>(sql);
  } finally {
    db.close();
  }
}

describe('the server killed with SIGKILL', () => {
  it('right after its first start: it starts again with the whole demo region', async () => {
    const first = await start('first');
    const before = await health(first.url);
    expect(before.organizations).toBeGreaterThan(100);
    await kill(first);
    const again = await start('first');
    expect(await health(again.url)).toEqual(before);
    await stop(again);
  }, 4 * START_TIMEOUT);

  it('after acknowledged changes: an applied upload and a target are there after the restart', async () => {
    const server = await start('changes');
    const auth = await signIn(server.url);
    const upload = await fetch(`${server.url}/api/uploads?fileName=districts.csv&dataset=districts`, {
      method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: 'Код района;Район\nZZ;Заречный тестовый район\n',
    });
    expect(upload.status).toBe(202);
    const { id } = (await upload.json()) as { id: number };
    for (;;) {
      const detail = (await (await fetch(`${server.url}/api/uploads/${id}`, { headers: auth })).json()) as { status: string };
      if (detail.status !== 'processing') {
        expect(detail.status).toBe('applied');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const target = await fetch(`${server.url}/api/admin/targets`, {
      method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ targets: [{ kpi: 'authors_share', threshold: 4.5 }] }),
    });
    expect(target.status).toBe(200);
    await kill(server);

    const again = await start('changes');
    await stop(again);
    expect(await query('changes', "SELECT code, name FROM districts WHERE code = 'ZZ'")).toEqual([{ code: 'ZZ', name: 'Заречный тестовый район' }]);
    expect(await query('changes', "SELECT threshold FROM targets WHERE kpi_code = 'authors_share'")).toEqual([{ threshold: 4.5 }]);
    expect(await query('changes', `SELECT status FROM uploads WHERE id = ${id}`)).toEqual([{ status: 'applied' }]);
  }, 4 * START_TIMEOUT);

  it('a second server on the same database says which process holds it, and exits', async () => {
    const server = await start('locked');
    await expect(start('locked')).rejects.toThrow(/База данных .*locked\.duckdb уже открыта другим процессом \(PID \d+\)/);
    await stop(server);
  }, 4 * START_TIMEOUT);
});
