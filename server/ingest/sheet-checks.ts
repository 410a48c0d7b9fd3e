/**
 * What an XLSX sheet's XML tells beyond its values, turned into row errors and notes once the
 * header is known: merged cells that would copy a number or one field into another, hidden and
 * struck-through rows, formulas without a value, hidden columns, rows coloured unlike the others.
 * (CSV has none of these.)
 */
import type { ColumnMapping, DatasetSpec } from '../../web/src/lib/shared/datasets.js';
import type { RecordSource } from './readers.js';
import type { FileRowError } from './validate.js';
import { MESSAGES } from './values.js';
import { rowList } from './non-data-rows.js';

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

/**
 * Row errors of a sheet's data rows, at most one per row and column; those of formulas without a
 * value or with an error apart (`formulas`): a row left out as no data (an «Итого» row's sums
 * never computed) may hold them, and only the caller knows those rows.
 */
export function sheetErrors(source: RecordSource, layout: SheetLayoutOfFile): { errors: FileRowError[]; formulas: FileRowError[] } {
  const errors = new Map<string, FileRowError>();
  const formulas = new Map<string, FileRowError>();
  const add = (row: number, column: number | null, message: string, to = errors) => {
    const key = `${row}:${column}`;
    if (row > layout.headerRow && !errors.has(key) && !formulas.has(key)) to.set(key, { row, header: column === null ? '' : columnName(layout, column), value: '', message });
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
  // A struck-through row is one its author meant to delete (or a value she meant to replace): never stored as if it were not.
  for (const [row, { columns, filled }] of sheet?.struck ?? []) {
    const struck = columns.filter((column) => fieldOf(column));
    if (struck.length === 0) continue;
    if (struck.length === filled.filter((column) => fieldOf(column)).length) {
      add(row, null, 'Строка зачёркнута: если она не нужна, удалите её из файла; если нужна — снимите зачёркивание и загрузите файл снова');
      continue;
    }
    const named = struck.map((column) => `«${columnName(layout, column)}»`).join(', ');
    add(row, struck.length === 1 ? struck[0] : null, `${struck.length === 1 ? `Зачёркнуто значение в столбце ${named}` : `Зачёркнуты значения в столбцах ${named}`}: `
      + 'если строка не нужна, удалите её из файла; если нужна — исправьте зачёркнутое, снимите зачёркивание и загрузите файл снова');
  }
  // A formula Excel could not compute, or never computed, reads as an empty cell: she sees a value.
  for (const cell of sheet?.unreadable ?? []) {
    if (!fieldOf(cell.column)) continue;
    add(cell.row, cell.column, cell.error !== null
      ? MESSAGES.formulaError(cell.error)
      : 'Формула без вычисленного значения: откройте файл в Excel, чтобы он пересчитал формулы, и сохраните снова (или замените формулы значениями)', formulas);
  }
  return { errors: [...errors.values()], formulas: [...formulas.values()] };
}

/** Notes about a sheet: loaded columns that are hidden in Excel. */
export function sheetNotes(source: RecordSource, layout: SheetLayoutOfFile): string[] {
  const hidden = (source.layout?.hiddenColumns ?? []).filter((column) => layout.mapping[column] !== undefined);
  return hidden.length === 0 ? [] : [`Загружены столбцы, скрытые в Excel: ${hidden.map((c) => `«${columnName(layout, c)}»`).join(', ')} — проверьте их значения.`];
}

/** How many rows a note names before «и ещё N». */
const ROWS_NAMED = 10;

/**
 * A note naming the data rows (`isData`: not a total, a title, a signature …) whose cells with a
 * value have a fill or a font colour unlike the rest of the table's: people colour the rows they
 * mean not to count (cancelled, a draft), but also for emphasis, so the rows are loaded and named.
 * A cell is compared with its column's usual look (a template may shade a column); a row counts
 * when half of its cells or more differ. Only a few rows: where they are half of the rows or more,
 * or every other row (bands for reading), nothing is said.
 */
export function colouredRowsNote(source: RecordSource, layout: SheetLayoutOfFile, isData: (row: number) => boolean): string | null {
  const looks = source.layout?.looks;
  if (!looks) return null;
  // Each kind of row once: the loaded cells of its signature, and how many data rows have it.
  const loaded = looks.cells.map((cells) => cells.filter(([column]) => layout.mapping[column] !== undefined));
  const data: number[] = [];
  looks.rows.forEach((row, i) => {
    if (row > layout.headerRow && loaded[looks.signatures[i]].length > 0 && isData(row)) data.push(i);
  });
  const rowsOf = new Map<number, number>();
  for (const i of data) rowsOf.set(looks.signatures[i], (rowsOf.get(looks.signatures[i]) ?? 0) + 1);
  const counts = new Map<number, Map<number, number>>();
  for (const [signature, rows] of rowsOf) {
    for (const [column, look] of loaded[signature]) {
      const looksOfColumn = counts.get(column) ?? new Map<number, number>();
      looksOfColumn.set(look, (looksOfColumn.get(look) ?? 0) + rows);
      counts.set(column, looksOfColumn);
    }
  }
  const usual = new Map([...counts].map(([column, seen]) => [column, [...seen].reduce((a, b) => (b[1] > a[1] ? b : a))[0]]));
  const unusual = new Set([...rowsOf.keys()].filter((signature) =>
    2 * loaded[signature].filter(([column, look]) => look !== usual.get(column)).length >= loaded[signature].length));
  const positions = data.flatMap((i, position) => (unusual.has(looks.signatures[i]) ? [position] : []));
  if (positions.length === 0 || 2 * positions.length >= data.length) return null;
  const parity = positions[0] % 2;
  const banded = positions.length >= 2 && positions.every((p) => p % 2 === parity) && positions.length === Math.floor((data.length - parity + 1) / 2);
  if (banded) return null;
  // A struck-through row is refused already.
  const rows = positions.map((p) => looks.rows[data[p]]).filter((row) => !source.layout!.struck.has(row));
  if (rows.length === 0) return null;
  const named = rowList(rows.slice(0, ROWS_NAMED)) + (rows.length > ROWS_NAMED ? ` и ещё ${rows.length - ROWS_NAMED}` : '');
  const one = rows.length === 1;
  const removable = layout.spec.fields.find((f) => f.key === 'remove');
  const record = ({ events: 'мероприятие', participations: 'участие' } as Partial<Record<string, string>>)[layout.spec.code] ?? 'запись';
  const remove = removable ? ` (или отметьте «да» в столбце «${removable.header}», если ${record} уже в базе)` : '';
  return `${one ? 'Строка' : 'Строки'} ${named} ${one ? 'выделена' : 'выделены'} цветом, а цвет не читается: если это ${one ? 'отменённая или лишняя строка' : 'отменённые или лишние строки'}, `
    + `удалите ${one ? 'её' : 'их'}${remove} и загрузите файл снова.`;
}
