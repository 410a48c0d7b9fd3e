/**
 * Rows of a report form that are not data: the row of column numbers under the header (1, 2,
 * 3 … in Russian forms), «Итого» / «Всего» rows, and the signature lines and remarks under the
 * table («Директор ______ И.И. Иванова», «Исполнитель: …», «М.П.», «* данные уточняются»). They
 * are listed in SKIPPED_TABLE and left out of the checks; the user is told which rows were left out.
 * Data rows under the table's grand total are found to be refused (rowsUnderTotal).
 */
import type { ColumnMapping } from '../../web/src/lib/shared/datasets.js';
import type { Session, SqlParams } from '../db/database.js';
import { FileError } from './file-error.js';
import { cellColumn, FILE_TABLE } from './file-table.js';
import { cellText, isEmpty, MONTH_NOMINATIVES, type Cell } from './values.js';

export const SKIPPED_TABLE = 'ingest_skipped';

/** What a signature line or a note under a report's table says (a position, a stamp, a phone …). */
const SIGNATURE = /(директор|руководител|исполнител|подпис|расшифровк|заведующ|ответственн|составил|специалист|начальник|председател|методист|главный|заместител|министр|секретар|член\S* комисси|м\.\s?п\.|тел\.|телефон|_{3,}|примечани|ф\.\s?и\.\s?о|(?<![а-яё])фио(?![а-яё])|e-?mail)/i;

/** A name with initials alone in a cell: «Иванова И.И.», «И. И. Иванова». */
const INITIALS = /^(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?|[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?\s*[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)$/;

/** A signature's date line filled in: «"25" сентября 2023 г.» (a blank one is underscores). */
const DATE_LINE = /^[«"]\s*\d{1,2}\s*[»"]\s*[а-яё]+\s+\d{4}\s*г\.?$/i;

/** Whether a cell reads as part of a signature or a note rather than as a value. */
const signs = (cell: string) => SIGNATURE.test(cell) || INITIALS.test(cell) || DATE_LINE.test(cell);

/**
 * What a totals row's label says: «Итого», «ВСЕГО:», «Всего по району», «Итого за 2023 г.»,
 * «Итого (SP1)», «Всего мероприятий» — not a title that begins so («Итог-2023: …», «Всего понемногу: …»).
 * RE2 (DuckDB) and JavaScript read it alike.
 */
const TOTAL_LABEL = String.raw`^(итого|всего|итог)\s*[:.]?\s*($|(по|за|на|в|во|из|с)\s|\d|\(|\s[а-яё]+\s*:?\s*$)`;
const TOTAL = `(?i)${TOTAL_LABEL}`;
const isTotalLabel = (cell: string) => new RegExp(TOTAL_LABEL, 'i').test(cell);

/**
 * A grand total's label: the word alone («Итого», «ВСЕГО:») or with one more («Всего мероприятий»)
 * — not a group's subtotal («Итого по площадке 5», «Итого (SP1)», «Всего за 2022 г.» between the
 * years of a list).
 */
const GRAND_TOTAL = /^(итого|всего|итог)\s*[:.]?\s*(?:[а-яё]+\s*:?\s*)?$/i;

/** A cell with a character other than whitespace (RE2). */
const VISIBLE = String.raw`[^\s\x{00a0}\x{2000}-\x{200b}\x{202f}\x{3000}\x{feff}]`;

/** A cell of a totals row: a number (a date, a percentage), or «х», «—» where nothing is summed. */
const NUMBER = /^(?:[\d\s\u00a0\u202f.,%+-]+|[—–хХxX×])$/;

/**
 * What statistical forms fill a cell of a totals row with where nothing is summed — «х», «-», «—» —
 * in the key's and the label's places too («х;х;Итого;х;45;40»): no value, as an empty cell is.
 */
const FILLERS = ['х', 'Х', 'x', 'X', '×', '-', '–', '—', '−'];
const isFiller = (cell: string) => FILLERS.includes(cell);

/**
 * Whether a cell is empty or starts with one of `characters` (SQL): its first character's code
 * compared as a number — half the time of comparing the character as a text on a big file.
 */
const emptyOrStartsWith = (column: number, characters: string) =>
  `unicode(ltrim(coalesce(${cellColumn(column)}, ''))) IN (-1, ${[...characters].map((c) => c.codePointAt(0)).join(', ')})`;

/** Rows from the end searched for signature lines. */
const TAIL_ROWS = 50;
/** Rows under a section's title searched for its first row: blank ones may stand between. */
const TITLE_LOOKAHEAD = 3;

/**
 * The row of column numbers right under the header, if there is one: numbered from 1 without
 * gaps, one number per named column (a data row of a few small numbers is not). Read from the
 * cells as the file has them: an XLSX date column would turn a 5 into a date.
 */
export function columnNumbersRow(head: { cells: Cell[]; row: number }[], headerRow: number, namedColumns: number): number | null {
  const first = head.find((r) => r.row > headerRow && !r.cells.every(isEmpty));
  if (!first) return null;
  const numbers = first.cells.map((c) => cellText(c).trim()).filter((t) => t !== '');
  const numbered = numbers.every((v, i) => v === String(i + 1));
  return numbered && numbers.length >= Math.max(3, namedColumns - 1) ? first.row : null;
}

/** «5, 7–9, 12» */
/** «строка 8», «строки 8, 10–12»: rows named as rows, never read as a count («пропущены строки итогов: 8»). */
export const rowsNamed = (rows: number[]) => `${rows.length === 1 ? 'строка' : 'строки'} ${rowList(rows)}`;

export function rowList(rows: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j] + 1) j++;
    parts.push(j > i + 1 ? `${rows[i]}–${rows[j]}` : j === i + 1 ? `${rows[i]}, ${rows[j]}` : String(rows[i]));
    i = j;
  }
  return parts.join(', ');
}

