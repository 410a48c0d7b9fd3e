/**
 * The checks of a file's rows, run in DuckDB over its records (FILE_TABLE).
 *
 * Each column's distinct texts are checked once and joined back to the rows: a column of four
 * million dates holds a few thousand distinct texts. They are parsed by the field's parser
 * (values.ts), except free text and identifiers without a reference, which SQL checks the same way.
 * Every problem becomes a row of ERRORS_TABLE (file row, column header, cell, message); the
 * typed values of the rows go to VALUES_TABLE, one v_<field> column per field of the dataset.
 *
 * The SQL is put together from field keys, column numbers and checks of this code base, never
 * from the file; every text from the file or the user is a bound parameter or table data.
 */
import type { ColumnMapping, DatasetSpec, FieldSpec, FieldType, RefTable } from '../../web/src/lib/shared/datasets.js';
import { isSnilsHeader } from '../../web/src/lib/shared/datasets.js';
import { exampleMarks } from '../export/template-xlsx.js';
import type { ColumnType, Session } from '../db/database.js';
import { cellColumn, FILE_TABLE } from './file-table.js';
import { rowList, SKIPPED_TABLE } from './non-data-rows.js';
import { FileError } from './file-error.js';
import { cyrillicLookalikes, lookalikeLettersSql, lookalikeSql, looseSql, otherAlphabetSql, suggestionText, withoutLeadingZerosSql, type References } from './references.js';
import { OWNERSHIP_CHECKS, RESTRICTED_ROW_CHECKS, ROW_CHECKS, type RowCheck } from './targets.js';
import type { Pseudonyms } from '../persons/pseudonyms.js';
import { localDay } from '../local-day.js';
import { COUNT_WORDS, maskedId, MESSAGES, parseCell, PATTERNS, readingOf, type Value } from './values.js';

/** One problem of one cell, as the user gets it: row number as in the file, column header. */
export type RowError = {
  row: number;
  column: string;
  value: string;
  message: string;
};

export const ERRORS_TABLE = 'ingest_errors';
export const VALUES_TABLE = 'ingest_values';
/** File rows with an error, as of the last snapshot(): later checks and staging skip them. */
export const REJECTED_TABLE = 'ingest_rejected';
/** Stored teacher ids of the file and how errors show them (masked cells). */
const PEOPLE_TABLE = 'ingest_people';
/** The file's teachers' ids written otherwise than plainly: the hash of the plain spelling and of the written one. */
const SPELLINGS_TABLE = 'ingest_spellings';
const VALID = `__row NOT IN (SELECT row FROM ${REJECTED_TABLE})`;

/**
 * The template's example row copied into the data (a made-up event, or a stored questionnaire
 * overwritten): a row holding every value of the example that no real row has (exampleMarks,
 * constants of the template — inlined as SQL literals).
 */
function exampleRowCheck(spec: DatasetSpec): RowCheck[] {
  const marks = Object.entries(exampleMarks(spec));
  if (marks.length === 0) return [];
  return [{
    field: marks[0][0], failing: marks.map(([key, text]) => `v_${key} = '${text.replace(/'/g, "''")}'`).join(' AND '),
    message: 'Это строка-пример из шаблона (с листа «Пример»), а не данные: удалите её и загрузите файл снова',
  }];
}

/** A word marking a row as cancelled, deleted or moved (RE2; the word is group 2). */
const CANCELLED = String.raw`(?i)(^|[^\p{L}])(${PATTERNS.cancelled}|${PATTERNS.postponed})([^\p{L}]|$)`;

/** A cross alone in a cell: Cyrillic and Latin «х», the multiplication sign. */
const CROSS = /^[хХxX×✗✘]$/;

/** How many distinct texts of a column are parsed at a time (see mapColumn). */
const MAP_BATCH = 50_000;
/** How many distinct unknown codes of a column get suggestions of codes that may be meant. */
const SUGGESTED_TEXTS = 200;

/**
 * A source id's plain spelling (upper case, look-alike Cyrillic letters as Latin, an id of digits
 * without leading zeros) as an identity, in SQL, where the id (an identity «source:…», not an
 * e-mail) is written otherwise; else NULL. Hyphens stay: ids like «T-0015» are usual, and every
 * id written otherwise than plainly is kept in person_spellings (see refuseStoredSpellings).
 */
function plainIdentitySql(identity: string): string {
  const plain = withoutLeadingZerosSql(lookalikeSql(`substr(${identity}, 8)`));
  return `CASE WHEN starts_with(${identity}, 'source:') AND NOT contains(${identity}, '@') AND ${plain} <> substr(${identity}, 8)
          THEN 'source:' || ${plain} END`;
}

/** Where an error sorts within its row: broken quotes, cells by column, then checks across cells. */
export const ERROR_ORDER = { quotes: -1, check: 100_000, district: 200_000, differing: 300_000, repeated: 400_000, approved: 500_000 } as const;

/** Names of what a reference column names, for the note about respelled codes. */
const REF_WHAT: Record<RefTable, string> = {
  districts: 'районов', directions: 'направлений', organizations: 'организаций', sites: 'площадок', events: 'мероприятий', resources: 'ресурсов',
};

const REF_MISSING: Record<RefTable, string> = {
  districts: 'Нет такого района в справочнике районов',
  directions: 'Нет такого направления в справочнике направлений',
  organizations: 'Нет такой организации: загрузите её в наборе «Образовательные организации»',
  sites: 'Нет такой площадки: загрузите её в наборе «Стажировочные площадки»',
  events: 'Нет такого мероприятия: загрузите его в наборе «Мероприятия»',
  resources: 'Нет такого ресурса: загрузите его в наборе «Методические ресурсы»',
};

/** «на каждую организацию»: a row of its own for each record a cell names. */
const REF_EACH: Record<RefTable, string> = {
  districts: 'на каждый район', directions: 'на каждое направление', organizations: 'на каждую организацию', sites: 'на каждую площадку', events: 'на каждое мероприятие', resources: 'на каждый ресурс',
};

