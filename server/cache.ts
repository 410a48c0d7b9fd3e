import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localDay } from './local-day.js';
import { DATA_VERSION_HEADER, formatDataVersion } from '../web/src/lib/shared/data-version.js';

declare module 'fastify' {
  interface FastifyInstance {
    responseCache: ResponseCache;
  }
  interface FastifyContextConfig {
    /** Answers depend only on the URL and the data: cache them until the data changes. */
    cache?: boolean;
  }
}

const MAX_ENTRIES = 2000;
/**
 * The answers' bytes kept at most: pictures and downloads are tens to hundreds of kilobytes each,
 * and every width of a chart's picture, every filter of a PNG is a URL of its own.
 */
export const MAX_CACHED_BYTES = 64 * 1024 * 1024;

type Entry = { body: string | Buffer; type: string; disposition?: string };

/** How many of the views last looked at are computed again after a data change. */
const WARM_AFTER_CHANGE = 24;

/**
 * Read-only API answers keyed by URL, dropped whenever the data changes (an upload applied or
 * rolled back, targets or deadlines edited) and when the day changes (days overdue, reports not
 * yet due, the catalogue's sites in force are counted from today). Officials open the same views
 * over and over in a meeting; the second time is a map look-up. Access is checked before the
 * cache is consulted.
 *
 * Identical requests in flight share one computation: twenty officials opening the overview
 * right after an upload cost one cold computation, not twenty queued ones. After a change the
 * views looked at last are computed again in the background (warm), so the next visitor finds
 * them ready; an answer is never served from before the change.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  /** The bytes of the answers kept (their bodies). */
  private bytes = 0;
  private version = 0;
  /** When this server started: with `version`, the data version answers carry across restarts. */
  private readonly start = Date.now();
  private day: string;
  /** URL → the answer its first requester is computing (null: not kept, compute it yourself). */
  private readonly inFlight = new Map<string, Promise<Entry | null>>();
  /** The requests computing an answer others wait for, with how to hand it over. */
  private readonly leaders = new WeakMap<object, (entry: Entry | null) => void>();
  /** The views looked at last before the latest change, to compute again. */
  private recent: string[] = [];

  constructor(private readonly today: () => string = localDay, private readonly maxBytes = MAX_CACHED_BYTES) {
    this.day = today();
  }
  /** The data version each request started under: an answer computed before a change is not kept. */
  private readonly started = new WeakMap<object, number>();

  /** The data changed: forget every answer (and remember which were looked at last). */
  invalidate(): void {
    const looked = [...this.entries.keys()].slice(-WARM_AFTER_CHANGE).reverse();
    if (looked.length > 0) this.recent = looked;
    this.version += 1;
    this.entries.clear();
    this.bytes = 0;
    this.inFlight.clear();
  }

  /** The version of the data now as answers carry it (DATA_VERSION_HEADER). */
  currentText(): string {
    return formatDataVersion(this.start, this.current());
  }

  /**
   * The version of the data answers are computed from now: it changes with every change of the
   * data and of the day. Whatever keeps results of its own (KPI query results) keys them by it.
   */
  current(): number {
    const day = this.today();
    if (day !== this.day) {
      this.day = day;
      this.invalidate();
    }
    return this.version;
  }

  get size(): number {
    return this.entries.size;
  }

  has(url: string): boolean {
    return this.entries.has(url);
  }

  /**
   * Computes again, one at a time, the views looked at last before the change (or the given
   * ones): `fetch` asks for one as a request would. Stops when the data changes again meanwhile.
   */
  async warm(fetch: (url: string) => Promise<unknown>, urls: readonly string[] = this.takeRecent()): Promise<void> {
    const version = this.version;
    for (const url of urls) {
      if (this.version !== version) return;
      if (this.entries.has(url)) continue;
      await fetch(url).catch(() => undefined);
    }
  }

  private takeRecent(): string[] {
    const urls = this.recent;
    this.recent = [];
    return urls;
  }

  install(app: FastifyInstance): void {
    app.decorate('responseCache', this as ResponseCache);
    const send = (reply: FastifyReply, entry: Entry, how: 'hit' | 'shared') => {
      reply.header('x-cache', how).type(entry.type);
      if (entry.disposition) reply.header('content-disposition', entry.disposition);
      return reply.send(entry.body);
    };
    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'GET') return;
      const version = this.current();
      this.started.set(request, version);
      if (!request.routeOptions.config?.cache) return;
      const hit = this.entries.get(request.url);
      if (hit) {
        // Re-insert: the map's order is the eviction order (least recently used first).
        this.entries.delete(request.url);
        this.entries.set(request.url, hit);
        return send(reply, hit, 'hit');
      }
      const pending = this.inFlight.get(request.url);
      if (pending) {
        const entry = await pending;
        if (entry && this.version === version) return send(reply, entry, 'shared');
        return;
      }
      let handOver!: (entry: Entry | null) => void;
      this.inFlight.set(request.url, new Promise((resolve) => (handOver = resolve)));
      this.leaders.set(request, handOver);
    });
    app.addHook('onSend', async (request, reply, payload) => {
      // Every answer says which data it was computed from: the page fetches again what is older.
      const started = this.started.get(request);
      if (started !== undefined && request.url.startsWith('/api/')) reply.header(DATA_VERSION_HEADER, formatDataVersion(this.start, started));
      if (request.method !== 'GET' || !request.routeOptions.config?.cache || reply.getHeader('x-cache')) return payload;
      const fresh = this.started.get(request) === this.version;
      if (reply.statusCode === 200 && fresh && (typeof payload === 'string' || Buffer.isBuffer(payload))) {
        const entry = {
          body: payload,
          type: String(reply.getHeader('content-type') ?? 'application/json'),
          disposition: reply.getHeader('content-disposition') as string | undefined,
        };
        this.keep(request.url, entry);
        this.handOver(request, entry);
      }
      reply.header('x-cache', 'miss');
      return payload;
    });
    // Whatever became of the computation (an error, a client gone), the waiting are let go.
    app.addHook('onResponse', async (request) => this.handOver(request, null));
    app.addHook('onRequestAbort', async (request) => this.handOver(request, null));
  }

  /** Keeps an answer, the least recently used ones let go while there are too many or too many bytes. */
  private keep(url: string, entry: Entry): void {
    const size = (entry: Entry) => (typeof entry.body === 'string' ? Buffer.byteLength(entry.body) : entry.body.length);
    const before = this.entries.get(url);
    if (before) this.bytes -= size(before);
    this.entries.delete(url);
    this.entries.set(url, entry);
    this.bytes += size(entry);
    while (this.entries.size > 1 && (this.entries.size > MAX_ENTRIES || this.bytes > this.maxBytes)) {
      const [oldest, kept] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      this.bytes -= size(kept);
    }
  }

  private handOver(request: FastifyRequest, entry: Entry | null): void {
    const resolve = this.leaders.get(request);
    if (!resolve) return;
    this.leaders.delete(request);
    resolve(entry);
    // Its entry, unless a data change has cleared it and a newer request made another.
    if (this.started.get(request) === this.version) this.inFlight.delete(request.url);
  }
}
