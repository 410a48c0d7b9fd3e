/**
 * The benchmark: ingest throughput against DuckDB's read_csv, API latency under load, the web
 * bundle and time to first chart, peak memory. Prints a table; writes data/bench/results.json.
 *   npm run bench [-- --scale 1 --duration 10 --connections 50 --no-browser]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { formatBench, runBench } from '../bench/run.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    dir: { type: 'string', default: 'data/bench' },
    'no-browser': { type: 'boolean', default: false },
  },
});
const result = await runBench({
  scale: Number(values.scale), dir: values.dir!, duration: Number(values.duration), connections: Number(values.connections),
  browser: !values['no-browser'], webRoot: readConfig().webRoot, log: (line) => console.log(`  ${line}`),
});
console.log(`\n${formatBench(result)}`);
writeFileSync(join(values.dir!, 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nРезультаты: ${join(values.dir!, 'results.json')}`);
process.exit(0);
