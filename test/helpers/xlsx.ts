import { readSheet } from 'read-excel-file/node';

/**
 * A downloaded table's sheet: the lines above it (title, filters and period, source), then after
 * an empty row its header and its rows.
 */
export async function headedSheet(xlsx: Buffer): Promise<{ heading: unknown[]; headers: unknown[]; rows: unknown[][] }> {
  const all = await readSheet(xlsx);
  const gap = all.findIndex((row) => row.every((cell) => cell === null));
  return { heading: all.slice(0, gap).map((row) => row[0]), headers: all[gap + 1], rows: all.slice(gap + 2) };
}
