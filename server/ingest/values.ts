import { domainToUnicode } from 'node:url';
import type { FieldSpec, FieldType } from '../../web/src/lib/shared/datasets.js';
import { LEGAL_FORM, normaliseHeader } from '../../web/src/lib/shared/datasets.js';
import { formatDate } from '../../web/src/lib/shared/format.js';
import { checkInn, checkKpp, checkOgrn, checkSnils, looksLikeSnils, snilsWithoutLeadingZeros, type Checked } from '../persons/identifiers.js';
import type { Identity } from '../persons/pseudonyms.js';
import { localDay } from '../local-day.js';

/** A cell as a reader gives it: CSV gives strings, XLSX also numbers, booleans and dates. */
export type Cell = string | number | boolean | Date | null | undefined;

/** A parsed value as stored: text, number, boolean, 'YYYY-MM-DD', a list of half-year codes. */
export type Value = string | number | boolean | string[] | null;

export type Parsed = { ok: true; value: Value } | { ok: false; message: string };

const asText = (what: string) => `сделайте столбец текстовым (Формат ячеек → Текстовый), введите ${what} заново и сохраните файл снова`;

/** Messages and limits the SQL checks of text share with the parsers. */
export const MESSAGES = {
  required: 'Обязательное поле не заполнено',
  tooLong: (max: number) => `Слишком длинное значение (больше ${max} символов)`,
  codeLineBreak: 'Код не может содержать перенос строки',
  /** An error value of a formula (#N/A, #DIV/0!): in a workbook's cell or saved into a CSV as text. */
  // «#Н/Д», «#DIV/0!» are Excel's (LibreOffice shows them too); «Err:502», «Ошибка:510» LibreOffice's own.
  formulaError: (error: string, excel = error.startsWith('#')) =>
    `Ошибка формулы в ${excel ? 'Excel' : 'LibreOffice'} (${error}): исправьте формулу или замените формулы значениями и сохраните файл снова`,
  notFilled: (text: string) => `Не заполнено: «${text}» — это отметка, что значения нет, а не значение; заполните ячейку или удалите строку`,
  unknownCode: (text: string) => `Код неизвестен («${text}»): укажите код, а если его нет — оставьте ячейку пустой`,
  excelDateCode: (code: string) => `Код «${code}» похож на дату, в которую Excel превратил набранный код («1.10» → «01.окт»): ${asText('коды')}`,
  excelExponent: `Номер испорчен Excel: записан в экспоненциальной форме и потерял цифры — ${asText('номера')}`,
  excelFraction: `Номер записан числом с дробной частью (нули после запятой или точки: «12,0», «1125.0»): программа выгрузки хранила его числом — ${asText('номера')}`,
  maxText: 2000,
  maxCode: 100,
};

const ok = (value: Value): Parsed => ({ ok: true, value });
/** An export's empty cell: a database's NULL, pandas' NaN and NaT, Python's None (in any required field, not filled in). */
const EXPORT_EMPTY_WORDS = 'null|nan|nat|none|undefined';
const EXPORT_EMPTY = new RegExp(`^(?:${EXPORT_EMPTY_WORDS})$`, 'i');
const NO_DATA = new RegExp(`^(?:[-–—]+|[хx]|н/д|нд|нет данных|не сдан|не сдано|не представлен|нет|${EXPORT_EMPTY_WORDS})$`, 'i');
/** Optional fields where those marks mean «no value»: an organization's ИНН, КПП, ОГРН too, as its e-mail and website. */
const NO_DATA_TYPES = new Set<FieldType>(['integer', 'date', 'enum', 'email', 'url', 'inn', 'kpp', 'ogrn']);

/** Marks of a value not given that codes and texts alike are refused for where one is required (see PATTERNS), an export's empty cells among them. */
const UNFILLED = String.raw`н/[да]|н\.д\.?|нд|n/a|б/н|не\s*указан[оаы]?|не\s*известн[оаы]?|отсутству(?:ет|ют)|${EXPORT_EMPTY_WORDS}`;

/**
 * Months as Excel abbreviates them in a date it made of a code: Russian Excel in lower case
 * («01.окт»), English Excel capitalised («1-Oct»). Matched in that case only: a code people type
 * with a month in capitals («ОКТ-02», «МАЙ-2026») is theirs, not Excel's.
 */
const EXCEL_MONTH = '(?:янв|фев|мар|апр|май|мая|июн|июл|авг|сен|сент|окт|ноя|дек|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';

/**
 * Patterns the parsers and the SQL checks (RE2, with `(?i)` in front) share: written so that
 * both read them alike, without quotes (they are put into SQL as they are).
 */
export const PATTERNS = {
  /**
   * Error values of Excel's formulas in Russian and English, as a CSV keeps them; LibreOffice's
   * own codes are «Err:502» («Ошибка:502» in Russian).
   */
  excelError: String.raw`#(?:Н/Д|N/A|ЗНАЧ!|VALUE!|ДЕЛ/0!|DIV/0!|ИМЯ\?|NAME\?|ССЫЛКА!|REF!|ЧИСЛО!|NUM!|ПУСТО!|NULL!|ПЕРЕНОС!|SPILL!|CALC!|ВЫЧИСЛ!|GETTING_DATA)|(?:Err|Ошибка):\d{3}`,
  /** What people write into a required code for «nothing here»: a code can be none of these. */
  noValue: String.raw`[-–—?]+|${UNFILLED}|нет\.?(?:\s+[а-яёa-z]+)?|не\s+сдан[оы]?|не\s+представлен[оаы]?`,
  /**
   * The same in a required text (a title, a name), as the whole cell: dashes, dots and question
   * marks alone, a zero, «н/д», «нет», «нет данных». Narrower than a code's: «Нет травле» is a title.
   */
  noText: String.raw`[-–—−?.…]+|0+|${UNFILLED}|нет(?:\s+данных)?\.?`,
  /**
   * A zero or a cross alone, as statistical forms fill a cell with nothing to report: no teacher's
   * id, and no code where one is required (a record «0» or «х» would be one no one made). In an
   * optional code it is no mark of none: it is looked up as a code.
   */
  zeroOrCross: String.raw`0+|[xXхХ×]`,
  /**
   * «="000471"»: how web systems export a cell for Excel to keep as text (leading zeros, a code
   * that would become a date) — Excel shows 000471. The formula's quotes are no part of the value.
   */
  textFormula: String.raw`\s*="((?:[^"]|"")*)"\s*`,
  /** A code Excel made a date of, as it shows one: «01.окт», «12.мар», «мар.12», «2-дек», «1-Oct» (case-sensitive). */
  excelDate: String.raw`\d{1,2}[./ -]${EXCEL_MONTH}\.?|${EXCEL_MONTH}(?:\.[/ -]?|[/ -])\d{2}(?:\d{2})?`,
  /** A number Excel shortened to its exponential form: «1E+05», «1,02690E+12». */
  excelExponent: String.raw`\d+(?:[.,]\d+)?e[+-]?\d+`,
  /** A whole number kept as a fraction by the program that wrote it: «1125.0» (pandas), «12,00». */
  excelFraction: String.raw`\d+[.,]0+`,
  /** A word marking a record as cancelled or deleted («отменено», «не состоялось»). */
  cancelled: String.raw`отмен[её]н[оаы]?|отмена|удал[её]н[оаы]?|не состоял[оаи]?с[ья]|не проводил[оаи]?с[ья]`,
  /**
   * Line breaks (Word's \v, Unicode's line and paragraph separators among them) with the spaces
   * round them: one space in a one-line text. The separators are put in as characters: RE2 and
   * JavaScript spell their escapes differently.
   */
  lineBreaks: String.raw`(?:[ \t]*[\r\n\v\f${'\u2028\u2029'}])+[ \t]*`,
  /** A word marking a record as moved to another day («перенесено на январь»). */
  postponed: String.raw`перенес[её]н[оаы]?`,
};
/** A text holding one of `words` (an alternation of PATTERNS) as a whole word. */
const wordOf = (words: string) => new RegExp(`(?:^|[^\\p{L}])(?:${words})(?:[^\\p{L}]|$)`, 'iu');
const CANCELLED = wordOf(PATTERNS.cancelled);
const POSTPONED = wordOf(PATTERNS.postponed);
const EXCEL_ERROR = new RegExp(`^(?:${PATTERNS.excelError})$`, 'i');
const NO_VALUE = new RegExp(`^(?:${PATTERNS.noValue})$`, 'i');
const NO_TEXT = new RegExp(`^(?:${PATTERNS.noText})$`, 'i');
/** Of those, the marks of a value not known (rather than of none). */
const UNKNOWN = /^(?:\?+|н\/д|н\.д\.?|нд|n\/a|не\s*указан[оаы]?|не\s*известн[оаы]?)$/i;
const ZERO_OR_CROSS = new RegExp(`^(?:${PATTERNS.zeroOrCross})$`);
/** Characters that show nothing: zero-width spaces and joiners, a word joiner, a BOM, a soft hyphen. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;

/**
 * Of those, what free text loses too: a soft hyphen pasted from Word («Прак\u00adтикум») would
 * stay in a stored title. Joiners stay: they make emoji («👩‍🏫») in a comment.
 */
