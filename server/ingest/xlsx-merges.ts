/**
 * What the reader of cell values does not tell about an XLSX workbook, read from its XML: each
 * sheet's merged cell ranges and hidden rows, and whether its dates count from 1904. The value
 * reader leaves a merged range's value in its top-left cell only; people merge cells in header
 * rows (a group title over sub-headers, a header spanning two rows) and in data (a site code
 * over the rows of its events), hide draft rows, and old Mac workbooks count days from 1904.
 */
import { readFile } from 'node:fs/promises';
import { zipEntries } from '../export/zip.js';

/** A merged range, rows and columns counted from 0, ends included. */
export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Column letters and row number of a cell reference («AB12») as 0-based indexes. */
function cellIndex(ref: string): { row: number; column: number } | null {
  const match = /^\$?([A-Z]+)\$?(\d+)$/.exec(ref);
  if (!match) return null;
  const column = [...match[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { row: Number(match[2]) - 1, column };
}

const decode = (text: string) => text.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export interface SheetLayout {
  merged: MergedRange[];
  /** Hidden rows, as Excel numbers them. */
  hidden: number[];
}

export interface WorkbookLayout {
  date1904: boolean;
  /** By sheet name; a sheet whose XML could not be read is absent. */
  sheets: Map<string, SheetLayout>;
}

/** The workbook's layout; unreadable parts give nothing (the value reader has read the workbook already). */
export async function readWorkbookLayout(path: string): Promise<WorkbookLayout> {
  const result: WorkbookLayout = { date1904: false, sheets: new Map() };
  try {
    const entries = zipEntries(await readFile(path));
    const workbook = entries.get('xl/workbook.xml')?.() ?? '';
    result.date1904 = /<workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(workbook);
    const rels = entries.get('xl/_rels/workbook.xml.rels')?.() ?? '';
    const targets = new Map<string, string>();
    for (const rel of rels.matchAll(/<Relationship\b[^>]*>/g)) {
      const id = /\bId="([^"]+)"/.exec(rel[0])?.[1];
      const target = /\bTarget="([^"]+)"/.exec(rel[0])?.[1];
      if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    }
    for (const sheet of workbook.matchAll(/<sheet\b[^>]*>/g)) {
      const name = /\bname="([^"]*)"/.exec(sheet[0])?.[1];
      const id = /\br:id="([^"]+)"/.exec(sheet[0])?.[1];
      const xml = id && targets.has(id) ? entries.get(targets.get(id)!)?.() : undefined;
      if (name === undefined || !xml) continue;
      const merged: MergedRange[] = [];
      for (const merge of xml.matchAll(/<mergeCell\b[^>]*\bref="([A-Z$]+\d+):([A-Z$]+\d+)"/g)) {
        const [from, to] = [cellIndex(merge[1].replace(/\$/g, '')), cellIndex(merge[2].replace(/\$/g, ''))];
        if (from && to) merged.push({ top: from.row, left: from.column, bottom: to.row, right: to.column });
      }
      const hidden = [...xml.matchAll(/<row\b[^>]*>/g)]
        .filter((row) => /\bhidden="(?:1|true)"/.test(row[0]))
        .map((row) => Number(/\br="(\d+)"/.exec(row[0])?.[1] ?? NaN))
        .filter((n) => Number.isInteger(n));
      result.sheets.set(decode(name), { merged, hidden });
    }
  } catch {
    // A workbook the value reader could read but whose parts look unusual: read it without ranges.
  }
  return result;
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
