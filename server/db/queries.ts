import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database, Row, Session, SqlParams } from './database.js';

const QUERIES_DIR = fileURLToPath(new URL('../../queries/', import.meta.url));

/** Every SQL file the server runs; loading fails at start-up if one is missing. */
export const QUERY_NAMES = [
  'kpi_competition_share', 'kpi_authors_share', 'kpi_users_share', 'kpi_pilot_testing_orgs',
  'kpi_trainees', 'kpi_events', 'kpi_resource_reuse', 'kpi_org_engagement',
  'sites_by_direction', 'events_by_format', 'events_per_site_by_format', 'trainee_funnel', 'site_reports_timeliness',
  'plan_items_by_status', 'plan_end', 'districts_list', 'directions_list', 'data_span',
  'sites_list', 'site_card', 'site_events', 'site_trainees', 'site_resources', 'site_reports', 'reference_keys', 'catalogue_sites',
  'site_reports_overdue', 'template_references', 'deadlines_of_year', 'deadlines_upcoming', 'deadline_set', 'deadline_clear',
  'upload_create', 'upload_finish', 'uploads_list', 'upload_errors_list', 'upload_mark_interrupted',
  'upload_rolled_back', 'upload_same_file',
  'user_by_login', 'users_list', 'user_create', 'user_update', 'user_set_password', 'users_count_admins',
  'session_create', 'session_get', 'session_touch', 'session_delete', 'audit_insert', 'audit_list',
  'login_failures_get', 'login_failure_put', 'login_failures_delete',
  'targets_list', 'target_update', 'target_delete',
] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

const COMMENTS = /--[^\n]*/g;
/** A statement that only reads: a SELECT, possibly after WITH. */
const READS = /^\s*(SELECT|WITH)\b/i;

/** The SQL files of queries/, read once; each runs with bound parameters only. */
export class Queries {
  /** The queries that only read, told once from their SQL. */
  private readonly reads: ReadonlySet<QueryName>;

  private constructor(
    private readonly db: Database,
    private readonly sql: ReadonlyMap<QueryName, string>,
  ) {
    this.reads = new Set([...sql].filter(([, text]) => READS.test(text.replace(COMMENTS, ''))).map(([name]) => name));
  }

  static async load(db: Database, dir = QUERIES_DIR): Promise<Queries> {
    const present = new Set((await readdir(dir)).filter((f) => f.endsWith('.sql')).map((f) => f.slice(0, -4)));
    const sql = new Map<QueryName, string>();
    for (const name of QUERY_NAMES) {
      if (!present.has(name)) throw new Error(`queries/${name}.sql is missing`);
      sql.set(name, await readFile(`${dir}${name}.sql`, 'utf8'));
    }
    return new Queries(db, sql);
  }

  /**
   * Reads run on the database's pool, side by side; statements that write keep to its one
   * connection, one after another (two writes of one row at once would conflict). `signal` stops
   * a read nobody waits for any more (Session.all); a write always runs to its end.
   */
  run<T extends Row = Row>(name: QueryName, params: SqlParams = {}, signal?: AbortSignal): Promise<T[]> {
    return this.reads.has(name) ? this.db.pooled<T>(this.sql.get(name)!, params, signal) : this.on(this.db, name, params);
  }

  /** Runs a query on another session, such as a transaction's. */
  on<T extends Row = Row>(session: Session, name: QueryName, params: SqlParams = {}): Promise<T[]> {
    return session.all<T>(this.sql.get(name)!, params);
  }
}
