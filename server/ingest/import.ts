import {
  closestHeader, DATASETS, detectMapping, fieldForHeader, ERROR_KINDS_KEPT, ERRORS_KEPT, HEADER_SEARCH_ROWS, locateHeader, MAX_COLUMNS, missingRequired, type ColumnMapping, type DatasetCode, type DatasetSpec,
  type FieldSpec, type FieldType, type MappingDoubt,
} from '../../web/src/lib/shared/datasets.js';
import { stat } from 'node:fs/promises';
import type { Database, Session } from '../db/database.js';
import type { Queries } from '../db/queries.js';
import { localDay } from '../local-day.js';
import type { Pseudonyms } from '../persons/pseudonyms.js';
import { PERSON_TABLES } from '../persons/stored-ids.js';
import { appendRecords, FILE_TABLE, readCsvWithDuckDb, otherDelimiterRows, rowsInOneCell } from './file-table.js';
import { changedFromOthers, droppedFromLists, mergeTable, removeRecords, Stage, type TableChanges } from './merge.js';
import { DATA_TABLES, NATURAL_KEYS } from '../db/tables.js';
import { refuseRowsTouchingApproved, type StagedTarget } from './approved-periods.js';
import { columnNumbersRow, rowList, rowsUnderTotal, skipNonDataRows, SKIPPED_TABLE } from './non-data-rows.js';
import { FileError, tooManyColumns } from './file-error.js';
import { openSources, sniffFile, type RecordSource } from './readers.js';
import { References } from './references.js';
import { colouredRowsNote, sectionRows, sheetErrors, sheetNotes } from './sheet-checks.js';
import { FILE_NOTES, keyedTarget, TARGETS, type Target } from './targets.js';
import {
  addFileErrors, createErrorsTable, ERROR_ORDER, ERRORS_TABLE, FileCheck, REJECTED_TABLE, shiftedCellsAdvice, snapshotRejected,
  VALUES_TABLE, type FileRowError, type RowError,
} from './validate.js';
import { formatInteger } from '../../web/src/lib/shared/format.js';
import type { ErrorKind } from '../../web/src/lib/shared/api.js';
import { cellAsText, cellText, isEmpty, maskedId, parseCell, typedCellProblem, type Cell } from './values.js';

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
  /**
   * Rows that would change data of approved periods are refused as row errors, each ending with
   * `advice` (who may change them, and how); absent: such rows are written (an admin confirmed).
   */
  refuseApproved?: { advice: string };
  /** Runs inside the transaction just before it commits: the upload's record commits with its data. */
  beforeCommit?: (tx: Session, outcome: ImportOutcome) => Promise<void>;
}

export interface ImportOutcome {
  status: 'applied' | 'rejected';
  dataset: DatasetCode | null;
  message: string | null;
  /** What the user should know about how the file was read: the sheet, rows left out, codes respelled. */
  notes: string[];
  rowsTotal: number;
  rowsRejected: number;
  changes: TableChanges;
  /** The first errors (at most ERRORS_KEPT), and how many there were in all. */
  errors: RowError[];
  errorCount: number;
  /** The commonest kinds of the errors (at most ERROR_KINDS_KEPT). */
  errorKinds: ErrorKind[];
  /** Which reader read the file, once it was read. */
  reader?: 'duckdb' | 'javascript';
  /** The approved periods whose data some rows would have changed: those rows were refused (refuseApproved). */
  approvedPeriods?: string[];
}

const PROGRESS_EVERY = 5_000;
/** How many file rows a note names before «и ещё N». */
const ROWS_NAMED = 10;

/** Fields whose numbers are identifiers: shown digits (leading zeros) matter. */
const IDENTIFIER_TYPES = new Set<FieldType>(['code', 'person', 'inn', 'kpp', 'ogrn']);

/** Raised inside the transaction to undo a strict import that found errors. */
class Rejected extends Error {}

interface Header {
  dataset: DatasetCode;
  headers: string[];
  row: number;
  mapping: ColumnMapping;
  /** Fields several columns name equally well (none when the user mapped the columns). */
  doubts: MappingDoubt[];
  source: RecordSource;
}

/** A source's first rows as the texts header matching reads. */
const headTexts = (source: RecordSource) => source.head.map((r) => r.cells.map((c) => cellText(c).trim()));

/**
 * The header row in one table: the row the request names (the upload page shows the user where
 * it is), else the first of its first rows that names every required column of the dataset.
 * With the user's own column mapping, the named row (or the first filled one) is taken as it is.
 */
function headerIn(source: RecordSource, request: ImportRequest): Header | null {
  const texts = headTexts(source);
  const named = request.headerRow !== undefined ? request.headerRow - 1 : undefined;
  if (request.mapping && request.dataset) {
    // A column the mapping names and the file has not (the API's mapping of another file).
    const width = Math.max(source.width ?? 0, ...texts.map((row) => row.length));
    const beyond = Object.keys(request.mapping).map(Number).filter((column) => column >= width);
    if (beyond.length > 0) {
      throw new FileError(`Сопоставление столбцов называет столбец ${beyond[0] + 1}, а в файле их ${width}: проверьте сопоставление (столбцы считаются с нуля: первый — 0) и загрузите файл снова.`);
    }
    const { index, mapping } = mappedHeader(texts, request.dataset, request.mapping, named);
    if (index < 0 || index >= texts.length || missingRequired(DATASETS[request.dataset], mapping).length > 0) return null;
    // Columns are named as the header names them (a two-row header's upper cells too): a column
    // headed СНИЛС takes only СНИЛС whoever mapped it.
    const headers = locateHeader(texts, request.dataset, index)?.headers ?? texts[index];
    return { dataset: request.dataset, headers, row: index + 1, mapping, doubts: [], source };
  }
  const found = locateHeader(texts, request.dataset, named);
  return found && { dataset: found.dataset, headers: found.headers, row: found.index + 1, mapping: found.mapping, doubts: found.doubts, source };
}

