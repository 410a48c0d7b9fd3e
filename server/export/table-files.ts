import writeXlsxFile, { type SheetData } from 'write-excel-file/node';

import { tableNumber, type TableData, type TableValue } from '../../web/src/lib/shared/table.js';

export type { TableData };

/**
 * A CSV cell that a spreadsheet would run as a formula (=, +, -, @, or a tab/CR first) is written
 * with a leading apostrophe, so an exported file never executes what someone typed into an upload.
 * An XLSX text cell is text whatever it starts with: it needs none, and would show it.
 */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Text Russian Excel would show otherwise when it opens a CSV: a plan's item «1.3» (→ «01.мар»), a
 * code «0012» (→ 12), a 12-digit ИНН (→ 6,9E+11). A whole number Excel shows as written («2021»)
 * and a whole date (15.05.2023) stay as they are.
 */
function excelWouldChange(text: string): boolean {
  if (/^\d+$/.test(text)) return (text.length > 1 && text.startsWith('0')) || text.length > 11;
  return /\d/.test(text) && /^[\d\s.,:/+-]+$/.test(text) && !/^\d{2}\.\d{2}\.\d{4}$/.test(text);
}

function csvCell(value: TableValue, decimals: number | null | undefined): string {
  if (value === null) return '';
  if (typeof value === 'number') return tableNumber(value, decimals, 'csv');
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  // As a formula of the text itself, which Excel shows as written (only digits and marks: nothing to run).
  if (excelWouldChange(value)) return `="${value}"`;
  const text = neutralise(value);
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV as Russian Excel opens it by double-click: UTF-8 with BOM, `;`, CRLF, decimal comma. */
export function toCsv(table: TableData): string {
  const lines = [table.headers, ...table.rows].map((row) => row.map((value, c) => csvCell(value, table.decimals?.[c])).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Short words a Russian line does not end on: a sheet's name cut after one would dangle. */
const DANGLING = new Set(['и', 'в', 'во', 'на', 'по', 'с', 'со', 'к', 'ко', 'о', 'об', 'у', 'из', 'за', 'от', 'до', 'для', 'или', 'а', 'не', '—', '–', '-', '·']);

/**
 * A sheet's name from a title: Excel forbids []/\:*? (a colon becomes a dash, the others a
 * space; spaces are collapsed) and allows 31 characters — a longer title is cut after its last
 * whole word that fits, not mid-word, nor after a dangling «по» or «—».
 */
export function sheetName(title: string): string {
  const words = title.replace(/:/g, ' — ').replace(/[[\]/\\*?]/g, ' ').replace(/^'+|'+$/g, '').split(/\s+/).filter(Boolean);
  const kept: string[] = [];
  for (const word of words) {
    if ([...kept, word].join(' ').length > 31) break;
    kept.push(word);
  }
  // A first word longer than the name can be is cut: a name must have something.
  if (kept.length === 0) return (words[0] ?? 'Лист1').slice(0, 31);
  if (kept.length < words.length) while (kept.length > 1 && DANGLING.has(kept.at(-1)!.toLowerCase())) kept.pop();
  return kept.join(' ');
}

/**
 * A table as an XLSX sheet; `heading`: lines above it (a chart's title, filters and source, the
 * first in bold), then an empty row — a sheet copied into a report keeps what its figures are of.
 */
export async function toXlsx(table: TableData, sheet: string, heading: string[] = []): Promise<Buffer> {
  const data: SheetData = [
    ...heading.map((value, i) => [i === 0 ? { value, fontWeight: 'bold' as const } : { value }]),
    ...(heading.length > 0 ? [[null]] : []),
    table.headers.map((value) => ({ value, fontWeight: 'bold' as const })),
    ...table.rows.map((row, r) => row.map((value, c) => {
      const backgroundColor = table.fills?.[r]?.[c] ?? undefined;
      if (value === null) return backgroundColor ? { value: '', backgroundColor } : null;
      // A date as the tables write it (15.05.2023) is a date cell: Excel sorts and filters it as one.
      const day = typeof value === 'string' ? /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(value) : null;
      if (day) return { value: new Date(Date.UTC(Number(day[3]), Number(day[2]) - 1, Number(day[1]))), type: Date, format: 'dd.mm.yyyy', backgroundColor };
      const decimals = typeof value === 'number' ? table.decimals?.[c] ?? null : null;
      if (decimals !== null && decimals > 0) return { value, format: `0.${'0'.repeat(decimals)}`, backgroundColor };
      return { value, backgroundColor };
    })),
  ];
  return writeXlsxFile(data, {
    sheet: sheetName(sheet),
    // As wide as the column's longest entry (an organization's name runs to 70 characters), within 14–60.
    columns: table.headers.map((h, c) => ({
      width: Math.min(table.rows.reduce((wide, row) => Math.max(wide, String(row[c] ?? '').length + 2), Math.max(h.length + 4, 14)), 60),
    })),
  }).toBuffer();
}
