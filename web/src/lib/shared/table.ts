/** A table to hand to people (CSV, XLSX, slides): Russian headers, rows of plain values. */
export type TableValue = string | number | boolean | null;

export interface TableData {
  headers: string[];
  rows: TableValue[][];
  /** Background colours of the rows' cells (#RRGGBB) where a spreadsheet shows them; null: none. */
  fills?: (string | null)[][];
}
