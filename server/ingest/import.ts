import {
  DATASETS, detectMapping, locateHeader, missingRequired, type ColumnMapping, type DatasetCode,
} from '../../web/src/lib/shared/datasets.js';
import type { Database, Session } from '../db/database.js';
import type { Queries } from '../db/queries.js';
import { mergeTable, Stage, type TableChanges } from './merge.js';
import { FileError, openSource, sniffFile } from './readers.js';
import { keyedTarget, TARGETS } from './targets.js';
import { isBlankRow, Lookups, RowValidator, type RowError } from './validate.js';
import { cellText, type Cell } from './values.js';

export type ImportMode = 'strict' | 'valid_only';

export interface ImportRequest {
  uploadId: number;
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
  const errors: RowError[] = [];
  let errorCount = 0;
  const addError = (error: RowError) => {
    errorCount += 1;
    if (errors.length < ERRORS_KEPT) errors.push(error);
  };
  let dataset = request.dataset;
  let rowsTotal = 0;
  let rowsRejected = 0;
  let bytes = 0;
  const badQuotes = new Set<number>();

  try {
    const sniffed = await sniffFile(request.path);
    if (sniffed.kind === 'rejected') throw new FileError(sniffed.reason);
    const source = await openSource(request.path, sniffed, {
      sheet: request.sheet,
      onQuoteError: (row, message) => {
        badQuotes.add(row);
        addError({ row, column: '', value: '', message });
      },
      onBytes: (n) => (bytes += n),
    });
    const header = findHeader(source.head, request);
    dataset = header.dataset;
    const spec = DATASETS[header.dataset];
    if (request.restrict?.datasets && !request.restrict.datasets.includes(spec.code)) {
      throw new FileError(`Набор «${spec.title}» загружает только администратор.`);
    }
    const districts = request.restrict?.districts ? new Set(request.restrict.districts) : null;
    const validator = new RowValidator(spec, header.mapping, header.headers, await Lookups.load(queries), districts);
    let outOfDistrict = 0;
    const targets = TARGETS[spec.code];

    const applied = await db.transaction(async (tx): Promise<ImportOutcome> => {
      const stage = await Stage.open(tx, [...new Set(targets.map((t) => t.table))]);
      await source.stream((cells, row) => {
        if (row <= header.row || isBlankRow(cells)) return;
        rowsTotal += 1;
        // A row with broken quotes has swallowed its neighbours: its cells say nothing reliable.
        const outcome = badQuotes.has(row) ? null : validator.validate(row, cells);
        if (outcome?.ok) {
          for (const r of outcome.rows) stage.add(r.table, r.row, row);
        } else {
          rowsRejected += 1;
          if (outcome) outcome.errors.forEach(addError);
          if (outcome?.outOfDistrict) outOfDistrict += 1;
        }
        if (rowsTotal % PROGRESS_EVERY === 0) request.onProgress?.({ rows: rowsTotal, bytes, phase: 'reading' });
      });
      stage.close();
      request.onProgress?.({ rows: rowsTotal, bytes, phase: 'merging' });
      if (rowsTotal === 0) throw new FileError('В файле нет строк с данными: только заголовок.');

      const keyed = keyedTarget(spec.code).table;
      const repeated = await stage.duplicates(keyed, ERRORS_KEPT);
      if (repeated.count > 0) {
        for (const d of repeated.rows) {
          addError({ row: d.row, column: validator.keyHeader(), value: d.value, message: `Повтор строки ${d.first}: такая запись в файле уже есть` });
        }
        errorCount += repeated.count - repeated.rows.length;
        rowsRejected += repeated.count;
        await stage.dropDuplicates(keyed);
      }
      // Another district's rows are never partly accepted, whatever the mode.
      if (outOfDistrict > 0) {
        throw new FileError(`В файле есть строки других районов (${outOfDistrict}): загрузка отклонена целиком. Вам доступны районы: ${[...districts!].join(', ')}.`);
      }
      if (errorCount > 0 && request.mode === 'strict') throw new Rejected();

      // Counts are of table records: an organization row with a headcount is two records.
      const total = noChanges();
      for (const target of targets) {
        const mapped = new Set(Object.values(header.mapping));
        const preserve = Object.entries(target.optional ?? {}).filter(([field]) => !mapped.has(field)).map(([, column]) => column);
        const changed = await mergeTable(tx, request.uploadId, target.table, { replaceWithin: target.replaceWithin, preserve });
        for (const key of Object.keys(total) as (keyof TableChanges)[]) total[key] += changed[key];
      }
      const message = rowsRejected > 0 ? `Записаны только верные строки; пропущено строк с ошибками: ${rowsRejected}.` : null;
      const outcome: ImportOutcome = { status: 'applied', dataset, message, rowsTotal, rowsRejected, changes: total, errors, errorCount };
      await request.beforeCommit?.(tx, outcome);
      return outcome;
    });
    return applied;
  } catch (error) {
    const base = { status: 'rejected' as const, dataset, rowsTotal, rowsRejected, changes: noChanges(), errors, errorCount };
    if (error instanceof Rejected) {
      return { ...base, message: `Найдено ошибок: ${errorCount}. Ничего не записано: исправьте файл и загрузите его снова.` };
    }
    if (error instanceof FileError) return { ...base, message: error.message };
    throw error;
  }
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
