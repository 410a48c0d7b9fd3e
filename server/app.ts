import { existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { TrustProxy } from './config.js';
import type { Database } from './db/database.js';
import type { Pseudonyms } from './persons/pseudonyms.js';
import { Queries } from './db/queries.js';
import { arrivalsOnce } from './domain/completeness.js';
import { KpiService } from './domain/kpis.js';
import { loadPassports } from './domain/passports.js';
import { Publications } from './domain/publications.js';
import { publicationRoutes } from './routes/publications.js';
import { mapRoutes } from './routes/map.js';
import { DistrictMaps } from './domain/district-map.js';
import { mailRoutes } from './routes/mail.js';
import { MailService } from './mail/service.js';
import type { MailConfig } from './mail/config.js';
import { FilterCatalog } from './domain/scope.js';
import { KpisAhead } from './domain/kpis-ahead.js';
import { isWebPage } from './web-pages.js';
import { CHART_IDS } from '../web/src/lib/charts/registry.js';
import { clientErrorHandler, frameworkErrors, installErrorHandling } from './errors.js';
import type { AppContext } from './routes/context.js';
import { chartRoutes } from './routes/charts.js';
import { filterRoutes } from './routes/filters.js';
import { healthRoutes } from './routes/health.js';
import { kpiRoutes } from './routes/kpis.js';
import { siteRoutes } from './routes/sites.js';
import { catalogueRoutes } from './routes/catalogue.js';
import { uploadRoutes } from './routes/uploads.js';
import { removeLeftoverUploads } from './ingest/leftovers.js';
import { exportRoutes } from './routes/exports.js';
import { UploadService } from './ingest/uploads.js';
import { adminRoutes } from './routes/admin.js';
import { deadlineRoutes } from './routes/deadlines.js';
import { authRoutes } from './routes/auth.js';
import { AuditLog } from './auth/audit.js';
import { installAccessControl, WARM_UP } from './auth/access.js';
import { Users } from './auth/users.js';
import { installSecurity } from './security.js';
import { ResponseCache } from './cache.js';
import { installRequestGone } from './request-gone.js';
import { ANSWER_WITHIN_MS } from './routes/in-time.js';

export interface AppOptions {
  db: Database;
  /** Makes uploaded teachers' stored ids (the database must be tied to its key: openPseudonyms). */
  pseudonyms: Pseudonyms;
  uploadDir?: string;
  maxUploadBytes?: number;
  region?: string;
  /** Folder of the built web app; the API runs alone when it is missing. */
  webRoot?: string;
  logger?: boolean;
  trustProxy?: TrustProxy;
  /**
   * Compute the overview's default view right away: the first official to open it finds it
   * ready instead of waiting for DuckDB to read the tables from disk (the server, not tests).
   */
  warmOnStart?: boolean;
  /**
   * Keep the KPIs of every period for the region, each organization type and each direction
   * computed ahead for the current data (KpisAhead: the server, not tests).
   */
  computeAhead?: boolean;
  /** How long a KPI request waits for its numbers before a 503 (default ANSWER_WITHIN_MS). */
  answerWithinMs?: number;
  /** The SMTP server reports are mailed through; absent or null: e-mail is off. */
  mail?: MailConfig | null;
  /** Check the mail subscriptions' schedules every hour (the server, not tests: they call tick). */
  mailSchedule?: boolean;
}

/** How often the mail subscriptions' schedules are checked. */
const MAIL_CHECK_MS = 60 * 60 * 1000;

/**
 * The overview's first view, as its page asks for it: the region in the latest period (KPI cards
 * and the outlook), with the default period named (a stable link).
 */
const firstViews = (period: string) => ['/api/kpis', '/api/kpis/outlook'].map((path) => `${path}?period=${period}`);
/** A desktop panel's width, for the charts' pictures drawn at start. */
const PREVIEW_WARM_WIDTH = 600;

/**
 * Fastify's trust setting. Fastify trusts no hop of a bare hop count (it cannot check that the
 * peer is a proxy), so the count is a function here: the server must be reachable only through
 * its proxies (README).
 */
function fastifyTrust(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { db, webRoot, logger = false } = options;
  // Behind a trusted proxy req.ip is the client's (the login rate limit counts by it), and
  // req.protocol says https behind a TLS-terminating one, so cookies get Secure.
  // Requests refused before a route has them are answered in Russian too (errors.ts).
  const app = Fastify({ logger, trustProxy: fastifyTrust(options.trustProxy ?? false), clientErrorHandler, frameworkErrors });
  installErrorHandling(app);
  installRequestGone(app);
  const hasWeb = webRoot !== undefined && existsSync(`${webRoot}/index.html`);
  await installSecurity(app, hasWeb ? `${webRoot}/index.html` : null);

  const queries = await Queries.load(db);
  const region = options.region ?? 'Демонстрационный регион';
  const users = new Users(queries);
  installAccessControl(app, users);
  // A request arriving while the filter lists reload after a data change waits for them: it
  // must not see the new data with the old lists (nor cache such an answer).
  let refreshing: Promise<void> = Promise.resolve();
  // The views computed again after a change, one run after another (ResponseCache.warm).
  let warming: Promise<void> = Promise.resolve();
  let warm = !options.warmOnStart;
  app.addHook('onRequest', async () => {
    await refreshing;
  });
  // After access control: a cached answer is served only to whoever may see it.
  const cache = new ResponseCache();
  cache.install(app);
  const warmUp = (url: string) => app.inject({ url, headers: { [WARM_UP.header]: WARM_UP.secret } });
  // Each app its own upload folder unless told (tests run many apps at once; start-up clears it).
  const ownUploadDir = options.uploadDir === undefined ? mkdtempSync(join(tmpdir(), 'ploshchadki-uploads-')) : null;
  const publications = await Publications.load(db, queries);
  let ahead: KpisAhead | null = null;
  // After the views looked at last: they are what officials open next.
  const computeAhead = () => ahead?.run();
  const ctx: AppContext = {
    db,
    publications,
    maps: await DistrictMaps.load(db, queries, (message) => app.log.error(message)),
    queries,
    catalog: await FilterCatalog.load(queries, region),
    kpis: new KpiService(queries, await loadPassports(), () => cache.current(), (period) => publications.of(period)),
    arrivals: arrivalsOnce(queries, () => cache.current()),
    uploads: new UploadService(db, queries, options.pseudonyms, async () => {
      // Synchronously, at the commit: no answer from before the change is served from now on,
      // and requests wait for the reloaded filter lists (uploads may add districts or periods).
      cache.invalidate();
      refreshing = FilterCatalog.load(queries, region)
        .then((catalog) => {
          ctx.catalog = catalog;
          cache.invalidate();
          warming = warming.then(() => cache.warm(warmUp));
          void warming.then(computeAhead);
        })
        // Keep serving with the old lists rather than failing every request.
        .catch((error: unknown) => app.log.error(error));
      await refreshing;
    }),
    uploadDir: options.uploadDir ?? ownUploadDir!,
    maxUploadBytes: options.maxUploadBytes ?? 100 * 1024 * 1024,
    answerWithinMs: options.answerWithinMs ?? ANSWER_WITHIN_MS,
    users,
    audit: new AuditLog(queries),
    cache,
    warm: () => warm,
    computedAhead: () => ahead?.ready ?? false,
    mail: new MailService(queries, options.mail ?? null, warmUp, () => ctx.catalog),
  };
  if (options.mailSchedule && ctx.mail.enabled) ctx.mail.start(MAIL_CHECK_MS);
  await ctx.uploads.markInterrupted();
  // Approved means of a database from before their sums were stored, read as their counts say.
  await publications.settleLegacyMeans(ctx.kpis);
  // Files a stopped server was still importing: nothing imports now, and they may hold raw СНИЛС.
  const removed = await removeLeftoverUploads(ctx.uploadDir);
  if (removed > 0) app.log.warn(`Удалены файлы прерванных загрузок: ${removed}`);
  // A closing server lets the running import (and the refresh after it) finish before the
  // database is closed under it.
  app.addHook('onClose', async () => {
    await ctx.mail.stop();
    await ahead?.stop();
    await ctx.db.turnsDone();
    // Forgetting the answers stops the warm-up at its next view.
    cache.invalidate();
    await warming;
    if (ownUploadDir) await rm(ownUploadDir, { recursive: true, force: true });
  });
  for (const routes of [healthRoutes, authRoutes, filterRoutes, kpiRoutes, chartRoutes, siteRoutes, catalogueRoutes, uploadRoutes, exportRoutes, adminRoutes, deadlineRoutes, publicationRoutes, mailRoutes, mapRoutes]) {
    await app.register(routes, { ctx });
  }

  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      // The build writes each file brotli- and gzip-compressed beside it (svelte.config.js).
      preCompressed: true,
      cacheControl: false,
      // A hashed name changes with the content: a year without asking. The shell and the rest are
      // asked about each time, so a new build is seen at once.
      setHeaders: (res, path) => res.setHeader('cache-control', path.includes('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
  }
  app.setNotFoundHandler((request, reply) => {
    // Client-side routes (/sites/SP-2020-01) get the app shell, an address that is no page the
    // shell with 404 (the page says so); unknown API paths get JSON.
    if (hasWeb && request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.code(isWebPage(request.url.split('?')[0]) ? 200 : 404).type('text/html').sendFile('index.html');
    }
    return reply.status(404).send({ statusCode: 404, error: 'Not Found', message: `Нет такого адреса: ${request.url}` });
  });
  // Everything is registered: the first inject boots the app.
  if (options.computeAhead) {
    ahead = new KpisAhead(ctx.kpis, () => cache.current(), () => ctx.catalog.scopesAhead(), db, (error) => app.log.error(error));
    ahead.start();
  }
  // Then the overview's pictures of its charts at a desktop panel's width: the renderer (ECharts
  // and resvg) loaded and run once, the first official's pictures (at her panels' width) are drawn
  // in a fraction of the time.
  if (options.warmOnStart) {
    const period = ctx.catalog.defaultPeriod().code;
    warming = cache.warm(warmUp, firstViews(period)).finally(() => (warm = true))
      .then(() => cache.warm(warmUp, CHART_IDS.map((id) => `/api/preview/${id}?period=${period}&width=${PREVIEW_WARM_WIDTH}`)));
  }
  void warming.then(computeAhead);
  return app;
}
