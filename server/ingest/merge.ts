/**
 * Staging and merging of validated rows, and rolling an upload back.
 *
 * The SQL here is put together from the table and column names of DATA_TABLES and NATURAL_KEYS —
 * constants of this code base, never user input; every value is a bound parameter.
 *
 * Every change an upload makes is recorded in upload_before_<table>: op 'insert' with the new
 * row's key, 'update' with the row as it was, 'delete' with the deleted row. A rollback replays
 * those records backwards.
 */
import type { RowAppender, Session } from '../db/database.js';
import { DATA_TABLES, NATURAL_KEYS, REFERENCES, type DataTable } from '../db/tables.js';
import type { Value } from './values.js';

export interface TableChanges {
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

const columnsOf = (table: DataTable) => DATA_TABLES[table].map((c) => c.name);
const keyMatch = (table: DataTable, a: string, b: string) =>
  NATURAL_KEYS[table].map((k) => `${a}.${k} IS NOT DISTINCT FROM ${b}.${k}`).join(' AND ');
/** Columns an update may change: all but the key and those the file did not have. */
const updatable = (table: DataTable, preserve: readonly string[] = []) =>
  columnsOf(table).filter((c) => !NATURAL_KEYS[table].includes(c) && !preserve.includes(c));
const anyDifferent = (columns: string[], a: string, b: string) =>
  columns.length === 0 ? 'false' : columns.map((c) => `${a}.${c} IS DISTINCT FROM ${b}.${c}`).join(' OR ');
const stageName = (table: DataTable) => `stage_${table}`;

/** The file row a staged row came from: duplicates are found, and dropped, by it. */
const ROW = '__row';

/** Temporary tables on the import's transaction, fed through appenders as rows are validated. */
export class Stage {
  private readonly appenders = new Map<DataTable, RowAppender>();

  private constructor(
    private readonly tx: Session,
    private readonly tables: DataTable[],
  ) {}

  static async open(tx: Session, tables: DataTable[]): Promise<Stage> {
    const stage = new Stage(tx, tables);
    for (const table of tables) {
      await tx.run(`CREATE TEMP TABLE ${stageName(table)} AS SELECT *, 0::INTEGER AS ${ROW} FROM ${table} LIMIT 0`);
      stage.appenders.set(table, await tx.appender(stageName(table), [...DATA_TABLES[table], { name: ROW, type: 'integer' }]));
    }
    return stage;
  }

  add(table: DataTable, row: Record<string, Value>, fileRow: number): void {
    this.appenders.get(table)!.append({ ...row, [ROW]: fileRow });
  }

  close(): void {
    for (const appender of this.appenders.values()) appender.close();
  }

  /**
   * Rows of the file that repeat an earlier row's key in `table`, with that earlier row and the
   * key's first value; found by DuckDB, so the file's keys never sit in JavaScript memory.
   */
  async duplicates(table: DataTable, limit: number): Promise<{ count: number; rows: { row: number; first: number; value: string }[] }> {
    const [{ n }] = await this.tx.all<{ n: number }>(`SELECT count(*) AS n FROM (${repeatedRows(table)})`);
    const rows = n === 0 ? [] : await this.tx.all<{ row: number; first: number; value: string }>(
      `${repeatedRows(table)} ORDER BY row LIMIT $limit`, { limit });
    return { count: n, rows };
  }

