import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, createReadStream, existsSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { cpus } from 'node:os';
import { freePort } from '../free-port.js';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { readConfig } from '../config.js';
import { CSRF_HEADER } from '../../web/src/lib/shared/roles.js';
import { Database } from '../db/database.js';
import { Queries } from '../db/queries.js';
import { KPI_QUERIES } from '../domain/kpis.js';
import { previousPeriod } from '../domain/periods.js';
import { FilterCatalog, scopeParams } from '../domain/scope.js';
import { benchDataIn, generateBenchData, type BenchCounts } from './generate.js';
import { rawReadCsv } from './load.js';
import { CHART_DRAWN, CHART_ON_SCREEN } from '../../web/src/lib/charts/load.js';

export interface BenchOptions {
  scale: number;
  /** Where data files, the database and results.json go. */
  dir: string;
  /** Seconds of load per endpoint. */
  duration: number;
  connections: number;
  /** How long a request may wait under change before it counts as a timeout (ANSWER_SECONDS). */
  answerSeconds?: number;
  /** Measure the web bundle and time to first chart in Chromium (when it is installed). */
  browser: boolean;
  /** The endpoints loaded one after another (ENDPOINTS, every KPI and chart endpoint, by default). */
  endpoints?: readonly string[];
  /** Also time the deck with its charts as pictures (PNG drawn on the server); true by default. */
  deckPictures?: boolean;
  webRoot: string;
  log: (line: string) => void;
}

export interface Percentiles {
  p50: number;
  p95: number;
  max: number;
}

export interface EndpointResult {
  url: string;
  coldMs: number;
  p50: number;
  p95: number;
  p99: number;
  requestsPerSecond: number;
  errors: number;
}

export interface BenchResult {
  scale: number;
  counts: BenchCounts;
  machine: { cpus: number; node: string };
  /**
   * Every file uploaded through HTTP into an empty database; the top-level figures are the
   * participations' (raw: read_csv into a bare table of a database file; inMemory: into a
   * temporary table). peakRssMb: the server's.
   */
  ingest: {
    rows: number; productSeconds: number; productRowsPerSecond: number; rawSeconds: number; rawRowsPerSecond: number; ratio: number;
    inMemorySeconds: number; inMemoryRatio: number; datasets: DatasetIngest[]; peakRssMb: number;
  };
  /**
   * The KPI card set of one filter selection (every KPI query, the period and the one before):
   * sql, cold on the database as DuckDB runs it; api, /api/kpis of selections nobody asked for
   * before, once the server has computed ahead (aheadSeconds after its start); aheadPeakRssMb,
   * the server's peak memory from its start until then.
   */
  kpis: { selections: number; sql: Percentiles; api: Percentiles; aheadSeconds: number; aheadPeakRssMb: number };
  api: { endpoints: EndpointResult[]; serverPeakRssMb: number };
  /** Clients on /api/kpis with filters of every period and district while an upload commits. */
  loadDuringUpload: { urls: number; requests: number; p50: number; p95: number; p99: number; max: number; errors: number; timeouts: number; uploadSeconds: number };
  /**
   * jsGzipKb: every script the overview loads, ECharts (loaded by the first chart) included; the
   * first load without it is test/web-app.test.ts's. firstCardsMs: until a card shows its number;
   * firstChartMs: until a chart shows (the server's picture of it, or ECharts' own);
   * firstInteractiveMs: until ECharts draws it.
   */
  web: {
    jsGzipKb: number; cssGzipKb: number; firstCardsMs: number; firstChartMs: number; firstInteractiveMs: number;
    /** Browsers started for the medians, and each one's first chart. */
    browserStarts: number; firstChartEachMs: number[];
    /** The same, opened again in a fresh context of the running browser. */
    again: { cardsMs: number; chartMs: number; interactiveMs: number };
  } | null;
  /** The deck of every chart for filters asked for the first time, ms: PowerPoint charts (the default) and pictures. */
  deck: { nativeMs: number; pictureMs: number | null };
  targets: Record<string, { value: number; target: string; met: boolean }>;
}

