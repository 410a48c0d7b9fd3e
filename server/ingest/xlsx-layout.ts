/**
 * What the reader of cell values does not tell about an XLSX workbook, read from its XML: each
 * sheet's merged cell ranges, hidden rows, columns and sheets, formulas without a value, and
 * whether its dates count from 1904. The value reader leaves a merged range's value in its
 * top-left cell only and reads a formula without a computed value, or with an error (#Н/Д), as
 * an empty cell; people merge cells in header rows and in data, hide draft rows and old sheets,
 * and old Mac workbooks count days from 1904.
 */
import { readFile } from 'node:fs/promises';
import {
  cellIndex, cellStyleCount, columnName, readableCells, readableWorkbook, rewriteRows, UNPACKED_PART_BYTES, unpackedTooLarge, UNREFERENCED,
  withCellReferences,
} from '../../web/src/lib/shared/sheet-xml.js';
import { zip, zipEntries } from '../export/zip.js';
import { MAX_COLUMNS } from '../../web/src/lib/shared/datasets.js';

/** A merged range, rows and columns counted from 0, ends included. */
export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** XML text or an attribute as written: named entities and character references (Go's XML writer puts «&#34;» for a quote). */
const decode = (text: string) => text
  .replace(/&#(?:x([0-9a-f]{1,6})|(\d{1,7}));/gi, (ref, hex?: string, decimal?: string) => {
    const code = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
    return code <= 0x10ffff ? String.fromCodePoint(code) : ref;
  })
  .replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** A cell whose value the value reader cannot give: a formula error, or a formula never computed. */
export interface UnreadableCell {
  /** As Excel numbers the row; the column from 0. */
  row: number;
  column: number;
  /** The error Excel shows (#N/A, #DIV/0!), or null for a formula without a computed value. */
  error: string | null;
}

export interface SheetLayout {
  merged: MergedRange[];
  /** Hidden rows, as Excel numbers them. */
  hidden: number[];
  /** Hidden columns, from 0. */
  hiddenColumns: number[];
  /** The sheet itself is hidden (an old year's sheet left in the workbook). */
  hiddenSheet: boolean;
  /** The sheet has a filter: its hidden rows are filtered out rather than hidden by hand. */
  filtered: boolean;
  unreadable: UnreadableCell[];
  /**
   * Number cells shown through a digit pattern («000000», «000-000-000 00»): what Excel shows
   * (001234), by «row:column» (row as Excel numbers it, column from 0).
   */
  shown: Map<string, string>;
  /**
   * Cells with a value struck through — by their font, or a part of their text — by row (as Excel
   * numbers it): their columns, from 0. People strike out a row they mean to delete.
   */
  struck: Map<number, StruckRow>;
  /** How the cells with a value look (their fill and font colour), row by row; see SheetLooks. */
  looks?: SheetLooks;
  /**
   * Number cells formatted as a percentage: what Excel shows (0.75 as «75%»), by «row:column» as
   * `shown`. The value reader gives the fraction, which reads as a fraction of a count.
   */
  percents: Map<string, string>;
  /**
   * For a sheet whose cells with a value lie far apart (a stray value at XFD1048576 under a small
   * table): its part and the rows (as Excel numbers them) and columns (from 0) holding those cells.
   * The value reader is given only these (see compactedSheet).
   */
  sparse?: SparseSheet;
}

/** A row with struck-through cells: their columns, and the columns of every cell with a value in the row (from 0). */
export interface StruckRow {
  columns: number[];
  filled: number[];
}

/**
 * The look of each row's cells with a value: `rows[i]` (as Excel numbers it) has the cells of
 * `cells[signatures[i]]`, each a column (from 0) and a look (an index: cells of one look have the
 * same fill and font colour). Absent when every cell looks alike, or when rows differ in too many
 * ways to compare (MAX_SIGNATURES).
 */
export interface SheetLooks {
  rows: number[];
  signatures: number[];
  cells: [column: number, look: number][][];
}

export interface SparseSheet {
  part: string;
  rows: number[];
  columns: number[];
  /**
   * How wide the rows holding a value are made, as the value reader makes them: up to the last
   * column whose cells every row to the last can have without the empty area (far-off columns
   * excluded; 0 when none: rows as long as their last value).
   */
  width: number;
}

