import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBConnection, DuckDBInstance, dateValue, type DuckDBAppender } from '@duckdb/node-api';

/** A value a query parameter may take; dates travel as 'YYYY-MM-DD' strings and are cast in SQL. */
export type SqlParam = string | number | boolean | null;
export type SqlParams = Record<string, SqlParam>;
/** A row as the API sees it: BIGINT becomes number, DATE becomes 'YYYY-MM-DD', LIST an array. */
export type Row = Record<string, unknown>;

export interface RowAppender {
  append(row: Record<string, unknown>): void;
  close(): void;
}

export type ColumnType = 'varchar' | 'integer' | 'double' | 'boolean' | 'date';
export interface ColumnSpec {
  name: string;
  type: ColumnType;
}

/** Reads and writes on one DuckDB connection, one statement at a time (a connection is not re-entrant). */
export class Session {
  private queue: Promise<unknown> = Promise.resolve();
  /** Statements queued or running on the connection. */
  pending = 0;

  constructor(protected readonly connection: DuckDBConnection) {}

  private serial<T>(work: () => Promise<T>): Promise<T> {
    this.pending += 1;
    const result = this.queue.then(work, work).finally(() => (this.pending -= 1));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs a statement, binding only the named parameters the SQL actually mentions. `signal`: when
   * it aborts (nobody waits for the answer any more), a statement still queued does not start and
   * a running one is interrupted; either rejects with the signal's reason.
   */
  all<T extends Row = Row>(sql: string, params: SqlParams = {}, signal?: AbortSignal): Promise<T[]> {
    return this.serial(async () => {
      signal?.throwIfAborted();
      // Only this statement runs on the connection until it settles (serial), so it is the one
      // interrupted. DuckDB forgets an interrupt that comes before the statement has begun on its
      // thread, so it is repeated until the statement ends.
      let repeat: NodeJS.Timeout | undefined;
      const interrupt = () => {
        this.connection.interrupt();
        repeat = setInterval(() => this.connection.interrupt(), 50);
      };
      signal?.addEventListener('abort', interrupt, { once: true });
      try {
        const reader = await this.connection.runAndReadAll(sql, pickParams(sql, params));
        return reader.getRowObjectsJS().map((row) => normaliseRow(row) as T);
      } catch (error) {
        signal?.throwIfAborted();
        throw error;
      } finally {
        signal?.removeEventListener('abort', interrupt);
        clearInterval(repeat);
      }
    });
  }

  async one<T extends Row = Row>(sql: string, params: SqlParams = {}): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  run(sql: string, params: SqlParams = {}): Promise<void> {
    return this.serial(async () => {
      await this.connection.run(sql, pickParams(sql, params));
    });
  }

  /**
   * An appender for streaming rows into a table one by one (appends are synchronous);
   * close() flushes. Use it only on a session nothing else runs on meanwhile (a transaction's).
   */
  async appender(table: string, columns: readonly ColumnSpec[]): Promise<RowAppender> {
    const appender = await this.serial(() => this.connection.createAppender(table));
    return {
      append: (row) => {
        for (const column of columns) appendValue(appender, column, row[column.name]);
        appender.endRow();
      },
      close: () => {
        appender.flushSync();
        appender.closeSync();
      },
    };
  }

  close(): void {
    this.connection.closeSync();
  }

  /** Runs fn inside BEGIN/COMMIT on this session's connection; any error rolls everything back and is rethrown. */
  async transaction<T>(fn: (tx: Session) => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const result = await fn(this);
      await this.run('COMMIT');
      return result;
    } catch (error) {
      // A COMMIT that failed (out of memory, say) has ended the transaction already, and then
      // ROLLBACK fails too: the first error is the cause to report, not «no transaction is active».
      await this.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** Bulk load through DuckDB's appender: far faster than row-by-row INSERTs. */
  append(table: string, columns: readonly ColumnSpec[], rows: readonly object[]): Promise<void> {
    return this.serial(async () => {
      const appender = await this.connection.createAppender(table);
      try {
        for (const row of rows) {
          for (const column of columns) appendValue(appender, column, (row as Record<string, unknown>)[column.name]);
          appender.endRow();
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    });
  }
}

/**
 * How many connections serve the queries of queries/. Each statement may use every core, so a
 * few suffice: enough that short queries pass a long one, few enough not to thrash two cores.
 */
const POOL_SIZE = 4;

/**
 * A new database file appears whole or not at all. DuckDB writes a new file's headers one after
 * another, and a file killed between them (power cut on the first start) can never be opened
 * again; so the empty database is made under another name and renamed into place. What a killed
 * creation left there held no data and is removed. `:memory:` and existing files are left alone.
 */
async function createWhole(path: string): Promise<void> {
  if (path === ':memory:' || path === '' || existsSync(path)) return;
  const draft = `${path}.creating`;
  for (const leftover of [draft, `${draft}.wal`]) rmSync(leftover, { force: true });
  const instance = await DuckDBInstance.create(draft);
  instance.closeSync();
  syncFile(draft);
  renameSync(draft, path);
  syncFile(dirname(path));
}

/** Flushes a file's (or a folder's entries') writes to the disk. */
function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * One DuckDB database file. The queries of queries/ read on a small pool of connections (pooled),
 * other statements on one connection; each transaction gets a connection of its own, so a long
 * import never mixes with the dashboard's reads, which keep seeing the last committed data until
 * it commits.
 */
export class Database extends Session {
  private constructor(
    private readonly instance: DuckDBInstance,
    connection: DuckDBConnection,
    readonly path: string,
    /** Connections for the queries of queries/: DuckDB runs statements of different connections at once. */
    private readonly pool: Session[],
  ) {
    super(connection);
  }

  /** The data-changing work queued so far (see `inTurn`). */
  private turns: Promise<unknown> = Promise.resolve();
  /** Turns queued or running (inTurn). */
  private turnsWaiting = 0;

  /**
   * Runs one self-contained statement (no temporary tables, no session settings) on the least
   * busy pooled connection: a slow query of one dashboard request does not hold up the others.
   */
  pooled<T extends Row = Row>(sql: string, params: SqlParams = {}, signal?: AbortSignal): Promise<T[]> {
    const session = this.pool.reduce((idle, s) => (s.pending < idle.pending ? s : idle));
    return session.all<T>(sql, params, signal);
  }

  /**
   * memoryLimit caps DuckDB's buffer pool (e.g. '1GB'); beyond it, large operations spill to
   * disk instead of growing the process. DuckDB's own default is 80 % of the machine's memory.
   * readOnly opens the file without changing it (a backup to be checked), alongside other readers.
   */
  static async open(path: string, options: { memoryLimit?: string; readOnly?: boolean } = {}): Promise<Database> {
    if (!options.readOnly) await createWhole(path);
    const instance = await DuckDBInstance.create(path, {
      ...(options.memoryLimit ? { memory_limit: options.memoryLimit } : {}),
      ...(options.readOnly ? { access_mode: 'READ_ONLY' } : {}),
    });
    const pool = await Promise.all(Array.from({ length: POOL_SIZE }, async () => new Session(await instance.connect())));
    return new Database(instance, await instance.connect(), path, pool);
  }

  /**
   * Runs fn on a connection of its own, closed afterwards with its temporary tables: work that
   * prepares data outside a transaction (a statement that fails there may not abort anything).
   */
  async session<T>(fn: (session: Session) => Promise<T>): Promise<T> {
    const connection = await this.instance.connect();
    try {
      return await fn(new Session(connection));
    } finally {
      connection.closeSync();
    }
  }

  /** A transaction on a connection of its own: a long import never mixes with the dashboard's reads. */
  override transaction<T>(fn: (tx: Session) => Promise<T>): Promise<T> {
    return this.session((session) => session.transaction(fn));
  }

  /** Runs data-changing work after the work queued before it: one import, rollback or checkpoint at a time. */
  inTurn<T>(work: () => Promise<T>): Promise<T> {
    this.turnsWaiting += 1;
    const result = this.turns.then(work).finally(() => (this.turnsWaiting -= 1));
    this.turns = result.catch(() => undefined);
    return result;
  }

  /** True while data-changing work is queued or running: background reads of the data as it is now can wait. */
  get changing(): boolean {
    return this.turnsWaiting > 0;
  }

  /** Resolves when the work queued so far is done (a closing server lets the running import finish). */
  turnsDone(): Promise<void> {
    return this.turns.then(() => undefined);
  }

  /**
   * Moves what the write-ahead log holds into the database file, so that a crash never leaves
   * acknowledged data to a replay of the log; in turn with the imports and rollbacks, because a
   * crash during a checkpoint that runs beside a writing transaction can damage the file (DuckDB
   * bugs fixed upstream in 2026: duckdb/duckdb#25106, #25970). DuckDB refuses while another
   * transaction runs (a dashboard read): then the log keeps it, and the next checkpoint or a clean
   * close writes it.
   */
  checkpoint(): Promise<boolean> {
    return this.inTurn(() => this.checkpointInTurn());
  }

  /** The checkpoint of work already running in turn (`checkpoint` there would wait for itself). */
  async checkpointInTurn(): Promise<boolean> {
    try {
      await this.run('CHECKPOINT');
      return true;
    } catch {
      return false;
    }
  }

  override close(): void {
    for (const session of this.pool) session.close();
    super.close();
    this.instance.closeSync();
  }
}

const PARAM_NAME = /\$([a-z_][a-z0-9_]*)/gi;

/** Comments and string literals: a `$` inside them is not a parameter. */
const NOT_CODE = /--[^\n]*|'(?:[^']|'')*'/g;

function pickParams(sql: string, params: SqlParams): SqlParams | undefined {
  const names = new Set([...sql.replace(NOT_CODE, '').matchAll(PARAM_NAME)].map((m) => m[1]));
  if (names.size === 0) return undefined;
  const picked: SqlParams = {};
  for (const name of names) {
    if (!(name in params)) throw new Error(`SQL parameter $${name} has no value`);
    picked[name] = params[name];
  }
  return picked;
}

function normaliseRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'bigint') out[key] = Number(value);
    else if (value instanceof Date) out[key] = value.toISOString().slice(0, 10);
    else out[key] = value;
  }
  return out;
}

function appendValue(appender: DuckDBAppender, column: ColumnSpec, value: unknown): void {
  if (value === null || value === undefined) {
    appender.appendNull();
    return;
  }
  switch (column.type) {
    case 'varchar':
      appender.appendVarchar(String(value));
      return;
    case 'integer':
      appender.appendInteger(value as number);
      return;
    case 'double':
      appender.appendDouble(value as number);
      return;
    case 'boolean':
      appender.appendBoolean(value as boolean);
      return;
    case 'date':
      appender.appendDate(dateValue(isoToDays(value as string)));
      return;
  }
}

function isoToDays(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}
