import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { freePort } from '../free-port.js';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { readConfig } from '../config.js';
import { CSRF_HEADER } from '../../web/src/lib/shared/roles.js';
import { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { Queries } from '../db/queries.js';
import { UploadService } from '../ingest/uploads.js';
import { openPseudonyms } from '../persons/stored-ids.js';
import { benchDataIn, generateBenchData, type BenchCounts } from './generate.js';
import { loadBenchData, rawReadCsv } from './load.js';

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
  /** raw: read_csv into a bare table of the database file; inMemory: into a temporary table. */
  ingest: { rows: number; productSeconds: number; productRowsPerSecond: number; rawSeconds: number; rawRowsPerSecond: number; ratio: number; inMemorySeconds: number; inMemoryRatio: number; peakRssMb: number };
  api: { endpoints: EndpointResult[]; serverPeakRssMb: number };
  /** Clients on /api/kpis with filters of every period and district while an upload commits. */
  loadDuringUpload: { urls: number; requests: number; p50: number; p95: number; p99: number; max: number; errors: number; timeouts: number; uploadSeconds: number };
  /**
   * jsGzipKb: every script the overview loads, ECharts (loaded by the first chart) included; the
   * first load without it is test/web-app.test.ts's. firstCardsMs: until a card shows its number.
   */
  web: { jsGzipKb: number; cssGzipKb: number; firstCardsMs: number; firstChartMs: number } | null;
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

/**
 * 1. Ingest: the product's full upload path against DuckDB's read_csv of the same file into a
 * bare table of the same database file — the limit for data that has to end up in that file.
 * read_csv into a temporary table (memory, nothing written) is shown for context.
 */
async function benchIngest(dbPath: string, keyPath: string, dataDir: string, log: BenchOptions['log']): Promise<BenchResult['ingest']> {
  const db = await Database.open(dbPath, { memoryLimit: readConfig().duckdbMemory });
  await migrate(db);
  await loadBenchData(db, dataDir, ['participations']);
  // The generated ids are loaded raw; tying the database to a key hashes them, as at a first start.
  const { pseudonyms } = await openPseudonyms(db, keyPath);
  const file = join(dataDir, 'participations.csv');

  let start = process.hrtime.bigint();
  const rows = await rawReadCsv(db, dataDir, 'participations', { onDisk: true });
  const rawSeconds = seconds(start);
  log(`read_csv в таблицу файла базы: ${rows} строк за ${rawSeconds.toFixed(1)} с`);
  start = process.hrtime.bigint();
  await rawReadCsv(db, dataDir, 'participations');
  const inMemorySeconds = seconds(start);
  log(`read_csv во временную таблицу: ${inMemorySeconds.toFixed(1)} с`);

  const uploads = new UploadService(db, await Queries.load(db), pseudonyms, async () => {});
  start = process.hrtime.bigint();
  const result = await uploads.run({
    path: file, fileName: 'participations.csv', sha256: 'bench', sizeBytes: 0, dataset: 'participations', mapping: null,
    mode: 'strict', uploadedBy: 'bench', temporary: false,
  });
  const productSeconds = seconds(start);
  if (result.status !== 'applied') throw new Error(`Загрузка не прошла: ${result.message}`);
  log(`загрузка продукта: ${result.rowsTotal} строк за ${productSeconds.toFixed(1)} с`);
  db.close();
  return {
    rows,
    productSeconds,
    productRowsPerSecond: Math.round(rows / productSeconds),
    rawSeconds,
    rawRowsPerSecond: Math.round(rows / rawSeconds),
    ratio: Math.round((1000 * rawSeconds) / productSeconds) / 1000,
    inMemorySeconds,
    inMemoryRatio: Math.round((1000 * inMemorySeconds) / productSeconds) / 1000,
    peakRssMb: peakRssMb('self'),
  };
}

/** Runs autocannon (it starts at once): its result and the p50/p95/p99 and slowest of every answered request, in ms. */
function load(options: autocannon.Options): Promise<{ result: autocannon.Result; p50: number; p95: number; p99: number; max: number }> {
  const latencies: number[] = [];
  // Called without a callback, autocannon is both an event emitter and a promise of the result.
  const instance = autocannon(options) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  return instance.then((result) => {
    latencies.sort((a, b) => a - b);
    const ms = (p: number) => Math.round(percentile(latencies, p) * 10) / 10;
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
  const [header, ...lines] = readFileSync(join(dataDir, 'participations.csv'), 'utf8').split('\n', rows + 1);
  return [header, ...lines.map((line) => line.replace(/^([^;]*)/, '$1-load'))].join('\n') + '\n';
}

/**
 * 2b. The dashboard while data changes: clients ask for the KPI cards of every period × district
 * (no two in a row alike, so the cache helps little) and an upload commits meanwhile, which drops
 * every cached answer. Nothing may time out or fail; p99 is reported.
 */
async function benchLoadDuringUpload(
  server: { url: string; cookie: string; csrf: string }, dataDir: string, options: BenchOptions,
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
  const upload = await fetch(`${server.url}/api/uploads?dataset=participations&fileName=load.csv`, {
    method: 'POST', body: freshParticipations(dataDir, 1000), headers: { cookie: server.cookie, [CSRF_HEADER]: server.csrf, 'content-type': 'text/csv' },
  });
  if (upload.status !== 202) throw new Error(`Загрузка под нагрузкой: ${upload.status} ${await upload.text()}`);
  const { id } = await upload.json() as { id: number };
  for (;;) {
    const detail = await (await fetch(`${server.url}/api/uploads/${id}`, { headers: { cookie: server.cookie } })).json() as { status: string; message: string | null };
    if (detail.status === 'applied') break;
    if (detail.status !== 'processing') throw new Error(`Загрузка под нагрузкой не применена: ${detail.message}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const uploadSeconds = seconds(start);
  const { result, ...latencies } = await loading;
  const row = {
    urls: urls.length, requests: result.requests.total, ...latencies,
    errors: result.errors + result.non2xx, timeouts: result.timeouts, uploadSeconds: Math.round(uploadSeconds * 10) / 10,
  };
  options.log(`/api/kpis, ${row.urls} разных фильтров, во время загрузки: p99 ${row.p99} мс, ошибок ${row.errors}, тайм-аутов ${row.timeouts}`);
  return row;
}

/** 3. Web: what the overview downloads (gzipped) and how soon the first chart is drawn. */
async function benchWeb(server: { url: string }, log: BenchOptions['log']): Promise<BenchResult['web']> {
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
    // A fresh page: count what the overview itself loads.
    const context = await browser.newContext({ storageState: await page.context().storageState() });
    const overview = await context.newPage();
    const assets = new Map<string, 'js' | 'css'>();
    overview.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname.endsWith('.js')) assets.set(url.pathname, 'js');
      if (url.pathname.endsWith('.css')) assets.set(url.pathname, 'css');
    });
    const start = Date.now();
    await overview.goto(server.url);
    await overview.waitForFunction(() => Array.from(document.querySelectorAll('[data-kpi] .value')).some((v) => v.textContent !== '…'), undefined, { timeout: 60_000 });
    const firstCardsMs = Date.now() - start;
    await overview.waitForSelector('[data-chart][data-ready="true"]', { timeout: 60_000 });
    const firstChartMs = Date.now() - start;
    await overview.waitForLoadState('networkidle');
    let [js, css] = [0, 0];
    for (const [path, kind] of assets) {
      const bytes = gzipSync(await (await fetch(server.url + path)).arrayBuffer().then((b) => Buffer.from(b))).length;
      if (kind === 'js') js += bytes;
      else css += bytes;
    }
    const kb = (bytes: number) => Math.round(bytes / 1024);
    const result = { jsGzipKb: kb(js), cssGzipKb: kb(css), firstCardsMs, firstChartMs };
    log(`веб: JS ${result.jsGzipKb} КБ, CSS ${result.cssGzipKb} КБ (gzip), карточки через ${firstCardsMs} мс, первая диаграмма через ${firstChartMs} мс`);
    return result;
  } finally {
    await browser.close();
  }
}

async function startServer(dbPath: string, keyPath: string, webRoot: string): Promise<{ url: string; cookie: string; csrf: string; pid: number; process: ChildProcess }> {
  const port = await freePort();
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
  return { url, cookie: String(login.headers.get('set-cookie')).split(';')[0], csrf: csrfToken, pid: child.pid!, process: child };
}

const TARGETS = { ingestRatio: 0.5, p95Ms: 50, jsGzipKb: 300, rssMb: 1536, p99UnderChangeMs: 1000, deckMs: 1500, firstChartMs: 1000 };

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

  const ingest = await benchIngest(dbPath, keyPath, dataDir, options.log);
  const server = await startServer(dbPath, keyPath, options.webRoot);
  try {
    const api = await benchApi(server, options);
    const loadDuringUpload = await benchLoadDuringUpload(server, dataDir, options);
    const deck = await benchDeck(server, options);
    const web = options.browser && existsSync('/usr/bin/chromium') && existsSync(join(options.webRoot, 'index.html'))
      ? await benchWeb(server, options.log) : null;
    const worstP95 = Math.max(...api.endpoints.map((e) => e.p95));
    const targets: BenchResult['targets'] = {
      ingest: { value: ingest.ratio, target: `≥ ${TARGETS.ingestRatio} × read_csv`, met: ingest.ratio >= TARGETS.ingestRatio },
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
      ingest, api, loadDuringUpload, web, deck, targets,
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
    '1. Загрузка участий (строк/с)',
    `   продукт (декодирование, разбор, проверка, слияние): ${r.ingest.productRowsPerSecond}  (${r.ingest.productSeconds.toFixed(1)} с)`,
    `   DuckDB read_csv в голую таблицу файла базы:         ${r.ingest.rawRowsPerSecond}  (${r.ingest.rawSeconds.toFixed(1)} с)`,
    `   отношение: ${r.ingest.ratio}`,
    `   для сравнения: read_csv во временную таблицу в памяти ${r.ingest.inMemorySeconds.toFixed(1)} с, отношение ${r.ingest.inMemoryRatio}`,
    '',
    `2. API под ${'нагрузкой'}: p50 / p95 / p99 мс, запросов/с, ошибок (первый запрос «холодный», мс)`,
    ...r.api.endpoints.map((e) => `   ${e.url.padEnd(42)} ${e.p50.toFixed(1).padStart(6)} ${e.p95.toFixed(1).padStart(6)} ${e.p99.toFixed(1).padStart(6)} ${String(e.requestsPerSecond).padStart(7)} ${String(e.errors).padStart(4)}   (${e.coldMs})`),
    '',
    `   во время загрузки (${r.loadDuringUpload.urls} разных фильтров /api/kpis, ${r.loadDuringUpload.requests} запросов, загрузка ${r.loadDuringUpload.uploadSeconds} с):`
      + ` p50 ${r.loadDuringUpload.p50} / p95 ${r.loadDuringUpload.p95} / p99 ${r.loadDuringUpload.p99} / самый долгий ${r.loadDuringUpload.max} мс,`
      + ` ошибок ${r.loadDuringUpload.errors}, тайм-аутов ${r.loadDuringUpload.timeouts}`,
    `   презентация всех диаграмм для новых фильтров: диаграммами PowerPoint ${r.deck.nativeMs} мс`
      + (r.deck.pictureMs === null ? '' : `, картинками ${r.deck.pictureMs} мс`),
    '',
    r.web
      ? `3. Веб: JS ${r.web.jsGzipKb} КБ + CSS ${r.web.cssGzipKb} КБ (gzip) на обзоре (ECharts — с первой диаграммой); карточки через ${r.web.firstCardsMs} мс, первая диаграмма через ${r.web.firstChartMs} мс`
      : '3. Веб: не измерялось (нет Chromium или сборки)',
    '',
    `4. Память: пик RSS при загрузке ${r.ingest.peakRssMb} МБ, сервера под нагрузкой ${r.api.serverPeakRssMb} МБ`,
    '',
    'Цели:',
    ...Object.entries(r.targets).map(([name, t]) => `   ${t.met ? 'да ' : 'НЕТ'} ${name}: ${t.value} (${t.target})`),
  ];
  return lines.join('\n');
}
