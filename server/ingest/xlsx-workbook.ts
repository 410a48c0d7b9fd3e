import { readFile } from 'node:fs/promises';
import readXlsxFile, { readSheet } from 'read-excel-file/node';
import type { Cell } from './values.js';
import { formatInteger } from '../../web/src/lib/shared/format.js';
import { expandedRows, readWorkbookLayout, valueReaderWorkbook, type WorkbookLayout } from './xlsx-layout.js';

/** What an XLSX workbook holds for the import: each sheet's rows (or the named one's) and the layout. */
export interface Workbook {
  sheets: { sheet: string; rows: Cell[][] }[];
  layout: WorkbookLayout;
}

/** Why a workbook is not read, in Russian; thrown where the user's file is at fault. */
export class WorkbookError extends Error {}

/** The rows of an Excel sheet. */
const EXCEL_ROWS = 1_048_576;

export const UNREADABLE_WORKBOOK = 'Файл не удалось прочитать как книгу Excel (.xlsx): возможно, он повреждён или это другой формат.';

/** Reads the workbook (in the XLSX worker: see readers.ts). */
export async function parseWorkbook(path: string, sheet: string | undefined): Promise<Workbook> {
  const layout = await readWorkbookLayout(path);
  const notTable = sheet !== undefined ? layout.notTables.get(sheet) : undefined;
  if (notTable) {
    throw new WorkbookError(`Лист «${sheet}» — ${notTable}, а не таблица с данными. Выберите лист с таблицей (или не выбирайте лист: он найдётся сам) и загрузите файл снова.`);
  }
  // The value reader refuses a workbook without a worksheet as unreadable.
  if (layout.sheets.size === 0 && layout.notTables.size > 0) throw new WorkbookError(NO_TABLE_SHEETS);
  // A row past Excel's last is no sheet Excel saved (a 2 KB file with a row 99 999 999 would be
  // read as that many empty rows): refused before reading.
  for (const [name, own] of layout.sheets) {
    const last = own.sparse?.rows.at(-1) ?? 0;
    if (last > EXCEL_ROWS) {
      throw new WorkbookError(`На листе «${name}» есть строка № ${formatInteger(last)}, а в Excel их не больше ${formatInteger(EXCEL_ROWS)}: книга повреждена или записана не Excel. Откройте её в Excel, сохраните заново и загрузите снова.`);
    }
  }
  let sheets: Workbook['sheets'];
  try {
    // A workbook whose cells have no references (a generator may leave them out) is read with them
    // added, a sheet of values far apart without the empty area between them; the layout, read
    // first, says whether it is one.
    const rewrite = layout.misread || [...layout.sheets.values()].some((s) => s.sparse);
    const input = rewrite ? valueReaderWorkbook(await readFile(path), layout) ?? path : path;
    sheets = sheet !== undefined
      ? [{ sheet, rows: (await readSheet(input, sheet)) as Cell[][] }]
      // A sheet that is no worksheet (a chart, a dialog, macros: see notTables) comes without data.
      : (await readXlsxFile(input)).filter((s) => s.data !== undefined).map((s) => ({ sheet: s.sheet, rows: s.data as Cell[][] }));
  } catch (error) {
    if ((error as Error).name === 'SheetNotFoundError') throw new WorkbookError(`В книге нет листа «${sheet}»`);
    throw new WorkbookError(UNREADABLE_WORKBOOK);
  }
  if (sheets.length === 0) throw new WorkbookError(NO_TABLE_SHEETS);
  for (const read of sheets) {
    const sparse = layout.sheets.get(read.sheet)?.sparse;
    if (sparse) read.rows = expandedRows(read.rows, sparse);
  }
  return { sheets, layout };
}

const NO_TABLE_SHEETS = 'В книге нет листа с таблицей: только диаграммы или другие листы без ячеек с данными. Загрузите книгу, в которой есть лист с данными.';
