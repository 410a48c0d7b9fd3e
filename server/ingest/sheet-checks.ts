/**
 * What an XLSX sheet's XML tells beyond its values, turned into row errors and notes once the
 * header is known: merged cells that would copy a number or one field into another, hidden rows,
 * formulas without a value, hidden columns. (CSV has none of these.)
 */
import type { ColumnMapping, DatasetSpec } from '../../web/src/lib/shared/datasets.js';
import type { RecordSource } from './readers.js';
import type { FileRowError } from './validate.js';
import { MESSAGES } from './values.js';

export interface SheetLayoutOfFile {
  spec: DatasetSpec;
  mapping: ColumnMapping;
  headers: string[];
  headerRow: number;
}

const columnName = (layout: SheetLayoutOfFile, column: number) =>
  layout.headers[column] || layout.spec.fields.find((f) => f.key === layout.mapping[column])?.header || `столбец ${column + 1}`;

/** A merged range across at least half of the file's mapped columns, alone in its row, titles a section. */
function isSection(range: { top: number; bottom: number; left: number; right: number }, layout: SheetLayoutOfFile): boolean {
  const mapped = Object.keys(layout.mapping).map(Number);
  const covered = mapped.filter((c) => c >= range.left && c <= range.right).length;
  return range.top === range.bottom && covered >= Math.max(2, mapped.length / 2);
}

/** Data rows that are section titles: one value merged across the table. */
export function sectionRows(source: RecordSource, layout: SheetLayoutOfFile): number[] {
  const rows = new Set<number>();
  for (const { row, range } of source.merged ?? []) {
    if (row > layout.headerRow && isSection(range, layout)) rows.add(row);
  }
  return [...rows].sort((a, b) => a - b);
}

/** Row errors of a sheet's data rows, at most one per row and column. */
export function sheetErrors(source: RecordSource, layout: SheetLayoutOfFile): FileRowError[] {
  const errors = new Map<string, FileRowError>();
  const add = (row: number, column: number | null, message: string) => {
    const key = `${row}:${column}`;
    if (row > layout.headerRow && !errors.has(key)) errors.set(key, { row, header: column === null ? '' : columnName(layout, column), value: '', message });
  };
  const fieldOf = (column: number) => layout.spec.fields.find((f) => f.key === layout.mapping[column]);

  for (const { row, column, range } of source.merged ?? []) {
    const field = fieldOf(column);
    if (!field) continue;
    // One number over several rows would be counted in each of them.
    if (field.type === 'integer' && range.bottom > range.top) {
      add(row, column, `Объединённые ячейки (строки ${range.top + 1}–${range.bottom + 1}): одно число на несколько строк — разъедините ячейки и укажите число в каждой строке`);
    }
    // A value merged over the columns of two fields would become the value of both.
    const fields = new Set(Array.from({ length: range.right - range.left + 1 }, (_, i) => layout.mapping[range.left + i]).filter(Boolean));
    if (fields.size > 1 && !isSection(range, layout)) {
      add(row, column, `Объединённые ячейки (${columnName(layout, range.left)} — ${columnName(layout, range.right)}): одно значение на несколько столбцов — разъедините ячейки и заполните каждый столбец`);
    }
  }

  const sheet = source.layout;
  // Rows hidden in Excel are drafts or left-overs as often as data: never stored unseen.
  for (const row of sheet?.hidden ?? []) {
    add(row, null, sheet!.filtered
      ? 'Строка скрыта фильтром Excel: снимите фильтр (Данные → Очистить) и проверьте строку или удалите её, затем сохраните файл снова'
      : 'Строка скрыта в Excel: покажите её и проверьте или удалите, затем сохраните файл снова');
  }
  // A formula Excel could not compute, or never computed, reads as an empty cell: she sees a value.
  for (const cell of sheet?.unreadable ?? []) {
    if (!fieldOf(cell.column)) continue;
    add(cell.row, cell.column, cell.error !== null
      ? MESSAGES.formulaError(cell.error)
      : 'Формула без вычисленного значения: откройте файл в Excel, чтобы он пересчитал формулы, и сохраните снова (или замените формулы значениями)');
  }
  return [...errors.values()];
}

/** Notes about a sheet: loaded columns that are hidden in Excel. */
export function sheetNotes(source: RecordSource, layout: SheetLayoutOfFile): string[] {
  const hidden = (source.layout?.hiddenColumns ?? []).filter((column) => layout.mapping[column] !== undefined);
  return hidden.length === 0 ? [] : [`Загружены столбцы, скрытые в Excel: ${hidden.map((c) => `«${columnName(layout, c)}»`).join(', ')} — проверьте их значения.`];
}
