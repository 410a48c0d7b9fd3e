import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database, Row, Session, SqlParams } from './database.js';

const QUERIES_DIR = fileURLToPath(new URL('../../queries/', import.meta.url));

/** A SQL file of queries/, by its name without `.sql`. */
export type QueryName = string;

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

  /** Every .sql file of queries/ (the macros' folder apart): a query is its file, no list to keep. */
  static async load(db: Database, dir = QUERIES_DIR): Promise<Queries> {
    const names = (await readdir(dir)).filter((f) => f.endsWith('.sql')).map((f) => f.slice(0, -4));
    const sql = new Map<QueryName, string>();
    for (const name of names) sql.set(name, await readFile(`${dir}${name}.sql`, 'utf8'));
    return new Queries(db, sql);
  }

  has(name: QueryName): boolean {
    return this.sql.has(name);
  }

  private text(name: QueryName): string {
    const text = this.sql.get(name);
    if (text === undefined) throw new Error(`queries/${name}.sql is missing`);
    return text;
  }

  /**
   * Reads run on the database's pool, side by side; statements that write keep to its one
   * connection, one after another (two writes of one row at once would conflict). `signal` stops
   * a read nobody waits for any more (Session.all); a write always runs to its end.
   */
  run<T extends Row = Row>(name: QueryName, params: SqlParams = {}, signal?: AbortSignal): Promise<T[]> {
    return this.reads.has(name) ? this.db.pooled<T>(this.text(name), params, signal) : this.on(this.db, name, params);
  }

  /** Runs a query on another session, such as a transaction's. */
  on<T extends Row = Row>(session: Session, name: QueryName, params: SqlParams = {}): Promise<T[]> {
    return session.all<T>(this.text(name), params);
  }
}