export interface WorkbookLayout {
  date1904: boolean;
  /** By sheet name; a sheet whose XML could not be read is absent. */
  sheets: Map<string, SheetLayout>;
  /**
   * Sheets that are no table, by name: what each is, in Russian. A chart moved to a sheet of its
   * own, an Excel 5 dialog, an Excel 4.0 macro sheet are listed among the sheets like worksheets,
   * and the value reader gives no rows for them.
   */
  notTables: Map<string, string>;
  /**
   * The value reader would read the workbook otherwise than Excel shows it, and needs
   * valueReaderWorkbook: rows or cells without references, dates counted from 1904 said as
   * «true», a date typed as text with a time zone, a cell naming a style the workbook lacks.
   */
  misread: boolean;
}

/** Sheets that are no table, by the end of their relationship's type. */
const NOT_TABLES: Record<string, string> = {
  chartsheet: 'диаграмма',
  dialogsheet: 'диалоговое окно Excel 5.0',
  xlMacrosheet: 'лист макросов Excel 4.0',
  xlIntlMacrosheet: 'лист макросов Excel 4.0',
};

/** What one part of a workbook may unpack to, and all of them together. */
export const UNPACKED_LIMITS = { part: UNPACKED_PART_BYTES, total: 400 * 1024 * 1024 };

/**
 * Excel keeps at most 32,767 characters in a cell; written in XML each may take up to six («&quot;»).
 * A longer text between two tags is no cell of a table, and the value reader takes minutes over it.
 */
const CELL_XML_CHARACTERS = 6 * 32_767;
const LONG_TEXT = new RegExp(`>[^<]{${CELL_XML_CHARACTERS + 1}}`);

/**
 * A sheet or the shared strings holding a text longer than a cell may: the Russian reason, naming
 * the sheet and cell where the workbook tells them, else null.
 */
export function longCellProblem(zip: Buffer): string | null {
  const entries = zipEntries(zip, UNPACKED_LIMITS.part);
  for (const [name, read] of entries) {
    if (!/^xl\/(?:worksheets\/[^/]+|sharedStrings)\.xml$/i.test(name) || !LONG_TEXT.test(read())) continue;
    const place = longCellPlace(usualParts(entries), name);
    const where = place ? `На листе «${place.sheet}» в ячейке ${place.cell} текст` : 'В книге есть ячейка с текстом';
    return `${where} длиннее 32 767 знаков — столько Excel в ячейке не хранит, это не таблица данных. `
      + `${place ? 'Очистите эту ячейку' : 'Найдите эту ячейку'} (вставленный в неё текст или файл)${place ? '' : ', очистите её'} и загрузите книгу снова.`;
  }
  return null;
}

/** A workbook's parts, each read with its elements unprefixed (see withUsualPrefixes). */
const usualParts = (entries: Map<string, () => string>) => new Map([...entries].map(([name, read]) => [name, () => withUsualPrefixes(read())]));

/** The sheet and cell of the long text found in `part` (a sheet, or the shared strings and then the cell showing it). */
function longCellPlace(parts: Map<string, () => string>, part: string): { sheet: string; cell: string } | null {
  const sheets = workbookSheets(parts).filter((s) => s.part !== undefined && parts.has(s.part));
  if (part !== 'xl/sharedStrings.xml') {
    const sheet = sheets.find((s) => s.part === part);
    const xml = withCellReferences(parts.get(part)!());
    const at = LONG_TEXT.exec(xml)?.index ?? 0;
    const cell = /\br="([A-Z]+\d+)"/.exec(xml.slice(xml.lastIndexOf('<c ', at), at))?.[1];
    return sheet && cell ? { sheet: sheet.name, cell } : null;
  }
  const shared = parts.get(part)!();
  const index = (shared.slice(0, LONG_TEXT.exec(shared)?.index ?? 0).match(/<si\b/g)?.length ?? 0) - 1;
  const showing = new RegExp(`<c\\b[^>]*\\bt="s"[^>]*>\\s*<v>${index}</v>`);
  for (const sheet of sheets) {
    const xml = withCellReferences(parts.get(sheet.part!)!());
    const found = showing.exec(xml);
    const cell = found && /\br="([A-Z]+\d+)"/.exec(found[0])?.[1];
    if (cell) return { sheet: sheet.name, cell };
  }
  return null;
}