/**
 * Finds the non-data rows of FILE_TABLE below the header row (`numbersRow`: the row of column
 * numbers, found by columnNumbersRow; `keyColumns`: the columns of the dataset's key). `dataCells`:
 * how many filled cells make a row data rather than a note (the dataset's required columns, at most 3).
 * Returns notes for the user.
 */
export async function skipNonDataRows(
  session: Session,
  layout: {
    headerRow: number; width: number; numbersRow: number | null; headerCells: string[]; sectionRows: number[]; keyColumns: number[];
    /** Columns of codes that refer to other records (a site's code beside its events'). */
    codeColumns: number[];
    /** Columns of the dataset's required fields. */
    requiredColumns: number[];
    /**
     * Whether a text of words is a value of a column's field (a name, a title, a district named, a
     * choice of a list); false for a column of no field. A row of one such text is no section title.
     */
    fitsColumn: (column: number, text: string) => boolean;
    /** The header's columns' fields (column → field key). */
    mapping: ColumnMapping;
    /** The fields a row of texts names as a header row would (column → field key). */
    fieldsNamed: (texts: string[]) => ColumnMapping;
    /**
     * Texts a header row of the table holds in some column, whatever the order of its columns:
     * the headers of two of its required columns as the file and the template write them.
     */
    probes: string[];
  },
  dataCells: number,
): Promise<string[]> {
  // A cell as a totals row's label may be, neither empty nor a filler: stripped of the fillers'
  // characters, as a CASE over the trimmed text took ten times as long on a big file (the
  // trimmed texts were made for every row).
  const cells = Array.from({ length: layout.width }, (_, i) => `nullif(trim(trim(${cellColumn(i)}), '${FILLERS.join('')}'), '')`);
  const params = { header_row: layout.headerRow };
  await session.run(`CREATE OR REPLACE TEMP TABLE ${SKIPPED_TABLE} (row INTEGER, kind VARCHAR)`);
  const notes: string[] = [];

  if (layout.numbersRow !== null) {
    await session.run(`INSERT INTO ${SKIPPED_TABLE} VALUES ($row, 'numbers')`, { row: layout.numbersRow });
    notes.push(`Строка ${layout.numbersRow} с номерами столбцов (1, 2, 3 …) пропущена.`);
  }
  // A section title merged across the table («Площадка «Школа № 1» (SP1)») heads the rows under it.
  await skip(session, layout.sectionRows, 'section');
  const sectionsNoted = notes.length;
  // The header row again further down (tables pasted one under another, a printout's page header;
  // two CSV files joined with «copy /b», the second's byte order mark before its header), also in
  // other spellings («Тема» for «Название»); with its columns in another order it refuses the file.
  await skip(session, await headersRepeated(session, layout), 'header');
  const repeated = await rowsOf(session, 'header');
  if (repeated.length > 0) notes.push(`Пропущены повторы строки заголовков: ${rowsNamed(repeated)}.`);

  // A row with a cell that says «Итого» or «Всего» sums other rows (totalsRow judges the rest of
  // it): its first filled cell, or any cell when no key column holds a value (a site's subtotal
  // under its events: «;SP1;Итого по площадке;…») — «х», «-», «—» filling a cell count as none.
  // The first cell's first letter or empty key cells rule out almost every row of a big file
  // before its cells are matched. (A cell empty, a filler or starting as a label might: totalsRow
  // judges the rows found. No pattern is matched on a big file's key cells: that alone took most
  // of a second on four million rows.)
  const emptyOrLabel = (column: number) => emptyOrStartsWith(column, `ИиВв${FILLERS.join('')}`);
  const keyEmpty = layout.keyColumns.map(emptyOrLabel);
  const labelled = await rowsWithCells(session, layout.width,
    `rowid + 1 > $header_row AND (
       (${emptyOrLabel(0)} AND regexp_matches(coalesce(${cells.join(', ')}), $total))
       ${keyEmpty.length > 0 ? `OR (${keyEmpty.join(' AND ')} AND (${cells.map((c) => `regexp_matches(${c}, $total)`).join(' OR ')}))` : ''})`,
    { ...params, total: TOTAL });
  const totals = labelled.filter((r) => totalsRow(r.cells, layout.keyColumns)).map((r) => r.row);
  await skip(session, totals, 'total');
  if (totals.length > 0) notes.push(`Пропущены строки итогов: ${rowsNamed(totals)}.`);

  // Rows of zeros alone: formulas of a summary sheet copied down past the rows they point at
  // («='СОШ 5'!A4» where «СОШ 5» has three rows) show 0 in every cell. No record is all zeros (its
  // key is no zero: see values.ts), so nothing is lost. The key cells, empty or zero, find the few
  // candidates cheaply; blank rows are passed over before their cells are matched.
  const zeros = await zeroRows(session, layout);
  await skip(session, zeros, 'zeros');
  if (zeros.length > 0) notes.push(`Пропущены строки из одних нулей — формулы, ссылающиеся на пустые строки: ${rowsNamed(zeros)}.`);

  // A subtotal without its label («;SP1;;;;;40;36» under a site's events): no key, numbers, and
  // at most the code of what it sums. The empty key cells find the few candidates cheaply; two
  // cells with a digit, in SQL, leave out blank rows — millions of «;;;;;;;;» lines under a table
  // would otherwise all be fetched as candidates (gigabytes of JavaScript heap).
  if (layout.keyColumns.length > 0) {
    const digits = cellsMatching(layout.width, '[0-9]');
    const unlabelled = (await rowsWithCells(session, layout.width,
      `rowid + 1 > $header_row AND ${layout.keyColumns.map((i) => `coalesce(${cellColumn(i)}, '') = ''`).join(' AND ')}
       AND ${digits} >= 2
       AND rowid + 1 NOT IN (SELECT row FROM ${SKIPPED_TABLE})`, params))
      .filter((r) => unlabelledTotalsRow(r.cells, layout.keyColumns, layout.codeColumns)).map((r) => r.row);
    await skip(session, unlabelled, 'total');
    if (unlabelled.length > 0) notes.push(`Пропущены строки итогов без подписи (в них только числа${layout.codeColumns.length > 0 ? ' и код' : ''}): ${rowsNamed(unlabelled)}.`);
  }

  // A section title typed in one cell of its own row, not merged («Северный муниципальный район»
  // over the district's schools in a CSV): noted with the merged ones. One that reads as a
  // signature or a note («Исполнитель: …, тел. …» over the next school's table) is one, between tables.
  const found = await sectionTitleRows(session, layout, dataCells);
  const signed = found.filter((r) => signatureLine(r.cells, layout.keyColumns, dataCells)).map((r) => r.row);
  const titles = found.map((r) => r.row).filter((row) => !signed.includes(row));
  await skip(session, titles, 'section');
  await skip(session, signed, 'between');
  const sections = [...layout.sectionRows, ...titles].sort((a, b) => a - b);
  if (sections.length > 0) notes.splice(sectionsNoted, 0, `Пропущены строки-заголовки разделов: ${rowsNamed(sections)}.`);

  const tail = await rowsWithCells(session, layout.width,
    `rowid + 1 > $header_row AND rowid >= (SELECT count(*) FROM ${FILE_TABLE}) - $tail AND rowid + 1 NOT IN (SELECT row FROM ${SKIPPED_TABLE})`,
    { ...params, tail: TAIL_ROWS });
  const footers = footerRows(tail, layout.keyColumns, dataCells);
  await skip(session, footers, 'footer');

  // Signatures and notes between tables pasted one under another: under a table's total, or over
  // the next table's title or header. Those no data row follows are under the (last) table: a
  // remark over the signature of a table alone is no note between tables.
  const between = [...signed, ...await signaturesBetweenTables(session, layout, dataCells)].sort((a, b) => a - b);
  await skip(session, between.filter((row) => !signed.includes(row)), 'between');
  const lastData = between.length === 0 ? 0 : (await session.one<{ row: number | null }>(
    `SELECT max(rowid + 1)::INTEGER AS row FROM ${FILE_TABLE}
     WHERE rowid + 1 > $after AND rowid + 1 NOT IN (SELECT row FROM ${SKIPPED_TABLE}) AND ${cellsMatching(layout.width, VISIBLE)} > 0`,
    { after: between[0] },
  ))?.row ?? 0;
  const under = [...between.filter((row) => row > lastData), ...footers].sort((a, b) => a - b);
  if (under.length > 0) notes.push(`Пропущены строки под таблицей (подписи, примечания): ${rowsNamed(under)}.`);
  const inside = between.filter((row) => row < lastData);
  if (inside.length > 0) notes.push(`Пропущены подписи и примечания между таблицами: ${rowsNamed(inside)}.`);
  return notes;
}

