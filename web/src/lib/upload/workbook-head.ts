import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { sheetHead, UNPACKED_PART_BYTES, unpackedTooLarge } from '../shared/sheet-xml.js';

/** A workbook the preview does not unpack, with the server's reason in Russian. */
export class WorkbookTooLarge extends Error {}

/**
 * A workbook of the XML parts of `workbook`, each sheet cut to its first `rows` rows and
 * `columns` columns (see sheetHead): what the preview reads. Throws WorkbookTooLarge for a part
 * the server would not unpack either, fflate's error for a file that is no ZIP archive.
 */
export function workbookHead(workbook: Uint8Array, rows: number, columns: number): Uint8Array {
  const parts = unzipSync(workbook, {
    filter: (file) => {
      if (file.originalSize > UNPACKED_PART_BYTES) throw new WorkbookTooLarge(unpackedTooLarge(UNPACKED_PART_BYTES, true));
      return /\.(?:xml|rels)$/i.test(file.name);
    },
  });
  for (const name of Object.keys(parts)) {
    if (/^xl\/worksheets\/[^/]+\.xml$/i.test(name)) parts[name] = strToU8(sheetHead(strFromU8(parts[name]), rows, columns));
  }
  return zipSync(parts, { level: 0 });
}
