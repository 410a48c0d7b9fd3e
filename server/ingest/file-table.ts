/**
 * A file's records as a DuckDB table, ingest_file (c0 … c<width − 1>, all text): the record
 * that Excel shows as row n is at rowid n − 1. The checks then run in DuckDB over that table.
 *
 * Well-formed CSV is read by DuckDB's own reader, at its full speed. Files it would number
 * differently from papaparse (it skips empty lines) or refuses (broken quotes, more cells than
 * the header, bytes invalid in UTF-8, line breaks inside quotes in a file big enough for its
 * parallel reader) and XLSX are streamed through the JavaScript readers instead, which report
 * broken quotes per row. test/ingest-readers.test.ts holds the two to the same outcomes.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Sniffed } from '../../web/src/lib/shared/sniff.js';
import type { Session } from '../db/database.js';
import { swallowedLines, type RecordSource } from './readers.js';
import type { Cell } from './values.js';

export const FILE_TABLE = 'ingest_file';

/** The column of the file's i-th cell. */
export const cellColumn = (index: number) => `c${index}`;

const columnNames = (width: number) => Array.from({ length: width }, (_, i) => cellColumn(i));

const CHUNK = 1 << 20;

/**
 * Reads a CSV file into FILE_TABLE with DuckDB's reader; null (and no table) when the file is
 * one DuckDB could read differently from the JavaScript reader. Text that is not UTF-8 is first
 * copied as UTF-8 beside the file. `lineBreaks`: how many LF the file has (0 for a file of CR
 * line ends): more than the table has rows means some cell holds a line break.
 */
export async function readCsvWithDuckDb(
  session: Session, path: string, sniffed: Extract<Sniffed, { kind: 'csv' }>, delimiter: string, width: number,
): Promise<{ lineBreaks: number } | null> {
  const utf8 = sniffed.encoding === 'utf-8' ? path : `${path}.utf8`;
  try {
    const scanner = sniffed.encoding === 'utf-8' ? await scanned(path) : await transcode(path, sniffed, utf8);
    if (scanner.found) return null;
    const columns = columnNames(width).map((c) => `'${c}': 'VARCHAR'`).join(', ');
    await session.run(
      `CREATE TEMP TABLE ${FILE_TABLE} AS SELECT * FROM read_csv($path, delim = $delimiter, quote = '"', escape = '"',
         header = false, auto_detect = false, strict_mode = true, null_padding = true, columns = {${columns}})`,
      { path: utf8, delimiter },
    );
    return { lineBreaks: scanner.lineBreaks };
  } catch {
    // DuckDB refused the file (broken quotes, ragged rows, invalid bytes): the caller streams it.
    return null;
  } finally {
    if (utf8 !== path) await rm(utf8, { force: true });
  }
}

/** Copies text in another encoding as UTF-8, scanning it as it goes. */
async function transcode(path: string, sniffed: Extract<Sniffed, { kind: 'csv' }>, target: string): Promise<EmptyLineScanner> {
  const decoder = new TextDecoder(sniffed.encoding);
  const scanner = new EmptyLineScanner();
  async function* decode(chunks: AsyncIterable<Buffer>) {
    for await (const chunk of chunks) {
      const text = Buffer.from(decoder.decode(chunk, { stream: true }));
      scanner.push(text);
      yield text;
    }
    yield Buffer.from(decoder.decode());
  }
  await pipeline(createReadStream(path, { start: sniffed.bomLength, highWaterMark: CHUNK }), decode, createWriteStream(target));
  return scanner;
}

/** A UTF-8 file scanned, up to an empty line inside it or line ends of both kinds. */
async function scanned(path: string): Promise<EmptyLineScanner> {
  const scanner = new EmptyLineScanner();
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
    if (scanner.push(chunk as Buffer)) break;
  }
  return scanner;
}

/**
 * A cell that holds whole rows of the table: a quote typed before a value and «closed» by a stray
 * quote at a cell's end some rows below, with no broken quote for a reader to see — every line
 * between became one cell. Found as a line of the cell, after its first, that reads as a row: as
 * many delimiters as a row has, a code first. Null when there is none; the refusal otherwise,
 * naming the row.
 */