const INVISIBLE_IN_TEXT = /[\u00ad\u200b\u2060\ufeff]/g;
const LINE_BREAKS = new RegExp(PATTERNS.lineBreaks, 'g');

/** A cell without the characters that show nothing: an id with a zero-width space in it is the same id. */
const withoutInvisible = (text: string) => text.replace(INVISIBLE, '');
const fail = (message: string): Parsed => ({ ok: false, message });

export function isEmpty(cell: Cell): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** The cell as the user sees it, for error messages. */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? String(cell) : excelDay(cell);
  // A logical cell as Russian Excel shows it: «true» is seen nowhere in the workbook.
  if (typeof cell === 'boolean') return cell ? 'ИСТИНА' : 'ЛОЖЬ';
  return String(cell);
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
/** Days between the 1900 and the 1904 date systems (a workbook made on an old Mac counts from 1904). */
const DAYS_1904 = 1462;

/**
 * A cell as the text the checks read. XLSX gives typed cells: a date cell becomes yyyy-mm-dd,
 * and a number in a date column is an Excel serial day; CSV cells are text already.
 */
export function cellAsText(cell: Cell, type: FieldType | undefined, date1904 = false): string | null {
  if (cell === null || cell === undefined) return null;
  // 0.1 * 3 * 100 computes to 30.000000000000004 and Excel shows 30: so does the import. A whole
  // number is exact as it is (an ОГРН's 13 digits, an id's 15): rounding it would change it.
  if (typeof cell === 'number' && Number.isFinite(cell) && !Number.isInteger(cell)) cell = Number(cell.toPrecision(12));
  // An Excel day number of the years the data may have (a bare year, 2022, stays a year).
  if (typeof cell === 'number' && type === 'date' && cell >= SERIAL_1990 - (date1904 ? DAYS_1904 : 0) && cell <= SERIAL_2100) {
    return isoDate(new Date(EXCEL_EPOCH + (Math.floor(cell) + (date1904 ? DAYS_1904 : 0)) * 86_400_000));
  }
  // A cell of a time alone (10:00: a day's fraction in a time format) is day 0 to the reader,
  // 30.12.1899 (1.1.1904 in a book counting from 1904): shown as the time it is.
  if (cell instanceof Date && type === 'date' && !Number.isNaN(cell.getTime()) && (isoDate(cell) < '1900-01-01' || (date1904 && isoDate(cell) === '1904-01-01'))) {
    return cell.toISOString().slice(11, cell.getUTCSeconds() === 0 ? 16 : 19);
  }
  return cellText(cell);
}

/**
 * What a column's values together say about how to read each of them: a cell alone cannot tell
 * «1.000» (a thousand, or 1С's three decimals) or «3/10/2022» (3 October, or March 10).
 */
export interface ColumnReading {
  /** Every number of the column has three zero decimals after a comma («25,000», «1 025,000»): 1С's export, not thousands. */
  threeDecimals?: boolean;
  /** The order of day and month in the column's slash dates, when some date proves it. */
  slashOrder?: 'dmy' | 'mdy' | 'unknown';
}

const GROUPED = /^\d{1,3}(?:[.,]\d{3})+$/;
const SLASH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:\s|$)/;

/**
 * How to read a column's cells, from its distinct texts (and the CSV's delimiter). «25,000» is
 * 1С's three decimals only where the file proves it: every number of the column so, and a number
 * of the file (`shown`: another count column's) or of the column with four digits or more before
 * the comma («1025,000», «1 025,000»), which no thousands separator writes. Without that, «1,000»
 * and «2,000» (English Excel, Google Sheets) are as unclear as one such cell; in a file whose
 * values a comma separates, a comma is never a decimal one.
 */
export function readingOf(field: FieldSpec, texts: readonly string[], delimiter?: string, shown = false): ColumnReading {
  const filled = texts.map((t) => plainSpaces(t).trim()).filter((t) => t !== '');
  if (field.type === 'integer') {
    const bare = filled.map((t) => t.replace(/\s/g, ''));
    return { threeDecimals: delimiter !== ',' && bare.length > 0 && bare.every((t) => /^\d+,000$/.test(t)) && (shown || bare.some((t) => /^\d{4,},000$/.test(t))) };
  }
  if (field.type === 'date') {
    const slashed = filled.map((t) => SLASH_DATE.exec(t)).filter((m): m is RegExpExecArray => m !== null);
    const mdy = slashed.some((m) => Number(m[2]) > 12 && Number(m[1]) <= 12);
    const dmy = slashed.some((m) => Number(m[1]) > 12 && Number(m[2]) <= 12);
    return { slashOrder: mdy && !dmy ? 'mdy' : dmy && !mdy ? 'dmy' : 'unknown' };
  }
  return {};
}

/**
 * A typed XLSX cell that Excel has changed from what was typed: a code or a name that became a
 * date («1.10» → 01.10.2025), a code stored as a fraction (2.10 → 2.1). Null when the cell is as typed.
 */
export function typedCellProblem(cell: Cell, type: FieldType | undefined): string | null {
  if (cell instanceof Date && type !== undefined && type !== 'date') {
    return `Excel превратил значение в дату (${formatDate(excelDay(cell))}): сделайте столбец текстовым и введите значение заново`;
  }
  if (typeof cell === 'number' && !Number.isInteger(cell) && (type === 'code' || type === 'person')) {
    const shown = String(cell).replace('.', ',');
    return `Код записан числом (${type === 'person' ? maskedId(shown) : shown}): Excel мог изменить его вид — сделайте столбец текстовым и введите код заново`;
  }
  // A teacher's id kept as a number: only a whole valid СНИЛС survives that; anything else may
  // have lost its leading zeros (a СНИЛС of ten digits) and would be a teacher no one is.
  if (typeof cell === 'number' && type === 'person') {
    const digits = String(cell);
    if (/^\d{11}$/.test(digits) && checkSnils(digits).ok) return null;
    return /^\d{9,10}$/.test(digits) && snilsWithoutLeadingZeros(digits)
      ? LOST_ZEROS(digits)
      : `ID педагога записан числом (${maskedId(digits)}): Excel хранит числа без ведущих нулей и может изменить их вид — ${AS_TEXT}`;
  }
  return null;
}

/** Turns one cell into the field's type, or says in Russian why it cannot. */
const TEXT_FORMULA = new RegExp(`^${PATTERNS.textFormula}$`);
const unformula = (raw: string) => raw.replace(TEXT_FORMULA, (_, inner: string) => inner.replace(/""/g, '"'));