  /** Drops the file rows that repeat a key of `table` from every staged table, keeping the first. */
  async dropDuplicates(table: DataTable): Promise<void> {
    await this.tx.run(`CREATE TEMP TABLE dropped_rows AS SELECT row FROM (${repeatedRows(table)})`);
    for (const staged of this.tables) {
      await this.tx.run(`DELETE FROM ${stageName(staged)} WHERE ${ROW} IN (SELECT row FROM dropped_rows)`);
    }
    await this.tx.run('DROP TABLE dropped_rows');
  }
}

/** Staged rows whose key an earlier file row already has: the row, that earlier row, the key's first value. */
function repeatedRows(table: DataTable): string {
  return `SELECT ${ROW} AS row, min(${ROW}) OVER (PARTITION BY ${NATURAL_KEYS[table].join(', ')}) AS first,
      ${NATURAL_KEYS[table][0]}::VARCHAR AS value
    FROM ${stageName(table)} QUALIFY ${ROW} <> first`;
}

/**
 * Merges one staged table into its table by natural key, recording what it changes. Columns in
 * `preserve` keep their stored values on update (the file had no column for them).
 */
export async function mergeTable(
  tx: Session, uploadId: number, table: DataTable, options: { replaceWithin?: string; preserve?: readonly string[] } = {},
): Promise<TableChanges> {
  const { replaceWithin, preserve } = options;
  const changing = updatable(table, preserve);
  const columns = columnsOf(table).join(', ');
  const staged = `${stageName(table)}_distinct`;
  const before = `upload_before_${table}`;
  const id = { upload_id: uploadId };
  await tx.run(`CREATE TEMP TABLE ${staged} AS SELECT DISTINCT * EXCLUDE (${ROW}) FROM ${stageName(table)}`);

  let deleted = 0;
  if (replaceWithin) {
    const gone = `${replaceWithin} IN (SELECT ${replaceWithin} FROM ${staged})
      AND NOT EXISTS (SELECT 1 FROM ${staged} s WHERE ${keyMatch(table, 's', 't')})`;
    await tx.run(`INSERT INTO ${before} SELECT $upload_id, 'delete', ${columns} FROM ${table} t WHERE ${gone}`, id);
    deleted = await countOps(tx, table, uploadId, 'delete');
    await tx.run(`DELETE FROM ${table} AS t WHERE ${gone}`);
  }

  await tx.run(
    `INSERT INTO ${before} SELECT $upload_id, 'update', ${columnsOf(table).map((c) => `t.${c}`).join(', ')}
     FROM ${table} t JOIN ${staged} s ON ${keyMatch(table, 't', 's')} WHERE ${anyDifferent(changing, 't', 's')}`,
    id,
  );
  const updated = await countOps(tx, table, uploadId, 'update');
  if (updated > 0) {
    await tx.run(
      `UPDATE ${table} AS t SET ${changing.map((c) => `${c} = s.${c}`).join(', ')}
       FROM ${staged} s WHERE ${keyMatch(table, 't', 's')} AND (${anyDifferent(changing, 't', 's')})`,
    );
  }

  const fresh = `NOT EXISTS (SELECT 1 FROM ${table} t WHERE ${keyMatch(table, 't', 's')})`;
  await tx.run(`INSERT INTO ${before} SELECT $upload_id, 'insert', ${columns} FROM ${staged} s WHERE ${fresh}`, id);
  const inserted = await countOps(tx, table, uploadId, 'insert');
  await tx.run(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM ${staged} s WHERE ${fresh}`);

  const total = (await tx.one<{ n: number }>(`SELECT count(*) AS n FROM ${staged}`))!.n;
  await tx.run(`DROP TABLE ${staged}`);
  await tx.run(`DROP TABLE ${stageName(table)}`);
  return { inserted, updated, deleted, unchanged: total - inserted - updated };
}

async function countOps(tx: Session, table: DataTable, uploadId: number, op: string): Promise<number> {
  const row = await tx.one<{ n: number }>(
    `SELECT count(*) AS n FROM upload_before_${table} WHERE upload_id = $upload_id AND op = $op`,
    { upload_id: uploadId, op },
  );
  return row!.n;
}

/**
 * Rows of other tables that refer to rows an upload inserted: rolling it back would leave them
 * dangling. Returns a Russian description of each, or nothing when the rollback is safe.
 */
export async function danglingAfterRollback(tx: Session, uploadId: number, tables: DataTable[]): Promise<string[]> {
  const problems: string[] = [];
  for (const ref of REFERENCES) {
    if (!tables.includes(ref.target) || tables.includes(ref.table)) continue;
    const key = NATURAL_KEYS[ref.target][0];
    const row = await tx.one<{ n: number }>(
      `SELECT count(*) AS n FROM ${ref.table} r
       WHERE r.${ref.column} IN (SELECT ${key} FROM upload_before_${ref.target} WHERE upload_id = $upload_id AND op = 'insert')`,
      { upload_id: uploadId },
    );
    if (row!.n > 0) problems.push(`${ref.table}: ${row!.n}`);
  }
  return problems;
}

/** Undoes an upload's changes to the tables, in reverse order of merging. */
export async function rollbackTables(tx: Session, uploadId: number, tables: DataTable[]): Promise<void> {
  const id = { upload_id: uploadId };
  for (const table of [...tables].reverse()) {
    const before = `upload_before_${table}`;
    const columns = columnsOf(table).join(', ');
    await tx.run(
      `DELETE FROM ${table} AS t WHERE EXISTS (
         SELECT 1 FROM ${before} b WHERE b.upload_id = $upload_id AND b.op = 'insert' AND ${keyMatch(table, 'b', 't')})`,
      id,
    );
    const nonKey = updatable(table);
    if (nonKey.length > 0) {
      await tx.run(
        `UPDATE ${table} AS t SET ${nonKey.map((c) => `${c} = b.${c}`).join(', ')}
         FROM ${before} b WHERE b.upload_id = $upload_id AND b.op = 'update' AND ${keyMatch(table, 't', 'b')}`,
        id,
      );
    }
    await tx.run(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM ${before} WHERE upload_id = $upload_id AND op = 'delete'`, id);
  }
}
