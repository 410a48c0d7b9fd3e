import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { Transform } from 'node:stream';
import Papa from 'papaparse';
import { HEADER_SEARCH_ROWS } from '../../web/src/lib/shared/datasets.js';
import { detectDelimiter, sniff, SNIFF_BYTES, type Sniffed } from '../../web/src/lib/shared/sniff.js';
import type { Cell } from './values.js';
import { fillMergedRanges, unpackedSizeProblem, type MergedRange, type SheetLayout } from './xlsx-layout.js';
import { FileError } from './file-error.js';
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
  return sniff(await readHeadBytes(path, 0));
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

/** A readable table: its first records (to find the header row), then all records in order. */
export interface RecordSource {
  head: { cells: Cell[]; row: number }[];
  /** A CSV file's delimiter. */
  delimiter?: string;
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
    const tooBig = unpackedSizeProblem(await readFile(path));
    if (tooBig) throw new FileError(tooBig);
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
  return [{
    head: parsed.data.map((cells, i) => ({ cells, row: i + 1 })),
    delimiter,
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
  const decode = new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, callback) {
      onBytes?.(chunk.length);
      try {
        callback(null, lines(decoder.decode(chunk, { stream: true })));
      } catch {
        callback(new FileError('В файле встречаются байты, недопустимые в UTF-8: сохраните его заново в UTF-8 или в Windows-1251.'));
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
        for (const error of results.errors) {
          if (error.type === 'Quotes') {
            onQuoteError(rowNumber, error.code === 'MissingQuotes' ? 'Незакрытая кавычка: проверьте кавычки в этой строке' : 'Неверные кавычки в значении');
          }
        }
        try {
          onRecord(results.data, rowNumber);
        } catch (error) {
          parser.abort();
          reject(error);
        }
      },
      complete: () => resolve(),
      error: (error: Error) => reject(error),
    });
  });
}

async function readHead(path: string, sniffed: Extract<Sniffed, { kind: 'csv' }>): Promise<string> {
  return new TextDecoder(sniffed.encoding).decode(await readHeadBytes(path, sniffed.bomLength));
}

