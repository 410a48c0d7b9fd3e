/**
 * Staging and merging of validated rows, and rolling an upload back.
 *
 * The SQL here is put together from the table and column names of DATA_TABLES and NATURAL_KEYS
 * and the targets' SQL — constants of this code base, never user input; every value is a bound
 * parameter or table data.
 *
 * Rows an upload inserts carry its id (UPLOAD_COLUMN); the rows it changes are recorded in
 * upload_before_<table>: op 'update' with the row as it was, 'delete' with the deleted row, each
 * with the row's own upload id (row_upload_id). A rollback deletes the upload's rows and replays
 * those records.
 */
import type { Session, SqlParams } from '../db/database.js';
import { columnsOf, NATURAL_KEYS, REFERENCES, UPLOAD_COLUMN, type DataTable } from '../db/tables.js';
import type { Target } from './targets.js';
import { localDay } from '../local-day.js';

export interface TableChanges {
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

const keyMatch = (table: DataTable, a: string, b: string) =>
  NATURAL_KEYS[table].map((k) => `${a}.${k} IS NOT DISTINCT FROM ${b}.${k}`).join(' AND ');
/** Columns an update may change: all but the key and those the file did not have. */
export const updatable = (table: DataTable, preserve: readonly string[] = []) =>
  columnsOf(table).filter((c) => !NATURAL_KEYS[table].includes(c) && !preserve.includes(c));
const anyDifferent = (columns: string[], a: string, b: string) =>
  columns.length === 0 ? 'false' : columns.map((c) => `${a}.${c} IS DISTINCT FROM ${b}.${c}`).join(' OR ');
/** The view of a target table's rows ready to merge (see Stage.open). */
export const stageName = (table: DataTable) => `stage_${table}`;
const UPLOAD = UPLOAD_COLUMN.name;
/** A before-image's columns: the upload making the change, the change, the row, the row's upload. */
const imageColumns = (table: DataTable) => `upload_id, op, ${columnsOf(table).join(', ')}, row_upload_id`;

/** The file row a staged row came from: problems are reported, and rows dropped, by it. */
export const ROW = '__row';
/** The stored record of a staged row, where Target.emptyKeeps needs it. */
const STORED = 'stored';

/** The stored value an empty cell keeps (SQL): none for a record dated after today (Target.keptWhenDone). */
const storedKept = (target: Target, column: string) => (target.keptWhenDone
  ? `CASE WHEN ${target.keptWhenDone} <= DATE '${localDay()}' THEN ${STORED}.${column} END`
  : `${STORED}.${column}`);

/** The target table's stored record of each file row, by its natural key (a LEFT JOIN unless said). */
const storedJoin = (target: Target, kind = 'LEFT JOIN') => {
  const expression = target.columns as Record<string, string>;
  return `${kind} ${target.table} ${STORED} ON ${NATURAL_KEYS[target.table].map((k) => `${STORED}.${k} IS NOT DISTINCT FROM (${expression[k]})`).join(' AND ')}`;
};

/**
 * A target's file rows (not refused, of the target) with, for each column of Target.emptyKeeps,
 * the file's value (`file_<column>`) and whether the file gives one (`gives_<column>`). A shared
 * table's record spans rows (a school over its years): a value on one of them is the file's for
 * all, an empty cell keeps the stored value only where no row of the record gives one, and rows
 * giving two values stay as they are (reportDiffering names them).
 */
function fileRows(target: Target, values: string, rejected: string): string {
  const expression = target.columns as Record<string, string>;
  const record = `PARTITION BY ${NATURAL_KEYS[target.table].map((k) => `(${expression[k]})`).join(', ')}`;
  const given = Object.entries(target.emptyKeeps ?? {}).flatMap(([c, g]) => (target.shared
    ? [`coalesce(${g}, CASE WHEN min(${g}) OVER (${record}) = max(${g}) OVER (${record}) THEN min(${g}) OVER (${record}) END) AS file_${c}`,
      `count(${g}) OVER (${record}) > 0 AS gives_${c}`]
    : [`${g} AS file_${c}`, `${g} IS NOT NULL AS gives_${c}`]));
  return `(SELECT v.*, ${given.join(', ')} FROM ${values} v ANTI JOIN ${rejected} r ON r.row = v.${ROW}
    ${target.when ? `WHERE (${target.when})` : ''}) v`;
}
const fileValue = (column: string) => `v.file_${column}`;
const fileGives = (column: string) => `v.gives_${column}`;

/** Errors found in the staged rows, written to the import's errors table. */
export interface StageProblem {
  errors: string;
  seq: number;
  header: string;
  /** `{}` stands for the earlier row, `[]` for what differs from it (reportDiffering). */
  message: string;
}

/**
 * The rows ready to merge, one temporary view per target table over the checked values: a file
 * row found wrong later (a repeat) leaves every view as soon as it is in the rejected rows.
 */
export class Stage {
  /** Tables found without a repeated key. */
  private readonly unrepeated = new Set<DataTable>();