/**
 * Rows under the header that are a header of the dataset's table too: its texts again (case,
 * spaces and a byte order mark aside), or a row naming more than half of the fields the header's
 * columns hold, two at least. Those naming them in the header's columns are returned (the rows
 * under them are read as the header says); one naming a field in another column — tables pasted
 * one under another, the second's columns in another order — refuses the file, naming the row
 * and what stands elsewhere: the rows under it would be read into the wrong columns
 * («Участников фактически» as the plan).
 *
 * Found in SQL as rows with a cell that is one of the probes (see skipNonDataRows; lower case
 * too): a comparison with a few texts, cheaper on a big file than the lower case of a cell (a
 * field's every name matched on every cell took seconds on two million rows).
 */
async function headersRepeated(
  session: Session,
  layout: { headerRow: number; width: number; headerCells: string[]; mapping: ColumnMapping; fieldsNamed: (texts: string[]) => ColumnMapping; probes: string[] },
): Promise<number[]> {
  const fields = Object.entries(layout.mapping);
  const probes = [...new Set(layout.probes.flatMap((probe) => [probe, probe.trim(), probe.trim().toLowerCase()]))].filter((probe) => probe !== '');
  if (probes.length === 0) return [];
  const among = probes.map((_, i) => `$probe${i}`).join(', ');
  // Each text once, with its rows: a header pasted again and again (half a million times in a
  // tester's file) is matched with the fields once, and its copies are never all in memory.
  const candidates = await textsWithRows(session, layout.width,
    `rowid + 1 > $header_row AND (${Array.from({ length: layout.width }, (_, i) => `${cellColumn(i)} IN (${among})`).join(' OR ')})
     AND rowid + 1 NOT IN (SELECT row FROM ${SKIPPED_TABLE})`,
    { header_row: layout.headerRow, ...Object.fromEntries(probes.map((probe, i) => [`probe${i}`, probe])) });
  const header = layout.headerCells.map((text) => text.trim().toLowerCase());
  const columnOf = new Map(fields.map(([column, key]) => [key, Number(column)]));
  const headerText = (column: number) => layout.headerCells[column]?.trim() || `столбец ${column + 1}`;
  const same: number[] = [];
  const reordered: { rows: number[]; elsewhere: string[] }[] = [];
  for (const { rows, cells } of candidates) {
    const texts = cells.map((cell, i) => (i === 0 ? cell.replace(/^\uFEFF/, '').trim() : cell));
    if (header.filter((h) => h !== '').length >= 2 && header.every((h, i) => h === '' || (texts[i] ?? '').toLowerCase() === h)) {
      for (const row of rows) same.push(row);
      continue;
    }
    const named = Object.entries(layout.fieldsNamed(texts)).map(([column, key]) => ({ column: Number(column), key }));
    if (named.filter(({ key }) => columnOf.has(key)).length * 2 <= fields.length || named.length < 2) continue;
    const elsewhere = named.filter(({ column, key }) => columnOf.get(key) !== column).map(({ column, key }) => {
      const own = columnOf.get(key);
      return own === undefined
        ? `«${cells[column]}» — в столбце ${column + 1}, а в строке ${layout.headerRow} такого столбца нет`
        : `«${headerText(own)}» — в столбце ${column + 1}, а не ${own + 1}`;
    });
    if (elsewhere.length === 0) for (const row of rows) same.push(row);
    else reordered.push({ rows, elsewhere });
  }
  if (reordered.length > 0) {
    // Each header text once, by its first row: copies of one header would say the same thing again.
    const described = reordered.map(({ rows, elsewhere }) => ({ row: rows[0], elsewhere })).sort((a, b) => a.row - b.row).slice(0, ROWS_DESCRIBED);
    const all = reordered.flatMap(({ rows }) => rows).sort((a, b) => a - b);
    const one = all.length === 1;
    const shown = described.map(({ row, elsewhere }) => `${one ? '' : `в строке ${row} `}`
      + `${elsewhere.slice(0, MOVES_NAMED).join(', ')}${elsewhere.length > MOVES_NAMED ? ` и ещё ${elsewhere.length - MOVES_NAMED}` : ''}`);
    throw new FileError(`${one ? 'Строка' : 'Строки'} ${rowList(all)} — тоже ${one ? 'строка' : 'строки'} заголовков (таблицы вставлены одна под другой), `
      + `но столбцы в ${one ? 'ней' : 'них'} в другом порядке, чем в строке ${layout.headerRow}: ${shown.join('; ')}${all.length > described.length ? '; и так далее' : ''}. `
      + `Строки под ${one ? 'ней' : 'ними'} были бы прочитаны не в те столбцы. Приведите столбцы всех таблиц к одному порядку (как в строке ${layout.headerRow}) `
      + 'или загрузите таблицы отдельно. Ничего не записано.');
  }
  return same;
}