/**
 * The header row and the mapping of a request that maps columns itself: the row it names, else
 * the row the headers are found in (not a title above them), else the first filled one; its
 * mapping completed from that row's headers where it leaves required fields out — the API may
 * send the one column the headers do not name. A mapping naming every required field is kept as
 * it is: a column the uploader left out stays out.
 */
function mappedHeader(texts: string[][], dataset: DatasetCode, mapping: ColumnMapping, named?: number): { index: number; mapping: ColumnMapping } {
  const spec = DATASETS[dataset];
  const located = locateHeader(texts, dataset, named);
  const index = named ?? located?.index ?? closestHeader(texts, dataset)?.index ?? texts.findIndex((row) => row.some((t) => t !== ''));
  if (missingRequired(spec, mapping).length === 0 || index < 0 || index >= texts.length) return { index, mapping };
  const detected = located?.index === index ? located.mapping : detectMapping(spec, texts[index]);
  const fields = new Set(Object.values(mapping));
  const added = Object.entries(detected).filter(([column, key]) => mapping[Number(column)] === undefined && !fields.has(key));
  return { index, mapping: { ...mapping, ...Object.fromEntries(added) } };
}

/**
 * A bounded number's column whose header states a scale of another top («Оцените мероприятие по
 * шкале от 1 до 10», «Оценка (0–10)»): its answers would be read on the field's scale — a 4 out of
 * 10 as a 4 out of 5 —, and a survey whose answers all happen to be 5 or less would pass.
 */
function otherScaleProblem(spec: DatasetSpec, header: Header): string | null {
  for (const [column, key] of Object.entries(header.mapping)) {
    const field = spec.fields.find((f) => f.key === key);
    const text = header.headers[Number(column)] ?? '';
    if (field?.max === undefined || !/шкал|балл|из\s*\d|до\s*\d|\d\s*[-–—]\s*\d/i.test(text)) continue;
    const top = Math.max(...(text.match(/\d+/g) ?? []).map(Number));
    if (top > field.max) {
      return `Столбец «${text}» — ответы по шкале до ${top}, а поле «${field.header}» записывается от ${field.min ?? 0} до ${field.max}: ответы другой шкалы исказили бы среднюю оценку. `
        + `Пересчитайте ответы в шкалу от ${field.min ?? 0} до ${field.max} (или соберите их по этой шкале) и загрузите файл снова; ничего не записано.`;
    }
  }
  return null;
}

/** The sheet of our own template that shows an example row under the header: never data. */
const EXAMPLE_SHEET = 'Пример';

/**
 * The header of the table (sheet) that holds the dataset's columns, or a refusal saying what was
 * found. Hidden sheets (an old year left in the workbook) are read only when named; two visible
 * sheets with the dataset's columns refuse the file rather than lose one of them, and so does
 * another sheet with the same table short of a required column (see incompleteTables).
 */
function findHeader(sources: RecordSource[], request: ImportRequest): Header {
  const found = tablesRead(sources, request)
    .map((source) => headerIn(source, request))
    .filter((header): header is Header => header !== null);
  if (found.length > 1 && found.some((h) => h.dataset !== found[0].dataset)) found.splice(1);
  if (found.length === 0) throw new FileError(headerProblem(sources, request));
  const title = DATASETS[found[0].dataset].title;
  const incomplete = incompleteTables(sources, request, found);
  const lacking = incomplete.map(({ sheet, missing }) =>
    `на листе «${sheet}» нет ${missing.length === 1 ? 'столбца' : 'столбцов'} ${missing.map((f) => `«${f.header}»`).join(', ')}`).join(', ');
  if (found.length > 1) {
    throw new FileError(`Данные набора «${title}» есть на нескольких листах книги: ${found.map((h) => `«${h.source.sheet}»`).join(', ')}. Загрузите каждый лист отдельно (выберите лист на странице загрузки) или сведите данные на один лист.`
      + (incomplete.length > 0 ? ` Кроме того, ${lacking}: допишите недостающие столбцы, чтобы загрузить и ${incomplete.length === 1 ? 'этот лист' : 'эти листы'}.` : ''));
  }
  if (incomplete.length > 0) {
    const [{ source }] = found;
    throw new FileError(`Таблица набора «${title}» — на нескольких листах книги, но со всеми обязательными столбцами только на листе «${source.sheet}»: ${lacking}. `
      + `Ничего не записано, чтобы строки ${incomplete.length === 1 ? 'этого листа' : 'этих листов'} не пропали незаметно. Допишите недостающие столбцы и загрузите каждый лист отдельно `
      + `(лист выбирается на странице загрузки) или, если нужен только лист «${source.sheet}», выберите его.`);
  }
  return found[0];
}

/**
 * The other sheets read that hold the same dataset's table short of a required column (a school's
 * sheet without «Способ проведения» beside complete ones): their header row names more than half
 * of the columns the complete table's header names. Left unread, their rows would be lost without
 * a word; a summary («Свод»: a school and two counts), a sheet of another dataset or a chart's
 * sheet names few of them, if any.
 */
