/**
 * Exports the database as hive-partitioned Parquet for a federal instance or any Parquet engine:
 *   npm run export-parquet -- <folder> [--region-code code]
 * Stop the server first (DuckDB allows one process per database file).
 */
import { parseArgs } from 'node:util';
import { readConfigOrExit } from '../config.js';
import { migrate } from '../db/migrate.js';
import { exportParquet } from '../export/parquet.js';
import { openOrExit } from '../db/open-failure.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'region-code': { type: 'string', default: 'region' } } });
const [dir] = positionals;
if (!dir) {
  console.error('Укажите папку: npm run export-parquet -- <папка> [--region-code код]');
  process.exit(2);
}
const config = readConfigOrExit();
const db = await openOrExit(config.dbPath, config.duckdbMemory);
await migrate(db);
try {
  const written = await exportParquet(db, dir, values['region-code']!);
  for (const [table, rows] of Object.entries(written)) console.log(`${table}: ${rows}`);
  console.log(`Готово: ${dir}/<таблица>/region=${values['region-code']}/…`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  db.close();
}
