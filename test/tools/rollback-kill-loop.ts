/**
 * Looks for the rare damaged database after a kill during a rollback (README, «What survives a
 * crash»): imports 150 000 participations through the real server, rolls them back, kills the
 * server with SIGKILL a random 0…max ms after the rollback request, and opens the database again;
 * a file DuckDB refuses is kept with its log under test-artifacts/kill-loop-<tag>/damaged-<n>/.
 *   npx tsx test/tools/rollback-kill-loop.ts <tag> [max ms = 4000] [runs = 1000]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Database } from '../../server/db/database.js';
import { freePort } from '../../server/free-port.js';
import { migrate } from '../../server/db/migrate.js';
import { replaceAllData } from '../../server/db/tables.js';
import { smallRegion } from '../fixtures/small-region.js';
import { writeParticipationsCsv } from '../helpers/big-files.js';
import { until } from '../helpers/poll.js';
import { signal, signIn, uploadDetail } from '../helpers/server-process.js';

const tag = process.argv[2] ?? 'a';
const maxDelay = Number(process.argv[3] ?? 4000);
const iterations = Number(process.argv[4] ?? 1000);
const dir = join(process.cwd(), 'test-artifacts', `kill-loop-${tag}`);
mkdirSync(dir, { recursive: true });
const db = join(dir, 'work.duckdb');
const csv = join(dir, 'p.csv');
const ADMIN = { login: 'chief', password: 'Crash-test-7wq-4zr' };

async function fresh() {
  for (const f of [db, `${db}.wal`]) rmSync(f, { force: true });
  const d = await Database.open(db);
  await migrate(d);
  await replaceAllData(d, smallRegion());
  d.close();
}

async function start(): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PLOSHCHADKI_DB: db, PLOSHCHADKI_PERSON_KEY: join(dir, 'key'), PLOSHCHADKI_UPLOAD_DIR: join(dir, 'up'),
      PORT: String(port), HOST: '127.0.0.1', PLOSHCHADKI_DEMO: '0', PLOSHCHADKI_ADMIN_LOGIN: ADMIN.login, PLOSHCHADKI_ADMIN_PASSWORD: ADMIN.password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c) => (out += c)); child.stderr!.on('data', (c) => (out += c));
  const url = `http://127.0.0.1:${port}`;
  await until(async () => {
    if (child.exitCode !== null) throw new Error(`exited: ${out}`);
    return (await fetch(`${url}/api/health`).catch(() => null))?.ok;
  }, 'health');
  return { child, url, out: () => out };
}
await writeParticipationsCsv(csv, 150_000);
await fresh();
let corrupt = 0;
for (let i = 0; i < iterations; i++) {
  const server = await start();
  const auth = await signIn(server.url, ADMIN);
  // Roll back whatever the previous kill left applied.
  const list = (await (await fetch(`${server.url}/api/uploads`, { headers: auth })).json()) as { uploads: { id: number; status: string }[] };
  for (const u of list.uploads) {
    if (u.status === 'applied' && u.id > 0) await fetch(`${server.url}/api/uploads/${u.id}/rollback`, { method: 'POST', headers: auth });
  }
  const res = await fetch(`${server.url}/api/uploads?fileName=participations.csv&dataset=participations`, {
    method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: readFileSync(csv),
  });
  const { id } = (await res.json()) as { id: number };
  await until(async () => (await uploadDetail(server.url, auth, id)).status !== 'processing', 'import');
  const delay = Math.floor(Math.random() * maxDelay);
  const t0 = Date.now();
  const rb = fetch(`${server.url}/api/uploads/${id}/rollback`, { method: 'POST', headers: auth }).then((r) => r.status).catch(() => 0);
  await until(() => server.out().includes(`/api/uploads/${id}/rollback`), 'rollback seen');
  await new Promise((r) => setTimeout(r, delay));
  await signal(server.child, 'SIGKILL');
  const answered = await rb;
  const elapsed = Date.now() - t0;
  // Reopen with a plain Database.open.
  try {
    const d = await Database.open(db);
    await d.all('SELECT count(*) FROM participations');
    d.close();
    console.log(`${tag} #${i} delay ${delay} (${elapsed} ms) answered ${answered}: ok`);
  } catch (error) {
    corrupt++;
    const keep = join(dir, `damaged-${i}`);
    mkdirSync(keep, { recursive: true });
    for (const f of [db, `${db}.wal`]) if (existsSync(f)) copyFileSync(f, join(keep, f.split('/').pop()!));
    console.log(`${tag} #${i} delay ${delay} answered ${answered}: CORRUPT ${(error as Error).message}`);
    await fresh();
  }
}
console.log(`${tag}: ${corrupt} corrupt of ${iterations}`);