  private constructor(
    private readonly tx: Session,
    private readonly tables: DataTable[],
    private readonly values: string,
    private readonly rejected: string,
  ) {}

  /**
   * Views of each target's rows of `values` (SQL columns v_<field>, __row), except the rows in
   * `rejected`; a column of Target.emptyKeeps takes the stored record's value where the file's
   * cell is empty.
   */
  static async open(tx: Session, targets: Target[], values: string, rejected: string): Promise<Stage> {
    for (const target of targets) {
      const expression = target.columns as Record<string, string>;
      // The stored records are joined in only where some row of a stored record has an empty cell
      // to keep (a big first upload, or a file with every cell filled, scans no stored table).
      const given = Object.values(target.emptyKeeps ?? {});
      const needed = given.length > 0 && (await tx.one<{ any: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM ${values} v SEMI ${storedJoin(target, 'JOIN')} WHERE ${given.map((g) => `${g} IS NULL`).join(' OR ')}) AS any`,
      ))!.any;
      const kept = needed ? target.emptyKeeps! : {};
      const columns = columnsOf(target.table).map((c) => (c in kept
        ? `CASE WHEN ${fileGives(c)} THEN coalesce(${fileValue(c)}, ${expression[c]}) ELSE coalesce(${storedKept(target, c)}, ${expression[c]}) END AS ${c}`
        : `(${expression[c]}) AS ${c}`));
      // ANTI JOIN rather than NOT IN / NOT EXISTS: with the merge's own anti join on top, DuckDB
      // plans those half again as slow at millions of rows.
      await tx.run(
        `CREATE TEMP VIEW ${stageName(target.table)} AS SELECT ${columns.join(', ')}, ${ROW}
         FROM ${Object.keys(kept).length > 0 ? `${fileRows(target, values, rejected)} ${storedJoin(target)}` : `${values} v ANTI JOIN ${rejected} r ON r.row = v.${ROW}
         ${target.when ? `WHERE (${target.when})` : ''}`}`,
      );
    }
    return new Stage(tx, targets.map((t) => t.table), values, rejected);
  }

  /**
   * File rows whose empty cells left a stored value other than what they would have written
   * (Target.emptyKeeps) in the columns the file has (not in `absent`): how many, the first
   * `shown`, and those columns.
   */
  async keptRows(target: Target, absent: readonly string[], shown: number): Promise<{ count: number; rows: number[]; columns: string[] }> {
    const kept = Object.entries(target.emptyKeeps ?? {}).filter(([c]) => !absent.includes(c));
    if (kept.length === 0) return { count: 0, rows: [], columns: [] };
    const expression = target.columns as Record<string, string>;
    const keeps = (c: string) => `(NOT ${fileGives(c)} AND ${storedKept(target, c)} IS DISTINCT FROM (${expression[c]}))`;
    const found = await this.tx.one<{ rows: number[]; count: number } & Record<string, boolean>>(
      `SELECT list(v.${ROW} ORDER BY v.${ROW})[1:$shown] AS rows, count(*)::INTEGER AS count,
              ${kept.map(([c], i) => `bool_or(${keeps(c)}) AS kept_${i}`).join(', ')}
       FROM ${fileRows(target, this.values, this.rejected)} ${storedJoin(target, 'JOIN')}
       WHERE ${kept.map(([c]) => keeps(c)).join(' OR ')}`,
      { shown },
    );
    if (!found || found.count === 0) return { count: 0, rows: [], columns: [] };
    return { count: found.count, rows: found.rows, columns: kept.filter((_, i) => found[`kept_${i}`]).map(([c]) => c) };
  }

  async close(): Promise<void> {
    for (const table of this.tables) await this.tx.run(`DROP VIEW ${stageName(table)}`);
  }

  /**
   * Rows that give a column of one record two values — which of them is right cannot be told, so
   * none of those rows is kept: each is reported naming a row it differs from (the earliest such
   * row a column shows) and the columns they differ in (value: the key's first column, `{}` that
   * row, `[]` the columns); returns how many. In a shared table (a school over its years' rows) a
   * row that leaves a column empty agrees with any value; in the keyed table (`emptyDiffers`: a
   * row of the file is one record) an empty cell beside a value is two versions of the record too.
   */
  async reportDiffering(table: DataTable, problem: StageProblem, headers: (column: string) => string, emptyDiffers = false): Promise<number> {
    if (!(await this.anyRepeated(table))) return 0;
    const keys = NATURAL_KEYS[table];
    const columns = columnsOf(table).filter((c) => !keys.includes(c));
    if (columns.length === 0) return 0;
    // What differs, named by the file's headers (bound: a header is the file's text); one header
    // may stand for several columns.
    const byHeader = new Map<string, string[]>();
    for (const column of columns) byHeader.set(headers(column), [...(byHeader.get(headers(column)) ?? []), column]);
    const labels = Object.fromEntries([...byHeader.keys()].map((header, i) => [`header_${i}`, `«${header}»`]));
    // Rows are never paired each with each (a row pasted a thousand times would make a million
    // pairs): per column, the key's first value (in a list, so that an empty one counts where it
    // differs) and the row it is on, then the first row holding another. A row unlike the first
    // value is named with the first's row, a row like it with the first other one.
    const first = (c: string) => emptyDiffers ? `arg_min([${c}], ${ROW}) OVER whole` : `arg_min(${c}, ${ROW}) FILTER (WHERE ${c} IS NOT NULL) OVER whole`;
    const firstRow = (c: string) => emptyDiffers ? `min(${ROW}) OVER whole` : `min(${ROW}) FILTER (WHERE ${c} IS NOT NULL) OVER whole`;
    const unlikeFirst = (c: string, i: number) => emptyDiffers ? `[${c}] IS DISTINCT FROM f_${i}` : `${c} <> f_${i}`;
    const differ = (c: string) => emptyDiffers ? `a.${c} IS DISTINCT FROM b.${c}` : `a.${c} <> b.${c}`;
    const candidates = columns.map((c, i) => `CASE WHEN ${unlikeFirst(c, i)} THEN fr_${i} WHEN ${emptyDiffers ? 'true' : `${c} IS NOT NULL`} THEN o_${i} END`);
    const differs = [...byHeader.values()].map((group, i) => `CASE WHEN ${group.map(differ).join(' OR ')} THEN $header_${i} END`);
    const window = `WINDOW whole AS (PARTITION BY ${keys.join(', ')})`;
    return this.report(problem, `WITH firsts AS (
        SELECT *, ${columns.map((c, i) => `${first(c)} AS f_${i}, ${firstRow(c)} AS fr_${i}`).join(', ')}
        FROM ${stageName(table)} WHERE hash(${keys.join(', ')}) IN (${this.repeatedHashes(table)}) ${window}
      ), others AS (
        SELECT *, ${columns.map((c, i) => `min(${ROW}) FILTER (WHERE ${unlikeFirst(c, i)}) OVER whole AS o_${i}`).join(', ')} FROM firsts ${window}
      ), partnered AS (
        SELECT *, least(${candidates.join(', ')}) AS partner FROM others
      )
      SELECT a.${ROW} AS row, a.partner AS first, a.${keys[0]}::VARCHAR AS value, concat_ws(', ', ${differs.join(', ')}) AS detail
      FROM partnered a JOIN partnered b ON b.${ROW} = a.partner`, labels);
  }

  /** Rows repeating an earlier row's key in `table`: reported; returns how many. */
  async reportRepeated(table: DataTable, problem: StageProblem): Promise<number> {
    // Grouping by a hash of the key is cheap, and finds every repeat (and rarely a collision);
    // the window that names the earlier rows runs only then.
    if (!(await this.anyRepeated(table))) return 0;
    const keys = NATURAL_KEYS[table].join(', ');
    return this.report(problem, `SELECT ${ROW} AS row, min(${ROW}) OVER (PARTITION BY ${keys}) AS first,
        ${NATURAL_KEYS[table][0]}::VARCHAR AS value
      FROM ${stageName(table)} QUALIFY ${ROW} <> first`);
  }

  /** Hashes of keys that more than one staged row of `table` has (SQL; rarely a collision too). */
  private repeatedHashes(table: DataTable): string {
    return `SELECT hash(${NATURAL_KEYS[table].join(', ')}) AS h FROM ${stageName(table)} GROUP BY h HAVING count(*) > 1`;
  }

  /**
   * Whether a key of `table` repeats. A table found without repeats stays so (the views only lose
   * rows as more are refused): a big file's table is grouped once for the two checks that ask.
   */
  private async anyRepeated(table: DataTable): Promise<boolean> {
    if (this.unrepeated.has(table)) return false;
    const any = (await this.tx.one<{ n: number }>(`SELECT count(*) AS n FROM (${this.repeatedHashes(table)})`))!.n > 0;
    if (!any) this.unrepeated.add(table);
    return any;
  }

  /**
   * File rows of `table` not stored by their key whose `columns` match a stored row (the same fact
   * told otherwise) that the file does not delete (`removed`, SQL: the keys of the rows that
   * delete theirs): how many, the first `shown` of them, and the distinct values of the stored
   * rows' column `detail` for those.
   */
  async rowsLikeStored(table: DataTable, columns: string[], shown: number, options: { removed?: string; detail?: string } = {}): Promise<{ count: number; rows: number[]; details: string[] }> {
    const { removed, detail } = options;
    const stored = removed ? `(SELECT * FROM ${table} t0 ANTI JOIN (${removed}) d ON ${keyMatch(table, 'd', 't0')})` : table;
    const found = await this.tx.all<{ row: number; count: number; detail: string[] | null }>(
      `SELECT s.${ROW} AS row, count(*) OVER () AS count, ${detail ? `list(DISTINCT t.${detail} ORDER BY t.${detail})` : 'NULL'} AS detail
       FROM ${stageName(table)} s
       ${detail ? 'JOIN' : 'SEMI JOIN'} ${stored} t ON ${columns.map((c) => `t.${c} IS NOT DISTINCT FROM s.${c}`).join(' AND ')}
       ANTI JOIN ${table} k ON ${keyMatch(table, 'k', 's')}
       ${detail ? `GROUP BY s.${ROW}` : ''}
       ORDER BY row LIMIT $shown`,
      { shown },
    );
    return { count: found[0]?.count ?? 0, rows: found.map((r) => r.row), details: [...new Set(found.flatMap((r) => r.detail ?? []))].sort() };
  }

  /**
   * Stored records a corrected version of an earlier list leaves out (Target.listed): how many,
   * and the keys of the first `shown`. A file is such a version of an earlier upload where it lists
   * again two or more of that upload's records, and at least half of them; that upload's records
   * of the file's parents (sites) no file row names, refused rows included, are the ones left out.
   * A file of new records only, or correcting one record, leaves out nothing; records of other
   * uploads of the same site (another district's, the demo's) are not its list. Records loaded
   * without an upload count as one list.
   */
  async storedNotListed({ table, listed, columns }: Target, shown: number): Promise<{ count: number; keys: string[] }> {
    if (!listed) return { count: 0, keys: [] };
    const key = NATURAL_KEYS[table][0];
    const code = (columns as Record<string, string>)[key];
    const found = await this.tx.all<{ key: string; count: number }>(
      `WITH relisted AS (
         SELECT t.${UPLOAD} AS upload, count(*) AS n FROM ${table} t SEMI JOIN ${stageName(table)} s ON s.${key} = t.${key} GROUP BY ALL),
       versions AS (
         SELECT upload FROM relisted r WHERE n >= 2 AND 2 * n >= (SELECT count(*) FROM ${table} a WHERE a.${UPLOAD} IS NOT DISTINCT FROM r.upload))
       SELECT t.${key} AS key, count(*) OVER () AS count FROM ${table} t
       SEMI JOIN versions f ON f.upload IS NOT DISTINCT FROM t.${UPLOAD}
       ANTI JOIN ${this.values} v ON (${code}) = t.${key}
       WHERE t.${listed.parent} IN (SELECT ${listed.parent} FROM ${stageName(table)})
       ORDER BY t.${listed.date}, key LIMIT $shown`,
      { shown },
    );
    return { count: found[0]?.count ?? 0, keys: found.map((r) => r.key) };
  }

  /** Reports the rows `found` (row, first, value, and `detail` where the message has `[]`). */
  private async report(problem: StageProblem, found: string, params: SqlParams = {}): Promise<number> {
    const before = (await this.tx.one<{ n: number }>(`SELECT count(*) AS n FROM ${problem.errors}`))!.n;
    const message = problem.message.includes('[]') ? `replace(replace($message, '{}', first::VARCHAR), '[]', detail)` : `replace($message, '{}', first::VARCHAR)`;
    await this.tx.run(
      `INSERT INTO ${problem.errors} SELECT row, $seq, $header, left(value, 200), ${message} FROM (${found})`,
      { ...params, seq: problem.seq, header: problem.header, message: problem.message },
    );
    return (await this.tx.one<{ n: number }>(`SELECT count(*) AS n FROM ${problem.errors}`))!.n - before;
  }
}

/**
 * Merges one staged table into its table by natural key, recording what it changes. Columns in
 * `preserve` keep their stored values on update (the file had no column for them).
 */
export async function mergeTable(
  tx: Session, uploadId: number, table: DataTable,
  options: { replaceWithin?: string; keepWithin?: string; preserve?: readonly string[]; repeats?: boolean } = {},
): Promise<TableChanges> {
  const { replaceWithin, keepWithin, preserve, repeats } = options;
  const changing = updatable(table, preserve);
  const columns = columnsOf(table).join(', ');
  // A shared table's record repeats over file rows: it is merged once. Other staged tables are
  // unique by key already (repeated rows were dropped).
  const staged = repeats ? `${stageName(table)}_distinct` : stageName(table);
  const before = `upload_before_${table}`;
  const id = { upload_id: uploadId };
  // One record of the rows that repeat it: where one row left a column empty, another's value.
  const others = columnsOf(table).filter((c) => !NATURAL_KEYS[table].includes(c)).map((c) => `any_value(${c}) AS ${c}`);
  if (repeats) {
    await tx.run(`CREATE TEMP TABLE ${staged} AS SELECT ${NATURAL_KEYS[table].join(', ')}${others.length > 0 ? `, ${others.join(', ')}` : ''}
      FROM ${stageName(table)} GROUP BY ALL`);
  }

  let deleted = 0;
  if (replaceWithin) {
    // A parent some of whose rows were refused (`keepWithin`, SQL: the parents of refused rows)
    // keeps its stored rows: the file's list of it is not whole.
    const gone = `${replaceWithin} IN (SELECT ${replaceWithin} FROM ${staged})
      ${keepWithin ? `AND ${replaceWithin} NOT IN (SELECT parent FROM (${keepWithin}) WHERE parent IS NOT NULL)` : ''}
      AND NOT EXISTS (SELECT 1 FROM ${staged} s WHERE ${keyMatch(table, 's', 't')})`;
    await tx.run(`INSERT INTO ${before} (${imageColumns(table)}) SELECT $upload_id, 'delete', ${columns}, ${UPLOAD} FROM ${table} t WHERE ${gone}`, id);
    deleted = await countOps(tx, table, uploadId, 'delete');
    await tx.run(`DELETE FROM ${table} AS t WHERE ${gone}`);
  }

  await tx.run(
    `INSERT INTO ${before} (${imageColumns(table)}) SELECT $upload_id, 'update', ${columnsOf(table).map((c) => `t.${c}`).join(', ')}, t.${UPLOAD}
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

  await tx.run(
    `INSERT INTO ${table} (${columns}, ${UPLOAD}) SELECT ${columns}, $upload_id FROM ${staged} s ANTI JOIN ${table} t ON ${keyMatch(table, 't', 's')}`,
    id,
  );
  const inserted = (await tx.one<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${UPLOAD} = $upload_id`, id))!.n;

  const total = (await tx.one<{ n: number }>(`SELECT count(*) AS n FROM ${staged}`))!.n;
  if (repeats) await tx.run(`DROP TABLE ${staged}`);
  return { inserted, updated, deleted, unchanged: total - inserted - updated };
}

/**
 * The records of `table` an upload deleted as left out of a replaced list (Target.dropped), each
 * as `shown` (SQL over its before-image `b`): how many, and the first `limit`, by parent.
 */
export async function droppedFromLists(tx: Session, uploadId: number, table: DataTable, parent: string, shown: string, limit: number): Promise<{ count: number; shown: string[] }> {
  const found = await tx.all<{ shown: string; count: number }>(
    `SELECT ${shown} AS shown, count(*) OVER () AS count FROM upload_before_${table} b
     WHERE b.upload_id = $upload_id AND b.op = 'delete' ORDER BY b.${parent}, shown LIMIT $limit`,
    { upload_id: uploadId, limit },
  );
  return { count: found[0]?.count ?? 0, shown: found.map((r) => r.shown) };
}

/**
 * The records of `tables` an upload changed or deleted whose stored values another account's
 * upload had written (the latest applied upload that inserted or updated the record, by its
 * before-images), each with that upload and who made it: how many, and the first `limit`. Records
 * loaded without an upload, and those written by the same account (or both by the command line),
 * are not named. Reads only the before-images of the tables given (small ones: see import.ts).
 */
export async function changedFromOthers(tx: Session, uploadId: number, tables: DataTable[], limit: number): Promise<{ count: number; shown: string[] }> {
  if (tables.length === 0) return { count: 0, shown: [] };
  const changes = tables.map((table) => {
    const keys = NATURAL_KEYS[table].map((k) => `c.${k}`);
    const key = keys.length === 1 ? `${keys[0]}::VARCHAR` : `concat_ws(' ', ${keys.join(', ')})`;
    // The row's own upload_id is its inserter's; a later update's values are that upload's.
    return `SELECT ${key} AS key, c.op, greatest(c.row_upload_id, (
        SELECT max(b.upload_id) FROM upload_before_${table} b
        WHERE b.op = 'update' AND b.upload_id < $upload_id AND ${keyMatch(table, 'b', 'c')}
          AND b.upload_id IN (SELECT id FROM uploads WHERE status = 'applied'))) AS writer
      FROM upload_before_${table} c WHERE c.upload_id = $upload_id`;
  });
  const found = await tx.all<{ shown: string; count: number }>(
    `SELECT concat(f.key, ' (', CASE WHEN f.op = 'delete' THEN 'удалено; ' END, 'загрузка № ', w.id, ', ', w.uploaded_by, ')') AS shown, count(*) OVER () AS count
     FROM (${changes.join(' UNION ALL ')}) f JOIN uploads w ON w.id = f.writer
     WHERE w.user_id IS DISTINCT FROM (SELECT user_id FROM uploads WHERE id = $upload_id)
     ORDER BY f.key, f.op LIMIT $limit`,
    { upload_id: uploadId, limit },
  );
  return { count: found[0]?.count ?? 0, shown: found.map((r) => r.shown) };
}

/**
 * Deletes the stored records whose key `keys` (SQL: rows of the key's columns) gives, each
 * recorded as it was for the rollback; returns how many.
 */
export async function removeRecords(tx: Session, uploadId: number, table: DataTable, keys: string): Promise<number> {
  // Most files delete nothing: the table (millions of participations) is not scanned then.
  if (!(await tx.one<{ any: boolean }>(`SELECT EXISTS (${keys}) AS any`))!.any) return 0;
  const gone = `EXISTS (SELECT 1 FROM (${keys}) k WHERE ${keyMatch(table, 'k', 't')})`;
  const id = { upload_id: uploadId };
  const before = await countOps(tx, table, uploadId, 'delete');
  await tx.run(`INSERT INTO upload_before_${table} (${imageColumns(table)}) SELECT $upload_id, 'delete', ${columnsOf(table).join(', ')}, ${UPLOAD} FROM ${table} t WHERE ${gone}`, id);
  await tx.run(`DELETE FROM ${table} AS t WHERE ${gone}`);
  return (await countOps(tx, table, uploadId, 'delete')) - before;
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
export async function danglingAfterRollback(tx: Session, uploadId: number, tables: DataTable[]): Promise<{ table: DataTable; rows: number }[]> {
  const problems: { table: DataTable; rows: number }[] = [];
  for (const ref of REFERENCES) {
    if (!tables.includes(ref.target) || tables.includes(ref.table)) continue;
    const key = NATURAL_KEYS[ref.target][0];
    const row = await tx.one<{ n: number }>(
      `SELECT count(*) AS n FROM ${ref.table} r
       WHERE r.${ref.column} IN (SELECT ${key} FROM ${ref.target} WHERE ${UPLOAD} = $upload_id)`,
      { upload_id: uploadId },
    );
    if (row!.n > 0) problems.push({ table: ref.table, rows: row!.n });
  }
  return problems;
}

/** Undoes an upload's changes to the tables, in reverse order of merging. */
export async function rollbackTables(tx: Session, uploadId: number, tables: DataTable[]): Promise<void> {
  const id = { upload_id: uploadId };
  for (const table of [...tables].reverse()) {
    const before = `upload_before_${table}`;
    const columns = columnsOf(table).join(', ');
    await tx.run(`DELETE FROM ${table} WHERE ${UPLOAD} = $upload_id`, id);
    const nonKey = updatable(table);
    if (nonKey.length > 0) {
      await tx.run(
        `UPDATE ${table} AS t SET ${nonKey.map((c) => `${c} = b.${c}`).join(', ')}
         FROM ${before} b WHERE b.upload_id = $upload_id AND b.op = 'update' AND ${keyMatch(table, 't', 'b')}`,
        id,
      );
    }
    await tx.run(
      `INSERT INTO ${table} (${columns}, ${UPLOAD}) SELECT ${columns}, row_upload_id FROM ${before} WHERE upload_id = $upload_id AND op = 'delete'`,
      id,
    );
  }
}
