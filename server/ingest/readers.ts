import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { Transform } from 'node:stream';
import Papa from 'papaparse';
import { HEADER_SEARCH_ROWS, MAX_COLUMNS } from '../../web/src/lib/shared/datasets.js';
import { plural } from '../../web/src/lib/shared/format.js';
import { compoundDirectoryOffset, detectDelimiter, sniff, SNIFF_BYTES, type Sniffed } from '../../web/src/lib/shared/sniff.js';
import type { Cell } from './values.js';
import { fillMergedRanges, longCellProblem, unpackedSizeProblem, type MergedRange, type SheetLayout } from './xlsx-layout.js';
import { FileError, tooManyColumns } from './file-error.js';
import { readWorkbookApart } from './xlsx-parser.js';

/** Called once per record (the header included), with its row number as Excel shows it. */
export type RecordHandler = (cells: Cell[], rowNumber: number) => void;

/** The first SNIFF_BYTES of a file from an offset. */
async function readHeadBytes(path: string, offset: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, offset);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function sniffFile(path: string): Promise<Sniffed> {
  const head = await readHeadBytes(path, 0);
  const directory = compoundDirectoryOffset(head);
  return sniff(head, directory === null ? undefined : await readHeadBytes(path, directory));
}

/**
 * The longest line a CSV may have. A row of a real table is far shorter (an Excel cell holds
 * 32,767 characters); a longer line is another kind of file, and DuckDB's reader would silently
 * drop one past its 32 MB buffer while papaparse slows to a crawl on it.
 */
const MAX_LINE_BYTES = 8 << 20;

/**
 * Why a CSV file is refused for a line longer than maxBytes, or null. A line ends at LF, at CR LF
 * and at a CR alone (an old Mac file), as the CSV readers end a row.
 */
export async function longLineProblem(path: string, maxBytes = MAX_LINE_BYTES): Promise<string | null> {
  let line = 1;
  let length = 0;
  /** The previous chunk ended with a CR: an LF first in this chunk ends no other line. */
  let afterCr = false;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let from = 0;
    let cr = chunk.indexOf(0x0d);
    let lf = chunk.indexOf(0x0a);
    while (cr !== -1 || lf !== -1) {
      const end = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
      if (length + end - from > maxBytes) break;
      const crLf = end === lf && (end > 0 ? chunk[end - 1] === 0x0d : afterCr);
      if (!crLf) line += 1;
      length = 0;
      from = end + 1;
      if (end === cr) cr = chunk.indexOf(0x0d, from);
      else lf = chunk.indexOf(0x0a, from);
    }
    length += chunk.length - from;
    afterCr = chunk.at(-1) === 0x0d;
    if (length > maxBytes) {
      return `Строка ${line} файла длиннее ${maxBytes >> 20} МБ: в таблице таких строк не бывает (в ячейке Excel не больше 32 767 знаков). `
        + 'Проверьте, что загружаете таблицу в формате CSV, а не другой файл; если это выгрузка, сохраните её из Excel заново.';
    }
  }
  return null;
}

/** Bytes that leave a cell empty: space, tab and quotes (`""` is an empty cell). */
const BLANK = new Uint8Array(256);
for (const byte of [0x20, 0x09, 0x22]) BLANK[byte] = 1;

/**
 * The last column with a value in any line of a CSV file (1-based), read once without decoding
 * it, for a file whose rows are padded with empty cells (Excel pads every row with «;» to the
 * sheet's used range: 16,384 columns for a sheet once touched in its last one), so that those
 * columns are not read; a value past MAX_COLUMNS refuses the file. Quotes are not followed: a
 * delimiter inside quotes counts (a column more than there is) and a line break inside quotes
 * starts the count again; the caller adds the head's own width. UTF-16 is read by code units.
 */
