import Papa from 'papaparse';
import { HEADER_SEARCH_ROWS, MAX_COLUMNS } from '../shared/datasets.js';
import { compoundDirectoryOffset, detectDelimiter, sniff, SNIFF_BYTES, type TextEncoding } from '../shared/sniff.js';
import { formatDate, workbookDay } from '../shared/format.js';

export interface Preview {
  kind: 'csv' | 'xlsx';
  /** What the user should know about how the file was read («UTF-8, разделитель «;»»). */
  description: string;
  sheets: string[];
  sheet: string | null;
  /** Other sheets whose rows hold a dataset's header too: sent without a sheet chosen, such a book is refused whole, as the server reads every sheet. */
  otherTables: string[];
  /** The first rows as text, header candidates included. */
  rows: string[][];
}

/** The rows searched for the header (as the server does) and a few data rows under it. */
export const PREVIEW_ROWS = HEADER_SEARCH_ROWS + 10;

const DELIMITER_NAMES: Record<string, string> = { ';': 'точка с запятой', ',': 'запятая', '\t': 'табуляция' };
const ENCODING_NAMES: Record<TextEncoding, string> = {
  'utf-8': 'UTF-8', 'windows-1251': 'Windows-1251', ibm866: 'DOS (CP866)', 'x-mac-cyrillic': 'Кириллица (Mac)', 'utf-16le': 'UTF-16 LE', 'utf-16be': 'UTF-16 BE',
};

/**
 * Reads the first rows of a file in the browser, the way the server will read all of it
 * (same sniffing, same delimiter rule), so the preview and the import agree.
 */
export async function previewFile(file: File, sheet: string | null = null, fits: (rows: string[][]) => boolean = () => true): Promise<Preview> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  const directory = compoundDirectoryOffset(head);
  const sniffed = sniff(head, directory === null ? undefined : new Uint8Array(await file.slice(directory, directory + SNIFF_BYTES).arrayBuffer()));
  if (sniffed.kind === 'rejected') throw new Error(sniffed.reason);
  if (sniffed.kind === 'xlsx') return previewXlsx(file, sheet, fits);
  const text = new TextDecoder(sniffed.encoding).decode(head.subarray(sniffed.bomLength));
  const delimiter = detectDelimiter(text);
  const parsed = Papa.parse<string[]>(text, { delimiter, preview: PREVIEW_ROWS });
  return {
    kind: 'csv',
    description: `CSV, кодировка ${ENCODING_NAMES[sniffed.encoding]}, разделитель — ${DELIMITER_NAMES[delimiter]}`,
    sheets: [],
    sheet: null,
    otherTables: [],
    rows: tableOf(parsed.data),
  };
}

/**
 * Rows as wide as the table: cells past MAX_COLUMNS (the server refuses them) and the empty
 * columns right of the last with a value left out (Excel pads a CSV's rows to the sheet's used
 * range, up to 16,384 columns: each would be a column to map).
 */
export function tableOf(rows: string[][]): string[][] {
  const width = Math.max(0, ...rows.map((row) => row.slice(0, MAX_COLUMNS).findLastIndex((cell) => cell.trim() !== '') + 1));
  return rows.map((row) => row.slice(0, width));
}

/** A workbook's sheet: the one named, else the first whose rows `fit` (hold a dataset's header), else the first. */
async function previewXlsx(file: File, sheet: string | null, fits: (rows: string[][]) => boolean): Promise<Preview> {
  // Loaded only when an XLSX file is chosen: the dashboard never pays for it.
  const [{ default: readXlsxFile }, { workbookHead, WorkbookTooLarge }] = await Promise.all([import('read-excel-file/browser'), import('./workbook-head.js')]);
  let sheets;
  try {
    const head = workbookHead(new Uint8Array(await file.arrayBuffer()), PREVIEW_ROWS, MAX_COLUMNS);
    // A chart, a dialog or a macro sheet comes without data: it is no table to show or to choose.
    sheets = (await readXlsxFile(new Blob([head as Uint8Array<ArrayBuffer>]))).filter((s) => s.data !== undefined);
  } catch (error) {
    if (error instanceof WorkbookTooLarge) throw error;
    throw new Error('Файл не удалось прочитать как книгу Excel (.xlsx): возможно, он повреждён или это другой формат.', { cause: error });
  }
  if (sheets.length === 0) throw new Error('В книге нет листа с таблицей: только диаграммы или другие листы без ячеек с данными.');
  const rowsOf = (data: unknown[][]) => tableOf(data.slice(0, PREVIEW_ROWS).map((row) => row.map(cellText)));
  const chosen = sheets.find((s) => s.sheet === sheet) ?? (sheet === null ? sheets.find((s) => fits(rowsOf(s.data))) : undefined) ?? sheets[0];
  return {
    kind: 'xlsx',
    description: `Книга Excel, лист «${chosen.sheet}»`,
    sheets: sheets.map((s) => s.sheet),
    sheet: chosen.sheet,
    otherTables: sheets.filter((s) => s !== chosen && fits(rowsOf(s.data))).map((s) => s.sheet),
    rows: rowsOf(chosen.data),
  };
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return formatDate(workbookDay(cell));
  return String(cell);
}