const SQL_TYPE: Record<FieldType, string> = {
  text: 'VARCHAR', code: 'VARCHAR', person: 'VARCHAR', inn: 'VARCHAR', kpp: 'VARCHAR', ogrn: 'VARCHAR', email: 'VARCHAR', url: 'VARCHAR', enum: 'VARCHAR', integer: 'INTEGER', school_year: 'INTEGER', date: 'DATE', boolean: 'BOOLEAN',
  half_years: 'VARCHAR[]',
};
/** How a parsed value travels to its column map (a list of half-years as one comma-joined text). */
const MAP_TYPE: Record<FieldType, ColumnType> = {
  text: 'varchar', code: 'varchar', person: 'varchar', inn: 'varchar', kpp: 'varchar', ogrn: 'varchar', email: 'varchar', url: 'varchar', enum: 'varchar', integer: 'integer', school_year: 'integer', date: 'date', boolean: 'boolean',
  half_years: 'varchar',
};

/**
 * What JavaScript's String.prototype.trim removes, as an RE2 class: the SQL checks trim by it.
 * (RE2, not trim(text, characters): DuckDB's trim with a set of non-ASCII characters is slow.)
 */
const WHITESPACE = String.raw`\s\x{001a}\x{000b}\x{00a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}`;
const trimmed = (text: string) => `regexp_replace(${text}, '^[${WHITESPACE}]+|[${WHITESPACE}]+$', '', 'g')`;

/** A file laid out: its dataset, the header row and what each column holds. */
export interface FileLayout {
  spec: DatasetSpec;
  mapping: ColumnMapping;
  headers: string[];
  headerRow: number;
  width: number;
}

interface Column {
  index: number;
  field: FieldSpec;
  header: string;
  /** Its distinct texts are checked by SQL expressions rather than by the parser. */
  inSql: boolean;
}

/**
 * What to do about values the header does not name: shifted cells (a CSV's delimiter inside
 * unquoted text) or a column without a header.
 */
export const shiftedCellsAdvice = (delimiter: string | undefined) =>
  `проверьте, не сдвинуты ли значения${delimiter ? ` — текст с «${delimiter}» возьмите в кавычки` : ''}, у столбца без заголовка добавьте заголовок`;

/** Creates ERRORS_TABLE; the readers may add broken-quote errors before the checks run. */
export async function createErrorsTable(session: Session): Promise<void> {
  await session.run(`CREATE TEMP TABLE ${ERRORS_TABLE} (row INTEGER, seq INTEGER, header VARCHAR, value VARCHAR, message VARCHAR)`);
}

/** A file row that cannot be read as it stands (broken quotes, a number over merged cells). */
export interface FileRowError {
  row: number;
  header: string;
  value: string;
  message: string;
}

/** Records file rows that cannot be read: they are counted, reported and skipped. */
export async function addFileErrors(session: Session, errors: FileRowError[]): Promise<void> {
  await session.append(ERRORS_TABLE, ERROR_COLUMNS, errors.map((e) => ({ ...e, seq: ERROR_ORDER.quotes })));
}

const ERROR_COLUMNS = [
  { name: 'row', type: 'integer' }, { name: 'seq', type: 'integer' }, { name: 'header', type: 'varchar' },
  { name: 'value', type: 'varchar' }, { name: 'message', type: 'varchar' },
] as const;

/** Remembers the rows found wrong so far (REJECTED_TABLE). */
export async function snapshotRejected(session: Session): Promise<void> {
  await session.run(`CREATE OR REPLACE TEMP TABLE ${REJECTED_TABLE} AS SELECT DISTINCT row FROM ${ERRORS_TABLE}`);
}

export class FileCheck {
  private readonly columns: Column[];
  /** Field type by column number: looked up for every cell the JavaScript readers append. */
  private readonly cellTypes: Map<number, FieldType>;

  /** What the user should know about how the file was read (codes respelled …). */
  readonly notes: string[] = [];

  /** Some count of the file is written with three decimals past four digits or more («1 025,000»): 1С's numbers, not thousands. */
  private threeDecimalsShown = false;

  constructor(
    private readonly tx: Session,
    private readonly layout: FileLayout,
    private readonly references: References,
    private readonly pseudonyms: Pseudonyms,
    /** The uploader's districts (null: every district). */
    private readonly allowed: readonly string[] | null,
    /** A CSV's delimiter (none for a workbook). */
    private readonly delimiter?: string,
  ) {
    const { spec, mapping, headers } = layout;
    this.columns = Object.entries(mapping).map(([index, key]) => {
      const header = headers[Number(index)] || '';
      const spelled = spec.fields.find((f) => f.key === key)!;
      // A column headed СНИЛС takes only СНИЛС, whatever the field also accepts elsewhere.
      const field = spelled.type === 'person' && isSnilsHeader(header) ? { ...spelled, snilsOnly: true } : spelled;
      const inSql = (field.type === 'text' || field.type === 'code') && !field.ref;
      return { index: Number(index), field, header: header || field.header, inSql };
    });
    this.cellTypes = new Map(this.columns.map((c) => [c.index, c.field.type]));
  }

  /** The file's header of a field's column (its template header if the file has none). */
  headerOf(key: string): string {
    return this.columns.find((c) => c.field.key === key)?.header ?? this.layout.spec.fields.find((f) => f.key === key)?.header ?? key;
  }

  /** The header of a file column, as errors name it. */
  headerAt(index: number): string {
    return this.columns.find((c) => c.index === index)?.header ?? this.layout.headers[index] ?? `столбец ${index + 1}`;
  }

  /** The field a file column was mapped to, as this file reads it (a СНИЛС column takes only СНИЛС). */
  fieldOf(key: string): FieldSpec | undefined {
    return this.columns.find((c) => c.field.key === key)?.field;
  }

  /** The type a cell's text is read as: XLSX readers turn typed cells into text by it. */
  typeOfCell(index: number): FieldType | undefined {
    return this.cellTypes.get(index);
  }

