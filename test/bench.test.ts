import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchDataIn, generateBenchData } from '../server/bench/generate.js';
import { formatBench, runBench } from '../server/bench/run.js';
import { WEB_ROOT } from './helpers/server.js';

const dir = mkdtempSync(join(tmpdir(), 'ploshchadki-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A smoke run of the benchmark at a tiny scale: the harness works end to end; numbers are not judged. */
describe('npm run bench (smoke, scale 0.01)', () => {
  it('generates data, imports it, loads the API and prints the table', async () => {
    const lines: string[] = [];
    const result = await runBench({ scale: 0.01, dir, duration: 0.3, connections: 4, answerSeconds: 3, browser: false, deckPictures: false, webRoot: WEB_ROOT,
      // Each endpoint is loaded for a second at least: three show the harness works.
      endpoints: ['/api/kpis', '/api/kpis/by-district?kpi=authors_share', '/api/charts/funnel'], log: (l) => lines.push(l) });
    expect(result.counts).toMatchObject({ organizations: 20, participations: 40_000, resourceUses: 10_000 });
    expect(result.ingest.rows).toBe(40_000);
    expect(result.ingest.productRowsPerSecond).toBeGreaterThan(0);
    expect(result.ingest.rawRowsPerSecond).toBeGreaterThan(result.ingest.productRowsPerSecond);
    expect(result.api.endpoints.map((e) => e.url)).toEqual(['/api/kpis', '/api/kpis/by-district?kpi=authors_share', '/api/charts/funnel']);
    expect(result.api.endpoints.every((e) => e.errors === 0 && e.requestsPerSecond > 0 && e.p95 >= e.p50)).toBe(true);
    expect(result.api.serverPeakRssMb).toBeGreaterThan(0);
    expect(result.loadDuringUpload).toMatchObject({ errors: 0, timeouts: 0 });
    expect(result.loadDuringUpload.requests).toBeGreaterThan(0);
    expect(result.loadDuringUpload.p99).toBeGreaterThanOrEqual(result.loadDuringUpload.p50);
    const table = formatBench(result);
    expect(result.ingest.datasets.map((d) => d.dataset)).toEqual([
      'districts', 'directions', 'organizations', 'sites', 'competition_applications', 'events', 'participations', 'resources', 'resource_uses', 'site_reports',
    ]);
    expect(result.ingest.datasets.find((d) => d.dataset === 'resource_uses')?.rows).toBe(10_000);
    expect(result.ingest.datasets.every((d) => d.seconds > 0 && d.rawSeconds > 0)).toBe(true);
    expect(table).toMatch(/1\. Загрузка через HTTP в пустую базу/);
    expect(table).toMatch(/^ {3}participations\s+40000 строк/m);
    expect(table).toMatch(/\/api\/kpis\s+[\d.]+\s+[\d.]+/);
    expect(table).toMatch(/во время загрузки \(\d+ разных фильтров/);
    expect(result.deck.nativeMs).toBeGreaterThan(0);
    expect(result.deck.pictureMs).toBeNull(); // the pictures' deck is the full bench's
    expect(table).toMatch(/презентация всех диаграмм для новых фильтров: диаграммами PowerPoint \d+ мс$/m);
    expect(result.kpis.selections).toBeGreaterThan(0);
    expect(result.kpis.api.p95).toBeGreaterThanOrEqual(result.kpis.api.p50);
    expect(result.kpis.sql.p50).toBeGreaterThan(0);
    expect(table).toMatch(/\/api\/kpis впервые, после расчёта заранее:\s+[\d.]+ \/ [\d.]+ \/ [\d.]+ {2}\(расчёт заранее готов через [\d.]+ с после запуска\)/);
    expect(Object.keys(result.targets)).toEqual(['kpiCards', 'ingest', 'apiP95', 'serverRss', 'loadDuringUpload', 'deck']);
    expect(benchDataIn(join(dir, 'scale-0.01'))).toEqual(result.counts);
  }, 180_000);
});

describe('npm run bench:data', () => {
  it('records what it wrote, so that the bench finds the files instead of writing them again', async () => {
    const out = join(dir, 'data-only');
    expect(benchDataIn(out)).toBeNull();
    const counts = await generateBenchData(out, 0.001);
    expect(benchDataIn(out)).toEqual(counts);
  });
});