/** Reordered headers described one by one, and the columns named in each. */
const ROWS_DESCRIBED = 3;
const MOVES_NAMED = 4;

/**
 * A cell that shows a zero: 0, 0,00; a zero in a date's format, as the reader gives it in a date's
 * column (a time, 00:00) or as Excel shows it (00.01.1900). RE2, read whole.
 */
const ZERO = String.raw`0+(?:[.,]0+)?|00:00(?::00)?|00\.01\.1900`;

/** Rows whose filled cells are all zeros (see ZERO), one at least, their key cells among them or empty. */
async function zeroRows(session: Session, layout: { headerRow: number; width: number; keyColumns: number[] }): Promise<number[]> {
  if (layout.keyColumns.length === 0) return [];
  const cells = Array.from({ length: layout.width }, (_, i) => cellColumn(i));
  const rows = await session.all<{ row: number }>(
    `SELECT (rowid + 1)::INTEGER AS row FROM ${FILE_TABLE}
     WHERE rowid + 1 > $header_row AND ${layout.keyColumns.map((i) => emptyOrStartsWith(i, '0')).join(' AND ')}
       AND ${layout.keyColumns.map((i) => `(coalesce(trim(${cellColumn(i)}), '') = '' OR regexp_full_match(trim(${cellColumn(i)}), '${ZERO}'))`).join(' AND ')}
       AND coalesce(${cells.join(', ')}) IS NOT NULL
       AND rowid + 1 NOT IN (SELECT row FROM ${SKIPPED_TABLE})
       AND len(list_filter([${cells.join(', ')}], lambda cell: trim(cell) <> '' AND NOT regexp_full_match(trim(cell), '${ZERO}'))) = 0
       AND len(list_filter([${cells.join(', ')}], lambda cell: regexp_full_match(trim(cell), '${ZERO}'))) > 0
     ORDER BY rowid`, { header_row: layout.headerRow });
  return rows.map((r) => r.row);
}