  /** Checks every cell of the data rows (after the header, not blank, not broken) and fills VALUES_TABLE. */
  async checkCells(): Promise<void> {
    // At millions of rows every join and every column carried along costs a noticeable part of
    // the check: a column none of whose texts is wrong gets no error column, and one whose
    // every text stands for itself (identifiers, mostly) needs no lookup at all.
    const faulty = new Set<number>();
    const verbatim = new Set<number>();
    this.threeDecimalsShown = await this.numberWithThreeDecimals();
    for (const column of this.columns) {
      await (column.inSql ? this.mapColumnInSql(column) : this.mapColumn(column));
      const map = await this.tx.one<{ wrong: number; same: boolean | null }>(
        `SELECT count(error) AS wrong, bool_and(value::VARCHAR IS NOT DISTINCT FROM nullif(raw, '')) AS same FROM ingest_map_${column.index}`,
      );
      if (map!.wrong > 0) faulty.add(column.index);
      else if (map!.same !== false && MAP_TYPE[column.field.type] === 'varchar' && column.field.type !== 'half_years') verbatim.add(column.index);
    }
    const { width, headerRow } = this.layout;
    const values: string[] = [];
    const joins: string[] = [];
    for (const field of this.layout.spec.fields) {
      const column = this.columns.find((c) => c.field.key === field.key);
      if (!column) {
        values.push(`NULL::${SQL_TYPE[field.type]} AS v_${field.key}`);
        continue;
      }
      const cell = `f.${cellColumn(column.index)}`;
      if (verbatim.has(column.index)) {
        values.push(`nullif(${cell}, '') AS v_${field.key}`);
        continue;
      }
      const map = `m${column.index}`;
      joins.push(`LEFT JOIN ingest_map_${column.index} ${map} ON coalesce(${cell}, '') = ${map}.raw`);
      values.push(field.type === 'half_years' ? `string_split(${map}.value, ',') AS v_${field.key}` : `${map}.value AS v_${field.key}`);
      // Only a column with a wrong text has its errors carried along (e_…), read back just below.
      if (faulty.has(column.index)) values.push(`${map}.error AS e_${field.key}`);
    }
    // A row is blank when no cell has a character other than whitespace; the first cell's first
    // character settles it for almost every row, so the whole row is searched only when needed.
    const filled = `(regexp_matches(f.${cellColumn(0)}, '^[^${WHITESPACE}]')
      OR regexp_matches(concat(${Array.from({ length: width }, (_, i) => `f.${cellColumn(i)}`).join(', ')}), '[^${WHITESPACE}]'))`;
    await this.tx.run(
      `CREATE TEMP TABLE ${VALUES_TABLE} AS
       SELECT (f.rowid + 1)::INTEGER AS __row, ${values.join(', ')}
       FROM ${FILE_TABLE} f ${joins.join(' ')}
       WHERE f.rowid + 1 > $header_row AND ${filled}
         AND f.rowid + 1 NOT IN (SELECT row FROM ${ERRORS_TABLE} WHERE seq = $quotes)
         AND f.rowid + 1 NOT IN (SELECT row FROM ${SKIPPED_TABLE})`,
      { header_row: headerRow, quotes: ERROR_ORDER.quotes },
    );
    for (const column of this.columns.filter((c) => faulty.has(c.index))) {
      const cell = `left(coalesce(f.${cellColumn(column.index)}, ''), 200)`;
      await this.tx.run(
        `INSERT INTO ${ERRORS_TABLE}
         SELECT v.__row, $seq, $header, ${column.field.type === 'person' ? masked(cell) : cell}, v.e_${column.field.key}
         FROM ${VALUES_TABLE} v JOIN ${FILE_TABLE} f ON f.rowid + 1 = v.__row
         WHERE v.e_${column.field.key} IS NOT NULL`,
        { seq: column.index, header: column.header },
      );
    }
    // Errors about a teacher's row name the teacher by the masked cell, never by the stored hash.
    await this.tx.run(`CREATE OR REPLACE TEMP TABLE ${PEOPLE_TABLE} (value VARCHAR, shown VARCHAR)`);
    for (const column of this.columns.filter((c) => c.field.type === 'person')) {
      await this.tx.run(
        `INSERT INTO ${PEOPLE_TABLE} SELECT value, min(${masked('raw')}) FROM ingest_map_${column.index} WHERE value IS NOT NULL GROUP BY value`,
      );
    }
    await this.tx.run(`CREATE OR REPLACE TEMP TABLE ${SPELLINGS_TABLE} (canonical VARCHAR, teacher_id VARCHAR)`);
    for (const column of this.columns.filter((c) => c.field.type === 'person')) {
      await this.tx.run(`INSERT INTO ${SPELLINGS_TABLE} SELECT DISTINCT canonical, value FROM ingest_map_${column.index} WHERE canonical IS NOT NULL AND value IS NOT NULL`);
    }
    await this.noteCancelledRows();
    await this.explainRemovalGaps();
    // The file's text is no longer needed: its memory is better spent on the merge.
    await this.tx.run(`DROP TABLE ${FILE_TABLE}`);
    for (const column of this.columns) await this.tx.run(`DROP TABLE ingest_map_${column.index}`);
  }