const ENDPOINTS = [
  '/api/filters', '/api/kpis', '/api/kpis/trend?kpi=users_share', '/api/kpis/by-district?kpi=authors_share',
  '/api/charts/events', '/api/charts/funnel', '/api/charts/sites-by-direction', '/api/charts/reports', '/api/charts/plan',
];
const ADMIN = { login: 'bench', password: 'Bench-river-stone-2023' };

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Peak resident memory (VmHWM) of a process, in MB, from /proc. */
function peakRssMb(pid: number | 'self'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/** The bench's files in the order an empty database takes them (references before what refers to them). */
const UPLOAD_ORDER = [
  'districts', 'directions', 'organizations', 'sites', 'competition_applications', 'events', 'participations', 'resources', 'resource_uses', 'site_reports',
] as const;

export interface DatasetIngest {
  dataset: string;
  rows: number;
  /** From the POST of the file until its upload shows as applied. */
  seconds: number;
  /** DuckDB's read_csv of the same file into a bare table of a database file. */
  rawSeconds: number;
  ratio: number;
}

/** DuckDB's read_csv of every bench file into a bare table of a scratch database file (and participations into memory). */
async function rawReads(dataDir: string, scratch: string, log: BenchOptions['log']): Promise<{ seconds: Map<string, number>; inMemorySeconds: number }> {
  rmSync(scratch, { force: true });
  const db = await Database.open(scratch, { memoryLimit: readConfig().duckdbMemory });
  try {
    const times = new Map<string, number>();
    for (const file of UPLOAD_ORDER) {
      const start = process.hrtime.bigint();
      await rawReadCsv(db, dataDir, file, { onDisk: true });
      times.set(file, seconds(start));
    }
    const start = process.hrtime.bigint();
    await rawReadCsv(db, dataDir, 'participations');
    const inMemorySeconds = seconds(start);
    log(`read_csv в таблицу файла базы: участия за ${times.get('participations')!.toFixed(1)} с (во временную таблицу ${inMemorySeconds.toFixed(1)} с)`);
    return { seconds: times, inMemorySeconds };
  } finally {
    db.close();
    rmSync(scratch, { force: true });
  }
}

/**
 * 1. Ingest, as a methodologist uploads: every bench file POSTed to the server of an empty
 * database in turn, each timed until its upload is applied, against DuckDB's read_csv of the same
 * file into a bare table of a database file — the limit for data that has to end up in one.
 */
async function benchIngest(server: Server, dataDir: string, raw: Awaited<ReturnType<typeof rawReads>>, log: BenchOptions['log']): Promise<BenchResult['ingest']> {
  const datasets: DatasetIngest[] = [];
  for (const dataset of UPLOAD_ORDER) {
    const start = process.hrtime.bigint();
    const { id } = await postUpload(server, dataset, { path: join(dataDir, `${dataset}.csv`) });
    const detail = await uploadApplied(server, id);
    const productSeconds = seconds(start);
    const rawSeconds = raw.seconds.get(dataset)!;
    datasets.push({ dataset, rows: detail.rowsTotal, seconds: round(productSeconds, 4), rawSeconds: round(rawSeconds, 4), ratio: round(rawSeconds / productSeconds, 3) });
    log(`загрузка ${dataset}: ${detail.rowsTotal} строк за ${productSeconds.toFixed(1)} с (read_csv ${rawSeconds.toFixed(1)} с)`);
  }
  const participations = datasets.find((d) => d.dataset === 'participations')!;
  return {
    rows: participations.rows,
    productSeconds: participations.seconds,
    productRowsPerSecond: Math.round(participations.rows / participations.seconds),
    rawSeconds: participations.rawSeconds,
    rawRowsPerSecond: Math.round(participations.rows / participations.rawSeconds),
    ratio: participations.ratio,
    inMemorySeconds: round(raw.inMemorySeconds, 2),
    inMemoryRatio: round(raw.inMemorySeconds / participations.seconds, 3),
    datasets,
    peakRssMb: peakRssMb(server.pid),
  };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** POSTs a file (a path, streamed from disk) or a text to /api/uploads as the upload page does. */
function postUpload(server: Server, dataset: string, body: { path: string } | { text: string }): Promise<{ id: number }> {
  const length = 'path' in body ? statSync(body.path).size : Buffer.byteLength(body.text);
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/api/uploads?dataset=${dataset}&fileName=${dataset}.csv`, {
      method: 'POST', headers: { cookie: server.cookie, [CSRF_HEADER]: server.csrf, 'content-type': 'text/csv', 'content-length': length },
    }, (res) => {
      let answer = '';
      res.on('data', (chunk: Buffer) => (answer += chunk.toString()));
      res.on('end', () => (res.statusCode === 202 ? resolve(JSON.parse(answer) as { id: number }) : reject(new Error(`Загрузка ${dataset}: ${res.statusCode} ${answer}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    if ('path' in body) createReadStream(body.path, { highWaterMark: 1 << 20 }).pipe(req);
    else req.end(body.text);
  });
}