function incompleteTables(sources: RecordSource[], request: ImportRequest, found: Header[]): { sheet: string; missing: FieldSpec[] }[] {
  const mapped = new Set(Object.values(found[0].mapping));
  const complete = new Set(found.map((h) => h.source));
  return tablesRead(sources, request).filter((source) => !complete.has(source)).flatMap((source) => {
    const near = closestHeader(headTexts(source), found[0].dataset);
    const shared = near ? near.named.filter((key) => mapped.has(key)).length : 0;
    return near && near.missing.length > 0 && shared * 2 > mapped.size ? [{ sheet: source.sheet ?? '', missing: near.missing }] : [];
  });
}

/** How many rows under the header the template's example sheet has (see server/export/template-xlsx.ts). */
const EXAMPLE_ROWS = 1;

/**
 * Whether the template's example sheet, never read, holds the dataset's table with more rows
 * than the template's example: the uploader typed her rows there.
 */
function exampleSheetHoldsRows(sources: RecordSource[], request: ImportRequest, dataset: DatasetCode | null): DatasetCode | null {
  const example = request.sheet === undefined ? sources.find((s) => s.sheet === EXAMPLE_SHEET && !s.layout?.hiddenSheet) : undefined;
  const header = example && headerIn(example, { ...request, dataset, mapping: null, headerRow: undefined });
  if (!example || !header) return null;
  return example.head.filter((r) => r.row > header.row && !r.cells.every(isEmpty)).length > EXAMPLE_ROWS ? header.dataset : null;
}

/**
 * The tables whose header is looked for: the sheet named, else every visible sheet but our
 * template's example (hidden sheets are an old year's, the example is never data).
 */
function tablesRead(sources: RecordSource[], request: ImportRequest): RecordSource[] {
  if (request.sheet !== undefined) return sources;
  return sources.filter((source) => !source.layout?.hiddenSheet && source.sheet !== EXAMPLE_SHEET);
}

/**
 * Why no header was found: the columns missing from the row closest to a header, and where that
 * row is — on a table that was read (never the template's example sheet, nor a hidden one).
 */
function headerProblem(sources: RecordSource[], request: ImportRequest): string {
  // Her table typed on the template's example sheet, the data sheet deleted or renamed.
  const onExample = exampleSheetHoldsRows(sources, request, request.dataset);
  if (onExample) {
    return `Таблица набора «${DATASETS[onExample].title}» — только на листе «${EXAMPLE_SHEET}», который не загружается (это образец заполнения). `
      + `Переименуйте лист «${EXAMPLE_SHEET}» (подойдёт любое другое имя) или перенесите строки на другой лист и загрузите файл снова.`;
  }
  const read = tablesRead(sources, request);
  const sheets = read.filter((s) => s.sheet !== undefined).map((s) => `«${s.sheet}»`);
  const onSheets = sheets.length > 1 ? ` Просмотрены листы книги: ${sheets.join(', ')}.` : '';
  const closest = read
    .map((source) => ({ source, found: request.mapping ? null : closestHeader(headTexts(source), request.dataset) }))
    .filter((c) => c.found !== null)
    .sort((a, b) => a.found!.missing.length - b.found!.missing.length)[0];
  // A row closest to a header that misses no required column is a header findHeader did not
  // take (the uploader named another row: below); else nothing missing is there to name.
  if (!closest || (closest.found!.missing.length === 0 && request.headerRow === undefined)) {
    if (request.dataset === null) {
      return `Не удалось определить, что за данные в файле: ни одна из первых ${HEADER_SEARCH_ROWS} строк не похожа на заголовки столбцов какого-либо набора.${onSheets} Выберите набор данных и проверьте заголовки по шаблону.`;
    }
    const spec = DATASETS[request.dataset];
    const required = (fields: FieldSpec[]) => fields.map((f) => `«${f.header}»`).join(', ');
    const mapping = request.mapping && read[0] ? mappedHeader(headTexts(read[0]), request.dataset, request.mapping, request.headerRow !== undefined ? request.headerRow - 1 : undefined).mapping : request.mapping;
    const missing = mapping
      ? `: ${required(missingRequired(spec, mapping))}.`
      : ` в первых ${HEADER_SEARCH_ROWS} строках. Обязательные столбцы: ${required(spec.fields.filter((f) => f.required))}.`;
    return `Не найдены заголовки столбцов набора «${spec.title}»${missing}${onSheets} Проверьте строку заголовков по шаблону.`;
  }
  const spec = DATASETS[closest.found!.dataset];
  const missing = closest.found!.missing.map((f) => `«${f.header}»`);
  const where = `строка ${closest.found!.index + 1}${closest.source.sheet !== undefined && sheets.length > 1 ? ` листа «${closest.source.sheet}»` : ''}`;
  // The uploader named a row, and the whole header stands in another one.
  if (missing.length === 0 && request.headerRow !== undefined) {
    return `В строке ${request.headerRow} нет заголовков набора «${spec.title}»: похоже, они в строке ${closest.found!.index + 1}${where.slice(`строка ${closest.found!.index + 1}`.length)} — выберите её строкой заголовков.`;
  }
  if (request.dataset === null && closest.found!.rivals.length > 0) {
    const titles = [closest.found!.dataset, ...closest.found!.rivals].map((code) => `«${DATASETS[code].title}»`);
    return `Не удалось определить набор данных по заголовкам: ${where} одинаково похожа на наборы ${titles.slice(0, -1).join(', ')} и ${titles.at(-1)}, `
      + `и ни одному не хватает обязательных столбцов. Выберите набор данных в списке — тогда сообщение назовёт недостающие столбцы — и проверьте заголовки по шаблону.${onSheets}`;
  }
  const which = request.dataset === null ? `Похоже на набор «${spec.title}», но не найдены его обязательные столбцы` : `Не найдены обязательные столбцы набора «${spec.title}»`;
  // The file holds every column of another dataset: the wrong one was chosen.
  const other = request.dataset === null || request.mapping ? undefined : sources
    .map((source) => locateHeader(headTexts(source), null)?.dataset)
    .find((code) => code !== undefined && code !== request.dataset);
  const advice = other ? `. Похоже на набор «${DATASETS[other].title}»: выберите его и загрузите файл снова.` : '; проверьте её по шаблону.';
  const howToMake = closest.found!.missing.flatMap((f) => (f.whenMissing ? [` ${f.whenMissing}.`] : [])).join('');
  return `${which}: ${missing.join(', ')}. Строкой заголовков взята ${where}${advice}${howToMake}${onSheets}`;
}