  /**
   * Rows marked as cancelled, deleted or moved in any cell — a remark column not loaded, a title
   * «ОТМЕНЕНО …» — are loaded as any row: the result names them and says how to delete a record.
   * Only where a record can be deleted by its row (the «Удалить» column), and only texts are
   * searched: a code, a date, a number or a choice holding such a word is refused by its parser
   * anyway (and four million participations' codes were searched for a second and a half).
   */
  private async noteCancelledRows(): Promise<void> {
    if (!this.layout.spec.fields.some((f) => f.key === 'remove')) return;
    const loaded = new Map(this.columns.map((c) => [c.index, c.field]));
    const cells = Array.from({ length: this.layout.width }, (_, i) => i)
      // A comment's words are the writer's own: «перенесли на час» in a questionnaire marks nothing.
      .filter((i) => !loaded.has(i) || (loaded.get(i)!.type === 'text' && !loaded.get(i)!.multiline)).map((i) => `f.${cellColumn(i)}`);
    if (cells.length === 0) return;
    const rows = await this.tx.all<{ row: number; word: string; count: number }>(
      `SELECT v.__row AS row, lower(regexp_extract(concat_ws(' ', ${cells.join(', ')}), $pattern, 2)) AS word, count(*) OVER () AS count
       FROM ${VALUES_TABLE} v JOIN ${FILE_TABLE} f ON f.rowid + 1 = v.__row
       WHERE regexp_matches(concat_ws(' ', ${cells.join(', ')}), $pattern) AND v.__row NOT IN (SELECT row FROM ${ERRORS_TABLE})
       ORDER BY row LIMIT 10`,
      { pattern: CANCELLED },
    );
    if (rows.length === 0) return;
    const words = [...new Set(rows.map((r) => `«${r.word}»`))].join(', ');
    const more = rows[0].count > rows.length ? ` и ещё ${rows[0].count - rows.length}` : '';
    const one = rows.length === 1;
    this.notes.push(`${one ? 'В строке' : 'В строках'} ${rowList(rows.map((r) => r.row))}${more} есть ${one ? 'пометка' : 'пометки'} ${words}: `
      + `${one ? 'эта строка загружена как обычная' : 'эти строки загружены как обычные'}. `
      + (one ? 'Если запись не нужна, удалите её строку из файла, а если она уже в базе — отметьте в её строке'
        : 'Если записи не нужны, удалите их строки из файла, а если они уже в базе — отметьте в их строках')
      + ' «да» в столбце «Удалить» и загрузите файл снова.');
  }

  /** Errors at `seq` whose value is a stored teacher id show the teacher's masked cell instead. */
  async showPeople(seq: number): Promise<void> {
    await this.tx.run(`UPDATE ${ERRORS_TABLE} e SET value = p.shown FROM ${PEOPLE_TABLE} p WHERE e.seq = $seq AND e.value = p.value`, { seq });
  }

  /** How many data rows the file has (broken ones included). */
  async dataRows(): Promise<number> {
    const row = await this.tx.one<{ n: number }>(
      `SELECT (SELECT count(*) FROM ${VALUES_TABLE}) + (SELECT count(DISTINCT row) FROM ${ERRORS_TABLE} WHERE seq = $quotes AND row > $header_row) AS n`,
      { quotes: ERROR_ORDER.quotes, header_row: this.layout.headerRow },
    );
    return row!.n;
  }

  /** Checks across the cells of rows valid so far (as of the last snapshot of rejected rows). */
  /**
   * A row deleting a record with a required cell left empty: «не заполнено» alone sends her to
   * fill in what she thinks a deletion needs not. It is found by the whole row, as stored.
   */
  private async explainRemovalGaps(): Promise<void> {
    if (!this.layout.spec.fields.some((f) => f.key === 'remove')) return;
    await this.tx.run(
      `UPDATE ${ERRORS_TABLE} SET message = message || $why WHERE message = $required AND row IN (SELECT __row FROM ${VALUES_TABLE} WHERE v_remove)`,
      { why: ': строка с «да» в «Удалить» тоже заполняет все обязательные столбцы — запись находится по ним, как она записана в базе', required: MESSAGES.required },
    );
  }

  async checkRows(): Promise<void> {
    const { code } = this.layout.spec;
    // The template's example first, and alone: a row told to be deleted is not also told what else is wrong with it.
    const example = exampleRowCheck(this.layout.spec);
    if (example.length > 0) {
      await this.runChecks(example, ERROR_ORDER.check);
      await snapshotRejected(this.tx);
    }
    await this.runChecks([...ROW_CHECKS[code] ?? [], ...(this.allowed === null ? [] : RESTRICTED_ROW_CHECKS[code] ?? [])], ERROR_ORDER.check + example.length);
  }

  /**
   * What an uploader limited to some districts may not do, among rows valid so far: change a row
   * of another district — judged by the row as sent and by the stored record it would change —,
   * or move a record to another district or host. Returns how many rows break these rules.
   */
  async checkOwnership(): Promise<number> {
    const checks = OWNERSHIP_CHECKS[this.layout.spec.code];
    if (this.allowed === null || !checks) return 0;
    await snapshotRejected(this.tx);
    await this.tx.run('CREATE OR REPLACE TEMP TABLE ingest_allowed (code VARCHAR)');
    await this.tx.append('ingest_allowed', [{ name: 'code', type: 'varchar' }], this.allowed.map((code) => ({ code })));
    const allowedNames = this.allowed.map((code) => this.references.districtName(code)).join(', ');
    await this.runChecks(checks.map((c) => ({ ...c, message: c.message.replace('{allowed}', allowedNames) })), ERROR_ORDER.district);
    const row = await this.tx.one<{ n: number }>(
      `SELECT count(DISTINCT row) AS n FROM ${ERRORS_TABLE} WHERE seq >= $from AND seq < $to`,
      { from: ERROR_ORDER.district, to: ERROR_ORDER.differing },
    );
    return row!.n;
  }

  /** Runs checks of the rows valid so far (not in REJECTED_TABLE), each error at `seq` + the check's place. */
  private async runChecks(checks: RowCheck[], seq: number): Promise<void> {
    const valid = `__row NOT IN (SELECT row FROM ${REJECTED_TABLE})`;
    for (const [i, check] of checks.entries()) {
      // A date as the file writes it, not in ISO; yes and no in Russian.
      const type = this.layout.spec.fields.find((f) => f.key === check.field)?.type;
      const v = `v_${check.field}`;
      const value = type === 'date' ? `coalesce(strftime(${v}, '%d.%m.%Y'), '')`
        : type === 'boolean' ? `CASE WHEN ${v} THEN 'да' WHEN NOT ${v} THEN 'нет' ELSE '' END` : `left(coalesce(${v}::VARCHAR, ''), 200)`;
      await this.tx.run(
        `INSERT INTO ${ERRORS_TABLE}
         SELECT __row, $seq, $header, ${value}, replace($message, '{}', coalesce((${check.detail ?? 'NULL'})::VARCHAR, ''))
         FROM ${VALUES_TABLE} ${check.join ?? ''} WHERE ${valid} AND (${check.failing})`,
        { seq: seq + i, header: this.headerOf(check.field), message: check.message, ...(`${check.join} ${check.failing} ${check.detail}`.includes('$today') ? { today: localDay() } : {}) },
      );
    }
  }