export function parseCell(field: FieldSpec, written: string | null, reading: ColumnReading = {}): Parsed {
  const raw = written === null ? null : unformula(written);
  const cell = raw === null ? null : field.type === 'text' ? raw.replace(INVISIBLE_IN_TEXT, '') : withoutInvisible(raw);
  if (cell === null || isEmpty(cell)) return field.required ? fail(MESSAGES.required) : ok(null);
  const shown = plainSpaces(cell).trim();
  // A formula's error saved into a CSV («#Н/Д», «#DIV/0!») is no value, as in a workbook.
  if (EXCEL_ERROR.test(shown)) return fail(MESSAGES.formulaError(shown));
  // «—», «х» (a form's «not applicable»), «н/д», «нет данных», «не сдан» in an optional number, date,
  // choice, address or registry number: nothing to record.
  // «нет» in a count: nobody (0), or no figure? Asked, as a count read as «not known» drops its
  // event out of attendance while it still counts among the events held.
  if (field.type === 'integer' && /^нет\.?$/i.test(shown)) {
    return fail('«нет» вместо числа: если не было никого, напишите 0; если число неизвестно, оставьте ячейку пустой');
  }
  // …unless it is a choice's own word: «Нет» is a report's choice, «не сдан» its synonym (an
  // export's «None» is no value, not the code of «Нет»).
  if (!field.required && NO_DATA_TYPES.has(field.type) && NO_DATA.test(shown)) {
    const chosen = field.type === 'enum' && !EXPORT_EMPTY.test(shown) ? parseEnum(cell, field) : null;
    return chosen?.ok ? chosen : ok(null);
  }
  // A dash alone in a yes/no column says nothing, as in any other: a stored mark stays (a new
  // record's is «нет» anyway); «нет» takes it off.
  if (field.type === 'boolean' && !field.required && DASHES.test(shown)) return ok(null);
  if (field.required && EXPORT_EMPTY.test(shown)) return fail(MESSAGES.notFilled(shown));
  // The same in an id or code: as a value it would be one invented teacher or record. Where one
  // is required it is not filled in; elsewhere («—» as a resource's author) there is none.
  if ((field.type === 'code' || field.type === 'person') && (NO_VALUE.test(shown) || ((field.type === 'person' || field.required) && ZERO_OR_CROSS.test(shown)))) {
    if (field.required) return fail(MESSAGES.notFilled(shown));
    // An optional code left empty says something (a participation in the site's programme, at
    // no event): «?» or «не известно» says the code is not known, not that there is none.
    return field.type === 'code' && UNKNOWN.test(shown) ? fail(MESSAGES.unknownCode(shown)) : ok(null);
  }
  // A required title or name given as «-», «н/д», «0», «???»: a placeholder, stored it would be a title.
  if (field.type === 'text' && field.required && NO_TEXT.test(shown)) return fail(MESSAGES.notFilled(shown));
  switch (field.type) {
    case 'text': {
      const text = parseText(cell, MESSAGES.maxText);
      // A name or a title pasted from Word keeps its line break: lists and slides would break the line.
      return text.ok && !field.multiline ? ok((text.value as string).replace(LINE_BREAKS, ' ')) : text;
    }
    case 'code':
      return parseCode(cell);
    case 'person':
      return parsePerson(cell, field.snilsOnly === true, field.onePerRow);
    case 'inn':
      return parseIdentifier(cell, checkInn, 'ИНН');
    case 'kpp':
      return parseIdentifier(cell, checkKpp, 'КПП');
    case 'ogrn':
      return parseIdentifier(cell, checkOgrn, 'ОГРН');
    case 'email':
      return parseEmail(cell);
    case 'url':
      return parseUrl(cell);
    case 'integer': {
      // «не состоялось», «перенесено на январь» for an event's count: the row needs changing, not the cell alone.
      if (field.notHeld && (POSTPONED.test(shown) || CANCELLED.test(shown))) {
        return fail(`«${shown}» вместо числа. ${POSTPONED.test(shown) ? field.notHeld.postponed : field.notHeld.cancelled}`);
      }
      // A year column: «за 2024 год» is 2024, «24» is asked for in full.
      const year = field.schoolYear ? calendarYear(cell) : cell;
      if (typeof year !== 'string') return year;
      return (field.schoolYear ? schoolYearForYear(year, field.schoolYear) : null)
        ?? parseInteger(year, field, reading.threeDecimals === true);
    }
    case 'date':
      return notTooFarAhead(parseDate(cell, field.monthEnough === true, reading.slashOrder ?? 'unknown'), field.yearsAhead ?? 1, field.done === true);
    case 'boolean':
      return parseBoolean(cell, field);
    case 'enum':
      return parseEnum(cell, field);
    case 'school_year':
      return parseSchoolYear(cell);
    case 'half_years':
      return parseHalfYears(cell);
  }
}

function parseText(cell: Cell, maxLength: number): Parsed {
  // Text that looks like a formula (=, +, -, @) is kept as it is: it is data, never evaluated;
  // exports neutralise it.
  const text = cellText(cell).trim();
  return text.length > maxLength ? fail(MESSAGES.tooLong(maxLength)) : ok(text);
}

/** An identifier: text of one line, as typed — not what Excel made of it. */
function parseCode(cell: string): Parsed {
  const text = parseText(cell, MESSAGES.maxCode);
  if (!text.ok) return text;
  if (/[\r\n]/.test(text.value as string)) return fail(MESSAGES.codeLineBreak);
  const code = plainCode(text.value as string);
  if (EXCEL_DATE.test(code)) return fail(MESSAGES.excelDateCode(code));
  const damage = EXCEL_DAMAGE.find((d) => d.pattern.test(code));
  return damage ? fail(damage.message) : ok(code);
}

const EXCEL_DATE = new RegExp(`^(?:${PATTERNS.excelDate})$`);

/**
 * A code as meant: Word's dashes as hyphens, without the quotes autocorrect puts round it and a
 * list's dot after it («“KB-01”», «KB–02», «KB-03.» are KB-01, KB-02, KB-03). validate.ts reads
 * a record's own code alike, in SQL (plainCodeSql).
 */
