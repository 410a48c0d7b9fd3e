import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../server/db/database.js';
import { migrate } from '../server/db/migrate.js';
import { replaceAllData } from '../server/db/tables.js';
import { smallRegion } from './fixtures/small-region.js';
import { writeParticipationsCsv } from './helpers/big-files.js';
import { importFixture, uploadServiceFor } from './helpers/uploads.js';

/**
 * A large import in a separate process (the command-line importer), killed with SIGKILL while it
 * works: the database file must come back exactly as before, or — if the kill landed after the
 * commit — exactly as after. Never half.
 */
const ROWS = 150_000;
const dir = mkdtempSync(join(tmpdir(), 'ploshchadki-kill-'));
const csv = join(dir, 'participations.csv');
const BEFORE = smallRegion().participations.length;

beforeAll(async () => {
  await writeParticipationsCsv(csv, ROWS);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function freshDatabase(name: string): Promise<string> {
  const path = join(dir, name);
  const db = await Database.open(path);
  await migrate(db);
  await replaceAllData(db, smallRegion());
  db.close();
  return path;
}

/** Runs the importer and kills it at the first output line that matches `when`. */
function importAndKill(dbPath: string, when: RegExp): Promise<{ killed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/import.ts', csv], {
      env: { ...process.env, PLOSHCHADKI_DB: dbPath, PLOSHCHADKI_PERSON_KEY: join(dir, 'person-id.key') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!killed && when.test(output)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve({ killed, output }));
  });
}

async function state(dbPath: string) {
  const db = await Database.open(dbPath);
  const participations = (await db.one<{ n: number }>('SELECT count(*) AS n FROM participations'))!.n;
  const statuses = (await db.all<{ status: string }>('SELECT status FROM uploads ORDER BY id')).map((r) => r.status);
  return { db, participations, statuses };
}

describe('an import killed mid-way', () => {
  it('while reading: the database is as before and the upload shows as interrupted', async () => {
    const path = await freshDatabase('reading.duckdb');
    const { killed, output } = await importAndKill(path, /Прочитано строк: \d+/);
    expect(killed, output).toBe(true);
    const { db, participations, statuses } = await state(path);
    expect(participations).toBe(BEFORE);
    expect(statuses).toEqual(['processing']);
    // The server marks it at start-up; the database takes the next import as usual.
    const uploads = await uploadServiceFor(db);
    await uploads.markInterrupted();
    expect((await uploads.list())[0]).toMatchObject({ status: 'failed', message: expect.stringMatching(/прервана/) });
    expect((await importFixture(uploads, 'participations-tab.tsv')).status).toBe('applied');
    expect((await db.one<{ n: number }>('SELECT count(*) AS n FROM participations'))!.n).toBe(BEFORE + 2);
    db.close();
  }, 120_000);

  it('while writing: all or nothing, and the history agrees with the data', async () => {
    const path = await freshDatabase('merging.duckdb');
    const { killed, output } = await importAndKill(path, /Запись в базу/);
    expect(killed, output).toBe(true);
    const { db, participations, statuses } = await state(path);
    if (participations === BEFORE) expect(statuses).toEqual(['processing']);
    else expect([participations, statuses]).toEqual([BEFORE + ROWS, ['applied']]);
    db.close();
  }, 120_000);
});