  /**
   * A value in a column without a header (none the uploader mapped) is shifted text — a
   * delimiter inside unquoted text — or a column she forgot to name: never dropped unseen. One
   * error a row, at its first such column, for rows not otherwise broken; empty cells there
   * (Excel's padding of every row to the widest) are nothing.
   */
  async reportValuesWithoutHeader(): Promise<void> {
    const { headers, mapping, width, headerRow } = this.layout;
    const blank = Array.from({ length: width }, (_, i) => i).filter((i) => !(headers[i] ?? '').trim() && mapping[i] === undefined);
    const unnamed: number[] = [];
    for (const i of blank) {
      const numbering = await this.rowNumbering(i);
      if (numbering === null) unnamed.push(i);
      else this.notes.push(`Столбец ${i + 1} без заголовка с номерами строк (${numbering}, ${numbering + 1}, ${numbering + 2} …) не загружен: это нумерация строк, которую добавляет программа выгрузки (pandas, 1С).`);
    }
    if (unnamed.length === 0) return;
    const valued = (cell: string) => `regexp_matches(${cell}, '[^${WHITESPACE}]')`;
    const first = `CASE ${unnamed.map((i) => `WHEN ${valued(cellColumn(i))} THEN {'column': ${i + 1}, 'value': ${cellColumn(i)}}`).join(' ')} END`;
    await this.tx.run(
      `INSERT INTO ${ERRORS_TABLE}
       SELECT row, $seq, 'столбец ' || hit.column, left(${trimmed('hit.value')}, 200), 'Значение в столбце ' || hit.column || ' без заголовка: ' || $advice
       FROM (
         SELECT (rowid + 1)::INTEGER AS row, ${first} AS hit FROM ${FILE_TABLE}
         WHERE rowid + 1 > $header_row AND ${valued(`concat(${unnamed.map(cellColumn).join(', ')})`)}
       )
       WHERE row NOT IN (SELECT row FROM ${SKIPPED_TABLE}) AND row NOT IN (SELECT row FROM ${ERRORS_TABLE} WHERE seq = $seq)`,
      { seq: ERROR_ORDER.quotes, header_row: headerRow, advice: shiftedCellsAdvice(this.delimiter) },
    );
  }