/** Waits for an upload to be applied (polled every 25 ms); any other outcome fails the bench. */
async function uploadApplied(server: Server, id: number): Promise<{ rowsTotal: number }> {
  for (;;) {
    const detail = await (await fetch(`${server.url}/api/uploads/${id}`, { headers: { cookie: server.cookie } })).json() as { status: string; message: string | null; rowsTotal: number };
    if (detail.status === 'applied') return detail;
    if (detail.status !== 'processing') throw new Error(`Загрузка № ${id} не применена: ${detail.message}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The filter selections the card set is timed for: spread over the server's selections computed ahead. */
function sampleSelections(catalog: FilterCatalog, count = SELECTIONS) {
  const all = catalog.scopesAhead();
  return Array.from({ length: Math.min(count, all.length) }, (_, i) => all[Math.floor((i * all.length) / Math.min(count, all.length))]);
}
const SELECTIONS = 20;

const percentiles = (values: number[]): Percentiles => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? 0 };
};

/** The KPI card set's SQL of each sampled selection, cold: every query of the period and the one before at once, as the cards ask. */
async function benchKpiSql(db: Database, log: BenchOptions['log']): Promise<Percentiles> {
  const queries = await Queries.load(db);
  const times: number[] = [];
  for (const scope of sampleSelections(await FilterCatalog.load(queries, 'bench'))) {
    const start = process.hrtime.bigint();
    await Promise.all(KPI_QUERIES.flatMap((query) => [scope, { ...scope, period: previousPeriod(scope.period) }].map((s) => queries.run(query, scopeParams(s)))));
    times.push(Math.round(seconds(start) * 1000));
  }
  const result = percentiles(times);
  log(`карточки KPI, голый SQL (${times.length} наборов фильтров): p50 ${result.p50} мс, p95 ${result.p95} мс`);
  return result;
}

/**
 * The card set of selections asked for the first time, through the API, once the server has
 * computed ahead: the time that takes after the start, and each answer's.
 */
/** Resolves once the server says its KPIs are computed ahead for the current data. */
async function computedAhead(server: Server): Promise<void> {
  for (;;) {
    const health = await (await fetch(`${server.url}/api/health`)).json() as { computedAhead: boolean };
    if (health.computedAhead) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function benchKpisAhead(server: Server, log: BenchOptions['log']): Promise<Omit<BenchResult['kpis'], 'sql'>> {
  await computedAhead(server);
  const aheadSeconds = round(seconds(server.startedAt), 1);
  const aheadPeakRssMb = peakRssMb(server.pid);
  const filters = await (await fetch(`${server.url}/api/filters`, { headers: { cookie: server.cookie } })).json() as FiltersLists;
  const times: number[] = [];
  for (const url of firstTimeUrls(filters)) {
    const start = process.hrtime.bigint();
    const response = await fetch(server.url + url, { headers: { cookie: server.cookie } });
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
    await response.arrayBuffer();
    times.push(round(seconds(start) * 1000, 1));
  }
  const api = percentiles(times);
  log(`карточки KPI через API, впервые запрошенные фильтры (${times.length}), после расчёта заранее (${aheadSeconds} с от запуска): p50 ${api.p50} мс, p95 ${api.p95} мс`);
  return { selections: times.length, api, aheadSeconds, aheadPeakRssMb };
}

type FiltersLists = { periods: { code: string }[]; districts: { code: string }[]; orgTypes: { code: string }[]; directions: { code: string }[] };

/** Card sets nobody has asked for: each period with an organization type, a direction or a district. */
function firstTimeUrls({ periods, districts, orgTypes, directions }: FiltersLists): string[] {
  const urls = periods.flatMap(({ code }, i) => [
    `/api/kpis?period=${code}&orgType=${orgTypes[i % orgTypes.length].code}`,
    `/api/kpis?period=${code}&direction=${directions[i % directions.length].code}&district=${districts[i % districts.length].code}`,
  ]);
  return urls.slice(0, SELECTIONS);
}

/** Runs autocannon (it starts at once): its result and the p50/p95/p99 and slowest of every answered request, in ms. */
function load(options: autocannon.Options): Promise<{ result: autocannon.Result; p50: number; p95: number; p99: number; max: number }> {
  const latencies: number[] = [];
  // Called without a callback, autocannon is both an event emitter and a promise of the result.
  const instance = autocannon(options) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  return instance.then((result) => {
    latencies.sort((a, b) => a - b);
    const ms = (p: number) => round(percentile(latencies, p), 1);
    return { result, p50: ms(50), p95: ms(95), p99: ms(99), max: ms(100) };
  });
}

/** 2. API: every KPI and chart endpoint under `connections` concurrent clients, warm. */
async function benchApi(server: { url: string; cookie: string; pid: number }, options: BenchOptions): Promise<BenchResult['api']> {
  const endpoints: EndpointResult[] = [];
  for (const path of options.endpoints ?? ENDPOINTS) {
    const start = process.hrtime.bigint();
    const cold = await fetch(server.url + path, { headers: { cookie: server.cookie } });
    if (cold.status !== 200) throw new Error(`${path}: ${cold.status}`);
    await cold.arrayBuffer();
    const coldMs = Math.round(seconds(start) * 1000);

    const { result, ...latencies } = await load({ url: server.url + path, connections: options.connections, duration: options.duration, headers: { cookie: server.cookie } });
    const row = {
      url: path, coldMs, ...latencies,
      requestsPerSecond: Math.round(result.requests.average), errors: result.errors + result.non2xx + result.timeouts,
    };
    options.log(`${path}: p95 ${row.p95.toFixed(1)} мс, ${row.requestsPerSecond} запр/с, ошибок ${row.errors}`);
    endpoints.push(row);
  }
  return { endpoints, serverPeakRssMb: peakRssMb(server.pid) };
}

/**
 * 2c. The presentation of every chart, each form for a district asked for nothing yet (no cached
 * answer helps): what an official waits for after «Презентация (PPTX)».
 */
async function benchDeck(server: { url: string; cookie: string }, { log, deckPictures = true }: BenchOptions): Promise<BenchResult['deck']> {
  const { districts } = await (await fetch(`${server.url}/api/filters`, { headers: { cookie: server.cookie } })).json() as { districts: { code: string }[] };
  const timed = async (query: string) => {
    const start = process.hrtime.bigint();
    const response = await fetch(`${server.url}/api/export/presentation.pptx?${query}`, { headers: { cookie: server.cookie } });
    if (response.status !== 200) throw new Error(`Презентация: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    return Math.round(seconds(start) * 1000);
  };
  const [first, second] = [districts.at(-1)!.code, districts.at(-2)?.code ?? districts.at(-1)!.code];
  const deck = { nativeMs: await timed(`district=${first}`), pictureMs: deckPictures ? await timed(`district=${second}&chartsAs=picture`) : null };
  log(`презентация: диаграммами PowerPoint ${deck.nativeMs} мс, картинками ${deck.pictureMs ?? '—'} мс`);
  return deck;
}

/** How long a dashboard request may take under load before it counts as unanswered. */
const ANSWER_SECONDS = 10;

/** Rows of the bench's participations file as new trainees (ids not yet stored): an upload that changes data. */
function freshParticipations(dataDir: string, rows: number): string {
  // The file's start only: at scale 5 the whole file is longer than a string may be.
  const start = Buffer.alloc(1024 * 1024);
  const fd = openSync(join(dataDir, 'participations.csv'), 'r');
  const read = readSync(fd, start, 0, start.length, 0);
  closeSync(fd);
  const [header, ...lines] = start.subarray(0, read).toString('utf8').split('\n', rows + 1);
  return [header, ...lines.map((line) => line.replace(/^([^;]*)/, '$1-load'))].join('\n') + '\n';
}

/**
 * 2b. The dashboard while data changes: clients ask for the KPI cards of every period × district
 * (no two in a row alike, so the cache helps little) and an upload commits meanwhile, which drops
 * every cached answer. Nothing may time out or fail; p99 is reported.
 */
async function benchLoadDuringUpload(
  server: Server, dataDir: string, options: BenchOptions,
): Promise<BenchResult['loadDuringUpload']> {
  const filters = await (await fetch(`${server.url}/api/filters`, { headers: { cookie: server.cookie } })).json() as {
    periods: { code: string }[]; districts: { code: string }[];
  };
  const urls = filters.periods.flatMap((p) => [null, ...filters.districts.map((d) => d.code)].map((d) => `/api/kpis?period=${p.code}${d ? `&district=${d}` : ''}`)).slice(0, 150);
  let next = 0;
  const answerSeconds = options.answerSeconds ?? ANSWER_SECONDS;
  // A request unanswered after answerSeconds is a timeout; the load lasts long enough that every
  // request sent in the first `duration` seconds is either answered or counted as one.
  const loading = load({
    url: server.url, connections: options.connections, duration: options.duration + answerSeconds, timeout: answerSeconds, headers: { cookie: server.cookie },
    requests: [{ setupRequest: (request) => ({ ...request, path: urls[next++ % urls.length] }) }],
  });
  const start = process.hrtime.bigint();
  await uploadApplied(server, (await postUpload(server, 'participations', { text: freshParticipations(dataDir, 1000) })).id);
  const uploadSeconds = seconds(start);
  const { result, ...latencies } = await loading;
  const row = {
    urls: urls.length, requests: result.requests.total, ...latencies,
    errors: result.errors + result.non2xx, timeouts: result.timeouts, uploadSeconds: round(uploadSeconds, 1),
  };
  options.log(`/api/kpis, ${row.urls} разных фильтров, во время загрузки: p99 ${row.p99} мс, ошибок ${row.errors}, тайм-аутов ${row.timeouts}`);
  return row;
}

type Browser = import('playwright-core').Browser;
type StorageState = Awaited<ReturnType<import('playwright-core').BrowserContext['storageState']>>;

/** The overview opened in a fresh context of the browser: when its cards, its first chart on screen and ECharts' first chart show, and its files. */
async function visitOverview(browser: Browser, storageState: StorageState, url: string) {
  const context = await browser.newContext({ storageState });
  try {
    const overview = await context.newPage();
    const assets = new Map<string, 'js' | 'css'>();
    overview.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (path.endsWith('.js')) assets.set(path, 'js');
      if (path.endsWith('.css')) assets.set(path, 'css');
    });
    const start = Date.now();
    await overview.goto(url);
    await overview.waitForFunction(() => Array.from(document.querySelectorAll('[data-kpi] .value')).some((v) => v.textContent !== '…'), undefined, { timeout: 60_000 });
    const firstCardsMs = Date.now() - start;
    await overview.waitForSelector('[data-chart][data-ready="true"]', { timeout: 60_000 });
    await overview.waitForLoadState('networkidle');
    // The page's own marks: polling it would wait while ECharts is parsed, the picture long on screen.
    const mark = (name: string) => overview.evaluate((n) => Math.round(performance.getEntriesByName(n)[0]?.startTime ?? Number.NaN), name);
    const firstInteractiveMs = await mark(CHART_DRAWN);
    // Without a picture (none loaded before ECharts), the first chart on screen is ECharts' own.
    const firstChartMs = Math.min(firstInteractiveMs, (await mark(CHART_ON_SCREEN)) || Infinity);
    return { assets, firstCardsMs, firstChartMs, firstInteractiveMs };
  } finally {
    await context.close();
  }
}

