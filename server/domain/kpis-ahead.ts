import type { Database } from '../db/database.js';
import type { KpiService } from './kpis.js';
import type { Scope } from './scope.js';

/** How often a change of the data version is looked for when nothing announced it (a new day, edited deadlines). */
const LOOK_EVERY_MS = 60_000;

/**
 * Keeps the KPI rows of the usual filter selections computed ahead for the current version of
 * the data: after the server starts, after each import, and when the version changes otherwise.
 * Cold numbers at scale take a DuckDB pass over millions of rows; computed ahead, the cards of a
 * period or filter asked for the first time come from memory. An import queued or running comes
 * first: it would make the rows computed meanwhile stale, and would share the cores with them.
 */
export class KpisAhead {
  /** The data version whose scopes are all computed; -1: none yet. */
  private done = -1;
  private running: Promise<void> | null = null;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly kpis: KpiService,
    private readonly version: () => number,
    private readonly scopes: () => Scope[],
    private readonly writes: Pick<Database, 'changing' | 'turnsDone'>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** True when the current data's usual selections are all computed. */
  get ready(): boolean {
    return this.done === this.version();
  }

  /** Looks for a new version every minute from now on. */
  start(): void {
    this.timer ??= setInterval(() => void this.run(), LOOK_EVERY_MS).unref();
  }

  /** Computes ahead for the current version, unless that is done; joins a run under way. */
  run(): Promise<void> {
    this.running ??= this.loop().catch(this.onError).finally(() => (this.running = null));
    return this.running;
  }

  /** Stops at the next query and waits for it. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async loop(): Promise<void> {
    // A change while computing, or an import queued, makes the run stop and the loop begin again
    // on the new data.
    while (!this.stopped && !this.ready) {
      if (this.writes.changing) {
        await this.writes.turnsDone();
        continue;
      }
      const version = this.version();
      const current = () => !this.stopped && !this.writes.changing && this.version() === version;
      if (await this.kpis.precompute(this.scopes(), current)) this.done = version;
    }
  }
}
