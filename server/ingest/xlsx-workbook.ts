import { readFile } from 'node:fs/promises';
import readXlsxFile, { readSheet } from 'read-excel-file/node';
import type { Cell } from './values.js';
import { readWorkbookLayout, referencedWorkbook, type WorkbookLayout } from './xlsx-layout.js';

/** What an XLSX workbook holds for the import: each sheet's rows (or the named one's) and the layout. */
export interface Workbook {
  sheets: { sheet: string; rows: Cell[][] }[];
  layout: WorkbookLayout;
}

/** Why a workbook is not read, in Russian; thrown where the user's file is at fault. */
export class WorkbookError extends Error {}

export const UNREADABLE_WORKBOOK = 'Файл не удалось прочитать как книгу Excel (.xlsx): возможно, он повреждён или это другой формат.';

/** Reads the workbook (in the XLSX worker: see readers.ts). */
export async function parseWorkbook(path: string, sheet: string | undefined): Promise<Workbook> {
  const layout = await readWorkbookLayout(path);
  try {
    // A workbook whose cells have no references (a generator may leave them out) is read with them added.
    const input = referencedWorkbook(await readFile(path)) ?? path;
    const sheets = sheet !== undefined
      ? [{ sheet, rows: (await readSheet(input, sheet)) as Cell[][] }]
      : (await readXlsxFile(input)).map((s) => ({ sheet: s.sheet, rows: s.data as Cell[][] }));
    return { sheets, layout };
  } catch (error) {
    if ((error as Error).name === 'SheetNotFoundError') throw new WorkbookError(`В книге нет листа «${sheet}»`);
    throw new WorkbookError(UNREADABLE_WORKBOOK);
  }
}