/** Browsers started afresh for the web measures: one start's timings vary by a few hundred ms. */
const BROWSER_STARTS = 3;

type Visit = Awaited<ReturnType<typeof visitOverview>>;

/** A just-started Chromium signed in: the overview in a fresh page, then in another (a second official, or the first again). */
async function visitsInNewBrowser(server: { url: string }): Promise<[Visit, Visit]> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/login`);
    await page.fill('input[name="login"]', ADMIN.login);
    await page.fill('input[name="password"]', ADMIN.password);
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-testid="who"]');
    const storageState = await page.context().storageState();
    return [await visitOverview(browser, storageState, server.url), await visitOverview(browser, storageState, server.url)];
  } finally {
    await browser.close();
  }
}

/**
 * 3. Web, on a warm server (its KPIs computed ahead for the current data): what the overview
 * downloads (gzipped) and how soon its cards and first chart show, the median of BROWSER_STARTS
 * just-started browsers.
 */
async function benchWeb(server: Server, log: BenchOptions['log']): Promise<BenchResult['web']> {
  await computedAhead(server);
  const starts: [Visit, Visit][] = [];
  for (let i = 0; i < BROWSER_STARTS; i += 1) starts.push(await visitsInNewBrowser(server));
  const median = (pick: (visits: [Visit, Visit]) => number) => percentile(starts.map(pick).sort((a, b) => a - b), 50);
  let [js, css] = [0, 0];
  for (const [path, kind] of starts[0][0].assets) {
    const bytes = gzipSync(await (await fetch(server.url + path)).arrayBuffer().then((b) => Buffer.from(b))).length;
    if (kind === 'js') js += bytes;
    else css += bytes;
  }
  const kb = (bytes: number) => Math.round(bytes / 1024);
  const result = {
    jsGzipKb: kb(js), cssGzipKb: kb(css), browserStarts: BROWSER_STARTS,
    firstCardsMs: median(([first]) => first.firstCardsMs), firstChartMs: median(([first]) => first.firstChartMs),
    firstInteractiveMs: median(([first]) => first.firstInteractiveMs), firstChartEachMs: starts.map(([first]) => first.firstChartMs),
    again: { cardsMs: median(([, again]) => again.firstCardsMs), chartMs: median(([, again]) => again.firstChartMs), interactiveMs: median(([, again]) => again.firstInteractiveMs) },
  };
  log(`веб: JS ${result.jsGzipKb} КБ, CSS ${result.cssGzipKb} КБ (gzip); медиана ${BROWSER_STARTS} запусков браузера: карточки через ${result.firstCardsMs} мс, первая диаграмма через ${result.firstChartMs} мс`
    + ` (каждый запуск: ${result.firstChartEachMs.join(', ')} мс), интерактивная через ${result.firstInteractiveMs} мс;`
    + ` второе открытие: ${result.again.cardsMs} / ${result.again.chartMs} / ${result.again.interactiveMs} мс`);
  return result;
}

interface Server {
  url: string;
  cookie: string;
  csrf: string;
  pid: number;
  process: ChildProcess;
  startedAt: bigint;
}

async function startServer(dbPath: string, keyPath: string, webRoot: string): Promise<Server> {
  const port = await freePort();
  const startedAt = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env, PLOSHCHADKI_DB: dbPath, PLOSHCHADKI_PERSON_KEY: keyPath, PORT: String(port), PLOSHCHADKI_DEMO: '0', PLOSHCHADKI_WEB_ROOT: webRoot,
      PLOSHCHADKI_ADMIN_LOGIN: ADMIN.login, PLOSHCHADKI_ADMIN_PASSWORD: ADMIN.password,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      if (i > 600) throw new Error('Сервер не запустился');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const login = await fetch(`${url}/api/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN),
  });
  const { csrfToken } = await login.json() as { csrfToken: string };
  return { url, cookie: String(login.headers.get('set-cookie')).split(';')[0], csrf: csrfToken, pid: child.pid!, process: child, startedAt };
}