  /** Whether a count column of the file holds a number that only 1С's three decimals write («1025,000», «1 025,000»). */
  private async numberWithThreeDecimals(): Promise<boolean> {
    const counts = this.columns.filter((c) => c.field.type === 'integer').map((c) => cellColumn(c.index));
    if (counts.length === 0) return false;
    const bare = (cell: string) => `regexp_replace(coalesce(${cell}, ''), '[\\s\\x{00a0}\\x{2007}\\x{2009}\\x{200a}\\x{202f}]', '', 'g')`;
    const found = await this.tx.one<{ shown: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${FILE_TABLE} WHERE rowid + 1 > $header_row AND (${counts.map((c) => `regexp_full_match(${bare(c)}, '[0-9]{4,},000')`).join(' OR ')})) AS shown`,
      { header_row: this.layout.headerRow },
    );
    return found?.shown === true;
  }

  /**
   * The first number of a column that numbers the table's rows 0, 1, 2 … or 1, 2, 3 … in order
   * (pandas' index written without a header; a report's «№» left unheaded), else null: such a
   * column, blank-headed, is no value of the dataset shifted into it.
   */
  private async rowNumbering(index: number): Promise<number | null> {
    const found = await this.tx.one<{ n: number; from0: boolean; from1: boolean }>(
      `SELECT count(*)::INTEGER AS n, bool_and(v = (k - 1)::VARCHAR) AS from0, bool_and(v = k::VARCHAR) AS from1
       FROM (SELECT trim(${cellColumn(index)}) AS v, row_number() OVER (ORDER BY rowid) AS k FROM ${FILE_TABLE}
             WHERE rowid + 1 > $header_row AND rowid + 1 NOT IN (SELECT row FROM ${SKIPPED_TABLE}) AND coalesce(trim(${cellColumn(index)}), '') <> '')`,
      { header_row: this.layout.headerRow },
    );
    if (!found || found.n < 2) return null;
    return found.from0 ? 0 : found.from1 ? 1 : null;
  }

  /**
   * A person column whose values are 1, 2, 3 … in row order holds row numbers, not people:
   * storing them would make the file's rows teachers of other files.
   */
  async refuseRowNumbersAsPeople(): Promise<void> {
    for (const column of this.columns.filter((c) => c.field.type === 'person')) {
      const cell = `trim(${cellColumn(column.index)})`;
      const rows = `FROM ${FILE_TABLE} WHERE rowid + 1 > $header_row AND coalesce(${cell}, '') <> ''`;
      const first = await this.tx.all<{ v: string }>(`SELECT ${cell} AS v ${rows} ORDER BY rowid LIMIT 3`, { header_row: this.layout.headerRow });
      if (first.length < 3 || first.some((r, i) => r.v !== String(i + 1))) continue;
      const counted = await this.tx.one<{ n: number; ordinal: number }>(
        `SELECT count(*) AS n, count(*) FILTER (WHERE same) AS ordinal
         FROM (SELECT ${cell} = (row_number() OVER (ORDER BY rowid))::VARCHAR AS same ${rows})`,
        { header_row: this.layout.headerRow },
      );
      if (counted!.n === counted!.ordinal) {
        throw new FileError(`В столбце «${column.header}» номера строк по порядку (1, 2, 3 …), а не идентификаторы педагогов: нужен столбец «СНИЛС» или «${column.field.header}» с ID из системы учёта. Ничего не записано.`);
      }
    }
  }

  /** The distinct texts of a column (a missing cell as ''). */
  private distinctTexts(index: number): string {
    return `SELECT DISTINCT coalesce(${cellColumn(index)}, '') AS raw FROM ${FILE_TABLE}
      WHERE rowid + 1 > $header_row AND rowid + 1 NOT IN (SELECT row FROM ${SKIPPED_TABLE})`;
  }

  /**
   * Parses each distinct text of a column once, references resolved, into ingest_map_<index>:
   * MAP_BATCH texts at a time, so that a column of millions of distinct ids (a teacher each row)
   * neither fills the heap nor holds the event loop for long.
   */
  private async mapColumn({ index, field, header }: Column): Promise<void> {
    const table = `ingest_map_${index}`;
    const type = MAP_TYPE[field.type];
    // Each text goes to JavaScript and back by its number: the client drops a BOM (U+FEFF) in
    // front of a text it reads, and a text changed so would never join back to its rows.
    await this.tx.run(`CREATE TEMP TABLE ingest_texts_${index} AS SELECT (row_number() OVER ())::INTEGER AS k, raw FROM (${this.distinctTexts(index)})`, { header_row: this.layout.headerRow });
    await this.tx.run(`CREATE TEMP TABLE ingest_parsed_${index} (k INTEGER, value ${type === 'varchar' ? 'VARCHAR' : type.toUpperCase()}, error VARCHAR)`);
    const texts = (await this.tx.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ingest_texts_${index}`))!.n;
    // Only numbers' and dates' columns are read as a whole (their distinct texts are few).
    const reading = field.type === 'integer' || field.type === 'date'
      ? readingOf(field, (await this.tx.all<{ raw: string }>(`SELECT raw FROM ingest_texts_${index}`)).map((t) => t.raw), this.delimiter, this.threeDecimalsShown)
      : readingOf(field, []);
    const respelled = { shown: [] as string[], count: 0 };
    const crosses = new Set<string>();
    let suggested = 0;
    for (let from = 1; from <= texts; from += MAP_BATCH) {
      const batch = await this.tx.all<{ k: number; raw: string }>(`SELECT k, raw FROM ingest_texts_${index} WHERE k BETWEEN $from AND $to`, { from, to: from + MAP_BATCH - 1 });
      const rows = batch.map(({ k, raw }) => {
        const parsed = parseCell(field, raw, reading);
        if (!parsed.ok) return { k, value: null, error: parsed.message };
        let value: Value = parsed.value;
        if (field.type === 'boolean' && value === true && CROSS.test(raw.trim())) crosses.add(raw.trim());
        if (field.ref && typeof value === 'string') {
          // Suggestions for the first unknown codes only: a file of a hundred thousand made-up codes would take minutes.
          const found = this.references.resolve(field.ref, value, this.allowed, suggested < SUGGESTED_TEXTS);
          if (found.code === null) {
            suggested += 1;
            const codes = found.suggestions.map((s) => `«${s.code}»`).join(' или ');
            const error = found.named
              ? `Здесь нужен код, а написано название: укажите код ${codes}`
              : found.inn
                ? (found.suggestions.length === 1
                  ? `Здесь ИНН, а нужен код организации: укажите код ${codes}`
                  : `Здесь ИНН, а нужен код организации: у этого ИНН несколько организаций (филиалы) — укажите код нужной: ${found.suggestions.map((s) => `«${s.code}»${s.kpp ? ` (КПП ${s.kpp})` : ''}`).join(', ')}`)
                : found.several
                  ? `В ячейке ${COUNT_WORDS[found.several] ?? 'несколько'} ${found.several < 5 ? 'кода' : 'кодов'}, а нужен один: ${REF_EACH[field.ref]} — своя строка`
                  : REF_MISSING[field.ref] + suggestionText(found.suggestions, field.ref === 'districts' || field.ref === 'directions');
            return { k, value: null, error };
          }
          if (found.respelled) {
            respelled.count += 1;
            // A Cyrillic «Р» for a Latin «P» looks the same on both sides of the arrow: it is named.
            const russian = cyrillicLookalikes(String(value));
            const letters = russian.length === 0 ? '' : ` (${russian.length === 1 ? 'русская буква' : 'русские буквы'} ${russian.map((ch) => `«${ch}»`).join(', ')})`;
            if (respelled.shown.length < 5) respelled.shown.push(`«${value}»${letters} → «${found.code}»`);
          }
          value = found.code;
        }
        return { k, value: Array.isArray(value) ? value.join(',') : value, error: null };
      });
      await this.tx.append(`ingest_parsed_${index}`, [{ name: 'k', type: 'integer' }, { name: 'value', type }, { name: 'error', type: 'varchar' }], rows);
    }
    // A cross marks «yes» on a form filled in by hand; a statistical form's «х» says «not applicable».
    if (crosses.size > 0) {
      this.notes.push(`Столбец «${header}»: ${[...crosses].map((c) => `«${c}»`).join(', ')} прочитан${crosses.size > 1 ? 'ы' : ''} как «да» (отметка крестиком). `
        + 'Если так отмечено «не требуется» или «нет», напишите «нет» и загрузите файл снова.');
    }
    if (respelled.count > 0) {
      const shown = respelled.shown.join(', ') + (respelled.count > 5 ? ` и ещё ${respelled.count - 5}` : '');
      this.notes.push(`Столбец «${header}»: коды записаны иначе, чем в справочнике ${REF_WHAT[field.ref!]} (русские буквы, похожие на латинские, регистр, пробелы, дефисы, буква O вместо нуля или потерянные ведущие нули), и прочитаны как ${shown}.`);
    }
    if (field.type === 'person') {
      await this.refuseIdSpellings(index);
      // A teacher's cell became an identity (snils:… or source:…); what is kept is its keyed hash
      // (NULL stays NULL), and of a source id written otherwise than plainly, the hash of its
      // plain spelling too (canonical).
      const value = this.pseudonyms.sqlOf('p.value');
      await this.tx.run(
        `CREATE TEMP TABLE ${table} AS SELECT t.raw, ${value.sql} AS value, p.error, ${this.pseudonyms.sqlOf(plainIdentitySql('p.value')).sql} AS canonical
         FROM ingest_texts_${index} t JOIN ingest_parsed_${index} p USING (k)`,
        value.params,
      );
      await this.refuseStoredSpellings(table, index);
    } else {
      await this.tx.run(`CREATE TEMP TABLE ${table} AS SELECT t.raw, p.value, p.error FROM ingest_texts_${index} t JOIN ingest_parsed_${index} p USING (k)`);
    }
    await this.tx.run(`DROP TABLE ingest_texts_${index}; DROP TABLE ingest_parsed_${index}`);
  }

  /**
   * A teacher's source id written in a file otherwise than in an earlier upload — «t0015» or a
   * Cyrillic «Т0015» for a stored «T0015», or the other way round — would be a second teacher to
   * the hash: refused, as two spellings in one file are (refuseIdSpellings). Stored ids are
   * hashes; what an earlier upload wrote otherwise than plainly is in person_spellings, and a
   * plain spelling is found by its hash in the data.
   */
  private async refuseStoredSpellings(map: string, index: number): Promise<void> {
    const message = 'Этот ID в прежних загрузках записан иначе — в другом регистре, похожими русскими/латинскими буквами или с нулями в начале (Excel убирает их у чисел): это один педагог? Напишите ID так же, как раньше';
    // The id as the file writes it; a stored spelling is a hash, known only as a spelling tried:
    // the plain one, or the file's with each look-alike letter in the other alphabet.
    const written = 'w.written';
    const writtenIds = `(SELECT t.raw, substr(p.value, 8) AS written FROM ingest_texts_${index} t JOIN ingest_parsed_${index} p USING (k)) w`;
    // Look-alike letters look the same on the screen: the refusal names them where the stored spelling is known.
    const named = (stored: string) => `coalesce('Этот ID в прежних загрузках записан иначе (' || nullif(${lookalikeLettersSql(written, stored, 'в прежних загрузках')}, '')
      || '): это один педагог? Напишите ID так же, как раньше', $message)`;
    const swapped = this.pseudonyms.sqlOf(`'source:' || ${otherAlphabetSql(written)}`);
    await this.tx.run(
      `UPDATE ${map} m SET value = NULL, error = CASE WHEN ${swapped.sql} IN (SELECT teacher_id FROM person_spellings) THEN ${named(otherAlphabetSql(written))} ELSE $message END
       FROM ${writtenIds} WHERE w.raw = m.raw AND m.value IN (SELECT m2.value FROM ${map} m2 JOIN person_spellings s ON s.canonical = coalesce(m2.canonical, m2.value) AND s.teacher_id <> m2.value)`,
      { message, ...swapped.params },
    );
    // The plain spelling stored: looked for only where the file writes an id otherwise.
    if ((await this.tx.one<{ n: number }>(`SELECT count(canonical)::INTEGER AS n FROM ${map}`))!.n === 0) return;
    await this.tx.run(
      `UPDATE ${map} m SET value = NULL, error = ${named(lookalikeSql(written))}
       FROM ${writtenIds} WHERE w.raw = m.raw AND m.value IS NOT NULL AND m.canonical IN (
         SELECT teacher_id FROM (SELECT teacher_id FROM participations UNION ALL SELECT teacher_id FROM resource_authors UNION ALL SELECT teacher_id FROM resource_uses)
         WHERE teacher_id IN (SELECT canonical FROM ${map} WHERE canonical IS NOT NULL))`,
      { message },
    );
  }

  /**
   * The spellings of teachers' ids the file writes otherwise than plainly, of its valid rows (see
   * refuseStoredSpellings), kept with the upload: called before the merge.
   */
  async keepSpellings(uploadId: number): Promise<void> {
    const people = this.layout.spec.fields.filter((f) => f.type === 'person').map((f) => `SELECT v_${f.key} AS teacher_id FROM ${VALUES_TABLE} WHERE ${VALID}`);
    if (people.length === 0) return;
    await this.tx.run(
      `INSERT INTO person_spellings SELECT canonical, teacher_id, $upload_id FROM ${SPELLINGS_TABLE} WHERE teacher_id IN (${people.join(' UNION ')})`,
      { upload_id: uploadId },
    );
  }

  /**
   * Source ids of a teacher column that differ only in case or look-alike letters («T0015» and a
   * Cyrillic «Т0015», «ab12cd» and «AB12CD»), hyphens («PED0001», «PED-0001») or leading zeros
   * («00777» and the 777 Excel made of it) are two teachers to the hash and one to the eye:
   * every row of either is refused, naming the spellings and the first row of each — as a
   * record's code written two ways is. An e-mail is case-folded and a СНИЛС is digits already.
   * Found in SQL over the parsed ids (a column may hold millions).
   */
  private async refuseIdSpellings(index: number): Promise<void> {
    const cell = `coalesce(${cellColumn(index)}, '')`;
    const twins = await this.tx.all<{ plain: string; id: string; raw: string; row: number }>(
      `WITH ids AS (SELECT t.raw, substr(p.value, 8) AS id, ${looseSql('substr(p.value, 8)')} AS plain
                    FROM ingest_parsed_${index} p JOIN ingest_texts_${index} t USING (k)
                    WHERE starts_with(p.value, 'source:') AND NOT contains(p.value, '@')),
            twin AS (SELECT * FROM ids WHERE plain IN (SELECT plain FROM ids GROUP BY plain HAVING count(DISTINCT id) > 1)),
            first AS (SELECT ${cell} AS raw, (min(rowid) + 1)::INTEGER AS row FROM ${FILE_TABLE}
                      WHERE rowid + 1 > $header_row AND rowid + 1 NOT IN (SELECT row FROM ${SKIPPED_TABLE}) AND ${cell} IN (SELECT raw FROM twin)
                      GROUP BY ALL)
       SELECT twin.plain, twin.id, twin.raw, first.row FROM twin JOIN first USING (raw) ORDER BY twin.plain, first.row`,
      { header_row: this.layout.headerRow },
    );
    if (twins.length === 0) return;
    const refused: { raw: string; error: string }[] = [];
    const groups = new Map<string, typeof twins>();
    for (const twin of twins) {
      if (!groups.has(twin.plain)) groups.set(twin.plain, []);
      groups.get(twin.plain)!.push(twin);
    }
    for (const group of groups.values()) {
      // Each spelling by the first row holding it (the group ordered by row already).
      const rowOf = new Map<string, number>();
      for (const { id, row } of group) if (!rowOf.has(id)) rowOf.set(id, row);
      const named = [...rowOf].map(([id, row]) => `«${maskedId(id)}» (строка ${row})`);
      const error = `ID ${named.join(' и ')} отличаются только регистром, похожими русскими/латинскими буквами, дефисами или нулями в начале: это один педагог? Напишите ID одинаково`;
      refused.push(...group.map(({ raw }) => ({ raw, error })));
    }
    await this.tx.run('CREATE OR REPLACE TEMP TABLE ingest_twin_ids (raw VARCHAR, error VARCHAR)');
    await this.tx.append('ingest_twin_ids', [{ name: 'raw', type: 'varchar' }, { name: 'error', type: 'varchar' }], refused);
    await this.tx.run(
      `UPDATE ingest_parsed_${index} p SET value = NULL, error = r.error
       FROM ingest_texts_${index} t JOIN ingest_twin_ids r USING (raw) WHERE t.k = p.k`,
    );
    await this.tx.run('DROP TABLE ingest_twin_ids');
  }

  /** Checks each distinct text of a free-text or identifier column once, in SQL, into ingest_map_<index>. */
  private async mapColumnInSql({ index, field }: Column): Promise<void> {
    const { value, error } = sqlChecked('raw', field);
    await this.tx.run(
      `CREATE TEMP TABLE ingest_map_${index} AS SELECT raw, ${value} AS value, ${error} AS error FROM (${this.distinctTexts(index)})`,
      { header_row: this.layout.headerRow, ...SQL_MESSAGES },
    );
  }
}