/** Rows searched for signature lines under a total and over a title or a header: blank ones may stand between. */
const SIGNATURE_LOOKAROUND = 4;

/**
 * The signature lines and notes between tables (see signatureLine): from each totals row down,
 * and from each section's title or repeated header up, past blank rows and other such lines, up
 * to the first other row. «Директор МБОУ СОШ № 5 | ____ | Кузнецов П.П.» under one school's «Итого»
 * and over the next school's title is no row of either table.
 */
async function signaturesBetweenTables(
  session: Session, layout: { headerRow: number; width: number; keyColumns: number[] }, dataCells: number,
): Promise<number[]> {
  // Only those with a row next to them that may be a signature (not one left out otherwise): half a
  // million headers pasted one under another would otherwise fetch every row around each.
  const anchors = await session.all<{ row: number; kind: string }>(
    `SELECT row, kind FROM ${SKIPPED_TABLE}
     WHERE kind IN ('total', 'header', 'section', 'between')
       AND row + CASE WHEN kind = 'total' THEN 1 ELSE -1 END NOT IN (SELECT row FROM ${SKIPPED_TABLE} WHERE kind <> 'between')
     ORDER BY row`);
  if (anchors.length === 0) return [];
  const steps = Array.from({ length: SIGNATURE_LOOKAROUND }, (_, i) => i + 1);
  const around = await rowsAround(session, layout, anchors.map((a) => a.row), [...steps, ...steps.map((k) => -k)]);
  const found = new Set<number>();
  for (const { row, kind } of anchors) {
    const step = kind === 'total' ? 1 : -1;
    for (let next = row + step; Math.abs(next - row) <= SIGNATURE_LOOKAROUND; next += step) {
      const near = around.get(next);
      if (near === undefined || (near.kind !== undefined && near.kind !== 'between')) break;
      if (near.kind !== undefined || near.cells.every((cell) => cell === '')) continue;
      if (!signatureLine(near.cells, layout.keyColumns, dataCells)) break;
      found.add(next);
    }
  }
  return [...found];
}