export function plainCode(code: string): string {
  const plain = code.replace(/[\u2010-\u2015\u2212]/g, '-').replace(/^["'«“„‘]+|["'»”“’]+$/g, '').replace(/\.+$/, '').trim();
  return plain === '' ? code : plain;
}

/** Spaces of every kind (no-break, thin) as plain ones. */
const plainSpaces = (text: string) => text.replace(/[\u00a0\u2007\u202f\u2009\u200a]/g, ' ');

const AS_TEXT = asText('номера');
/** What Excel leaves of a number typed into a general cell. */
const EXCEL_DAMAGE: { pattern: RegExp; message: string }[] = [
  { pattern: new RegExp(`^(?:${PATTERNS.excelExponent})$`, 'i'), message: MESSAGES.excelExponent },
  { pattern: new RegExp(`^(?:${PATTERNS.excelFraction})$`), message: MESSAGES.excelFraction },
];

/**
 * A teacher's cell as errors show it: digits hidden but the last two, enough to find the cell in
 * the file, never a whole СНИЛС (validate.ts masks the cells of its errors alike, in SQL).
 */
export function maskedId(text: string): string {
  const chars = [...text];
  return chars.slice(0, -2).join('').replace(/[0-9]/g, '*') + chars.slice(-2).join('');
}

const LOST_ZEROS = (digits: string) => `В СНИЛС ${digits.length} цифр вместо 11: Excel убрал ведущие нули — ${AS_TEXT}`;

/** A СНИЛС as people group its digits: 123-456-789 01, 123 456 789 01, 12345678901. */
const SNILS_SHAPE = String.raw`\d{3}[-\s.]?\d{3}[-\s.]?\d{3}[-\s.]?\d{2}`;
const ONE_SNILS = new RegExp(`^${SNILS_SHAPE}$`);
/** СНИЛС after СНИЛС, each grouped as people group them (a space may stand inside one as well as between two). */
const SNILS_LIST = new RegExp(`^${SNILS_SHAPE}(?:(?:\\s*[,;/|+]\\s*|\\s+)${SNILS_SHAPE})+$`);
/**
 * What people put between two people's ids in one cell besides a comma, a semicolon or a line
 * break: «AUTH-7/AUTH-8», «AUTH-1 + AUTH-2», «AUTH-1 | AUTH-2», «AUTH-1 и AUTH-2» — «и» glued to
 * them too, between a digit and a capital («AUTH-1иAUTH-2»).
 */
const JOINED_IDS = /\s*(?:[/|+&]|\sи\s|(?<=\d)и(?=[A-ZА-ЯЁ]))\s*/;
/** One id of a source system (letters and digits, no space: «AUTH-004», «T0015») or an e-mail address. */
const ONE_SOURCE_ID = /^(?:(?=\S*\d)(?=\S*[A-Za-zА-Яа-яЁё])[^\s,;]+|[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+)$/;
/** How many, in words, as messages about a cell of several values say it. */
export const COUNT_WORDS: Record<number, string> = { 2: 'два', 3: 'три', 4: 'четыре' };
/** Words of letters only (a name, «Иванова А. П.», «Петров Иван»), with dots and hyphens: no id has only those and a space. */
const NAME_WORDS = /^[\p{L}.'’-]+(?:\s+[\p{L}.'’-]+)+$/u;
/**
 * A Russian phone number as people write it: +7 or 8 and ten digits, grouped (8 912 345-67-89,
 * +7 (912) 345-67-89). A bare 8 and ten digits is not one here: it has a СНИЛС's eleven digits.
 */
const PHONE = /^(?:\+\s*7|8(?=[\s(-]))[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}$/;

/**
 * Several ids in one cell — «AUTH-004, AUTH-005», «…; …», one per line or after a space — and
 * whether they are СНИЛС: null for a cell of one id (or of something else: a name, a СНИЛС whose
 * groups are apart, 123-456-789 01, is one id). Every part must be a whole id.
 */
function severalIds(text: string): { count: number; snils: boolean } | null {
  const written = text.replace(/^(?:снилс|№)\s*:?\s*/i, '');
  if (SNILS_LIST.test(written)) return { count: written.replace(/\D/g, '').length / 11, snils: true };
  const listed = written.split(/\s*[,;\r\n]+\s*/).filter((part) => part !== '');
  const joined = written.split(JOINED_IDS).filter((part) => part !== '');
  const parts = listed.length > 1 ? listed : joined.length > 1 ? joined : written.split(/\s+/);
  if (parts.length < 2 || !parts.every((part) => ONE_SNILS.test(part) || ONE_SOURCE_ID.test(part))) return null;
  return { count: parts.length, snils: parts.every((part) => ONE_SNILS.test(part)) };
}

/**
 * A teacher's cell as an Identity. A СНИЛС column (snilsOnly) takes only valid СНИЛС: a damaged
 * one would merge two people or split one. In a column of source ids a text written as a СНИЛС
 * must be a valid one too; any other text is the source system's id. What Excel made of a
 * number is never an id.
 */
/** A person's name rather than an id: «Иванова», «Иванова И.И.», «Анна Петрова». */
const isName = (text: string) => /^[А-ЯЁ][а-яё]+(?:[ -][А-ЯЁ]\.?)*\.?$|^[А-ЯЁ][а-яё]+[А-ЯЁ]\./.test(text) || (/\s/.test(text) && NAME_WORDS.test(text));

function parsePerson(cell: string, snilsOnly: boolean, onePerRow = 'на каждого педагога — своя строка'): Parsed {
  // Dashes of Word's autocorrect (en, em, figure dash, minus) and Unicode's own hyphens are
  // hyphens; the apostrophe some exporters put in front to keep a number as text is no part of
  // the id. (personIdentity comes here without parseCell: invisible characters go here too.)
  const text = asAddress(plainSpaces(withoutInvisible(cell)).replace(/[\u2010-\u2015\u2212]/g, '-').trim().replace(/^['‘’`]/, ''));
  // Two people typed into one cell (a resource's two authors) are said to be two before the line
  // break, the space or the comma between them reads as a broken code or a name.
  const several = severalIds(text);
  if (several) {
    const what = several.snils ? 'СНИЛС' : 'ID';
    return fail(`В ячейке ${COUNT_WORDS[several.count] ?? 'несколько'} ${what}, а нужен один: ${onePerRow}`);
  }
  const code = parseCode(text);
  if (!code.ok) return code;
  const id = code.value as string;
  if (PHONE.test(id)) return fail('Это номер телефона, а не ID педагога: нужен СНИЛС (в столбце «СНИЛС») или ID педагога из системы учёта');
  // «СНИЛС 123-456-789 64», «№ 123.456.789 64»: the digits in any grouping are one СНИЛС.
  const written = id.replace(/^(?:снилс|№)\s*:?\s*/i, '');
  const digits = written.replace(/[\s.-]/g, '');
  // Nine or ten digits that are a valid СНИЛС with the zeros in front put back: Excel dropped them, whatever the header.
  if (snilsWithoutLeadingZeros(digits)) return fail(LOST_ZEROS(digits));
  if (snilsOnly || /^\d{11}$/.test(digits) || looksLikeSnils(id)) {
    // Nine or ten digits that are no СНИЛС with zeros in front (checked above) lack a digit or
    // two: a number mistyped, not one Excel shortened — checkSnils says how many digits it takes.
    if (/^[\dОоOo\s.-]+$/.test(digits) && /[ОоOo]/.test(digits)) return fail('В СНИЛС буква «О» вместо цифры 0: исправьте её');
    if (/\D/.test(digits)) return fail('В СНИЛС только цифры (11 цифр: 123-456-789 01), а здесь есть буквы или другие знаки');
    const snils = checkSnils(digits);
    return snils.ok ? ok(`snils:${snils.digits}` satisfies Identity) : fail(snils.message);
  }
  // A name or a phrase is no identifier: namesakes would merge, one person spelled twice would split.
  if (isName(id)) return fail('Похоже на ФИО, а не на идентификатор: нужен СНИЛС (в столбце «СНИЛС») или ID педагога из системы учёта');
  // «Иванова А.П., Петров Б.В.»: the names of several.
  const names = id.split(/\s*[,;]\s*/).filter((part) => part !== '');
  if (names.length > 1 && names.every(isName)) {
    return fail(`Похоже на ФИО нескольких педагогов, а не на идентификаторы: нужен СНИЛС (в столбце «СНИЛС») или ID педагога из системы учёта; ${onePerRow}`);
  }
  // «PED 0001», «1 001»: an id with a space in it — which spelling the source system has is not
  // for the import to guess (without the space it may be another teacher's id).
  if (/\s/.test(id)) {
    // «AUTH-004 (Иванова)»: an id with a name beside it, which without the space would be no id either.
    if (id.split(/\s+/).some((part) => /^[А-ЯЁ][а-яё]+$/.test(part.replace(/^[(«"]+|[)»",.;:]+$/g, '')))) {
      return fail('Похоже на ID вместе с ФИО: оставьте в ячейке только ID педагога из системы учёта — ФИО не нужно');
    }
    return fail('В ID педагога пробел: напишите ID без пробелов, как в системе учёта');
  }
  // An e-mail address is one person however its letters are cased.
  return ok(`source:${id.includes('@') ? id.toLowerCase() : id}` satisfies Identity);
}

/**
 * ИНН, КПП, ОГРН: digits as text. A number one digit short is what Excel leaves of a number
 * cell with a leading zero — said so, since the fix is in the spreadsheet.
 */
function parseIdentifier(cell: string, check: (text: string) => Checked, name: string): Parsed {
  const text = cell.trim().replace(/\s/g, '');
  const damage = EXCEL_DAMAGE.find((d) => d.pattern.test(text));
  if (damage) return fail(damage.message.replace('Номер', name));
  const checked = check(text);
  if (checked.ok) return ok(checked.digits);
  if (/^\d+$/.test(text) && check(`0${text}`).ok) {
    return fail(`${name} без ведущего нуля: похоже, Excel хранил его числом — сделайте столбец текстовым и введите ${name} полностью`);
  }
  return fail(checked.message);
}

/**
 * An e-mail address as copied from a mail program or a link: «mailto:» in front, the angle
 * brackets Outlook puts round it («<ivanova@school.ru>»), a full-width «＠» — all one address.
 * Anything else is left as it is.
 */
function asAddress(text: string): string {
  const address = /^(?:mailto:)?\s*[<‹]?\s*([^\s<>‹›]+[@＠][^\s<>‹›]+)\s*[>›]?$/i.exec(text);
  return address ? address[1].replace(/＠/g, '@') : text;
}

/** An e-mail address, however copied (asAddress). */
function parseEmail(cell: string): Parsed {
  const text = asAddress(cell.trim()).toLowerCase();
  // Each part of the domain: letters, digits, hyphens; none empty (a dot at the end, two dots).
  return /^[^\s@]+@(?:[\p{L}\d-]+\.)+[\p{L}\d-]{2,}$/u.test(text) && text.length <= 254 ? ok(text) : fail('Ожидается адрес электронной почты: name@school.ru');
}

/**
 * A web address as the catalogue links to it: only http(s), the scheme added when the cell has
 * none; a Cyrillic domain (школа.рф) is kept in its letters, not in the «xn--» form the browser sends.
 */
function parseUrl(cell: string): Parsed {
  const text = cell.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(withScheme);
    // A name and password before «@» («mailto:name@school.ru» read as an address) are no site's.
    if ((url.protocol === 'https:' || url.protocol === 'http:') && /^[^.]+(?:\.[^.]+)+$/.test(url.hostname) && !/\s/.test(text) && !url.username && !url.password) {
      return ok(`${url.protocol}//${domainToUnicode(url.hostname)}${url.port ? `:${url.port}` : ''}${url.pathname}${url.search}${url.hash}`);
    }
  } catch {
    // not a URL: said below
  }
  return fail('Ожидается адрес сайта: https://school.ru');
}

/** The identity of a stored teacher id of old (raw) data: as an upload would read it, a bad СНИЛС as an id. */
export function personIdentity(text: string): Identity {
  const parsed = parsePerson(text, false);
  return parsed.ok ? (parsed.value as Identity) : `source:${text.trim()}`;
}

/**
 * A number as written: '1 234', '1 234' (nbsp), '12 000 000', '12,0'. A space of any kind (or an
 * apostrophe) separates thousands only before groups of exactly three digits: «25 30» is no number.
 */
export function parseNumber(cell: string): number | null {
  const match = /^([-+]?)(\d{1,3}(?:[ '’]\d{3})+|\d+)(?:[.,](\d+))?$/.exec(plainSpaces(cell).trim());
  return match ? Number(`${match[1]}${match[2].replace(/[ '’]/g, '')}${match[3] === undefined ? '' : `.${match[3]}`}`) : null;
}

/** A count with a remark in brackets («12 (чел.)», «12 (+3 онлайн)») or a unit after it («20 чел.», «22 человека», «4 балла»). */
const REMARK = /^([\d\s.,]*\d)\s*\(([^)]*)\)$/;
const UNIT = /^([\d\s.,]*\d)\s*(?:балл(?:а|ов)?|чел\.?|человека?|педагог(?:а|ов)?|пед\.?|участник(?:а|ов)?|слушател(?:ь|я|ей))$/i;

/** «≈20», «~20», «около 20», «более 20», «20+», «20 и более»: a guess or a bound, not the count. */
const APPROXIMATE = /^(?:[≈~∼><≥≤±]=?|около|примерно|приблизительно|более|больше|менее|меньше|свыше|не менее|не более|до)\s*\d[\d\s]*$|^\d[\d\s]*\s*(?:\+|и более|и больше|и менее)$/i;
/** «20-25», «20–25», «от 20 до 25», «20...25»: a range. */
const RANGE = /^(?:от\s*)?\d+\s*(?:[-–—]|до|\.{2,3}|…)\s*\d+$/i;
/** A number written in words: «двадцать», «пять человек». */
const NUMBER_WORD = /^(?:ноль|один|одна|одно|два|две|три|четыре|пять|шесть|семь|восемь|девять|десять|одиннадцать|двенадцать|тринадцать|четырнадцать|пятнадцать|шестнадцать|семнадцать|восемнадцать|девятнадцать|двадцать|тридцать|сорок|пятьдесят|шестьдесят|семьдесят|восемьдесят|девяносто|сто|двести|триста|четыреста|пятьсот)(?:\s|$)/i;
/** A school grade in words, as a form's scale names its answers («отлично», «хор.»). */
const GRADE_WORD = /^(?:отлично|хорошо|удовлетворительно|неудовлетворительно|плохо|очень плохо|отл|хор|удовл?|неуд)\.?$/i;
/** Whether a grade word names the figure on a five-grade scale ending at `max`: «отлично» the top, «хорошо» the next … */
function gradeFits(word: string, n: number, max: number): boolean {
  if (/^отл/i.test(word)) return n === max;
  if (/^хор/i.test(word)) return n === max - 1;
  if (/^уд/i.test(word)) return n === max - 2;
  // «неудовлетворительно», «плохо», «очень плохо»: the two lowest.
  return n <= max - 3;
}
/** Full-width digits («２０», typed with an East Asian keyboard layout) are the digits they show. */
const asciiDigits = (text: string) => text.replace(/[\uff10-\uff19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30));

function parseInteger(cell: string, { min = -Infinity, max = Infinity, zero }: Pick<FieldSpec, 'min' | 'max' | 'zero'>, threeDecimals = false): Parsed {
  // «2024 г.» in a year column, «5 (отлично)» or «4 балла» as a rating, «20 чел.»
  let text = asciiDigits(plainSpaces(cell).trim()).replace(/^(\d{4})\s*г(?:\.|ода?)?$/i, '$1').replace(UNIT, '$1')
    // «5» in quotes, as a form's answer is exported: the number.
    .replace(/^[«"“„']\s*([\d\s.,]+?)\s*[»"”“']$/, '$1');
  // «5 — отлично», «4 (хорошо)»: a form's answer on a five-grade scale (a rating), its figure with
  // the grade the scale names it by, read where the two agree. Elsewhere a word after a dash is
  // no grade: «20 — план» in a count is refused.
  const graded = /^(\d+)\s*(?:[-–—]\s*(.+)|\((.+)\))$/.exec(text);
  const grade = (graded?.[2] ?? graded?.[3])?.trim();
  if (graded && grade && max - min === 4 && GRADE_WORD.test(grade)) {
    if (!gradeFits(grade, Number(graded[1]), max)) return fail(`Оценка «${text}»: число и слово не совпадают — запишите оценку одним числом от ${min} до ${max}`);
    text = graded[1];
  } else if (graded?.[2] && /^\D*\p{L}\D*$/u.test(graded[2])) {
    return fail(`В ячейке число с пояснением «${text}»: запишите одно число, без пояснения после тире`);
  }
  if (GRADE_WORD.test(text)) return fail(`Оценка словами («${text}»): запишите её числом${Number.isFinite(min) && Number.isFinite(max) ? ` от ${min} до ${max}` : ''}`);
  if (APPROXIMATE.test(text)) return fail(`Приблизительное число «${text}»: запишите точное число цифрами, без знаков и слов «около», «более»`);
  if (RANGE.test(text)) return fail(`Диапазон «${text}» вместо числа: запишите одно число — сколько было на самом деле`);
  if (NUMBER_WORD.test(text)) return fail(`Число записано словами («${text}»): запишите его цифрами`);
  // A logical cell of a workbook (ИСТИНА, as Excel shows TRUE), or the word typed.
  if (/^(?:истина|ложь|true|false)$/i.test(text)) return fail(`Логическое значение «${text}» вместо числа: здесь нужно количество — запишите число`);
  // «75%», typed or a cell in a percentage format: a share, not the number itself.
  if (/^[+-]?\d+(?:[.,]\d+)?\s*%$/.test(text)) return fail(`Процент («${text}») вместо числа: здесь нужно целое число — само количество, а не доля в процентах`);
  // «18*»: a footnote under the table says something about it (data to be checked, a guess).
  if (/^\d[\d\s]*\*+$/.test(text)) return fail(`Число со сноской («${text}»): если оно окончательное, запишите его без звёздочки, иначе загрузите, когда данные будут уточнены`);
  const remark = REMARK.exec(text);
  // A remark with a figure in it («12 (+3 онлайн)», «10 (+2)») changes the count, and one that
  // calls it a plan or a guess («20 (план)», «20 (ориентировочно)») says it is not the count.
  if (remark && (/[\d+\-−±]/.test(remark[2]) || /план|ожида|предвар|ориентир|прогноз|примерн|около|факт/i.test(remark[2]))) {
    return fail(`В ячейке число с пояснением «${text}»: запишите одно число — то, которое нужно учесть, без пояснений в скобках`);
  }
  if (remark) text = remark[1];
  // «5 из 5», «4/5» on a scale that ends there: the first number.
  const outOf = /^(\d+)\s*(?:из|\/)\s*(\d+)$/i.exec(text);
  if (outOf && Number(outOf[2]) === max) text = outOf[1];
  // «1,200.00»: a US locale's thousands and decimals.
  if (/^\d{1,3}(?:,\d{3})+\.\d+$/.test(text)) {
    return fail(`Число записано по-американски («${text}»): запишите его без разделителя тысяч — ${text.replace(/,/g, '').replace(/\.0+$/, '').replace('.', ',')}`);
  }
  // «1.000», «12,500»: a thousand written with a separator, or 1 with three decimals? Only a
  // column written wholly as 1С writes numbers («25,000») says.
  if (GROUPED.test(text) && !threeDecimals) {
    return fail(`Неоднозначное число «${text}»: это ${text.replace(/[.,]/g, '')} или ${text.replace(',', '.').replace(/\.?0+$/, '') || '0'}? Запишите число без разделителя тысяч`);
  }
  const n = parseNumber(text);
  // «25 30»: two numbers, or one typed with a stray space? Spaces separate only groups of three digits.
  if (n === null && /^\d+(?:\s+\d+)+(?:[.,]\d+)?$/.test(text)) {
    return fail(`Неясное число «${text}»: пробел внутри числа — это одно число или два? Запишите одно число (пробелом отделяются только тысячи: 1 200)`);
  }
  if (n !== null && !Number.isInteger(n)) return fail(`Дробное число «${text}»: здесь нужно целое`);
  if (n === null) return fail('Ожидается целое число');
  if (n === 0 && zero) return fail(zero);
  if (n < min) return fail(`Число меньше допустимого (${min})`);
  if (n > max) return fail(`Число больше допустимого (${max})`);
  return ok(n);
}

/** A time of day after a date, as Excel adds it, or after a comma (Moodle: «10.11.26, 14:23»). */
const TIME = String.raw`(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?)?`;
/** 10.10.2022, 3.10.22, 10-10-2022, 01.09.2022 0:00; slashes are read by the column's order. */
const DMY = new RegExp(String.raw`^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})${TIME}$`);
const YMD = /^(\d{4})([-.])(\d{2})\2(\d{2})(?:[T\s](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/** Two-digit years stand for 2000–2039; «31.12.99» is not read as 2099. */
const LAST_SHORT_YEAR = 39;
/** Russian month names in the genitive («10 октября»), as messages write them too. */
const MONTH_NAMES = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
/** Each month's names: nominative, genitive, prepositional («в сентябре 2022»). */
/** The months' names as a calendar heads them: «январь» … «декабрь». */
export const MONTH_NOMINATIVES = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'] as const;
const MONTH_FORMS = MONTH_NOMINATIVES.map((nominative, i) => [nominative, MONTH_NAMES[i], `${MONTH_NAMES[i].slice(0, -1)}е`]);
/** Excel's day numbers of 1 January 1990 and of 31 December 2100. */
const SERIAL_1990 = 32_874;
const SERIAL_2100 = 73_415;
/**
 * A month by its name or an abbreviation of it of three letters or more («сен», «сент.», «окт» as
 * Excel abbreviates them): a word that only starts like one («декада», «маршрут») is none.
 */
function monthOf(word: string): number | undefined {
  const written = word.toLowerCase().replace(/\.$/, '');
  if (written.length < 3) return undefined;
  const index = MONTH_FORMS.findIndex((forms) => forms.some((form) => form.startsWith(written)));
  return index < 0 ? undefined : index + 1;
}
/**
 * «10 октября 2022», and as Excel shows a cell formatted «ДД.МММ.ГГ» (and saves it so into a CSV):
 * «12.окт.23», «12-окт-23», «12 окт 2023» — the month's abbreviation with or without its dot.
 */
const DAY_MONTH_NAME = /^(\d{1,2})[\s.-]+([а-яё]+)[\s.-]+(\d{4}|\d{2})$/i;
/** «сентябрь 2022», «сент. 2022», and Excel's «МММ.ГГ»: «сен.23», «сен-23». */
const MONTH_NAME = /^([а-яё]+)[\s.-]+(\d{4}|\d{2})$/i;
/** «09.2022»; «09.23» only with a year that is no month («10.12» may be 10 December). */
const MONTH_YEAR = /^(\d{1,2})[./](\d{4})$|^(0?[1-9]|1[0-2])[./](1[3-9]|[23]\d)$/;
/** A period: «15–16.03.2023», «15.03-16.03.2023», «с 15.03.2023 по 16.03.2023», «2023-03-15 — 2023-03-16». */
const DATE_RANGE = /^(?:с\s*)?\d{1,2}(?:[./]\d{1,2}(?:[./](?:\d{4}|\d{2}))?)?\s*(?:[-–—]|по|до)\s*\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})$|^\d{4}-\d{2}-\d{2}\s*(?:[–—]|\s-\s|по)\s*\d{4}-\d{2}-\d{2}$/i;
const MONTH_ONLY = 'Нужна дата: число, месяц и год (ДД.ММ.ГГГГ) — здесь одного месяца мало';
const NOT_A_DATE = 'Ожидается дата в виде ДД.ММ.ГГГГ или ГГГГ-ММ-ДД';
/** A year as written: two digits stand for 2000–2039 (LAST_SHORT_YEAR), a later pair is refused. */
const yearOf = (written: string): number | Parsed => {
  if (written.length === 4) return Number(written);
  return Number(written) > LAST_SHORT_YEAR ? fail(`Год из двух цифр («${written}»): укажите год полностью — ДД.ММ.ГГГГ`) : 2000 + Number(written);
};

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * A date cell's day as Excel shows it. Excel takes 1900 for a leap year (as Lotus 1-2-3 did): its
 * day numbers before 1 March 1900 are each shown a day later than the calendar's day of that
 * number, and day 60 is a 29.02.1900 that never was. A count of 18 in a date cell is «18.01.1900»
 * on the screen; the message must name that, not the 17th.
 */
function excelDay(date: Date): string {
  const iso = isoDate(date);
  if (iso < '1899-12-31' || iso > '1900-02-28') return iso;
  return iso === '1900-02-28' ? '1900-02-29' : isoDate(new Date(date.getTime() + 86_400_000));
}

function dateFromParts(year: number, month: number, day: number): Parsed {
  // «03.15.2023»: a month past 12 is a day where a month goes, most likely.
  if (month > 12) {
    return fail(day >= 1 && day <= 12
      ? `Месяца ${month} не бывает: месяц и день перепутаны? Запишите дату как ДД.ММ.ГГГГ`
      : `Месяца ${month} не бывает: запишите дату как ДД.ММ.ГГГГ`);
  }
  // «15.03.0023»: a year of four digits with zeros in front is no year of the data (nor a short one: not guessed).
  if (year < 1000) return fail(`Год ${String(year).padStart(4, '0')}? Укажите год четырьмя цифрами: ДД.ММ.ГГГГ`);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return fail('Такой даты не существует');
  }
  // A year too far ahead is refused by the field's horizon (parseCell), which names the years it takes.
  if (year < 1990) return fail(`Год ${year} слишком ранний: здесь принимаются даты с 01.01.1990 — проверьте, нет ли опечатки в годе`);
  return ok(isoDate(date));
}

/** A date in a year past the field's horizon (this year and `yearsAhead` more) is taken for a typo. */
function notTooFarAhead(parsed: Parsed, yearsAhead: number, done: boolean): Parsed {
  if (!parsed.ok || typeof parsed.value !== 'string') return parsed;
  const today = localDay();
  // Something done on a day to come has not been done: a typo, or a plan written as a fact.
  if (done && parsed.value > today) {
    return fail(`Дата ещё не наступила (сегодня ${formatDate(today)}): здесь нужна дата, когда это уже сделано — проверьте день, месяц и год`);
  }
  const year = Number(parsed.value.slice(0, 4));
  const last = Number(today.slice(0, 4)) + yearsAhead;
  return year > last ? fail(`Год ${year} ещё не скоро: здесь принимаются даты по 31.12.${last} — проверьте, нет ли опечатки в годе`) : parsed;
}

/**
 * dd.mm.yyyy (also dd.mm.yy, «г.» after it, a time of day as Excel may add), yyyy-mm-dd,
 * «10 октября 2022» or «12.окт.23». Where a month is enough, «сентябрь 2022», «сен.22», 09.2022
 * and 09.22 are its first day.
 */
export function parseDate(cell: Cell, monthEnough = false, slashOrder: ColumnReading['slashOrder'] = 'unknown'): Parsed {
  const text = plainSpaces(cellText(cell)).trim().replace(/\s*(?:г\.?|года)$/i, '').replace(/\s+/g, ' ');
  const dmy = DMY.exec(text);
  if (dmy) {
    const [first, second, fullYear] = [Number(dmy[1]), Number(dmy[3]), yearOf(dmy[4])];
    if (typeof fullYear !== 'number') return fullYear;
    if (dmy[2] === '/' && first !== second) {
      if (slashOrder === 'mdy') return fail('Даты в столбце записаны по-американски (месяц/день/год): сохраните таблицу с русскими настройками или запишите даты как ДД.ММ.ГГГГ');
      if (slashOrder === 'unknown' && first <= 12 && second <= 12) {
        return fail(`Неоднозначная дата «${text}»: ${first} ${MONTH_NAMES[second - 1]} или ${second} ${MONTH_NAMES[first - 1]}? Запишите дату как ДД.ММ.ГГГГ`);
      }
    }
    return dateFromParts(fullYear, second, first);
  }
  const ymd = YMD.exec(text);
  if (ymd) {
    // With an offset the date is as written there; in UTC («Z») after midnight it may be the next
    // day where the region is: said rather than guessed.
    if (ymd[8] === 'Z' && Number(ymd[5] ?? 0) + Number(ymd[6] ?? 0) + Number(ymd[7] ?? 0) > 0) {
      return fail('Время указано по Гринвичу («Z»): в регионе это может быть уже другой день — запишите дату без времени, ДД.ММ.ГГГГ');
    }
    return dateFromParts(Number(ymd[1]), Number(ymd[3]), Number(ymd[4]));
  }
  if (/^#+$/.test(text)) return fail('Excel не показал дату («####»): столбец слишком узкий — расширьте его и сохраните файл снова');
  if (/^\d{4}$/.test(text)) return fail(monthEnough ? 'Указан только год: нужны месяц и год («сентябрь 2022») или дата ДД.ММ.ГГГГ' : 'Указан только год: нужна дата ДД.ММ.ГГГГ');
  if (/^\d{5}$/.test(text) && Number(text) >= SERIAL_1990 && Number(text) <= SERIAL_2100) {
    const date = formatDate(isoDate(new Date(EXCEL_EPOCH + Number(text) * 86_400_000)));
    return fail(`Дата записана числом Excel («${text}» — это ${date}?): сделайте столбец форматом «Дата» и сохраните файл снова`);
  }
  const named = DAY_MONTH_NAME.exec(text);
  if (named && monthOf(named[2])) {
    const year = yearOf(named[3]);
    return typeof year === 'number' ? dateFromParts(year, monthOf(named[2])!, Number(named[1])) : year;
  }
  const month = MONTH_NAME.exec(text);
  const numeric = MONTH_YEAR.exec(text);
  if ((month && monthOf(month[1])) || numeric) {
    if (!monthEnough) return fail(MONTH_ONLY);
    const year = yearOf(month ? month[2] : numeric![2] ?? numeric![4]);
    if (typeof year !== 'number') return year;
    return dateFromParts(year, month ? monthOf(month[1])! : Number(numeric![1] ?? numeric![3]), 1);
  }
  // «15–16.03.2023», «15.03.2023-16.03.2023»: a period where one day is stored.
  if (DATE_RANGE.test(text)) return fail(`Две даты («${text}»): укажите одну дату — день начала`);
  // «10:00»: a time alone (a workbook's time cell is shown so: cellAsText).
  if (/^\d{1,2}:\d{2}(?::\d{2})?$/.test(text)) return fail('В ячейке время, а не дата: укажите дату ДД.ММ.ГГГГ');
  // Where a month is enough, the message says so: a month alone is what she may have had at hand.
  return fail(monthEnough ? `${NOT_A_DATE}, или месяц и год: «сентябрь 2023», 09.2023` : NOT_A_DATE);
}

/** What every yes/no field reads; a field's own words («прошла», «выдан») are its spec's (FieldSpec.yesNo). */
const TRUE = new Set(['да', 'д', 'yes', 'y', 'true', '1', '+', 'истина', '✓', '✔', '☑', '√', 'v', 'x', 'х']);
/** The minus sign (U+2212) as «−» in «+/−»: a «-» typed in Word or copied from a table. */
const FALSE = new Set(['нет', 'н', 'no', 'n', 'false', '0', '-', '−', '—', '–', 'ложь', '✗', '✘', '☐']);
/** A dash alone (hyphen, minus, en or em dash), however many. */
const DASHES = /^[-−–—]+$/;
/** «да, прошла», «нет — не выдан»: a plain answer, then the field's own words. */
const ANSWER_AND_WORDS = /^(да|нет|yes|no)\s*[,;:—–-]?\s+(.+)$/;

function parseBoolean(cell: Cell, field: FieldSpec): Parsed {
  // «Дa», «Hет»: Latin look-alikes in a Russian word are its Russian letters, as in a choice (parseEnum).
  const text = cyrillicWords(cellText(cell)).trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').replace(/\.$/, '');
  const says = (list: readonly string[] | undefined, words: string) => list?.some((w) => w.replace(/ё/g, 'е') === words) === true;
  const own = (words: string) => (says(field.yesNo?.yes, words) ? true : says(field.yesNo?.no, words) ? false : undefined);
  const answer = TRUE.has(text) ? true : FALSE.has(text) ? false : own(text);
  if (answer !== undefined) return ok(answer);
  // Both parts must say the same: «да, не прошла» says two things.
  const [, plain, words] = ANSWER_AND_WORDS.exec(text) ?? [];
  if (plain && own(words) === TRUE.has(plain)) return ok(TRUE.has(plain));
  const examples = field.yesNo ? `, «${field.yesNo.yes[0]}»/«${field.yesNo.no[0]}»` : '';
  return fail(`Ожидается «да» или «нет» (также 1/0, true/false${examples})`);
}

/** A value that calls itself a mix of the choices (normalised: lower case, words only). */
const MIXED = /^(?:смешанн|гибридн|комбинированн|сочетани|очно заочн)/;

function parseEnum(cell: Cell, field: FieldSpec): Parsed {
  const text = normaliseHeader(cellText(cell));
  const values = field.values ?? {};
  const codeOf = (words: string) => Object.entries(values).find(([code, label]) => words === normaliseHeader(code) || words === normaliseHeader(label))?.[0]
    ?? Object.entries(field.synonyms ?? {}).find(([spelling]) => words === normaliseHeader(spelling))?.[1];
  // «Cеминар», «Oчно»: a Latin letter typed among Russian ones (a keyboard layout switched) is the
  // Russian letter it looks like — a choice of Russian words has no other reading of it.
  const written = cyrillicWords(cellText(cell)).trim();
  const code = codeOf(text) ?? codeOf(normaliseHeader(written))
    ?? (field.afterLegalForm && LEGAL_FORM.test(written) ? codeOf(normaliseHeader(written.replace(LEGAL_FORM, ''))) : undefined);
  if (code !== undefined) return ok(code);
  // «смешанный», «очно/дистанционно», «очно + онлайн»: both at once, which one is not for the import to guess.
  if (field.mixed && (MIXED.test(text) || new Set(text.split(' ').map(codeOf).filter((c) => c !== undefined)).size > 1)) return fail(field.mixed);
  if (field.unclear && field.unclear.words.some((word) => text.split(' ')[0] === normaliseHeader(word))) {
    return fail(field.unclear.message.replace('{}', plainSpaces(cellText(cell)).trim()));
  }
  return fail(`Недопустимое значение; допустимые: ${Object.values(values).join(', ')}`);
}

/** Latin letters that look like Cyrillic ones, as the Cyrillic letter. */
const AS_CYRILLIC: Record<string, string> = {
  A: 'А', B: 'В', E: 'Е', K: 'К', M: 'М', H: 'Н', O: 'О', P: 'Р', C: 'С', T: 'Т', Y: 'У', X: 'Х',
  a: 'а', e: 'е', k: 'к', m: 'м', o: 'о', p: 'р', c: 'с', t: 'т', y: 'у', x: 'х',
};
/** A text whose words holding a Cyrillic letter have their Latin look-alikes as Cyrillic ones. */
const cyrillicWords = (text: string) => text.replace(/[\p{L}]+/gu, (word) => (/[а-яё]/i.test(word) ? [...word].map((ch) => AS_CYRILLIC[ch] ?? ch).join('') : word));

/** 2022/23, 2022/2023, 2022-23, 2022, and 22/23 (two digits only with the second year). */
const SCHOOL_YEAR = /^(?:(\d{4})|(\d{2})(?=\s*[/-]))(?:\s*[/-]\s*(\d{2}|\d{4}))?$/;
/** What follows a school year in forms: «уч. год», «учебный год», «уч.г.», «гг.», «г.». */
const SCHOOL_YEAR_WORDS = /\s*(?:уч(?:ебный|\.)?\s*(?:год|г)\.?|гг?\.?|года?)$/i;

/** A school year as written: its first year, whether a second one is written, whether that one follows the first. */
function schoolYearOf(cell: Cell): { start: number; text: string; second: boolean; consecutive: boolean } | null {
  // Word's dashes (2026–2027) are hyphens.
  const text = plainSpaces(cellText(cell)).trim().replace(/[\u2010-\u2015\u2212]/g, '-').replace(SCHOOL_YEAR_WORDS, '');
  const match = SCHOOL_YEAR.exec(text);
  if (!match) return null;
  const start = match[1] !== undefined ? Number(match[1]) : 2000 + Number(match[2]);
  const second = match[3];
  const consecutive = second === undefined || (second.length === 2 ? (start + 1) % 100 : start + 1) === Number(second);
  return { start, text, second: second !== undefined, consecutive };
}

function parseSchoolYear(cell: Cell): Parsed {
  const year = schoolYearOf(cell);
  if (!year) return fail('Ожидается учебный год вида 2022/23');
  if (!year.consecutive) return fail('Годы учебного года должны идти подряд (2022/23)');
  if (year.start < 1990 || year.start > 2100) return fail('Год вне допустимого диапазона (1990–2100)');
  // «2026» is 2026/27 to some and 2025/26 to others (a report «за 2026 год» is the year ending then):
  // a headcount stored for the other year leaves this year's as it was, without a word.
  if (!year.second) {
    const spelled = (start: number) => `${start}/${String(start + 1).slice(2)}`;
    return fail(`Один год «${year.text}» вместо учебного года: напишите учебный год полностью — ${spelled(year.start - 1)} или ${spelled(year.start)}`);
  }
  return ok(year.start);
}

/** «за 2024 год», «за 2024 г.», «за 2024» in a year column: the year. */
const FOR_YEAR = /^за\s+(\d{2}|\d{4})(?:\s*г(?:\.|ода?)?)?$/i;
/** «24», «24 г.»: a year of two digits. */
const SHORT_YEAR = /^(\d{2})(?:\s*г(?:\.|ода?)?)?$/i;

/**
 * A year column's cell as parseInteger reads it («за 2024 год» as «2024»), or the refusal of a
 * year of two digits: «24» is most likely 2024, but a year is not guessed — the message names it.
 */
function calendarYear(cell: string): string | Parsed {
  const text = plainSpaces(cell).trim().replace(FOR_YEAR, '$1');
  const short = SHORT_YEAR.exec(text);
  if (!short) return text;
  const two = Number(short[1]);
  return fail(`Год из двух цифр («${plainSpaces(cell).trim()}»): укажите год полностью${two <= LAST_SHORT_YEAR ? `: ${2000 + two}` : ', четырьмя цифрами'}`);
}

/**
 * A year field given two years («2026/27», «2026-2027 уч. год»): a school year where one calendar
 * year is stored — read as a range of counts it would be told to write «how many there were».
 * Where the dataset says which of the two it means, the message names that year; the value is
 * not taken for it (the uploader may have meant the other). Null for anything else.
 */
function schoolYearForYear(cell: string, meant: NonNullable<FieldSpec['schoolYear']>): Parsed | null {
  const year = schoolYearOf(cell);
  if (!year?.second || year.start < 1990 || year.start > 2100) return null;
  if (!year.consecutive) return fail(`Два года «${year.text}» вместо одного: укажите один год`);
  const shown = `${year.start}/${String(year.start + 1).slice(2)}`;
  if (meant === 'ask') return fail(`Учебный год «${year.text}» вместо года: укажите один год`);
  const which = meant.take === 'first' ? year.start : year.start + 1;
  return fail(`Учебный год «${year.text}» вместо года: укажите один год — для ${shown} это ${which} (${meant.why})`);
}

/** One half-year: 2021-H1, «1 п/г 2021», «2021, 1 п/г», «I полугодие 2021». */
const HALF_YEAR = new RegExp(
  [
    String.raw`(\d{4})\s*-?\s*[HНhн]\s*([12])`,
    String.raw`([12]|II|I)\s*(?:п\/?г|п\.\s?г|полугодие)\.?\s*(\d{4})(?:\s*г(?:ода?|\.)?)?`,
    String.raw`(\d{4})\s*(?:г\.?)?\s*,?\s*([12]|II|I)\s*(?:п\/?г|п\.\s?г|полугодие)\.?`,
  ].join('|'),
  'giu',
);

/** «первое полугодие 2026», «1-е полугодие», «2026 (1)»: spelled as the two forms above read them. */
const HALF_YEAR_SPELLINGS: [RegExp, string][] = [
  [/(?:первое|1-?е)(\s+полугодие)/giu, '1$1'],
  [/(?:второе|2-?е)(\s+полугодие)/giu, '2$1'],
  [/(\d{4})\s*\(\s*([12])\s*\)/gu, '$1-H$2'],
];

function parseHalfYears(cell: Cell): Parsed {
  const text = HALF_YEAR_SPELLINGS.reduce((t, [spelling, as]) => t.replace(spelling, as), cellText(cell));
  const codes: string[] = [];
  for (const m of text.matchAll(HALF_YEAR)) {
    const [year, half] = m[1] ? [m[1], m[2]] : m[3] ? [m[4], m[3]] : [m[5], m[6]];
    codes.push(`${year}-H${half === '1' || half === 'I' ? 1 : 2}`);
  }
  const leftover = text.replace(HALF_YEAR, '').replace(/[\s,;]+/g, '');
  if (leftover !== '') return fail(`Не распознаны полугодия «${cellText(cell).trim()}»: пишите 2021-H1, 2021-H2 или «1 п/г 2021»`);
  if (codes.length === 0) return fail(MESSAGES.required);
  // A calendar plan runs three years: a half-year past the end of the third year from now is a
  // typo («2035» for «2025»), which would move the plan's end, and every KPI's outlook, there.
  const last = Number(localDay().slice(0, 4)) + PLAN_YEARS;
  const far = codes.find((code) => Number(code.slice(0, 4)) > last);
  if (far) return fail(`Полугодие ${far.replace(/^(\d{4})-H([12])$/, '$2 п/г $1')} ещё не скоро: план составляется на три года, здесь принимаются полугодия по 2 п/г ${last} — проверьте год`);
  return ok([...new Set(codes)].sort());
}

/** How many years a calendar plan runs. */
const PLAN_YEARS = 3;
