import { copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createHash } from 'node:crypto';
import { beforeEach } from 'vitest';
import type { Database } from '../../server/db/database.js';
import { Queries } from '../../server/db/queries.js';
import { smallRegion } from '../fixtures/small-region.js';
import { databaseWith, TEST_PSEUDONYMS } from './db.js';
import { UploadService, type NewUpload } from '../../server/ingest/uploads.js';

export const FIXTURES = new URL('../fixtures/uploads/', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'ploshchadki-test-'));
let copies = 0;

/** An upload service on the database, as the server has it. */
/** `onChange` runs after each applied upload or rollback, as the server drops its cached answers then. */
export async function uploadServiceFor(db: Database, onChange: () => Promise<void> = async () => {}): Promise<UploadService> {
  return new UploadService(db, await Queries.load(db), TEST_PSEUDONYMS, onChange);
}

/** An upload of a file written into the scratch folder by `write` (the service deletes what it imported). */
function scratchUpload(fileName: string, write: (path: string) => void, options: Partial<NewUpload>): NewUpload {
  const path = join(scratch, `${++copies}-${basename(fileName)}`);
  write(path);
  return {
    path,
    fileName: basename(fileName),
    sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
    sizeBytes: statSync(path).size,
    dataset: null,
    mapping: null,
    mode: 'strict',
    uploadedBy: 'Тест',
    temporary: true,
    ...options,
  };
}

/** Imports a file written into the scratch folder by `write` and waits for the result. */
export function importScratchFile(service: UploadService, fileName: string, write: (path: string) => void, options: Partial<NewUpload>) {
  return service.run(scratchUpload(fileName, write, options));
}

/** Queues a fixture file's import as the upload route does; resolves with the id to poll. */
export function submitFixture(service: UploadService, file: string, options: Partial<NewUpload> = {}) {
  return service.submit(scratchUpload(file, (path) => copyFileSync(join(FIXTURES, file), path), options));
}

/** Imports a fixture file (a copy; `file` may be in a subfolder of the fixtures) and waits for the result. */
export function importFixture(service: UploadService, file: string, options: Partial<NewUpload> = {}) {
  return importScratchFile(service, file, (path) => copyFileSync(join(FIXTURES, file), path), options);
}

/** Imports a file of the given text (UTF-8) and waits for the result. */
export function importText(service: UploadService, fileName: string, text: string, options: Partial<NewUpload> = {}) {
  return importScratchFile(service, fileName, (path) => writeFileSync(path, text), options);
}

/**
 * Gives every test of the file a fresh small region and its upload service (the previous test's
 * database closed): `use` receives them before each test.
 */
export function freshRegionEachTest(use: (db: Database, uploads: UploadService) => void): void {
  let db: Database | undefined;
  beforeEach(async () => {
    db?.close();
    db = await databaseWith(smallRegion());
    use(db, await uploadServiceFor(db));
  }, 30_000);
}