/**
 * The rows `offsets` away from each of `rows` (below the header row), each with its trimmed cells
 * and the kind it was left out as, if it was.
 */
async function rowsAround(
  session: Session, layout: { headerRow: number; width: number }, rows: number[], offsets: number[],
): Promise<Map<number, { cells: string[]; kind?: string }>> {
  await session.run(`CREATE OR REPLACE TEMP TABLE ${AROUND_TABLE} (row INTEGER)`);
  await session.append(AROUND_TABLE, [{ name: 'row', type: 'integer' }], rows.map((row) => ({ row })));
  const near = `SELECT a.row + o.k FROM ${AROUND_TABLE} a, unnest([${offsets.join(', ')}]) o(k)`;
  const cells = await rowsWithCells(session, layout.width, `rowid + 1 > $header_row AND rowid + 1 IN (${near})`, { header_row: layout.headerRow });
  const kinds = new Map((await session.all<{ row: number; kind: string }>(`SELECT row, kind FROM ${SKIPPED_TABLE} WHERE row IN (${near})`))
    .map((r) => [r.row, r.kind]));
  await session.run(`DROP TABLE ${AROUND_TABLE}`);
  return new Map(cells.map((r) => [r.row, { cells: r.cells, kind: kinds.get(r.row) }]));
}

const AROUND_TABLE = 'ingest_rows_around';

/**
 * Data rows under the table's grand total — rows of last year's events «для справки», a row added
 * under the sum later —, each with the total's row. The grand total is the last totals row (see
 * skipNonDataRows) when it is labelled as the whole table's («Итого», «Всего:»), holds no code of
 * what it sums and has data rows above it (a total on top of its rows sums those under it); a
 * subtotal of a group («Итого по площадке …», «;SP1;Итого;…») has groups under it. Rows are counted
 * to the header repeated (another table pasted under the first), if it is.
 */
export async function rowsUnderTotal(
  session: Session,
  layout: {
    headerRow: number; width: number;
    /** Columns of codes, the key's and references' (a site's code beside its subtotal). */
    codeColumns: number[];
  },
): Promise<{ row: number; total: number }[]> {
  const last = await session.one<{ row: number | null }>(`SELECT max(row) AS row FROM ${SKIPPED_TABLE} WHERE kind = 'total'`);
  if (last?.row === null || last?.row === undefined) return [];
  const [total] = await rowsWithCells(session, layout.width, 'rowid + 1 = $row', { row: last.row });
  const first = total.cells.findIndex((c) => c !== '');
  const label = first >= 0 && isTotalLabel(total.cells[first]) ? first : total.cells.findIndex(isTotalLabel);
  if (label < 0 || !GRAND_TOTAL.test(total.cells[label]) || layout.codeColumns.some((i) => i !== label && (total.cells[i] ?? '') !== '' && !isFiller(total.cells[i]))) return [];
  const filled = `regexp_matches(concat(${Array.from({ length: layout.width }, (_, i) => cellColumn(i)).join(', ')}), '${VISIBLE}')`;
  const data = `rowid + 1 NOT IN (SELECT row FROM ${SKIPPED_TABLE}) AND ${filled}`;
  const above = await session.all(
    `SELECT 1 FROM ${FILE_TABLE} WHERE rowid + 1 > $header_row AND rowid + 1 < $total AND ${data} LIMIT 1`,
    { header_row: layout.headerRow, total: last.row });
  if (above.length === 0) return [];
  const under = await session.all<{ row: number }>(
    `SELECT (rowid + 1)::INTEGER AS row FROM ${FILE_TABLE}
     WHERE rowid + 1 > $total AND ${data}
       AND rowid + 1 < coalesce((SELECT min(row) FROM ${SKIPPED_TABLE} WHERE kind = 'header' AND row > $total), 2147483647)
     ORDER BY rowid`, { total: last.row });
  return under.map(({ row }) => ({ row, total: last.row! }));
}

/**
 * Rows that title the rows under them: one cell of two words or more, or a month's name, that is
 * no value of its column's field (a district's name in the column of row numbers, a long name in a
 * code's column),
 * with a row of the table — or another such title — next under it, past blank rows or the header
 * repeated. A row of one code, one name in a name's column, or one text with no row of the table
 * under it stays a row, its empty cells errors.
 */