/**
 * A teacher's cell as errors show it (they are stored with the upload): digits hidden but the
 * last two, enough to find the cell in the file, never a whole СНИЛС.
 */
const masked = (cell: string) => `concat(regexp_replace(left(${cell}, length(${cell}) - 2), '[0-9]', '*', 'g'), right(${cell}, 2))`;

/** Parameters the SQL checks of free text and identifiers use. */
const SQL_MESSAGES = {
  required: MESSAGES.required,
  too_long_text: MESSAGES.tooLong(MESSAGES.maxText),
  too_long_code: MESSAGES.tooLong(MESSAGES.maxCode),
  line_break: MESSAGES.codeLineBreak,
  formula_error: MESSAGES.formulaError('{}', true),
  formula_error_libreoffice: MESSAGES.formulaError('{}', false),
  not_filled: MESSAGES.notFilled('{}'),
  excel_date: MESSAGES.excelDateCode('{}'),
  excel_exponent: MESSAGES.excelExponent,
  excel_fraction: MESSAGES.excelFraction,
};

/** What values.ts strips as showing nothing, as an RE2 class. */
const INVISIBLE = String.raw`[\x{00ad}\x{200b}-\x{200d}\x{2060}\x{feff}]`;
/** Of those, what free text loses too (values.ts): joiners stay, they make emoji («👩‍🏫»). */
const INVISIBLE_IN_TEXT = String.raw`[\x{00ad}\x{200b}\x{2060}\x{feff}]`;