/** The sheets workbook.xml lists, in its order: name, the part holding it, its relationship type and <sheet> tag. */
function workbookSheets(parts: Map<string, () => string>): { name: string; part?: string; type: string; tag: string }[] {
  const workbook = parts.get('xl/workbook.xml')?.() ?? '';
  const rels = parts.get('xl/_rels/workbook.xml.rels')?.() ?? '';
  const targets = new Map<string, string>();
  const types = new Map<string, string>();
  for (const rel of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(rel[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(rel[0])?.[1];
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    if (id) types.set(id, /\bType="[^"]*\/([^"/]+)"/.exec(rel[0])?.[1] ?? '');
  }
  return [...workbook.matchAll(/<sheet\b[^>]*>/g)].flatMap(([tag]) => {
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    const id = /\br:id="([^"]+)"/.exec(tag)?.[1];
    return name === undefined ? [] : [{ name: decode(name), part: id ? targets.get(id) : undefined, type: id ? types.get(id) ?? '' : '', tag }];
  });
}

/**
 * Unpacks every part of a workbook once, with caps, before any reader does: a «zip bomb» (a
 * few megabytes that unpack to gigabytes) is refused instead of taking the server's memory.
 * Returns null when the workbook fits, else the Russian reason.
 */
export function unpackedSizeProblem(zip: Buffer, limits = UNPACKED_LIMITS): string | null {
  let total = 0;
  let limit = limits.part;
  try {
    for (const read of zipEntries(zip, limits.part).values()) {
      total += Buffer.byteLength(read());
      if (total > limits.total) {
        limit = limits.total;
        throw new RangeError('total');
      }
    }
  } catch (error) {
    // Anything but a cap (a damaged part) is the value reader's to explain.
    if (!(error instanceof RangeError)) return null;
    return unpackedTooLarge(limit, limit === limits.part);
  }
  return null;
}

/**
 * Namespaces whose elements the layout reader matches by bare name: SpreadsheetML (transitional and
 * strict) and package relationships. Attributes of the document relationships namespace are
 * matched as «r:».
 */
const BARE_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  'http://purl.oclc.org/ooxml/spreadsheetml/main',
  'http://schemas.openxmlformats.org/package/2006/relationships',
]);
const RELATIONSHIP_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  'http://purl.oclc.org/ooxml/officeDocument/relationships',
]);

