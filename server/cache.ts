import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answers depend only on the URL and the data: cache them until the data changes. */
    cache?: boolean;
  }
}

const MAX_ENTRIES = 2000;

/** The local calendar day, as DuckDB's current_date (the server's time zone) sees it. */
function localDay(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/**
 * Read-only API answers keyed by URL, dropped whenever the data changes (an upload applied or
 * rolled back, targets or deadlines edited) and when the day changes (days overdue, reports not
 * yet due, the catalogue's sites in force are counted from today). Officials open the same views
 * over and over in a meeting; the second time is a map look-up. Access is checked before the
 * cache is consulted.
 */
export class ResponseCache {
  private readonly entries = new Map<string, { body: string | Buffer; type: string; disposition?: string }>();
  private version = 0;
  private day: string;

  constructor(private readonly today: () => string = localDay) {
    this.day = today();
  }
  /** The data version each request started under: an answer computed before a change is not kept. */
  private readonly started = new WeakMap<object, number>();

  /** The data changed: forget every answer. */
  invalidate(): void {
    this.version += 1;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  install(app: FastifyInstance): void {
    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'GET' || !request.routeOptions.config?.cache) return;
      const day = this.today();
      if (day !== this.day) {
        this.day = day;
        this.invalidate();
      }
      this.started.set(request, this.version);
      const hit = this.entries.get(request.url);
      if (!hit) return;
      // Re-insert: the map's order is the eviction order (least recently used first).
      this.entries.delete(request.url);
      this.entries.set(request.url, hit);
      reply.header('x-cache', 'hit').type(hit.type);
      if (hit.disposition) reply.header('content-disposition', hit.disposition);
      return reply.send(hit.body);
    });
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.method !== 'GET' || !request.routeOptions.config?.cache || reply.getHeader('x-cache') === 'hit') return payload;
      const fresh = this.started.get(request) === this.version;
      if (reply.statusCode === 200 && fresh && (typeof payload === 'string' || Buffer.isBuffer(payload))) {
        this.entries.set(request.url, {
          body: payload,
          type: String(reply.getHeader('content-type') ?? 'application/json'),
          disposition: reply.getHeader('content-disposition') as string | undefined,
        });
        if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      }
      reply.header('x-cache', 'miss');
      return payload;
    });
  }
}