export async function rowsInOneCell(session: Session, width: number, delimiter: string, headerRow: number): Promise<string | null> {
  const columns = columnNames(width);
  const cells = await session.all<{ row: number; cell: string }>(
    `SELECT row, cell FROM (
       SELECT (rowid + 1)::INTEGER AS row, unnest([${columns.join(', ')}]) AS cell FROM ${FILE_TABLE}
       WHERE rowid + 1 > $header_row AND (${columns.map((c) => `contains(${c}, chr(10))`).join(' OR ')})
     ) WHERE contains(cell, chr(10)) ORDER BY row LIMIT 1000`,
    { header_row: headerRow },
  );
  // A swallowed row: as many cells as a row has, the first a code (no space: «E63»). A comment's
  // line with «;» in it («Плюсы: практика; обсуждение; …») starts with words.
  const least = Math.max(2, width - 1);
  const rowLike = (line: string) => {
    const parts = line.split(delimiter);
    return parts.length - 1 >= least && /^[^\s"]{1,40}$/.test(parts[0].trim());
  };
  const swallowing = cells.find(({ cell }) => cell.split('\n').slice(1).some(rowLike));
  return swallowing ? swallowedLines([swallowing.cell], swallowing.row, delimiter, false) : null;
}

/** What the file's delimiters are called in a message. */
const DELIMITER_NAMES: Record<string, string> = { ';': 'точкой с запятой', ',': 'запятыми', '\t': 'табуляцией' };

/**
 * Rows of a CSV written with another delimiter than its header (two files joined, one saved with
 * «;», the other with «,»): such a row is one cell holding as many of the other delimiter as the
 * table has columns between them. Refused with the first such line: read so, its values would all
 * fall into the first column. A row whose first cell holds a few commas among words is a text.
 */
export async function otherDelimiterRows(session: Session, width: number, delimiter: string, headerRow: number): Promise<string | null> {
  if (width < 3) return null;
  const others = Object.keys(DELIMITER_NAMES).filter((d) => d !== delimiter);
  const [rest, first] = [columnNames(width).slice(1), columnNames(1)[0]];
  for (const other of others) {
    const found = await session.all<{ row: number; count: number }>(
      `SELECT (rowid + 1)::INTEGER AS row, count(*) OVER () AS count FROM ${FILE_TABLE}
       WHERE rowid + 1 > $header_row AND ${rest.map((c) => `${c} IS NULL`).join(' AND ')}
         AND length(${first}) - length(replace(${first}, $other, '')) >= $least
       ORDER BY rowid LIMIT 1`,
      { header_row: headerRow, other, least: width - 1 },
    );
    if (found.length > 0) {
      const [{ row, count }] = found;
      return `Со строки ${row} значения разделены ${DELIMITER_NAMES[other]}, а в заголовке — ${DELIMITER_NAMES[delimiter]}`
        + ` (таких строк ${count}): похоже, файл склеен из двух, сохранённых по-разному. Сохраните все строки с одним разделителем`
        + ' (откройте части в Excel и сохраните как «CSV (разделители — запятые)») и загрузите файл снова.';
    }
  }
  return null;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Finds, chunk by chunk, what DuckDB's reader would read differently from the JavaScript one: an
 * empty line followed by more text (DuckDB skips empty lines while papaparse counts them, so row
 * numbers would differ; empty lines at the very end are harmless), and line ends of both kinds
 * (a file edited on Windows and elsewhere: DuckDB would take one kind of line end for text inside
 * a cell and merge two rows). Either inside a quoted value counts too: that file just takes the
 * slower reader, which reads every line end as one.
 */
class EmptyLineScanner {
  /** What the JavaScript reader would read otherwise was seen: push returned true. */
  found = false;
  /** The LF seen (all of them, unless found). */
  lineBreaks = 0;
  /** An empty line was seen, and nothing but line breaks after it so far. */
  private pending = false;
  private tail: Buffer = Buffer.alloc(0);
  private readonly endings = { crlf: false, lf: false };

  push(chunk: Buffer): boolean {
    this.found ||= this.differs(chunk);
    return this.found;
  }

  private differs(chunk: Buffer): boolean {
    const bytes = this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk;
    const start = this.tail.length > 0 ? this.tail.length - 1 : 0;
    const fresh = this.tail.length;
    this.tail = bytes.subarray(Math.max(0, bytes.length - 2));
    if (this.mixedEndings(bytes, start, fresh)) return true;
    if (this.pending) return hasText(bytes, 0);
    const found = [bytes.indexOf('\n\n'), bytes.indexOf('\n\r\n')].filter((i) => i >= 0);
    if (found.length === 0) return false;
    this.pending = true;
    return hasText(bytes, Math.min(...found));
  }

  /** Whether the line ends seen so far are of both kinds, CR LF and a lone LF; counts the LF from `fresh` on (the new chunk's). */
  private mixedEndings(bytes: Buffer, from: number, fresh: number): boolean {
    for (let i = bytes.indexOf(LF, from); i !== -1 && !(this.endings.crlf && this.endings.lf); i = bytes.indexOf(LF, i + 1)) {
      if (i >= fresh) this.lineBreaks += 1;
      if (i > 0 && bytes[i - 1] === CR) this.endings.crlf = true;
      else if (i > 0 || from === 0) this.endings.lf = true;
    }
    return this.endings.crlf && this.endings.lf;
  }
}

/** Whether anything but line breaks follows `from`. */
function hasText(bytes: Buffer, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== LF && bytes[i] !== CR) return true;
  return false;
}

/**
 * Streams every record of a source into FILE_TABLE, the first `width` cells of each as text
 * (textOf turns a typed XLSX cell into the text the checks read).
 */
export async function appendRecords(
  session: Session, source: RecordSource, width: number,
  textOf: (cell: Cell, index: number, row: number) => string | null,
  onRecord: (row: number, cells: Cell[]) => void,
): Promise<void> {
  const columns = columnNames(width);
  await session.run(`CREATE TEMP TABLE ${FILE_TABLE} (${columns.map((c) => `${c} VARCHAR`).join(', ')})`);
  const appender = await session.appender(FILE_TABLE, columns.map((name) => ({ name, type: 'varchar' as const })));
  try {
    await source.stream((cells, row) => {
      const record: Record<string, string | null> = {};
      columns.forEach((column, i) => (record[column] = textOf(cells[i], i, row)));
      appender.append(record);
      onRecord(row, cells);
    });
  } finally {
    appender.close();
  }
}