/** An attribute in single quotes or with spaces around its «=» (XML allows both; the patterns here expect neither). */
const UNUSUAL_ATTRIBUTE = /\s[\w.:-]+(?:\s+=|=\s+|=')/;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A part's XML with the elements of its own namespace unprefixed and relationship attributes
 * prefixed «r:», as Excel writes them: the .NET OpenXML SDK writes «<x:worksheet xmlns:x=…>»,
 * «<x:row>», «<x:c>» and may bind the relationships to another prefix. The prefix is whatever
 * the part declares for the namespace, not a list of known ones. Attributes are written
 * «name="value"» as Excel writes them too: XML allows «name='value'» and spaces around «=».
 */
export function withUsualPrefixes(xml: string): string {
  const bare: string[] = [];
  const relationship: string[] = [];
  for (const [, prefix, uri] of xml.matchAll(/\bxmlns:([\w.-]+)\s*=\s*["']([^"']*)["']/g)) {
    if (BARE_NAMESPACES.has(uri)) bare.push(escapeRegExp(prefix));
    else if (RELATIONSHIP_NAMESPACES.has(uri) && prefix !== 'r') relationship.push(escapeRegExp(prefix));
  }
  let usual = UNUSUAL_ATTRIBUTE.test(xml) ? xml.replace(/<[\w.:-]+\s[^<>]*>/g, (tag) => tag.replace(
    /(\s[\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g,
    (_, name: string, double?: string, single?: string) => `${name}="${double ?? single!.replace(/"/g, '&quot;')}"`,
  )) : xml;
  if (bare.length > 0) usual = usual.replace(new RegExp(`<(/?)(?:${bare.join('|')}):`, 'g'), '<$1');
  if (relationship.length > 0) usual = usual.replace(new RegExp(`(\\s)(?:${relationship.join('|')}):(?=[\\w.-]+\\s*=)`, 'g'), '$1r:');
  return usual;
}

/**
 * The value reader pads every row, empty rows between included, to the last column holding a
 * value: one value at XFD1048576 makes 1,048,576 rows of 16,384 cells, more than its heap holds.
 * A sheet whose rectangle of values is this many cells and four times the cells in it, or wider
 * than a table may be (a value at XFD5 would make the import's table 16,384 columns wide), is
 * read with its empty rows and columns left out (compactedSheet).
 */
const SPARSE_RECTANGLE = 1_000_000;

/** The rows and columns holding a cell with content, when they lie far apart; else undefined. */
function sparseExtent(xml: string, part: string): SparseSheet | undefined {
  const rows = new Set<number>();
  const columns = new Set<number>();
  let [lastRow, lastColumn, count] = [0, 0, 0];
  for (const cell of xml.matchAll(/<c\b([^>]*?)(\/?)>/g)) {
    // A cell without content (<c r="XFD9" s="1"/>, a format) is no value: the value reader does not pad to it.
    if (cell[2] === '/') continue;
    const at = cellIndex(/\br="([A-Z]+\d+)"/.exec(cell[1])?.[1] ?? '');
    if (!at) continue;
    rows.add(at.row + 1);
    columns.add(at.column);
    lastRow = Math.max(lastRow, at.row + 1);
    lastColumn = Math.max(lastColumn, at.column + 1);
    count += 1;
  }
  const room = Math.max(SPARSE_RECTANGLE, 4 * count);
  if (lastRow * lastColumn <= room && lastColumn <= MAX_COLUMNS) return undefined;
  const sorted = [...columns].sort((a, b) => a - b);
  // The import takes every row to the last one at the table's width: the width is what that many
  // rows may have, and a table may be.
  const width = (sorted.findLast((column) => column < MAX_COLUMNS && lastRow * (column + 1) <= room) ?? -1) + 1;
  return { part, rows: [...rows].sort((a, b) => a - b), columns: sorted, width };
}

/**
 * A sheet's XML with only the rows and columns of `sparse`, numbered on from 1 and A: the value
 * reader then pads no empty area. The cells left out hold nothing (their rows and columns hold
 * no cell with content). The sheet's rows and cells have references (see withCellReferences).
 */
export function compactedSheet(xml: string, sparse: Pick<SparseSheet, 'rows' | 'columns'>): string {
  const rowAt = new Map(sparse.rows.map((row, i) => [row, i + 1]));
  const columnAt = new Map(sparse.columns.map((column, i) => [column, i]));
  return rewriteRows(xml, (attributes) => {
    const row = rowAt.get(Number(/\br="(\d+)"/.exec(attributes)?.[1]));
    return row === undefined ? null : { attributes: attributes.replace(/\br="\d+"/, `r="${row}"`).replace(/\s*\bspans="[^"]*"/, ''), number: row };
  }, (attributes, row) => {
    const column = columnAt.get(cellIndex(/\br="([A-Z]+\d+)"/.exec(attributes)?.[1] ?? '')?.column ?? -1);
    return column === undefined ? null : attributes.replace(/\br="[A-Z]+\d+"/, `r="${columnName(column)}${row}"`);
  });
}

/**
 * A compacted sheet's rows put back where they are in the sheet: each value at its row and
 * column, a row holding a value as wide as the table (sparse.width) or to its last value, rows
 * without one empty. The empty area around a far-off value is not filled in.
 */
export function expandedRows<T>(rows: (T | null)[][], sparse: Omit<SparseSheet, 'part'>): (T | null)[][] {
  const expanded: (T | null)[][] = [];
  rows.forEach((cells, i) => {
    const last = cells.findLastIndex((cell) => cell !== null);
    if (last === -1) return;
    const row: (T | null)[] = Array(Math.max(sparse.width, sparse.columns[last] + 1)).fill(null);
    cells.forEach((cell, j) => {
      if (cell !== null) row[sparse.columns[j]] = cell;
    });
    while (expanded.length < sparse.rows[i] - 1) expanded.push([]);
    expanded.push(row);
  });
  return expanded;
}

/** The 1904 date system said as a word: the value reader takes only «1» for it. */
const DATE1904_WORD = /<workbookPr\b[^>]*\bdate1904="true"/;
/** A date typed as text with a time zone (t="d", .NET's «2026-09-17T00:00:00+03:00»): Excel shows the day written. */
const ZONED_DATE = /<v>\s*\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)\s*<\/v>/;

/**
 * The workbook as the value reader is to read it, or null when it may read the file as it is:
 * references added to rows and cells without them (see withCellReferences), sparse sheets
 * compacted (see compactedSheet), the 1904 date system said as «1», dates typed with a time zone
 * read as the day and time written (the parser runs in UTC), and styles the workbook lacks left
 * out (a minimal generator's s="0" without a styles part: a cell in the default style, as Excel
 * opens it). Only the XML parts are kept: the value reader reads nothing else.
 */
export function valueReaderWorkbook(workbook: Buffer, layout: WorkbookLayout): Buffer | null {
  const sparse = new Map([...layout.sheets.values()].flatMap((sheet) => (sheet.sparse ? [[sheet.sparse.part, sheet.sparse]] : [])));
  if (!layout.misread && sparse.size === 0) return null;
  const entries = zipEntries(workbook, UNPACKED_LIMITS.part);
  const styles = cellStyleCount(entries.get('xl/styles.xml')?.() ?? '');
  const changed = new Map<string, string>();
  const workbookXml = entries.get('xl/workbook.xml')?.();
  if (workbookXml !== undefined) changed.set('xl/workbook.xml', readableWorkbook(workbookXml));
  for (const [name, read] of entries) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/i.test(name) && !sparse.has(name)) continue;
    const xml = read();
    const referenced = UNREFERENCED.test(xml) ? withCellReferences(xml) : xml;
    const extent = sparse.get(name);
    const readable = readableCells(extent ? compactedSheet(referenced, extent) : referenced, styles);
    if (readable !== xml) changed.set(name, readable);
  }
  const parts = [...entries].filter(([name]) => /\.(?:xml|rels)$/i.test(name));
  return zip(parts.map(([name, read]) => ({ name, data: changed.get(name) ?? read() })));
}

/** The workbook's layout; unreadable parts give nothing (the value reader has read the workbook already). */
export async function readWorkbookLayout(path: string): Promise<WorkbookLayout> {
  const result: WorkbookLayout = { date1904: false, sheets: new Map(), notTables: new Map(), misread: false };
  try {
    const zipped = zipEntries(await readFile(path), UNPACKED_LIMITS.part);
    // Every part is read with its elements unprefixed: the patterns below name them bare.
    const entries = usualParts(zipped);
    const workbook = entries.get('xl/workbook.xml')?.() ?? '';
    result.date1904 = /<workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(workbook);
    result.misread = DATE1904_WORD.test(workbook);
    const stylesXml = entries.get('xl/styles.xml')?.() ?? '';
    const formats = styleFormats(stylesXml);
    const styles = cellStyles(stylesXml, struckStrings(entries.get('xl/sharedStrings.xml')?.() ?? ''));
    for (const { name, part, type, tag } of workbookSheets(entries)) {
      const notTable = NOT_TABLES[type];
      if (notTable) {
        result.notTables.set(name, notTable);
        continue;
      }
      const written = part !== undefined ? entries.get(part)?.() : undefined;
      if (!written) continue;
      const xml = withCellReferences(written);
      if (xml !== written) result.misread = true;
      const merged: MergedRange[] = [];
      for (const merge of xml.matchAll(/<mergeCell\b[^>]*\bref="([A-Z$]+\d+):([A-Z$]+\d+)"/g)) {
        const [from, to] = [cellIndex(merge[1].replace(/\$/g, '')), cellIndex(merge[2].replace(/\$/g, ''))];
        if (from && to) merged.push({ top: from.row, left: from.column, bottom: to.row, right: to.column });
      }
      // A row or column of no height or width is as unseen as a hidden one.
      const hidden = [...xml.matchAll(/<row\b[^>]*>/g)]
        .filter((row) => /\bhidden="(?:1|true)"|\bht="0*(?:\.0*)?"/.test(row[0]))
        .map((row) => Number(/\br="(\d+)"/.exec(row[0])?.[1] ?? NaN))
        .filter((n) => Number.isInteger(n));
      const sparse = sparseExtent(xml, part!);
      const hiddenColumns = [...xml.matchAll(/<col\b[^>]*>/g)]
        .filter((col) => /\bhidden="(?:1|true)"|\bwidth="0*(?:\.0*)?"/.test(col[0]))
        .flatMap((col) => {
          const [min, max] = [Number(/\bmin="(\d+)"/.exec(col[0])?.[1]), Number(/\bmax="(\d+)"/.exec(col[0])?.[1])];
          return Number.isInteger(min) && Number.isInteger(max) && max - min < 1000 ? Array.from({ length: max - min + 1 }, (_, i) => min - 1 + i) : [];
        });
      const { misread, ...noted } = cellsOfNote(xml, formats, styles);
      if (misread) result.misread = true;
      result.sheets.set(name, {
        merged, hidden, hiddenColumns, ...noted,
        hiddenSheet: /\bstate="(?:hidden|veryHidden)"/.test(tag),
        filtered: /<autoFilter\b/.test(xml),
        ...(sparse && { sparse }),
      });
    }
  } catch {
    // A workbook the value reader could read but whose parts look unusual: read it without ranges.
  }
  return result;
}

/** Number formats of note, by cell style index. */
interface StyleFormats {
  /**
   * Styles whose number format is a digit pattern (zeros and separators: «000000»,
   * «000\-000\-000\ 00»): Excel shows such a number padded with zeros.
   */
  patterns: Map<number, string>;
  /** Styles whose number format is a percentage (the built-in «0%», «0.00%», or one of its own). */
  percents: Set<number>;
}

/** Excel's built-in percentage formats: «0%» and «0.00%». */
const BUILT_IN_PERCENTS = new Set([9, 10]);

function styleFormats(styles: string): StyleFormats {
  const formats = new Map<number, string>();
  const percentFormats = new Set(BUILT_IN_PERCENTS);
  for (const format of styles.matchAll(/<numFmt\b[^>]*\bnumFmtId="(\d+)"[^>]*\bformatCode="([^"]*)"/g)) {
    const code = decode(format[2]);
    const pattern = code.replace(/\\(.)/g, '$1').replace(/"([^"]*)"/g, '$1');
    if (/^[0\s\-.]+$/.test(pattern) && /00/.test(pattern)) formats.set(Number(format[1]), pattern);
    // A «%» outside quotes and not escaped multiplies the number by 100 as Excel shows it.
    if (/%/.test(code.replace(/"[^"]*"|\\./g, ''))) percentFormats.add(Number(format[1]));
  }
  const result: StyleFormats = { patterns: new Map(), percents: new Set() };
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  [...xfs.matchAll(/<xf\b[^>]*>/g)].forEach((xf, index) => {
    const id = Number(/\bnumFmtId="(\d+)"/.exec(xf[0])?.[1]);
    const pattern = formats.get(id);
    if (pattern) result.patterns.set(index, pattern);
    if (percentFormats.has(id)) result.percents.add(index);
  });
  return result;
}

/** What the cells of each style look like, and which shared strings hold struck-through text. */
interface CellStyles {
  /** By style index: its look (an index into the workbook's distinct looks). */
  looks: number[];
  /** By style index: the font is struck through. */
  struck: boolean[];
  /** Shared strings with a struck-through part (a run of rich text), by index. */
  struckStrings: Set<number>;
  /** Whether any cell may be struck through or look unlike another: else no cell need be looked at. */
  varied: boolean;
  /** How many cell styles the workbook has (0 without a styles part). */
  count: number;
}

const STRIKE = /<strike\b(?![^>]*\bval="(?:0|false)")[^>]*>/;

/** A colour element's attributes as a comparable text; '' for the default (automatic, black, the theme's text). */
function colour(attributes: string | undefined): string {
  if (attributes === undefined) return '';
  const named = [...attributes.matchAll(/\b(rgb|theme|indexed|tint|auto)="([^"]*)"/g)].map(([, name, value]) => [name, value.toUpperCase()] as const);
  const of = Object.fromEntries(named);
  if (of.auto === '1' || of.auto === 'TRUE') return '';
  if (of.tint === undefined || Number(of.tint) === 0) {
    if (of.rgb !== undefined && /^(?:FF)?000000$/.test(of.rgb)) return '';
    if (of.theme === '1' || of.indexed === '8' || of.indexed === '64') return '';
  }
  return named.filter(([name]) => name !== 'tint' || Number(of.tint) !== 0).map(([name, value]) => `${name}=${value}`).sort().join(' ');
}

/** A fill as a comparable text: '' for none (and for a solid white one, which looks like none). */
function fillLook(fill: string): string {
  if (/<gradientFill\b/.test(fill)) return fill.replace(/\s+/g, ' ');
  const type = /<patternFill\b[^>]*\bpatternType="([^"]*)"/.exec(fill)?.[1] ?? 'none';
  if (type === 'none') return '';
  const foreground = colour(/<fgColor\b([^>]*)>/.exec(fill)?.[1]);
  if (type === 'solid') return /^rgb=(?:FF)?FFFFFF$/.test(foreground) ? '' : `solid ${foreground}`;
  return `${type} ${foreground} / ${colour(/<bgColor\b([^>]*)>/.exec(fill)?.[1])}`;
}

