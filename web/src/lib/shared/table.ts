/** A table to hand to people (CSV, XLSX, slides): Russian headers, rows of plain values. */
import type { KpiUnit } from './codes.js';
import { shownValue } from './format.js';

export type TableValue = string | number | boolean | null;

export interface TableData {
  headers: string[];
  rows: TableValue[][];
  /** Background colours of the rows' cells (#RRGGBB) where a spreadsheet shows them; null: none. */
  fills?: (string | null)[][];
  /**
   * The decimals each column's numbers are written with, where fixed: a percent or a mean has one,
   * «4,0» as on its card, not «4». A column without: whole numbers, or as they come.
   */
  decimals?: (number | null)[];
}

/** The decimals a KPI's values are shown with: a count none, a percent or a mean one. */
export function unitDecimals(unit: KpiUnit): number {
  return unit === 'count' ? 0 : 1;
}

/**
 * A figure for a table rounded as a card shows it: a target as entered (2,64 shows «2,6»), a share
 * the table works out. KPI values come from the API rounded so already (server/domain/kpis.ts, kpiValue).
 */
export function shownCell(value: number | null, unit: KpiUnit): number | null {
  return value === null ? null : shownValue(value, unit);
}

const formats = new Map<string, Intl.NumberFormat>();

/**
 * A number of a table as text: `ru` as the page writes it («1 234,5»), `csv` as Russian Excel
 * reads it from a CSV («1234,5»); with the column's decimals where it has them.
 */
export function tableNumber(value: number, decimals: number | null | undefined, style: 'ru' | 'csv'): string {
  if (style === 'csv' && (decimals ?? null) === null) return String(value).replace('.', ',');
  const key = `${style}:${decimals ?? ''}`;
  let format = formats.get(key);
  if (!format) {
    format = style === 'ru'
      ? new Intl.NumberFormat('ru-RU', { minimumFractionDigits: decimals ?? 0, maximumFractionDigits: decimals ?? 1 })
      : new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals!, maximumFractionDigits: decimals!, useGrouping: false });
    formats.set(key, format);
  }
  return style === 'csv' ? format.format(value).replace('.', ',') : format.format(value);
}