const TARGETS = { kpiCardsMs: 100, ingestRatio: 0.5, p95Ms: 50, jsGzipKb: 300, rssMb: 1536, p99UnderChangeMs: 1000, deckMs: 1500, firstChartMs: 1000 };

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const dataDir = join(options.dir, `scale-${options.scale}`);
  const dbPath = join(options.dir, `bench-${options.scale}.duckdb`);
  let counts = benchDataIn(dataDir);
  if (!counts) {
    options.log(`Создаю данные масштаба ${options.scale} в ${dataDir}…`);
    counts = await generateBenchData(dataDir, options.scale);
  }
  rmSync(dbPath, { force: true });
  rmSync(`${dbPath}.wal`, { force: true });
  const keyPath = `${dbPath}.person-key`;
  rmSync(keyPath, { force: true });

  const raw = await rawReads(dataDir, join(options.dir, `raw-${options.scale}.duckdb`), options.log);
  const importing = await startServer(dbPath, keyPath, options.webRoot);
  let ingest: BenchResult['ingest'];
  try {
    ingest = await benchIngest(importing, dataDir, raw, options.log);
  } finally {
    await stopServer(importing.process);
  }
  const db = await Database.open(dbPath, { memoryLimit: readConfig().duckdbMemory });
  const kpiSql = await benchKpiSql(db, options.log).finally(() => db.close());
  const server = await startServer(dbPath, keyPath, options.webRoot);
  try {
    const kpis = { sql: kpiSql, ...(await benchKpisAhead(server, options.log)) };
    const api = await benchApi(server, options);
    const loadDuringUpload = await benchLoadDuringUpload(server, dataDir, options);
    const deck = await benchDeck(server, options);
    const web = options.browser && existsSync('/usr/bin/chromium') && existsSync(join(options.webRoot, 'index.html'))
      ? await benchWeb(server, options.log) : null;
    const worstP95 = Math.max(...api.endpoints.map((e) => e.p95));
    const targets: BenchResult['targets'] = {
      kpiCards: { value: kpis.api.p95, target: `p95 ≤ ${TARGETS.kpiCardsMs} мс, впервые запрошенные фильтры`, met: kpis.api.p95 <= TARGETS.kpiCardsMs },
      ingest: { value: ingest.ratio, target: `≥ ${TARGETS.ingestRatio} × read_csv (участия)`, met: ingest.ratio >= TARGETS.ingestRatio },
      apiP95: { value: worstP95, target: `< ${TARGETS.p95Ms} мс (худшая точка)`, met: worstP95 < TARGETS.p95Ms },
      serverRss: { value: Math.max(api.serverPeakRssMb, ingest.peakRssMb), target: `< ${TARGETS.rssMb} МБ`, met: Math.max(api.serverPeakRssMb, ingest.peakRssMb) < TARGETS.rssMb },
      loadDuringUpload: {
        value: loadDuringUpload.p99, target: `p99 ≤ ${TARGETS.p99UnderChangeMs} мс во время загрузки, без ошибок и тайм-аутов (${options.answerSeconds ?? ANSWER_SECONDS} с)`,
        met: loadDuringUpload.requests > 0 && loadDuringUpload.errors + loadDuringUpload.timeouts === 0 && loadDuringUpload.p99 <= TARGETS.p99UnderChangeMs,
      },
      deck: { value: deck.nativeMs, target: `≤ ${TARGETS.deckMs} мс (диаграммами PowerPoint)`, met: deck.nativeMs <= TARGETS.deckMs },
      ...(web ? {
        overviewJs: { value: web.jsGzipKb, target: `< ${TARGETS.jsGzipKb} КБ gzip всего, ECharts с первой диаграммой`, met: web.jsGzipKb < TARGETS.jsGzipKb },
        firstChart: { value: web.firstChartMs, target: `≤ ${TARGETS.firstChartMs} мс`, met: web.firstChartMs <= TARGETS.firstChartMs },
      } : {}),
    };
    return {
      scale: options.scale, counts, machine: { cpus: cpus().length, node: process.version },
      ingest, kpis, api, loadDuringUpload, web, deck, targets,
    };
  } finally {
    await stopServer(server.process);
  }
}