async function filledWidth(path: string, sniffed: Extract<Sniffed, { kind: 'csv' }>, delimiter: string): Promise<number> {
  const delimiterByte = delimiter.charCodeAt(0);
  const unitBytes = sniffed.encoding.startsWith('utf-16') ? 2 : 1;
  const high = sniffed.encoding === 'utf-16be' ? 0 : 1;
  let line = 1;
  let cell = 0;
  let filled = 0;
  let width = 0;
  let odd: number | null = null;
  for await (const read of createReadStream(path, { start: sniffed.bomLength, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const chunk: Buffer = odd === null ? read : Buffer.concat([Buffer.of(odd), read]);
    const end: number = chunk.length - (chunk.length % unitBytes);
    odd = end < chunk.length ? chunk[end] : null;
    for (let i = 0; i < end; i += unitBytes) {
      // A UTF-16 unit outside ASCII is a character of a value, never a delimiter or a line end.
      const unit = unitBytes === 1 ? chunk[i] : chunk[i + high] === 0 ? chunk[i + 1 - high] : 0xff;
      if (unit === 0x0a || unit === 0x0d) {
        width = Math.max(width, filled);
        if (unit === 0x0a) line += 1;
        cell = filled = 0;
      } else if (unit === delimiterByte) {
        cell += 1;
      } else if (BLANK[unit] === 0) {
        filled = cell + 1;
        if (filled > MAX_COLUMNS) throw new FileError(tooManyColumns(line, filled));
      }
    }
  }
  return Math.max(width, filled);
}

/** Why a UTF-8 file is refused for a byte of another encoding in `chunk`, its lines counted from `line`. */
function notUtf8(chunk: Buffer, line: number): string {
  const text = new TextDecoder('utf-8').decode(chunk);
  const at = text.indexOf('\uFFFD');
  const advice = 'сохраните файл заново целиком в UTF-8 или в Windows-1251';
  if (at < 0) return `В файле встречаются байты, недопустимые в UTF-8: ${advice}.`;
  // Every character before it was read as written: its bytes are the chunk's bytes up to it.
  const byte = chunk[Buffer.byteLength(text.slice(0, at))];
  const shown = new TextDecoder('windows-1251').decode(Uint8Array.of(byte));
  return `Строка ${line + text.slice(0, at).split('\n').length - 1}: знак не в кодировке UTF-8 (в Windows-1251 это «${shown}») — файл сохранён частью в другой кодировке. `
    + `Исправьте этот знак или ${advice}.`;
}

/** A readable table: its first records (to find the header row), then all records in order. */
export interface RecordSource {
  head: { cells: Cell[]; row: number }[];
  /** A CSV file's delimiter. */
  delimiter?: string;
  /** A CSV file's last column with a value in any row, where its rows are padded with empty cells past it. */
  width?: number;
  /** An XLSX sheet's name. */
  sheet?: string;
  /** Cells of an XLSX sheet that show a merged range's value (row as Excel numbers it, column from 0). */
  merged?: { row: number; column: number; range: MergedRange }[];
  /** What else the XLSX sheet's XML says: hidden rows, columns and sheet, formulas without a value. */
  layout?: SheetLayout;
  /** The workbook counts days from 1904. */
  date1904?: boolean;
  stream: (onRecord: RecordHandler) => Promise<void>;
}

/** How many records from the top are searched for the header row. */
const HEAD_RECORDS = HEADER_SEARCH_ROWS + 1;

/** The tables of a file: a CSV's one, or each sheet of an XLSX workbook (only the named one when a sheet is named). */
export async function openSources(
  path: string,
  sniffed: Exclude<Sniffed, { kind: 'rejected' }>,
  options: { sheet?: string; onQuoteError: (row: number, message: string) => void; onBytes?: (bytes: number) => void },
): Promise<RecordSource[]> {
  if (sniffed.kind === 'xlsx') {
    const workbook = await readFile(path);
    const problem = unpackedSizeProblem(workbook) ?? longCellProblem(workbook);
    if (problem) throw new FileError(problem);
    const { layout, sheets } = await readWorkbookApart(path, options.sheet);
    return sheets.map(({ sheet, rows }) => {
      const merged = fillMergedRanges(rows, layout.sheets.get(sheet)?.merged ?? []).map((m) => ({ ...m, row: m.row + 1 }));
      return {
        sheet,
        merged,
        layout: layout.sheets.get(sheet),
        date1904: layout.date1904,
        head: rows.slice(0, HEAD_RECORDS).map((cells, i) => ({ cells, row: i + 1 })),
        stream: async (onRecord) => rows.forEach((cells, i) => onRecord(cells, i + 1)),
      };
    });
  }
  const tooLong = await longLineProblem(path);
  if (tooLong) throw new FileError(tooLong);
  const headText = await readHead(path, sniffed);
  const delimiter = detectDelimiter(headText);
  const parsed = Papa.parse<string[]>(headText, { delimiter, preview: HEAD_RECORDS });
  // The first records as papaparse reads them (a header cell with a line break in it, quoted).
  const filled = parsed.data.map((cells) => cells.findLastIndex((cell) => cell.trim() !== '') + 1);
  const headWidth = Math.max(0, ...filled);
  if (headWidth > MAX_COLUMNS) throw new FileError(tooManyColumns(filled.findIndex((n) => n > MAX_COLUMNS) + 1, headWidth));
  // Only rows padded with empty cells past their values (Excel's used range) need the file read
  // for its width: a file of a million rows without padding is not read once more.
  const padded = parsed.data.some((cells) => cells.length > headWidth);
  return [{
    head: parsed.data.map((cells, i) => ({ cells, row: i + 1 })),
    delimiter,
    width: padded ? Math.max(await filledWidth(path, sniffed, delimiter), headWidth) : undefined,
    stream: (onRecord) => readCsv(path, sniffed, delimiter, onRecord, options.onQuoteError, options.onBytes),
  }];
}

/**
 * Streams the records of a CSV file through papaparse without holding the file in memory.
 * Bytes are decoded as the sniffer decided; invalid UTF-8 stops the import rather than storing
 * replacement characters. Broken quoting is reported per row through onQuoteError.
 */
async function readCsv(
  path: string,
  sniffed: Extract<Sniffed, { kind: 'csv' }>,
  delimiter: string,
  onRecord: RecordHandler,
  onQuoteError: (rowNumber: number, message: string) => void,
  onBytes?: (bytes: number) => void,
): Promise<void> {
  const decoder = new TextDecoder(sniffed.encoding, { fatal: sniffed.encoding === 'utf-8' });
  // CR LF is read as LF: a file with line ends of both kinds (edited on Windows and elsewhere)
  // is read line by line like any other. A CR at a chunk's end waits for the next chunk.
  let held = '';
  const lines = (text: string) => {
    const whole = held + text;
    held = whole.endsWith('\r') ? '\r' : '';
    return (held ? whole.slice(0, -1) : whole).replace(/\r\n/g, '\n');
  };
  // The line a byte not of UTF-8 is on is named with what it is in Windows-1251 (one «№» typed
  // into a UTF-8 file by an editor of the other encoding): there is a place to mend.
  let linesRead = 1;
  const decode = new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, callback) {
      onBytes?.(chunk.length);
      try {
        const text = decoder.decode(chunk, { stream: true });
        linesRead += text.split('\n').length - 1;
        callback(null, lines(text));
      } catch {
        callback(new FileError(notUtf8(chunk, linesRead)));
      }
    },
    flush(callback) {
      const rest = lines(decoder.decode());
      callback(null, rest + held);
    },
  });
  const input = createReadStream(path, { start: sniffed.bomLength, highWaterMark: 1 << 20 });
  input.on('error', (error) => decode.destroy(error));
  input.pipe(decode);

  let rowNumber = 0;
  await new Promise<void>((resolve, reject) => {
    decode.on('error', reject);
    Papa.parse<string[]>(decode as unknown as File, {
      delimiter,
      skipEmptyLines: false,
      step: (results, parser) => {
        rowNumber += 1;
        const quotes = results.errors.filter((error) => error.type === 'Quotes');
        try {
          if (quotes.length > 0) {
            const swallowed = swallowedLines(results.data, rowNumber, delimiter, quotes.some((error) => error.code === 'MissingQuotes'));
            if (swallowed) throw new FileError(swallowed);
          }
          for (const error of quotes) {
            onQuoteError(rowNumber, error.code === 'MissingQuotes' ? 'Незакрытая кавычка: проверьте кавычки в этой строке' : 'Неверные кавычки в значении');
          }
          onRecord(results.data, rowNumber);
        } catch (error) {
          // Rejected first: aborting calls `complete`, which would resolve.
          reject(error);
          parser.abort();
        }
      },
      complete: () => resolve(),
      error: (error: Error) => reject(error),
    });
  });
}