/**
 * Reads, checks and merges one uploaded file in one DuckDB transaction: either everything valid
 * is applied (and, in strict mode, only if nothing was invalid), or the database is as before.
 */
export async function importFile(db: Database, queries: Queries, request: ImportRequest): Promise<ImportOutcome> {
  let dataset = request.dataset;
  let reader: ImportOutcome['reader'];
  const notes: string[] = [];
  let found: Pick<ImportOutcome, 'rowsTotal' | 'rowsRejected' | 'errors' | 'errorCount' | 'errorKinds'> = { rowsTotal: 0, rowsRejected: 0, errors: [], errorCount: 0, errorKinds: [] };
  let approvedPeriods: string[] = [];
  try {
    const sniffed = await sniffFile(request.path);
    if (sniffed.kind === 'rejected') throw new FileError(sniffed.reason);
    let bytes = 0;
    const readErrors: FileRowError[] = [];
    const sources = await openSources(request.path, sniffed, {
      sheet: request.sheet,
      onQuoteError: (row, message) => readErrors.push({ row, header: '', value: '', message }),
      onBytes: (n) => (bytes += n),
    });
    const header = findHeader(sources, request);
    const { source } = header;
    dataset = header.dataset;
    const spec = DATASETS[header.dataset];
    if (request.restrict?.datasets && !request.restrict.datasets.includes(spec.code)) {
      throw new FileError(`Набор «${spec.title}» загружает только администратор.`);
    }
    if (header.doubts.length > 0) throw new FileError(doubtsProblem(spec, header));
    if (source.sheet !== undefined && sources.length > 1) notes.push(`Данные взяты с листа «${source.sheet}».`);
    const hiddenSheets = sources.filter((s) => s.layout?.hiddenSheet && s !== source).map((s) => `«${s.sheet}»`);
    if (hiddenSheets.length > 0) notes.push(`Скрытые листы книги не читались: ${hiddenSheets.join(', ')}.`);
    const unused = header.headers.filter((h, i) => h !== '' && header.mapping[i] === undefined);
    // Headcounts laid out a column per school year («2026/27», «2027/28»), as a summary is (only
    // organizations have a school year): the dataset takes a row per organization and year, and
    // those columns would be dropped unread.
    const yearField = spec.fields.find((f) => f.type === 'school_year');
    const yearColumns = yearField ? unused.filter((h) => parseCell({ ...yearField, required: true }, h).ok) : [];
    if (yearColumns.length > 0) {
      throw new FileError(`Столбцы ${yearColumns.map((h) => `«${h}»`).join(', ')} — учебные годы: численность педагогов по годам записывается строками, `
        + `по одной строке на организацию и учебный год, с годом в столбце «${yearField!.header}». Переложите таблицу так и загрузите её снова; ничего не записано.`);
    }
    const otherScale = otherScaleProblem(spec, header);
    if (otherScale) throw new FileError(otherScale);
    // A column naming a field that another column names better («Дата» beside «Дата проведения
    // мероприятия»): which column the field was read from, so a wrong choice shows.
    const outranked = new Map<string, string>();
    for (const h of unused) {
      const field = fieldForHeader(spec, h);
      const taken = field ? Object.entries(header.mapping).find(([, key]) => key === field.key)?.[0] : undefined;
      if (field && taken !== undefined) outranked.set(h, `Столбец «${h}» не загружен: поле «${field.header}» взято из столбца «${header.headers[Number(taken)]}» — его заголовок точнее.`);
    }
    notes.push(...outranked.values());
    const others = unused.filter((h) => !outranked.has(h));
    if (others.length > 0) {
      const named = others.slice(0, 8).map((h) => `«${h}»`).join(', ') + (others.length > 8 ? ` и ещё ${others.length - 8}` : '');
      notes.push(`Не загружены столбцы, которых нет в наборе «${spec.title}»: ${named}.`);
    }
    const allowed = request.restrict?.districts ?? null;
    const references = await References.load(queries);
    // Columns right of the last with a value, empty in every row and without a header, are not
    // read (Excel pads a CSV's rows to the sheet's used range, up to 16,384 columns). Values right
    // of the header's last cell are refused as shifted values, as before.
    const width = Math.min(header.headers.length, source.width ?? Infinity);
    // A header row reaching past the widest table (a value typed at XFD1): a value further right
    // in any other row is named at its row, as a value without a header.
    const farHeader = header.headers.findLastIndex((h) => h !== '') + 1;
    if (farHeader > MAX_COLUMNS) throw new FileError(tooManyColumns(header.row, farHeader));
    const layout = { spec, mapping: header.mapping, headers: header.headers.slice(0, width), headerRow: header.row, width };
    // A formula without a value in a row left out as no data (an «Итого» row's SUM never
    // computed) is not read: its errors wait until those rows are known (see skipNonDataRows).
    const { errors: sheetProblems, formulas: formulaProblems } = sheetErrors(source, layout);
    readErrors.push(...sheetProblems);
    notes.push(...sheetNotes(source, layout));

    return await db.session(async (session) => {
      const check = new FileCheck(session, layout, references, request.pseudonyms, allowed, source.delimiter);
      await createErrorsTable(session);
      request.onProgress?.({ rows: 0, bytes: 0, phase: 'reading' });
      const readByDuckDb = sniffed.kind === 'csv' && !request.javascriptOnly
        ? await readCsvWithDuckDb(session, request.path, sniffed, source.delimiter!, layout.width) : null;
      reader = readByDuckDb ? 'duckdb' : 'javascript';
      if (readByDuckDb) {
        bytes = (await stat(request.path)).size;
      } else {
        const textOf = (cell: Cell, index: number, row: number) => {
          const type = check.typeOfCell(index);
          // An identifier typed as a number keeps the zeros Excel shows (001234 in a «000000» format).
          const shown = typeof cell === 'number' && type !== undefined && IDENTIFIER_TYPES.has(type) ? source.layout?.shown.get(`${row}:${index}`) : undefined;
          if (shown !== undefined) return shown;
          // A number formatted as a percentage is read as Excel shows it (0.75 as «75%»): a count
          // of «0.75» would be told it is a fraction. (An identifier's cell is told it is a number.)
          const percent = typeof cell === 'number' && type !== undefined && !IDENTIFIER_TYPES.has(type) ? source.layout?.percents.get(`${row}:${index}`) : undefined;
          if (percent !== undefined) return percent;
          const problem = row > layout.headerRow ? typedCellProblem(cell, type) : null;
          // A teacher's cell is shown masked, as the checks show it.
          if (problem) readErrors.push({ row, header: check.headerAt(index), value: type === 'person' ? maskedId(cellText(cell)) : cellText(cell), message: problem });
          return cellAsText(cell, type, source.date1904);
        };
        await appendRecords(session, source, layout.width, textOf, (row, cells) => {
          if (row % PROGRESS_EVERY === 0) request.onProgress?.({ rows: row, bytes, phase: 'reading' });
          // Values past the header's last column: shifted cells (a «;» inside unquoted text) or a column without a header.
          let past = -1;
          for (let i = layout.width; row > layout.headerRow && past === -1 && i < cells.length; i++) if (!isEmpty(cells[i])) past = i;
          // A workbook's row is that wide only where a value lies far off its table (see
          // expandedRows): it is named as a value without a header is in the table's columns.
          if (past !== -1 && source.sheet !== undefined) {
            readErrors.push({
              row, header: `столбец ${past + 1}`, value: cellText(cells[past]).trim().slice(0, 200),
              message: `Значение в столбце ${past + 1} без заголовка: ${shiftedCellsAdvice(source.delimiter)}`,
            });
          } else if (past !== -1) {
            readErrors.push({
              row, header: '', value: '',
              message: `В строке больше значений, чем столбцов в заголовке (${layout.width}): ${shiftedCellsAdvice(source.delimiter)}`,
            });
          }
        });
      }
      // A CSV cell holding line breaks may hold whole rows (a stray quote closed rows below): only
      // where some may, looked for — DuckDB's table having fewer rows than the file has lines.
      if (sniffed.kind === 'csv') {
        const rows = readByDuckDb ? (await session.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${FILE_TABLE}`))!.n : 0;
        if (!readByDuckDb || readByDuckDb.lineBreaks === 0 || readByDuckDb.lineBreaks > rows) {
          const swallowed = await rowsInOneCell(session, layout.width, source.delimiter!, layout.headerRow);
          if (swallowed) throw new FileError(swallowed);
        }
        const joined = await otherDelimiterRows(session, layout.width, source.delimiter!, layout.headerRow);
        if (joined) throw new FileError(joined);
      }
      await addFileErrors(session, readErrors);
      const numbersRow = columnNumbersRow(source.head, layout.headerRow, header.headers.filter((h) => h !== '').length);
      const dataCells = Math.min(3, spec.fields.filter((f) => f.required).length);
      const headerCells = source.head.find((r) => r.row === layout.headerRow)?.cells.map((c) => cellText(c)) ?? [];
      const keyColumns = Object.entries(header.mapping).filter(([, key]) => spec.key.includes(key)).map(([column]) => Number(column));
      const codeColumns = Object.entries(header.mapping)
        .filter(([, key]) => !spec.key.includes(key) && spec.fields.find((f) => f.key === key)?.ref !== undefined).map(([column]) => Number(column));
      notes.push(...await skipNonDataRows(session, {
        headerRow: layout.headerRow, width: layout.width, numbersRow, headerCells, sectionRows: sectionRows(source, layout), keyColumns, codeColumns,
        requiredColumns: Object.entries(header.mapping).filter(([, key]) => spec.fields.find((f) => f.key === key)?.required).map(([column]) => Number(column)),
        fitsColumn: (column, text) => takesWords(check.fieldOf(header.mapping[column] ?? ''), text),
        mapping: header.mapping,
        fieldsNamed: (texts) => detectMapping(spec, texts),
        probes: Object.entries(header.mapping).filter(([, key]) => spec.fields.find((f) => f.key === key)?.required).slice(0, 2)
          .flatMap(([column, key]) => [headerCells[Number(column)] ?? '', spec.fields.find((f) => f.key === key)!.header]),
      }, dataCells));
      // Rows under the table's grand total are not the table's (last year's events «для справки»).
      await addFileErrors(session, (await rowsUnderTotal(session, { headerRow: layout.headerRow, width: layout.width, codeColumns: [...keyColumns, ...codeColumns] }))
        .map(({ row, total }) => ({
          row, header: '', value: '',
          message: `Строка стоит под строкой итогов таблицы (строка ${total}), а строки под итогом в таблицу не входят: если строка не нужна, удалите её; если нужна — перенесите её выше строки итогов и загрузите файл снова`,
        })));
      if (source.layout?.looks || formulaProblems.length > 0) {
        const skipped = new Set((await session.all<{ row: number }>(`SELECT row FROM ${SKIPPED_TABLE}`)).map((r) => r.row));
        const coloured = source.layout?.looks ? colouredRowsNote(source, layout, (row) => !skipped.has(row)) : null;
        if (coloured) notes.push(coloured);
        await addFileErrors(session, formulaProblems.filter((e) => !skipped.has(e.row)));
      }
      await check.reportValuesWithoutHeader();
      await check.refuseRowNumbersAsPeople();

      // Cells are checked before the transaction: the file's text is dropped for good after.
      await check.checkCells();
      notes.push(...check.notes);
      const rowsTotal = await check.dataRows();
      found.rowsTotal = rowsTotal;
      request.onProgress?.({ rows: rowsTotal, bytes, phase: 'merging' });
      if (rowsTotal === 0) {
        // Her rows typed on the template's example sheet, the data sheet left with its header only.
        throw new FileError(exampleSheetHoldsRows(sources, request, spec.code)
          ? `На листе «${source.sheet}» нет строк с данными: только заголовок, а строки таблицы — на листе «${EXAMPLE_SHEET}», `
            + `который не загружается (это образец заполнения). Перенесите строки на лист «${source.sheet}» `
            + `(или удалите лист «${source.sheet}» и переименуйте лист «${EXAMPLE_SHEET}») и загрузите файл снова.`
          : 'В файле нет строк с данными: только заголовок.');
      }

      return await session.transaction(async (tx) => {
        // Whose rows first: a row she may not change is refused as such, whatever else is wrong with it.
        const notHers = await check.checkOwnership();
        await snapshotRejected(tx);
        await check.checkRows();

        const targets = TARGETS[spec.code];
        await snapshotRejected(tx);
        const stage = await Stage.open(tx, targets, VALUES_TABLE, REJECTED_TABLE);
        const problem = { errors: ERRORS_TABLE, header: check.headerOf(spec.key[0]) };
        // A column named by the file's column it is made of (short_name of «coalesce(v_short_name,
        // v_name)» without a short name in the file: the full name).
        const headersOf = (target: Target) => (column: string) => {
          const fields = [...(target.columns as Record<string, string>)[column].matchAll(/v_(\w+)/g)].map((m) => m[1]);
          return check.headerOf(fields.find((key) => check.fieldOf(key)) ?? fields[0] ?? column);
        };
        for (const target of targets.filter((t) => t.shared)) {
          const differing = await stage.reportDiffering(target.table, {
            ...problem, seq: ERROR_ORDER.differing, message: 'Та же запись в строке {} описана иначе ([]): значения должны совпадать',
          }, headersOf(target));
          if (differing > 0) await snapshotRejected(tx);
        }
        const keyed = keyedTarget(spec.code);
        const same = sameKey(check, spec.key);
        // Two rows of one key that differ are two versions of the record: which is right (the later
        // may be the correction) cannot be told, so neither is kept, even with only valid rows asked for.
        const versions = keyed.shared ? 0 : await stage.reportDiffering(keyed.table, {
          ...problem, seq: ERROR_ORDER.differing, message: `Та же запись (${same}) в строке {} описана иначе ([]): какая из строк верна, неизвестно — оставьте одну`,
        }, headersOf(keyed), true);
        if (versions > 0) {
          await check.showPeople(ERROR_ORDER.differing);
          await snapshotRejected(tx);
        }
        // The rows left that repeat a key repeat the record as it is: the first is kept.
        const repeated = await stage.reportRepeated(keyed.table, {
          ...problem, seq: ERROR_ORDER.repeated, message: `Повтор строки {}: ${same} — одна запись не может быть в файле дважды`,
        });
        if (repeated > 0) {
          await check.showPeople(ERROR_ORDER.repeated);
          await snapshotRejected(tx);
        }
        found = { rowsTotal, ...(await errorsFound(tx)) };

        // Rows the uploader may not change are never partly accepted, whatever the mode.
        if (notHers > 0) {
          const names = allowed!.map((code) => references.districtName(code)).join(', ');
          throw new FileError(`В файле есть строки, которые вам менять нельзя (${notHers}): загрузка отклонена целиком, ничего не записано. Вам доступны районы: ${names}.`);
        }
        // How the merge will write each table: the columns it keeps (the file has no field for
        // them), and the parents of refused rows, whose stored lists stay.
        const mapped = new Set(Object.values(header.mapping));
        const staged = targets.map((target): StagedTarget => ({
          table: target.table, shared: target.shared, replaceWithin: target.replaceWithin,
          preserve: Object.entries(target.optional ?? {}).filter(([field]) => !mapped.has(field)).map(([, column]) => column),
          keepWithin: target.replaceWithin && `SELECT ${(target.columns as Record<string, string>)[target.replaceWithin]} AS parent
            FROM ${VALUES_TABLE} v SEMI JOIN ${REJECTED_TABLE} r ON r.row = v.__row`,
          removal: removedKeys(target),
        }));
        if (request.refuseApproved) {
          // Rows that change approved data are errors of their own rows: named in the errors, and
          // in «valid rows only» mode the others are written without them.
          approvedPeriods = await refuseRowsTouchingApproved(tx, staged, {
            errors: ERRORS_TABLE, seq: ERROR_ORDER.approved, advice: request.refuseApproved.advice,
            headerOf: (table, column) => headersOf(targets.find((t) => t.table === table)!)(column),
          }, () => snapshotRejected(tx));
          if (approvedPeriods.length > 0) found = { rowsTotal, ...(await errorsFound(tx)) };
        }
        if (found.errorCount > 0 && (request.mode === 'strict' || found.rowsRejected >= rowsTotal)) throw new Rejected();

        for (const target of targets) {
          for (const fact of target.sameFact ?? []) {
            const like = await stage.rowsLikeStored(target.table, fact.columns, ROWS_NAMED, { removed: removedKeys(target), detail: fact.shown });
            if (like.count > 0) {
              notes.push(`${like.count === 1 ? 'Строка' : 'Строки'} ${namedAndMore(rowList(like.rows), like.rows.length, like.count)}: ${fact.note.replace('{}', like.details.join(', '))}.`);
            }
          }
        }
        for (const target of targets.filter((t) => t.emptyKeeps)) {
          const kept = await stage.keptRows(target, staged.find((t) => t.table === target.table)!.preserve ?? [], ROWS_NAMED);
          if (kept.count > 0) {
            const headers = [...new Set(kept.columns.map(headersOf(target)))].map((h) => `«${h}»`).join(', ');
            // What changes a kept value: a mark is taken off by «нет», anything else by the value meant.
            const marks = kept.columns.some((c) => DATA_TABLES[target.table].find((d) => d.name === c)?.type === 'boolean');
            notes.push(`${kept.count === 1 ? 'Строка' : 'Строки'} ${namedAndMore(rowList(kept.rows), kept.rows.length, kept.count)}: ячейки без значения (${headers}: пустые или «—», «н/д») `
              + `не стёрли то, что записано в базе, — ячейка без значения сохранённое значение не меняет. Чтобы изменить его, напишите новое значение${marks ? ' (отметку снимает «нет»)' : ''}.`);
          }
        }
        for (const target of targets.filter((t) => t.listed)) {
          const left = await stage.storedNotListed(target, ROWS_NAMED);
          if (left.count > 0) notes.push(`${target.listed!.note.replace('{}', namedAndMore(left.keys.join(', '), left.keys.length, left.count))}.`);
        }
        // What a file writes: rows deleting a record are no rows of it.
        const removable = spec.fields.some((f) => f.key === 'remove');
        for (const { select, note, order } of FILE_NOTES[spec.code] ?? []) {
          const named = await tx.all<{ shown: string; count: number }>(
            `WITH file_rows AS (SELECT * FROM ${VALUES_TABLE} WHERE __row NOT IN (SELECT row FROM ${REJECTED_TABLE})${removable ? ' AND NOT coalesce(v_remove, false)' : ''})
             SELECT shown, count(*) OVER () AS count FROM (${select}) ORDER BY ${order ?? 'shown'} LIMIT $shown`,
            { shown: ROWS_NAMED, ...(select.includes('$today') ? { today: localDay() } : {}) },
          );
          if (named.length > 0) notes.push(`${note.replace('{}', namedAndMore(named.map((n) => n.shown).join(', '), named.length, named[0].count))}.`);
        }
        await check.keepSpellings(request.uploadId);
        // Counts are of table records: an organization row with a headcount is two records.
        const total = noChanges();
        for (const { table, replaceWithin, keepWithin, preserve, shared } of staged) {
          const changed = await mergeTable(tx, request.uploadId, table, { replaceWithin, keepWithin: keepWithin || undefined, preserve, repeats: shared });
          for (const key of Object.keys(total) as (keyof TableChanges)[]) total[key] += changed[key];
        }
        for (const target of targets.filter((t) => t.removed)) total.deleted += await removeRecords(tx, request.uploadId, target.table, removedKeys(target)!);
        for (const target of targets.filter((t) => t.dropped && t.replaceWithin)) {
          const dropped = await droppedFromLists(tx, request.uploadId, target.table, target.replaceWithin!, target.dropped!.shown, ROWS_NAMED);
          if (dropped.count > 0) notes.push(`${target.dropped!.note.replace('{}', namedAndMore(dropped.shown.join('; '), dropped.shown.length, dropped.count))}.`);
        }
        // Another account's figures overwritten («last file wins»): named. Not for the tables of
        // teachers (participations run to millions, and their keys are hashed ids).
        if (total.updated + total.deleted > 0) {
          const tables = [...new Set(targets.map((t) => t.table))].filter((t) => !(PERSON_TABLES as readonly string[]).includes(t));
          const others = await changedFromOthers(tx, request.uploadId, tables, ROWS_NAMED);
          if (others.count > 0) {
            notes.push(`Изменены данные, загруженные другим пользователем: ${namedAndMore(others.shown.join(', '), others.shown.length, others.count)}. `
              + 'В базе теперь значения этого файла: если прежние были верны, согласуйте их с тем, кто их загрузил, и загрузите верные (или откатите эту загрузку, пока после неё не было других).');
          }
        }
        await stage.close();
        const message = found.rowsRejected > 0 ? `Записаны только верные строки; пропущено строк с ошибками: ${formatInteger(found.rowsRejected)}.` : null;
        const outcome: ImportOutcome = { status: 'applied', dataset, message, notes, changes: total, ...found, reader, approvedPeriods };
        await request.beforeCommit?.(tx, outcome);
        return outcome;
      });
    });
  } catch (error) {
    const base = { status: 'rejected' as const, dataset, notes, changes: noChanges(), ...found, reader, approvedPeriods };
    if (error instanceof Rejected) {
      return { ...base, message: `Найдено ошибок: ${formatInteger(found.errorCount)}. Ничего не записано: исправьте файл и загрузите его снова.` };
    }
    if (error instanceof FileError) return { ...base, message: error.message };
    throw error;
  }
}

/**
 * Whether a text of words is a value of a field (see skipNonDataRows: a row of one such text is
 * no section title): a name or a title, a district or a direction by its name, a choice of a
 * list; never a code or an id, which are one word («SP1», «0501», «T-12»).
 */
function takesWords(field: FieldSpec | undefined, text: string): boolean {
  if (!field) return false;
  if (field.type === 'text' || field.ref === 'districts' || field.ref === 'directions') return true;
  if (field.type === 'code') return false;
  return parseCell({ ...field, required: true }, text).ok;
}

/** The keys of the stored records a target's valid rows ask to delete (SQL; see Target.removed), or nothing. */
function removedKeys({ table, removed, columns }: Target): string | undefined {
  if (!removed) return undefined;
  const keys = NATURAL_KEYS[table].map((key) => `${(columns as Record<string, string>)[key]} AS ${key}`).join(', ');
  return `SELECT ${keys}, v.__row FROM ${VALUES_TABLE} v ANTI JOIN ${REJECTED_TABLE} r ON r.row = v.__row WHERE ${removed}`;
}

/** «E2, E5 и ещё 3»: the first `shown` of `count` things as `named`, and how many more there are. */
const namedAndMore = (named: string, shown: number, count: number) => `${named}${count > shown ? ` и ещё ${count - shown}` : ''}`;

/** Several columns fit one field equally well: the uploader must say which one is meant. */
function doubtsProblem(spec: DatasetSpec, header: Header): string {
  const fields = header.doubts.map((doubt) => {
    const field = spec.fields.find((f) => f.key === doubt.key)!;
    const columns = doubt.columns.map((i) => `«${header.headers[i] || `столбец ${i + 1}`}» (столбец ${i + 1})`).join(' и ');
    return `к полю «${field.header}» подходят ${columns}`;
  });
  return `Неясно, какой столбец загружать: ${fields.join('; ')}. Переименуйте или удалите лишний столбец либо выберите столбцы на странице загрузки.`;
}

/**
 * What makes rows one record, as messages about them say it: the key's columns. (A row is named
 * by the key's first column — a teacher by the masked cell (showPeople) rather than the stored
 * hash, which means nothing to anyone.)
 */
function sameKey(check: FileCheck, key: string[]): string {
  const columns = key.map((k) => `«${check.headerOf(k)}»`).join(', ');
  return key.length === 1 ? `то же значение в столбце ${columns}` : `те же значения в столбцах ${columns}`;
}

/**
 * How many errors and rows with errors the checks found, the first ERRORS_KEPT errors, and the
 * commonest kinds (a check of a column; its first row's message, which may name that row's value).
 */
async function errorsFound(tx: Session): Promise<Pick<ImportOutcome, 'rowsRejected' | 'errors' | 'errorCount' | 'errorKinds'>> {
  const counts = await tx.one<{ errors: number; rows: number }>(`SELECT count(*) AS errors, count(DISTINCT row) AS rows FROM ${ERRORS_TABLE}`);
  const errors = await tx.all<RowError & Record<string, unknown>>(
    `SELECT row, header AS "column", value, message FROM ${ERRORS_TABLE} ORDER BY row, seq LIMIT $limit`, { limit: ERRORS_KEPT },
  );
  const kinds = await tx.all<ErrorKind & Record<string, unknown>>(
    `SELECT header AS "column", arg_min(message, row) AS message, count(*)::INTEGER AS rows, min(row) AS "firstRow" FROM ${ERRORS_TABLE}
     GROUP BY seq, header ORDER BY rows DESC, "firstRow", seq LIMIT $limit`, { limit: ERROR_KINDS_KEPT },
  );
  return {
    errorCount: counts!.errors, rowsRejected: counts!.rows,
    errors: errors.map(({ row, column, value, message }) => ({ row, column, value, message })),
    errorKinds: kinds.map(({ column, message, rows, firstRow }) => ({ column, message, rows, firstRow })),
  };
}

const noChanges = (): TableChanges => ({ inserted: 0, updated: 0, deleted: 0, unchanged: 0 });