/** plainCode (values.ts) in SQL: Word's dashes as hyphens, no quotes round the code, no dot after it. */
function plainCodeSql(code: string): string {
  const hyphened = `regexp_replace(${code}, '[\\x{2010}-\\x{2015}\\x{2212}]', '-', 'g')`;
  const unquoted = `regexp_replace(${hyphened}, '^[\\x{0022}\\x{0027}\\x{00ab}\\x{201c}\\x{201e}\\x{2018}]+|[\\x{0022}\\x{0027}\\x{00bb}\\x{201d}\\x{201c}\\x{2019}]+$', '', 'g')`;
  const plain = trimmed(`regexp_replace(${unquoted}, '\\.+$', '')`);
  return `CASE WHEN ${plain} = '' THEN ${code} ELSE ${plain} END`;
}

/** The value and error of a text or identifier without a reference, as parseCell would give them. */
function sqlChecked(cell: string, field: FieldSpec): { value: string; error: string } {
  const code = field.type === 'code';
  // Read without the characters that show nothing, as the parsers read ids (values.ts): a code
  // with a soft hyphen pasted from Word in it would be another code, a title another title.
  // «="000471"» as a web system exports a cell for Excel: the value within the formula's quotes.
  const unformula = `CASE WHEN regexp_full_match(${cell}, '${PATTERNS.textFormula}') THEN replace(regexp_extract(${cell}, '${PATTERNS.textFormula}', 1), '""', '"') ELSE ${cell} END`;
  const visible = trimmed(`regexp_replace(${unformula}, '${code ? INVISIBLE : INVISIBLE_IN_TEXT}', '', 'g')`);
  const text = code ? plainCodeSql(visible) : field.multiline ? visible : `regexp_replace(${visible}, '${PATTERNS.lineBreaks}', ' ', 'g')`;
  const max = code ? MESSAGES.maxCode : MESSAGES.maxText;
  const matches = (pattern: string) => `regexp_full_match(${text}, '(?i)(?:${pattern})')`;
  return {
    value: `nullif(${text}, '')`,
    error: `CASE WHEN coalesce(${text}, '') = '' THEN ${field.required ? '$required' : 'NULL'}
          WHEN ${matches(PATTERNS.excelError)} THEN replace(CASE WHEN starts_with(${text}, '#') THEN $formula_error ELSE $formula_error_libreoffice END, '{}', ${text})
          ${field.required ? `WHEN ${matches(code ? `${PATTERNS.noValue}|${PATTERNS.zeroOrCross}` : PATTERNS.noText)} THEN replace($not_filled, '{}', ${text})` : ''}
          WHEN length(${text}) > ${max} THEN ${code ? '$too_long_code' : '$too_long_text'}
          ${code ? `WHEN regexp_matches(${text}, '[\\r\\n]') THEN $line_break
          WHEN regexp_full_match(${text}, '${PATTERNS.excelDate}') THEN replace($excel_date, '{}', ${text})
          WHEN ${matches(PATTERNS.excelExponent)} THEN $excel_exponent
          WHEN regexp_full_match(${text}, '${PATTERNS.excelFraction}') THEN $excel_fraction` : ''}
     END`,
  };
}
