import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { smallRegion } from './fixtures/small-region.js';
import { databaseWith } from './helpers/db.js';
import { importFixture, uploadServiceFor } from './helpers/uploads.js';

const dir = mkdtempSync(join(tmpdir(), 'ploshchadki-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes waiting in the write-ahead log: what only a replay after a crash would bring back. */
const walBytes = (path: string) => (existsSync(`${path}.wal`) ? statSync(`${path}.wal`).size : 0);

describe('what an upload changes is in the database file once it is acknowledged', () => {
  it('an applied upload and its rollback leave nothing to a replay of the log', async () => {
    const path = join(dir, 'region.duckdb');
    const db = await databaseWith(smallRegion(), path);
    try {
      expect(walBytes(path)).toBe(0);
      const uploads = await uploadServiceFor(db);
      const upload = await importFixture(uploads, 'events-bom.csv');
      expect(upload.status).toBe('applied');
      expect(walBytes(path)).toBe(0);
      await uploads.rollback(upload.id);
      expect(walBytes(path)).toBe(0);
    } finally {
      db.close();
    }
  });
});
