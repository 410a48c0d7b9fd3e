import {
  DATASETS, detectMapping, locateHeader, missingRequired, type ColumnMapping, type DatasetCode,
} from '../../web/src/lib/shared/datasets.js';
import { stat } from 'node:fs/promises';
import type { Database, Session } from '../db/database.js';
import type { Queries } from '../db/queries.js';
import type { Pseudonyms } from '../persons/pseudonyms.js';
import { appendRecords, readCsvWithDuckDb } from './file-table.js';
import { mergeTable, Stage, type TableChanges } from './merge.js';
import { FileError, openSource, sniffFile } from './readers.js';
import { keyedTarget, TARGETS } from './targets.js';
import {
  addQuoteErrors, createErrorsTable, ERROR_ORDER, ERRORS_TABLE, FileCheck, isBlankRow, Lookups, REJECTED_TABLE, snapshotRejected,
  VALUES_TABLE, type RowError,
} from './validate.js';
import { cellAsText, cellText, type Cell } from './values.js';

export type ImportMode = 'strict' | 'valid_only';

export interface ImportRequest {
  uploadId: number;
  /** Makes the stored ids of the file's teachers. */
  pseudonyms: Pseudonyms;
  path: string;
  /** The dataset, or null to recognise it by the file's headers. */
  dataset: DatasetCode | null;
  /** Column index (in the header row) → field key; null to recognise columns by their headers. */
  mapping: ColumnMapping | null;
  mode: ImportMode;
  sheet?: string;
  /** Row number of the header row, when the user has seen the file (the upload page's preview). */
  headerRow?: number;
  /** What the uploader may change: datasets and districts (null: everything). */
  restrict?: { datasets: readonly DatasetCode[] | null; districts: readonly string[] | null };
  onProgress?: (progress: { rows: number; bytes: number; phase: 'reading' | 'merging' }) => void;
  /** Read CSV with the JavaScript reader even where DuckDB's could (the parity test compares the two). */
  javascriptOnly?: boolean;
  /** Runs inside the transaction just before it commits: the upload's record commits with its data. */
  beforeCommit?: (tx: Session, outcome: ImportOutcome) => Promise<void>;
}

export interface ImportOutcome {
  status: 'applied' | 'rejected';
  dataset: DatasetCode | null;
  message: string | null;
  rowsTotal: number;
  rowsRejected: number;
  changes: TableChanges;
  /** The first errors (at most ERRORS_KEPT), and how many there were in all. */
  errors: RowError[];
  errorCount: number;
  /** Which reader read the file, once it was read. */
  reader?: 'duckdb' | 'javascript';
}

export const ERRORS_KEPT = 10_000;
const PROGRESS_EVERY = 5_000;

/** Raised inside the transaction to undo a strict import that found errors. */
class Rejected extends Error {}

interface Header {
  dataset: DatasetCode;
  headers: string[];
  row: number;
  mapping: ColumnMapping;
}

/**
 * The header row: the one the request names (the upload page shows the user where it is), or
 * else the first non-blank row when the user mapped the columns, or else the first of the
 * file's first rows that names every required column.
 */
function findHeader(head: { cells: Cell[]; row: number }[], request: ImportRequest): Header {
  const rows = head.filter((r) => !isBlankRow(r.cells)).map((r) => ({ row: r.row, texts: r.cells.map((c) => cellText(c).trim()) }));
  const chosen = request.headerRow !== undefined ? rows.find((r) => r.row === request.headerRow)
    : request.mapping ? rows[0] : undefined;
  const candidates = chosen ? [chosen] : rows;
  const found = locateHeader(candidates.map((r) => r.texts), request.dataset);
  const at = found ? candidates[found.index] : chosen;
  const dataset = found?.dataset ?? request.dataset;
  const mapping = request.mapping ?? found?.mapping ?? null;
  if (at && dataset && mapping && missingRequired(DATASETS[dataset], mapping).length === 0) {
    return { dataset, headers: at.texts, row: at.row, mapping };
  }
  throw new FileError(headerProblem(request.dataset, rows[0]?.texts ?? [], request.mapping));
}

/**
 * Reads, checks and merges one uploaded file in one DuckDB transaction: either everything valid
 * is applied (and, in strict mode, only if nothing was invalid), or the database is as before.
 */