async function sectionTitleRows(
  session: Session,
  layout: { headerRow: number; width: number; requiredColumns: number[]; fitsColumn: (column: number, text: string) => boolean },
  dataCells: number,
): Promise<{ row: number; cells: string[] }[]> {
  const required = layout.requiredColumns;
  if (required.length === 0) return [];
  // Every required cell but one empty, and some cell filled: the few rows that may be a title,
  // found without reading the others — blank rows (millions of «;;;;;;;;» lines) stay in DuckDB.
  const empty = required.map((i) => `(coalesce(${cellColumn(i)}, '') = '')::INTEGER`).join(' + ');
  const filled = cellsMatching(layout.width, '[^\\s\\p{Z}]');
  const candidates = (await rowsWithCells(session, layout.width,
    `rowid + 1 > $header_row AND ${empty} >= ${required.length - 1} AND ${filled} >= 1 AND rowid + 1 NOT IN (SELECT row FROM ${SKIPPED_TABLE})`,
    { header_row: layout.headerRow }))
    .filter(({ cells }) => {
      const filled = cells.map((cell, i) => ({ cell, i })).filter(({ cell }) => cell !== '');
      return filled.length === 1 && (words(filled[0].cell) || MONTH.test(filled[0].cell)) && !layout.fitsColumn(filled[0].i, filled[0].cell);
    });
  if (candidates.length === 0) return [];
  const below = await rowsAround(session, layout, candidates.map((r) => r.row), Array.from({ length: TITLE_LOOKAHEAD }, (_, i) => i + 1));
  const isCandidate = new Set(candidates.map((r) => r.row));
  const titles = new Set<number>();
  // From the bottom up: a title over another title (a district, then its villages) heads rows too.
  for (const { row } of [...candidates].reverse()) {
    for (let next = row + 1; next <= row + TITLE_LOOKAHEAD; next++) {
      const near = below.get(next);
      if (near === undefined || (near.kind !== undefined && near.kind !== 'header')) break;
      const filled = near.cells.filter((cell) => cell !== '').length;
      if (filled === 0 || near.kind === 'header') continue;
      if (titles.has(next) || (filled >= dataCells && !isCandidate.has(next))) titles.add(row);
      break;
    }
  }
  return candidates.filter((r) => titles.has(r.row));
}


/**
 * How many of a row's cells match `pattern` (RE2), in SQL: a list filter, as a sum over a
 * thousand columns breaks DuckDB's expression depth.
 */
const cellsMatching = (width: number, pattern: string) =>
  `len(list_filter([${Array.from({ length: width }, (_, i) => cellColumn(i)).join(', ')}], lambda cell: regexp_matches(cell, '${pattern}')))`;

async function rowsOf(session: Session, kind: string): Promise<number[]> {
  return (await session.all<{ row: number }>(`SELECT row FROM ${SKIPPED_TABLE} WHERE kind = $kind ORDER BY row`, { kind })).map((r) => r.row);
}

/** Separates a row's cells in the one text per row the tail is fetched as (no cell holds it). */
const UNIT = '\u001f';

/** Rows of FILE_TABLE that `where` picks, in order, each as its trimmed cells (fetched as one text a row). */
async function rowsWithCells(session: Session, width: number, where: string, params: SqlParams): Promise<{ row: number; cells: string[] }[]> {
  const cells = Array.from({ length: width }, (_, i) => `coalesce(${cellColumn(i)}, '')`);
  const rows = await session.all<{ row: number; text: string }>(
    `SELECT (rowid + 1)::INTEGER AS row, concat_ws($unit, ${cells.join(', ')}) AS text FROM ${FILE_TABLE} WHERE ${where} ORDER BY rowid`,
    { ...params, unit: UNIT },
  );
  return rows.map(({ row, text }) => ({ row, cells: text.split(UNIT).map((c) => c.trim()) }));
}

/** The distinct texts of the rows `where` picks, each with its trimmed cells and its rows in order (first seen first). */
async function textsWithRows(session: Session, width: number, where: string, params: SqlParams): Promise<{ rows: number[]; cells: string[] }[]> {
  const cells = Array.from({ length: width }, (_, i) => `coalesce(${cellColumn(i)}, '')`);
  const texts = await session.all<{ rows: number[]; text: string }>(
    `SELECT concat_ws($unit, ${cells.join(', ')}) AS text, list((rowid + 1)::INTEGER ORDER BY rowid) AS rows
     FROM ${FILE_TABLE} WHERE ${where} GROUP BY text ORDER BY min(rowid)`,
    { ...params, unit: UNIT },
  );
  return texts.map(({ rows, text }) => ({ rows, cells: text.split(UNIT).map((c) => c.trim()) }));
}

async function skip(session: Session, rows: number[], kind: string): Promise<void> {
  if (rows.length > 0) await session.append(SKIPPED_TABLE, [{ name: 'row', type: 'integer' }, { name: 'kind', type: 'varchar' }], rows.map((row) => ({ row, kind })));
}

