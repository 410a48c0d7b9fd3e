import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { cellStyleCount, readableCells, readableWorkbook, sheetHead, UNPACKED_PART_BYTES, unpackedTooLarge } from '../shared/sheet-xml.js';

/** A workbook the preview does not unpack, with the server's reason in Russian. */
export class WorkbookTooLarge extends Error {}

/**
 * A workbook of the XML parts of `workbook`, each sheet cut to its first `rows` rows and
 * `columns` columns (see sheetHead), as the server reads it: what the preview reads. Throws WorkbookTooLarge for a part
 * the server would not unpack either, fflate's error for a file that is no ZIP archive.
 */
export function workbookHead(workbook: Uint8Array, rows: number, columns: number): Uint8Array {
  const parts = unzipSync(workbook, {
    filter: (file) => {
      if (file.originalSize > UNPACKED_PART_BYTES) throw new WorkbookTooLarge(unpackedTooLarge(UNPACKED_PART_BYTES, true));
      return /\.(?:xml|rels)$/i.test(file.name);
    },
  });
  // Read as the server reads it (see valueReaderWorkbook): a hidden sheet (last year's) is not
  // read there, so it is neither shown nor offered here.
  const styles = cellStyleCount(parts['xl/styles.xml'] ? strFromU8(parts['xl/styles.xml']) : '');
  if (parts['xl/workbook.xml']) {
    parts['xl/workbook.xml'] = strToU8(readableWorkbook(strFromU8(parts['xl/workbook.xml']))
      .replace(/<(?:\w+:)?sheet\b[^>]*\bstate=["'](?:hidden|veryHidden)["'][^>]*\/>/g, ''));
  }
  for (const name of Object.keys(parts)) {
    if (/^xl\/worksheets\/[^/]+\.xml$/i.test(name)) parts[name] = strToU8(readableCells(sheetHead(strFromU8(parts[name]), rows, columns), styles));
  }
  return zipSync(parts, { level: 0 });
}