export async function importFile(db: Database, queries: Queries, request: ImportRequest): Promise<ImportOutcome> {
  let dataset = request.dataset;
  let reader: ImportOutcome['reader'];
  let found: Pick<ImportOutcome, 'rowsTotal' | 'rowsRejected' | 'errors' | 'errorCount'> = { rowsTotal: 0, rowsRejected: 0, errors: [], errorCount: 0 };
  try {
    const sniffed = await sniffFile(request.path);
    if (sniffed.kind === 'rejected') throw new FileError(sniffed.reason);
    let bytes = 0;
    const quoteErrors: { row: number; message: string }[] = [];
    const source = await openSource(request.path, sniffed, {
      sheet: request.sheet,
      onQuoteError: (row, message) => quoteErrors.push({ row, message }),
      onBytes: (n) => (bytes += n),
    });
    const header = findHeader(source.head, request);
    dataset = header.dataset;
    const spec = DATASETS[header.dataset];
    if (request.restrict?.datasets && !request.restrict.datasets.includes(spec.code)) {
      throw new FileError(`Набор «${spec.title}» загружает только администратор.`);
    }
    const lookups = await Lookups.load(queries);
    const layout = { spec, mapping: header.mapping, headers: header.headers, headerRow: header.row, width: header.headers.length };

    return await db.session(async (session) => {
      const check = new FileCheck(session, layout, lookups, request.pseudonyms);
      await createErrorsTable(session);
      request.onProgress?.({ rows: 0, bytes: 0, phase: 'reading' });
      const readByDuckDb = sniffed.kind === 'csv' && !request.javascriptOnly
        && await readCsvWithDuckDb(session, request.path, sniffed, source.delimiter!, layout.width);
      reader = readByDuckDb ? 'duckdb' : 'javascript';
      if (readByDuckDb) {
        bytes = (await stat(request.path)).size;
      } else {
        await appendRecords(session, source, layout.width, (cell, index) => cellAsText(cell, check.typeOfCell(index)), (row) => {
          if (row % PROGRESS_EVERY === 0) request.onProgress?.({ rows: row, bytes, phase: 'reading' });
        });
        await addQuoteErrors(session, quoteErrors);
      }

      // Cells are checked before the transaction: the file's text is dropped for good after.
      await check.checkCells();
      const rowsTotal = await check.dataRows();
      found.rowsTotal = rowsTotal;
      request.onProgress?.({ rows: rowsTotal, bytes, phase: 'merging' });
      if (rowsTotal === 0) throw new FileError('В файле нет строк с данными: только заголовок.');

      return await session.transaction(async (tx) => {
        await check.checkRows();
        const outOfDistrict = await check.checkDistricts(request.restrict?.districts ?? null);

        const targets = TARGETS[spec.code];
        await snapshotRejected(tx);
        const stage = await Stage.open(tx, targets, VALUES_TABLE, REJECTED_TABLE);
        const problem = { errors: ERRORS_TABLE, header: check.headerOf(spec.key[0]) };
        for (const target of targets.filter((t) => t.shared)) {
          const differing = await stage.reportDiffering(target.table, { ...problem, seq: ERROR_ORDER.differing, message: 'Та же запись в строке {} описана иначе: значения должны совпадать' });
          if (differing > 0) await snapshotRejected(tx);
        }
        const repeated = await stage.reportRepeated(keyedTarget(spec.code).table, { ...problem, seq: ERROR_ORDER.repeated, message: 'Повтор строки {}: такая запись в файле уже есть' });
        if (repeated > 0) await snapshotRejected(tx);
        found = { rowsTotal, ...(await errorsFound(tx)) };

        // Another district's rows are never partly accepted, whatever the mode.
        if (outOfDistrict > 0) {
          throw new FileError(`В файле есть строки других районов (${outOfDistrict}): загрузка отклонена целиком. Вам доступны районы: ${request.restrict!.districts!.join(', ')}.`);
        }
        if (found.errorCount > 0 && request.mode === 'strict') throw new Rejected();

        // Counts are of table records: an organization row with a headcount is two records.
        const total = noChanges();
        const mapped = new Set(Object.values(header.mapping));
        for (const target of targets) {
          const preserve = Object.entries(target.optional ?? {}).filter(([field]) => !mapped.has(field)).map(([, column]) => column);
          const changed = await mergeTable(tx, request.uploadId, target.table, { replaceWithin: target.replaceWithin, preserve, repeats: target.shared });
          for (const key of Object.keys(total) as (keyof TableChanges)[]) total[key] += changed[key];
        }
        await stage.close();
        const message = found.rowsRejected > 0 ? `Записаны только верные строки; пропущено строк с ошибками: ${found.rowsRejected}.` : null;
        const outcome: ImportOutcome = { status: 'applied', dataset, message, changes: total, ...found, reader };
        await request.beforeCommit?.(tx, outcome);
        return outcome;
      });
    });
  } catch (error) {
    const base = { status: 'rejected' as const, dataset, changes: noChanges(), ...found, reader };
    if (error instanceof Rejected) {
      return { ...base, message: `Найдено ошибок: ${found.errorCount}. Ничего не записано: исправьте файл и загрузите его снова.` };
    }
    if (error instanceof FileError) return { ...base, message: error.message };
    throw error;
  }
}

/** How many errors and rows with errors the checks found, and the first ERRORS_KEPT errors. */
async function errorsFound(tx: Session): Promise<Pick<ImportOutcome, 'rowsRejected' | 'errors' | 'errorCount'>> {
  const counts = await tx.one<{ errors: number; rows: number }>(`SELECT count(*) AS errors, count(DISTINCT row) AS rows FROM ${ERRORS_TABLE}`);
  const errors = await tx.all<RowError & Record<string, unknown>>(
    `SELECT row, header AS "column", value, message FROM ${ERRORS_TABLE} ORDER BY row, seq LIMIT $limit`, { limit: ERRORS_KEPT },
  );
  return { errorCount: counts!.errors, rowsRejected: counts!.rows, errors: errors.map(({ row, column, value, message }) => ({ row, column, value, message })) };
}

const noChanges = (): TableChanges => ({ inserted: 0, updated: 0, deleted: 0, unchanged: 0 });

function headerProblem(dataset: DatasetCode | null, headers: string[], mapping: ColumnMapping | null): string {
  if (dataset === null) {
    return 'Не удалось определить, что за данные в файле: заголовки столбцов не совпадают ни с одним набором. Выберите набор данных и проверьте заголовки по шаблону.';
  }
  const spec = DATASETS[dataset];
  const missing = missingRequired(spec, mapping ?? detectMapping(spec, headers)).map((f) => `«${f.header}»`);
  return `Не найдены обязательные столбцы набора «${spec.title}»: ${missing.join(', ')}. Проверьте строку заголовков по шаблону.`;
}