/** The shared strings with a run of struck-through text. */
function struckStrings(shared: string): Set<number> {
  const struck = new Set<number>();
  if (!STRIKE.test(shared)) return struck;
  let index = 0;
  for (const item of shared.matchAll(/<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g)) {
    if (STRIKE.test(item[1] ?? '')) struck.add(index);
    index += 1;
  }
  return struck;
}

/** Each cell style's look (its fill and font colour) and whether its font is struck through. */
function cellStyles(styles: string, struckShared: Set<number>): CellStyles {
  const section = (name: string) => new RegExp(`<${name}\\b[^>]*>([\\s\\S]*?)</${name}>`).exec(styles)?.[1] ?? '';
  const fonts = [...section('fonts').matchAll(/<font\b[^>]*?(?:\/>|>([\s\S]*?)<\/font>)/g)].map((m) => m[1] ?? '');
  const fills = [...section('fills').matchAll(/<fill\b[^>]*?(?:\/>|>([\s\S]*?)<\/fill>)/g)].map((m) => fillLook(m[1] ?? ''));
  const distinct = new Map<string, number>();
  const looks: number[] = [];
  const struck: boolean[] = [];
  for (const xf of section('cellXfs').matchAll(/<xf\b[^>]*>/g)) {
    const font = fonts[Number(/\bfontId="(\d+)"/.exec(xf[0])?.[1] ?? 0)] ?? '';
    const look = `${fills[Number(/\bfillId="(\d+)"/.exec(xf[0])?.[1] ?? 0)] ?? ''} | ${colour(/<color\b([^>]*)>/.exec(font)?.[1])}`;
    if (!distinct.has(look)) distinct.set(look, distinct.size);
    looks.push(distinct.get(look)!);
    struck.push(STRIKE.test(font));
  }
  const count = looks.length;
  // A cell without a style has the first one's look; with no styles part, the default's.
  if (looks.length === 0) looks.push(0);
  const varied = distinct.size > 1 || struck.some(Boolean) || struckShared.size > 0;
  return { looks, struck, struckStrings: struckShared, varied, count };
}