/**
 * Stops the bench's server and waits until it has exited, so the database file is closed when the
 * bench returns: SIGTERM, and SIGKILL if it has not ended within 15 s.
 */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** The result as the table the bench prints. */
export function formatBench(r: BenchResult): string {
  const lines = [
    `Масштаб ${r.scale}: ${r.counts.organizations} ОО, ${r.counts.participations} участий, ${r.counts.resourceUses} использований ресурсов; ${r.machine.cpus} ядра, Node ${r.machine.node}`,
    '',
    '1. Загрузка через HTTP в пустую базу, как загружает методист (с, строк; отношение = read_csv ÷ загрузка)',
    ...r.ingest.datasets.map((d) => `   ${d.dataset.padEnd(26)} ${String(d.rows).padStart(9)} строк  ${d.seconds.toFixed(2).padStart(7)} с  read_csv ${d.rawSeconds.toFixed(2).padStart(6)} с  отношение ${d.ratio}`),
    `   участия: ${r.ingest.productRowsPerSecond} строк/с против ${r.ingest.rawRowsPerSecond} у read_csv в голую таблицу файла базы;`
      + ` read_csv во временную таблицу в памяти ${r.ingest.inMemorySeconds.toFixed(1)} с, отношение ${r.ingest.inMemoryRatio}`,
    '',
    `2. Карточки KPI одного набора фильтров (${r.kpis.selections} наборов, мс p50 / p95 / макс.):`,
    `   голый SQL, холодный:                          ${r.kpis.sql.p50} / ${r.kpis.sql.p95} / ${r.kpis.sql.max}`,
    `   /api/kpis впервые, после расчёта заранее:     ${r.kpis.api.p50} / ${r.kpis.api.p95} / ${r.kpis.api.max}  (расчёт заранее готов через ${r.kpis.aheadSeconds} с после запуска)`,
    '',
    `3. API под ${'нагрузкой'}: p50 / p95 / p99 мс, запросов/с, ошибок (первый запрос «холодный», мс)`,
    ...r.api.endpoints.map((e) => `   ${e.url.padEnd(42)} ${e.p50.toFixed(1).padStart(6)} ${e.p95.toFixed(1).padStart(6)} ${e.p99.toFixed(1).padStart(6)} ${String(e.requestsPerSecond).padStart(7)} ${String(e.errors).padStart(4)}   (${e.coldMs})`),
    '',
    `   во время загрузки (${r.loadDuringUpload.urls} разных фильтров /api/kpis, ${r.loadDuringUpload.requests} запросов, загрузка ${r.loadDuringUpload.uploadSeconds} с):`
      + ` p50 ${r.loadDuringUpload.p50} / p95 ${r.loadDuringUpload.p95} / p99 ${r.loadDuringUpload.p99} / самый долгий ${r.loadDuringUpload.max} мс,`
      + ` ошибок ${r.loadDuringUpload.errors}, тайм-аутов ${r.loadDuringUpload.timeouts}`,
    `   презентация всех диаграмм для новых фильтров: диаграммами PowerPoint ${r.deck.nativeMs} мс`
      + (r.deck.pictureMs === null ? '' : `, картинками ${r.deck.pictureMs} мс`),
    '',
    r.web
      ? `4. Веб: JS ${r.web.jsGzipKb} КБ + CSS ${r.web.cssGzipKb} КБ (gzip) на обзоре (ECharts — с первой диаграммой); медиана ${r.web.browserStarts} запусков браузера: карточки через ${r.web.firstCardsMs} мс, первая диаграмма на экране через ${r.web.firstChartMs} мс (ECharts рисует её через ${r.web.firstInteractiveMs} мс);`
        + ` открытие снова: карточки ${r.web.again.cardsMs} мс, диаграмма ${r.web.again.chartMs} мс (ECharts ${r.web.again.interactiveMs} мс)`
      : '4. Веб: не измерялось (нет Chromium или сборки)',
    '',
    `5. Память: пик RSS сервера при загрузках ${r.ingest.peakRssMb} МБ; второго сервера — до конца расчёта заранее ${r.kpis.aheadPeakRssMb} МБ, после нагрузки ${r.api.serverPeakRssMb} МБ`,
    '',
    'Цели:',
    ...Object.entries(r.targets).map(([name, t]) => `   ${t.met ? 'да ' : 'НЕТ'} ${name}: ${t.value} (${t.target})`),
  ];
  return lines.join('\n');
}