/**
 * Whether a row with a cell that says «Итого» or «Всего» (its first filled cell, or another when
 * the key columns are empty: a subtotal after the site's code) sums other rows: numbers (or «х»,
 * «—») elsewhere, no more other text than numbers, and no record's key — a title «Всего за год:
 * …» beside its event's code is data.
 */
export function totalsRow(cells: string[], keyColumns: number[]): boolean {
  const first = cells.findIndex((c) => c !== '');
  const label = first >= 0 && isTotalLabel(cells[first]) ? first : cells.findIndex(isTotalLabel);
  if (label < 0) return false;
  const others = cells.map((c, i) => (i === label ? '' : c));
  const text = (c: string) => c !== '' && !NUMBER.test(c);
  const numbers = others.filter((c) => c !== '' && NUMBER.test(c)).length;
  return !keyColumns.some((i) => text(others[i] ?? '')) && others.filter(text).length <= numbers;
}

/**
 * A row that sums others without saying so: its key cells empty, two numbers or more, and
 * nothing else but codes of what it sums (an event's row without its code, title and date would
 * be no event anyway: its empty cells are errors).
 */
export function unlabelledTotalsRow(cells: string[], keyColumns: number[], codeColumns: number[]): boolean {
  if (keyColumns.some((i) => (cells[i] ?? '') !== '')) return false;
  const filled = cells.map((cell, i) => ({ cell, i })).filter(({ cell }) => cell !== '');
  const numbers = filled.filter(({ cell }) => /\d/.test(cell) && NUMBER.test(cell)).length;
  return numbers >= 2 && filled.every(({ cell, i }) => NUMBER.test(cell) || codeColumns.includes(i));
}

/**
 * A month's name, with its year or not («Сентябрь», «Октябрь 2026 г.», «НОЯБРЬ 2026 года»): one
 * word, yet no code — a plan laid out by months titles each month's rows so.
 */
const MONTH = new RegExp(`^(?:${MONTH_NOMINATIVES.join('|')})(?:,?\\s*\\d{4}\\s*(?:г\\.?|года?)?)?\\s*[:.]?$`, 'i');

/** Whether a cell holds two words or more («* данные уточняются»): a remark, never one code («SP1», «N2-1», «north»). */
const words = (cell: string) => cell.split(/\s+/).filter((word) => /^[^\p{L}\d]*\p{L}{2,}(?:-\p{L}+)*[^\p{L}\d]*$/u.test(word)).length >= 2;

/**
 * Whether a row reads as a signature line or a note: it either has fewer filled cells than data
 * has and says what a signature or a note says, or its every filled cell reads so («Директор МБОУ
 * СОШ № 10» | «____» | «Иванова И.И.»), however many there are; never a row with a value in a key
 * column (a code, not a position or a name).
 */
function signatureLine(cells: string[], keyColumns: number[], dataCells: number): boolean {
  const filled = cells.filter((cell) => cell !== '');
  const keyed = keyColumns.some((i) => (cells[i] ?? '') !== '' && !signs(cells[i]));
  const note = filled.length < dataCells && SIGNATURE.test(filled.join(' '));
  return filled.length > 0 && !keyed && (note || filled.every(signs));
}

/**
 * The signature lines and notes under the table, among its last rows (see signatureLine): only
 * rows under the last row that is data: an unfinished last row stays data, and its empty cells are errors.
 * Remarks typed under the table past a blank row («* данные уточняются», «Справочно: …», «Дата
 * составления отчёта: …») are notes too: one cell of text — in a key column words, not a code —
 * with no other row under them but blank ones, signatures and remarks. A row of one value right
 * under the data, with no blank row between, is an unfinished row.
 */
export function footerRows(tail: { row: number; cells: string[] }[], keyColumns: number[], dataCells: number): number[] {
  const rows = tail.map(({ cells }) => {
    const filled = cells.map((cell, i) => ({ cell, i })).filter(({ cell }) => cell !== '');
    const [only] = filled;
    const remark = filled.length === 1 && /\p{L}/u.test(only.cell) && (!keyColumns.includes(only.i) || words(only.cell));
    return { filled: filled.length, footer: signatureLine(cells, keyColumns, dataCells), remark };
  });
  const lastData = tail.findLastIndex((_, i) => rows[i].filled >= dataCells && !rows[i].footer);
  const lastOther = tail.findLastIndex((_, i) => rows[i].filled > 0 && !rows[i].footer && !rows[i].remark);
  const blank = tail.findIndex((_, i) => i > lastOther && rows[i].filled === 0);
  return tail.filter((_, i) => (i > lastData && rows[i].footer) || (blank >= 0 && i > blank && rows[i].remark)).map((r) => r.row);
}