/** How many kinds of rows (their cells' columns and looks) a sheet's looks are compared across. */
const MAX_SIGNATURES = 5_000;

/** A whole number as a digit pattern shows it: 1234 in «000000» is «001234». */
export function applyDigitPattern(value: number, pattern: string): string {
  const zeros = pattern.replace(/[^0]/g, '').length;
  const digits = [...String(Math.trunc(value)).padStart(zeros, '0')];
  if (digits.length > zeros) return digits.join('');
  let next = 0;
  return [...pattern].map((ch) => (ch === '0' ? digits[next++] : ch)).join('');
}

/**
 * Cells the value reader misreads: formula cells with an error value or with no computed value,
 * whole numbers shown through a digit pattern and numbers shown as a percentage (with what Excel
 * shows); and how the cells with a value look (see SheetLooks), struck-through ones among them;
 * and whether a cell is one the value reader misreads as written (see WorkbookLayout.misread).
 */
function cellsOfNote(
  xml: string, { patterns, percents: percentStyles }: StyleFormats, styles: CellStyles,
): Pick<SheetLayout, 'unreadable' | 'shown' | 'percents' | 'struck' | 'looks'> & { misread: boolean } {
  let misread = false;
  const unreadable: UnreadableCell[] = [];
  const shown = new Map<string, string>();
  const percents = new Map<string, string>();
  const struck = new Map<number, StruckRow>();
  let looks: SheetLooks | undefined = styles.varied ? { rows: [], signatures: [], cells: [] } : undefined;
  const signatures = new Map<string, number>();
  let [rowText, row, signature, struckColumns] = ['', 0, '', [] as number[]];
  // A row's cells as «column:look,» each (a string per row, not an array per cell: a big sheet has millions).
  const cellsOf = (text: string) => text.split(',').slice(0, -1).map((cell) => cell.split(':').map(Number) as [number, number]);
  const endRow = () => {
    if (signature === '') return;
    if (struckColumns.length > 0) struck.set(row, { columns: struckColumns, filled: cellsOf(signature).map(([column]) => column) });
    if (!looks) return;
    let id = signatures.get(signature);
    if (id === undefined) {
      id = looks.cells.length;
      // Rows that differ in too many ways (cells filled here and there, in many styles) are not compared.
      if (id >= MAX_SIGNATURES) {
        looks = undefined;
        return;
      }
      signatures.set(signature, id);
      looks.cells.push(cellsOf(signature));
    }
    looks.rows.push(row);
    looks.signatures.push(id);
  };
  for (const cell of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const [attributes, content = ''] = [cell[1], cell[2]];
    const styleWritten = /\bs="(\d+)"/.exec(attributes)?.[1];
    const type = /\bt="([^"]*)"/.exec(attributes)?.[1] ?? 'n';
    if (!misread && ((styleWritten !== undefined && Number(styleWritten) >= styles.count) || (type === 'd' && ZONED_DATE.test(content)))) misread = true;
    // (Every cell of a big sheet comes here: its reference is read without cellIndex, its row compared as text.)
    const ref = styles.varied && content !== '' && /<v>[^<]|<t\b[^>]*>[^<]/.test(content) ? /\br="([A-Z]+)(\d+)"/.exec(attributes) : null;
    if (ref) {
      if (ref[2] !== rowText) {
        endRow();
        [rowText, row, signature, struckColumns] = [ref[2], Number(ref[2]), '', []];
      }
      let column = -1;
      for (let i = 0; i < ref[1].length; i++) column = (column + 1) * 26 + ref[1].charCodeAt(i) - 65;
      const style = Number(styleWritten ?? 0);
      const look = styles.looks[style] ?? 0;
      signature += `${column}:${look},`;
      if (styles.struck[style]
        || (styles.struckStrings.size > 0 && /\bt="s"/.test(attributes) && styles.struckStrings.has(Number(/<v>([^<]*)<\/v>/.exec(content)?.[1])))
        || (content.includes('<strike') && /\bt="inlineStr"/.test(attributes) && STRIKE.test(content))) {
        struckColumns.push(column);
      }
    }
    // A number cell («t» absent, or «n» as openpyxl writes it) in a percentage format: 0.75 is «75%».
    if (type === 'n' && percentStyles.has(Number(styleWritten))) {
      const value = Number(/<v>\s*([^<\s][^<]*)<\/v>/.exec(content)?.[1] ?? NaN);
      const at = cellIndex(/\br="([A-Z]+\d+)"/.exec(attributes)?.[1] ?? '');
      if (Number.isFinite(value) && at) percents.set(`${at.row + 1}:${at.column}`, `${String(Number((value * 100).toPrecision(12))).replace('.', ',')}%`);
    }
    const isError = type === 'e';
    // A formula never computed has no <v>, or an empty one (openpyxl and some generators write
    // «<f>G2-2</f><v></v>» without a type): a number cell's empty value is no value. A formula
    // that computed an empty text is typed as a text, t="str", with an empty <v>: that is a value.
    const uncalculated = /<f\b/.test(content) && (!/<v\b/.test(content) || (/<v\s*(?:\/>|>\s*<\/v>)/.test(content) && type !== 'str'));
    const pattern = patterns.size > 0 && type === 'n' ? patterns.get(Number(styleWritten)) : undefined;
    if (!isError && !uncalculated && !pattern) continue;
    const at = cellIndex(/\br="([A-Z]+\d+)"/.exec(attributes)?.[1] ?? '');
    if (!at) continue;
    if (isError || uncalculated) {
      unreadable.push({ row: at.row + 1, column: at.column, error: isError ? decode(/<v>([^<]*)<\/v>/.exec(content)?.[1] ?? '#ERROR') : null });
      continue;
    }
    const value = Number(/<v>([^<]*)<\/v>/.exec(content)?.[1]);
    if (Number.isInteger(value) && value >= 0) shown.set(`${at.row + 1}:${at.column}`, applyDigitPattern(value, pattern!));
  }
  endRow();
  return { unreadable, shown, percents, struck, ...(looks && { looks }), misread };
}

/**
 * Copies each merged range's value into every cell of the range, as the sheet shows it.
 * Returns the cells that received a copy (row, column: 0-based) with their range.
 */
export function fillMergedRanges<T>(rows: (T | null | undefined)[][], ranges: MergedRange[]): { row: number; column: number; range: MergedRange }[] {
  const filled: { row: number; column: number; range: MergedRange }[] = [];
  for (const range of ranges) {
    const value = rows[range.top]?.[range.left];
    if (value === null || value === undefined) continue;
    for (let row = range.top; row <= range.bottom && row < rows.length; row++) {
      for (let column = range.left; column <= range.right; column++) {
        if (row === range.top && column === range.left) continue;
        while (rows[row].length <= column) rows[row].push(null);
        rows[row][column] = value;
        filled.push({ row, column, range });
      }
    }
  }
  return filled;
}
