/**
 * Writes a synthetic region at a scale as upload-format CSV files, and can load them into a
 * database straight away:
 *   npm run bench:data -- --scale 1 [--out data/bench/scale-1] [--db data/bench/region.duckdb]
 */
import { parseArgs } from 'node:util';
import { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { generateBenchData } from '../bench/generate.js';
import { loadBenchData } from '../bench/load.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' }, out: { type: 'string' }, db: { type: 'string' } } });
const scale = Number(values.scale);
const out = values.out ?? `data/bench/scale-${scale}`;
const counts = await generateBenchData(out, scale);
console.log(`Файлы в ${out}:`, counts);
if (values.db) {
  const db = await Database.open(values.db);
  await migrate(db);
  await loadBenchData(db, out);
  console.log(`Загружено в ${values.db}`);
  db.close();
}
