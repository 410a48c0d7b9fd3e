import type { Database } from '../db/database.js';
import type { Queries } from '../db/queries.js';
import type { KpiService } from '../domain/kpis.js';
import type { Publications } from '../domain/publications.js';
import type { DistrictMaps } from '../domain/district-map.js';
import type { MailService } from '../mail/service.js';
import type { FilterCatalog } from '../domain/scope.js';
import type { UploadService } from '../ingest/uploads.js';
import type { AuditLog } from '../auth/audit.js';
import type { Users } from '../auth/users.js';
import type { ResponseCache } from '../cache.js';
import type { Arrivals } from '../domain/completeness.js';
import type { Period } from '../domain/periods.js';

/** What every API route works with; built once in app.ts. */
export interface AppContext {
  db: Database;
  queries: Queries;
  /** The filter lists; replaced when uploads change the data. */
  catalog: FilterCatalog;
  kpis: KpiService;
  /** Who had not sent what for a period (notArrived), once a data version and a day. */
  arrivals: (period: Period) => Promise<Arrivals>;
  /** Approved periods and their stored figures. */
  publications: Publications;
  /** The district map's shapes: the uploaded boundaries, or tiles. */
  maps: DistrictMaps;
  uploads: UploadService;
  users: Users;
  audit: AuditLog;
  /** Cached read answers; invalidate() after any change to data or targets. */
  cache: ResponseCache;
  /** Whether the views computed as the server starts are ready (always, when it computes none). */
  warm: () => boolean;
  /** Whether the KPIs of the usual filters are computed ahead for the current data (KpisAhead). */
  computedAhead: () => boolean;
  uploadDir: string;
  maxUploadBytes: number;
  /** Reports by e-mail: subscriptions and their letters. */
  mail: MailService;
  /** How long a KPI request waits for its numbers before a 503 (routes/in-time.ts). */
  answerWithinMs: number;
}
