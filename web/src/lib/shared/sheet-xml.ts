/**
 * Cell references and the rows and cells of a sheet's XML (SpreadsheetML), as text: shared by the
 * server's workbook reader and export and the upload page's preview, which reads a workbook in the
 * browser.
 */

/** The most a workbook's part may unpack to (a sheet's XML): a few megabytes that unpack to gigabytes are refused. */
export const UNPACKED_PART_BYTES = 200 * 1024 * 1024;

/** The refusal of a workbook unpacking to more than `limit` bytes, in one part or in all. */
export const unpackedTooLarge = (limit: number, onePart: boolean) =>
  `Книга Excel слишком велика в распакованном виде (больше ${Math.round(limit / 1024 / 1024)} МБ${onePart ? ' на один лист' : ''}): разделите её на несколько файлов или сохраните как CSV.`;

/** Column letters of a 0-based index: 0 → A, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Column letters and row number of a cell reference («AB12») as 0-based indexes. */
export function cellIndex(ref: string): { row: number; column: number } | null {
  const match = /^\$?([A-Z]+)\$?(\d+)$/.exec(ref);
  if (!match) return null;
  const column = [...match[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { row: Number(match[2]) - 1, column };
}

/** A <row> or a <c> element (with an optional namespace prefix, «x:c»), its attributes and content. */
const ROW = /<((?:[\w.-]+:)?)row\b([^>]*?)(\/>|>([\s\S]*?)<\/\1row>)/g;
const CELL = /<((?:[\w.-]+:)?)c\b([^>]*?)(\/>|>[\s\S]*?<\/\1c>)/g;
/** An element without an r= attribute among rows and cells. */
export const UNREFERENCED = /<(?:[\w.-]+:)?(?:row|c)\b(?![^>]*\br=)[^>]*>/;

/**
 * A sheet's XML with every row and cell referenced. The r= attribute of <row> and <c> is optional
 * in OOXML, and some generators leave it out: a cell without one is in the column after the
 * previous cell of its row, a row without one on the line after the previous row. The value reader
 * needs the references; a sheet that has them all is returned as it is.
 */
export function withCellReferences(xml: string): string {
  if (!UNREFERENCED.test(xml)) return xml;
  let rowNumber = 0;
  let column = -1;
  return rewriteRows(xml, (attributes) => {
    const own = /\br="(\d+)"/.exec(attributes);
    rowNumber = own ? Number(own[1]) : rowNumber + 1;
    column = -1;
    return { attributes: own ? attributes : ` r="${rowNumber}"${attributes}`, number: rowNumber };
  }, (attributes, row) => {
    const at = cellIndex(/\br="([A-Z]+\d+)"/.exec(attributes)?.[1] ?? '');
    column = at ? at.column : column + 1;
    return at ? attributes : ` r="${columnName(column)}${row}"${attributes}`;
  });
}

/**
 * A sheet's rows and cells rewritten one by one: `row` gives a row's new attributes and number
 * (null leaves it out), `cell` a cell's new attributes in that row (null leaves it out). Elements
 * keep their namespace prefix.
 */
export function rewriteRows(
  xml: string,
  row: (attributes: string) => { attributes: string; number: number } | null,
  cell: (attributes: string, row: number) => string | null,
): string {
  return xml.replace(ROW, (_row, prefix: string, attributes: string, rest: string, content: string | undefined) => {
    const kept = row(attributes);
    if (!kept) return '';
    if (content === undefined) return `<${prefix}row${kept.attributes}${rest}`;
    const cells = content.replace(CELL, (_cell, cellPrefix: string, cellAttributes: string, cellRest: string) => {
      const own = cell(cellAttributes, kept.number);
      return own === null ? '' : `<${cellPrefix}c${own}${cellRest}`;
    });
    return `<${prefix}row${kept.attributes}>${cells}</${prefix}row>`;
  });
}

/**
 * A sheet's first `rows` rows as Excel numbers them, each to its first `columns` cells: what a
 * preview shows. A value typed far off (XFD1048576) would make a reader pad every row between to
 * the last column, more cells than a browser's memory holds.
 */
export function sheetHead(xml: string, rows: number, columns: number): string {
  return rewriteRows(withCellReferences(xml), (attributes) => {
    const number = Number(/\br="(\d+)"/.exec(attributes)?.[1]);
    return number <= rows ? { attributes, number } : null;
  }, (attributes) => ((cellIndex(/\br="([A-Z]+\d+)"/.exec(attributes)?.[1] ?? '')?.column ?? 0) < columns ? attributes : null));
}

/** How many cell styles (cellXfs) a workbook's styles.xml has: 0 without one. */
export function cellStyleCount(styles: string): number {
  return (/<(?:\w+:)?cellXfs\b[\s\S]*?<\/(?:\w+:)?cellXfs>/.exec(styles)?.[0] ?? '').match(/<(?:\w+:)?xf\b/g)?.length ?? 0;
}

/**
 * A sheet's XML as the value reader is to read it (it refuses the first, moves the second): a cell
 * naming a style the workbook lacks (`s="0"` of a generator that writes no styles part) in the
 * default style, as Excel opens it; a date typed as text with a time zone (t="d", .NET's
 * «2026-09-17T00:00:00+03:00») as the day and time written, as Excel shows it.
 */
export function readableCells(xml: string, styles: number): string {
  return xml
    .replace(/(<(?:\w+:)?c\b[^>]*?)\s+s="(\d+)"/g, (whole, start: string, style: string) => (Number(style) >= styles ? start : whole))
    .replace(/(<(?:\w+:)?c\b[^>]*\bt="d"[^>]*>\s*<(?:\w+:)?v>\s*\d{4}-\d\d-\d\dT[\d:.]+)(?:Z|[+-]\d\d:?\d\d)(?=\s*<\/)/g, '$1');
}

/** workbook.xml as the value reader is to read it: the 1904 date system said «1» (LibreOffice writes «true», which it takes for 1900). */
export function readableWorkbook(xml: string): string {
  return xml.replace(/(<(?:\w+:)?workbookPr\b[^>]*\bdate1904=)"true"/, '$1"1"');
}
