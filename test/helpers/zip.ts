import { zipEntries } from '../../server/export/zip.js';

/** One file of a ZIP archive (an OOXML document) as text: what a generated PPTX or XLSX says. */
export function zipEntry(zip: Buffer, name: string): string | null {
  return zipEntries(zip).get(name)?.() ?? null;
}