/**
 * Why a record with broken quotes refuses the whole file, or null: a quote that opens a cell and
 * is not closed on its line makes every line after it, up to the next quote or to the end of the
 * file, one cell. Those lines would be neither rows nor errors, and how many rows the file has is
 * then unknown: the file is refused, whatever the mode. A quote left open on the last line takes
 * only the rest of that line (its row is refused as a row).
 */
export function swallowedLines(cells: string[], row: number, delimiter: string, toEnd: boolean): string | null {
  const cell = cells.map((text) => text.replace(/\n+$/, '')).find((text) => text.includes('\n'));
  if (cell === undefined) return null;
  const [first, ...rest] = cell.split('\n');
  const start = first.split(delimiter)[0].trim().slice(0, 40);
  const until = toEnd ? 'до конца файла' : 'до следующей кавычки';
  const lines = `ещё ${rest.length} ${plural(rest.length, ['строка', 'строки', 'строк'])}`;
  // «"Цифровая школа" - семинар»: a cell opening with a quoted name and going on after it (1С
  // writes titles so). The quote is closed, but a quoted cell ends at its closing quote.
  const quoted = /^([^"]*)"(.*)$/.exec(start);
  if (quoted && quoted[2].trim() !== '') {
    return `Строка ${row}: ячейка «"${quoted[1]}"${quoted[2]}…» начинается с кавычки, и после закрывающей кавычки текст продолжается — так записанная ячейка читается ${until}, `
      + `и всё это (${lines}) прочитано как одна ячейка, а не как строки таблицы. Уберите кавычки вокруг «${quoted[1]}» или возьмите в кавычки всю ячейку, удвоив кавычки внутри неё `
      + `(«"""${quoted[1]}""${quoted[2]}…"»), и загрузите файл снова. Ничего не записано.`;
  }
  return `Строка ${row}: кавычка перед «${start}» не закрыта, и всё после неё ${until} (${lines}) `
    + 'прочитано как одна ячейка, а не как строки таблицы. Закройте кавычку или удалите её и загрузите файл снова. Ничего не записано.';
}

async function readHead(path: string, sniffed: Extract<Sniffed, { kind: 'csv' }>): Promise<string> {
  return new TextDecoder(sniffed.encoding).decode(await readHeadBytes(path, sniffed.bomLength));
}

