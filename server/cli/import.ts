/**
 * Imports a file from the command line, as the upload page would:
 *   npm run import -- <file> [--dataset code] [--mode valid_only] [--sheet name] [--author name]
 * The database is the server's (PLOSHCHADKI_DB); stop the server first, DuckDB allows one process.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { DATASET_CODES, type DatasetCode } from '../../web/src/lib/shared/datasets.js';
import { readConfigOrExit } from '../config.js';
import { migrate } from '../db/migrate.js';
import { Queries } from '../db/queries.js';
import { UploadService } from '../ingest/uploads.js';
import { openPseudonyms } from '../persons/stored-ids.js';
import { openOrExit } from '../db/open-failure.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    dataset: { type: 'string' },
    mode: { type: 'string', default: 'strict' },
    sheet: { type: 'string' },
    author: { type: 'string' },
  },
});
const [file] = positionals;
if (!file) {
  console.error('Укажите файл: npm run import -- <файл> [--dataset код] [--mode valid_only]');
  process.exit(2);
}
if (values.dataset && !DATASET_CODES.includes(values.dataset as DatasetCode)) {
  console.error(`Неизвестный набор данных «${values.dataset}»; есть: ${DATASET_CODES.join(', ')}`);
  process.exit(2);
}

const sha256 = await new Promise<string>((resolve, reject) => {
  const hash = createHash('sha256');
  createReadStream(file).on('data', (chunk) => hash.update(chunk)).on('end', () => resolve(hash.digest('hex'))).on('error', reject);
});
const config = readConfigOrExit();
const db = await openOrExit(config.dbPath, config.duckdbMemory);
await migrate(db);
const { pseudonyms } = await openPseudonyms(db, config.personKeyFile);
const queries = await Queries.load(db);
const uploads = new UploadService(db, queries, pseudonyms, async () => {}, (_id, p) => {
  console.log(p.phase === 'reading' ? `Прочитано строк: ${p.rows}` : `Запись в базу (${p.rows} строк)…`);
});
await uploads.markInterrupted();
const result = await uploads.run({
  path: file, fileName: basename(file), sha256, sizeBytes: statSync(file).size,
  dataset: (values.dataset as DatasetCode | undefined) ?? null, mapping: null,
  mode: values.mode === 'valid_only' ? 'valid_only' : 'strict', sheet: values.sheet, uploadedBy: 'командная строка', author: values.author ?? null, temporary: false,
});
console.log(`Загрузка № ${result.id}: ${result.status}. ${result.message ?? ''}`);
console.log(`Строк: ${result.rowsTotal}, с ошибками: ${result.rowsRejected}; добавлено ${result.inserted}, изменено ${result.updated}, удалено ${result.deleted}, без изменений ${result.unchanged}.`);
for (const e of result.errors.slice(0, 20)) console.log(`  строка ${e.row}, «${e.column}»: ${e.message} (${e.value})`);
db.close();
process.exit(result.status === 'applied' ? 0 : 1);
