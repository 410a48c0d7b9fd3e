import type { FieldSpec, FieldType } from '../../web/src/lib/shared/datasets.js';
import { normaliseHeader } from '../../web/src/lib/shared/datasets.js';
import { checkInn, checkKpp, checkOgrn, checkSnils, looksLikeSnils, type Checked } from '../persons/identifiers.js';
import type { Identity } from '../persons/pseudonyms.js';

/** A cell as a reader gives it: CSV gives strings, XLSX also numbers, booleans and dates. */
export type Cell = string | number | boolean | Date | null | undefined;

/** A parsed value as stored: text, number, boolean, 'YYYY-MM-DD', a list of half-year codes. */
export type Value = string | number | boolean | string[] | null;

export type Parsed = { ok: true; value: Value } | { ok: false; message: string };

/** Messages and limits the SQL checks of text share with the parsers. */
export const MESSAGES = {
  required: 'Обязательное поле не заполнено',
  tooLong: (max: number) => `Слишком длинное значение (больше ${max} символов)`,
  codeLineBreak: 'Код не может содержать перенос строки',
  maxText: 2000,
  maxCode: 100,
};

const ok = (value: Value): Parsed => ({ ok: true, value });
const fail = (message: string): Parsed => ({ ok: false, message });

export function isEmpty(cell: Cell): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** The cell as the user sees it, for error messages. */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? String(cell) : isoDate(cell);
  return String(cell);
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A cell as the text the checks read. XLSX gives typed cells: a date cell becomes yyyy-mm-dd,
 * and a number in a date column is an Excel serial day; CSV cells are text already.
 */
export function cellAsText(cell: Cell, type: FieldType | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number' && type === 'date' && Number.isInteger(Math.floor(cell)) && cell >= 1 && cell <= 100_000) {
    return isoDate(new Date(EXCEL_EPOCH + Math.floor(cell) * 86_400_000));
  }
  return cellText(cell);
}

/** Turns one cell into the field's type, or says in Russian why it cannot. */
export function parseCell(field: FieldSpec, cell: string | null): Parsed {
  if (cell === null || isEmpty(cell)) return field.required ? fail(MESSAGES.required) : ok(null);
  switch (field.type) {
    case 'text':
      return parseText(cell, MESSAGES.maxText);
    case 'code':
      return parseCode(cell);
    case 'person':
      return parsePerson(cell, field.snilsOnly === true);
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
    case 'integer':
      return parseInteger(cell, field.min, field.max);
    case 'date':
      return parseDate(cell, field.monthEnough === true);
    case 'boolean':
      return parseBoolean(cell);
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

/** An identifier: text of one line. */
function parseCode(cell: string): Parsed {
  const text = parseText(cell, MESSAGES.maxCode);
  return text.ok && /[\r\n]/.test(text.value as string) ? fail(MESSAGES.codeLineBreak) : text;
}

/** Spaces of every kind (no-break, thin) as plain ones. */
const plainSpaces = (text: string) => text.replace(/[\u00a0\u2007\u202f\u2009\u200a]/g, ' ');

const AS_TEXT = 'сделайте столбец текстовым (Формат ячеек → Текстовый), введите номера заново и сохраните файл снова';
/** What Excel leaves of a number typed into a general cell. */
const EXCEL_DAMAGE: { pattern: RegExp; message: string }[] = [
  { pattern: /^\d+(?:[.,]\d+)?e[+-]?\d+$/i, message: `Номер испорчен Excel: записан в экспоненциальной форме и потерял цифры — ${AS_TEXT}` },
  { pattern: /^\d+[.,]0+$/, message: `Номер записан числом с дробной частью («,0»): Excel хранил его числом — ${AS_TEXT}` },
];

/**
 * A teacher's cell as an Identity. A СНИЛС column (snilsOnly) takes only valid СНИЛС: a damaged
 * one would merge two people or split one. In a column of source ids a text written as a СНИЛС
 * must be a valid one too; any other text is the source system's id. What Excel made of a
 * number is never an id.
 */
function parsePerson(cell: string, snilsOnly: boolean): Parsed {
  const code = parseCode(plainSpaces(cell));
  if (!code.ok) return code;
  const id = code.value as string;
  const damage = EXCEL_DAMAGE.find((d) => d.pattern.test(id));
  if (damage) return fail(damage.message);
  if (snilsOnly || looksLikeSnils(id)) {
    const digits = id.replace(/[\s-]/g, '');
    if (/^\d{9,10}$/.test(digits)) {
      return fail(`В СНИЛС ${digits.length} цифр вместо 11: Excel убрал ведущие нули — ${AS_TEXT}`);
    }
    const snils = checkSnils(id);
    return snils.ok ? ok(`snils:${snils.digits}` satisfies Identity) : fail(snils.message);
  }
  return ok(`source:${id}` satisfies Identity);
}

/**
 * ИНН, КПП, ОГРН: digits as text. A number one digit short is what Excel leaves of a number
 * cell with a leading zero — said so, since the fix is in the spreadsheet.
 */
function parseIdentifier(cell: string, check: (text: string) => Checked, name: string): Parsed {
  const text = cell.trim().replace(/\s/g, '');
  const checked = check(text);
  if (checked.ok) return ok(checked.digits);
  if (/^\d+$/.test(text) && check(`0${text}`).ok) {
    return fail(`${name} без ведущего нуля: похоже, Excel хранил его числом — сделайте столбец текстовым и введите ${name} полностью`);
  }
  return fail(checked.message);
}

function parseEmail(cell: string): Parsed {
  const text = cell.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) && text.length <= 254 ? ok(text) : fail('Ожидается адрес электронной почты: name@school.ru');
}

/** A web address as the catalogue links to it: only http(s), the scheme added when the cell has none. */
function parseUrl(cell: string): Parsed {
  const text = cell.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(withScheme);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.') && !/\s/.test(text)) return ok(url.href);
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

/** '1 234', '1 234' (nbsp), '12,0' → numbers; thousands separators are spaces of any kind. */
export function parseNumber(cell: string): number | null {
  const text = cell.trim().replace(/[\s\u00a0\u202f']/g, '').replace(',', '.');
  return /^[-+]?\d+(\.\d+)?$/.test(text) ? Number(text) : null;
}

function parseInteger(cell: string, min = -Infinity, max = Infinity): Parsed {
  const n = parseNumber(cell);
  if (n === null || !Number.isInteger(n)) return fail('Ожидается целое число');
  if (n < min) return fail(`Число меньше допустимого (${min})`);
  if (n > max) return fail(`Число больше допустимого (${max})`);
  return ok(n);
}

const TIME = String.raw`(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?`;
/** 10.10.2022, 3.10.22, 01/09/2022 0:00 (a two-digit year is 20yy). */
const DMY = new RegExp(String.raw`^(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})${TIME}$`);
const YMD = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;
/** Russian month names by their stems, in nominative, genitive and short forms. */
const MONTHS: [RegExp, number][] = [
  [/^янв/, 1], [/^фев/, 2], [/^мар/, 3], [/^апр/, 4], [/^ма[йя]$/, 5], [/^июн/, 6],
  [/^июл/, 7], [/^авг/, 8], [/^сен/, 9], [/^окт/, 10], [/^ноя/, 11], [/^дек/, 12],
];
const monthOf = (word: string) => MONTHS.find(([stem]) => stem.test(word.toLowerCase().replace(/\.$/, '')))?.[1];
/** «10 октября 2022», «сентябрь 2022», «09.2022». */
const DAY_MONTH_NAME = /^(\d{1,2})\s+([а-яё]+\.?)\s+(\d{4})$/i;
const MONTH_NAME = /^([а-яё]+\.?)\s+(\d{4})$/i;
const MONTH_YEAR = /^(\d{1,2})[./](\d{4})$/;
const MONTH_ONLY = 'Нужна дата: число, месяц и год (ДД.ММ.ГГГГ) — здесь одного месяца мало';

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function dateFromParts(year: number, month: number, day: number): Parsed {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return fail('Такой даты не существует');
  }
  if (year < 1990 || year > 2100) return fail('Год вне допустимого диапазона (1990–2100)');
  return ok(isoDate(date));
}

/**
 * dd.mm.yyyy (also dd.mm.yy, «г.» after it, a time of day as Excel may add), yyyy-mm-dd, or
 * «10 октября 2022». Where a month is enough, «сентябрь 2022» and 09.2022 are its first day.
 */
export function parseDate(cell: Cell, monthEnough = false): Parsed {
  const text = plainSpaces(cellText(cell)).trim().replace(/\s*(?:г\.?|года)$/i, '').replace(/\s+/g, ' ');
  const dmy = DMY.exec(text);
  if (dmy) return dateFromParts(dmy[3].length === 2 ? 2000 + Number(dmy[3]) : Number(dmy[3]), Number(dmy[2]), Number(dmy[1]));
  const ymd = YMD.exec(text);
  if (ymd) return dateFromParts(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
  const named = DAY_MONTH_NAME.exec(text);
  if (named && monthOf(named[2])) return dateFromParts(Number(named[3]), monthOf(named[2])!, Number(named[1]));
  const month = MONTH_NAME.exec(text);
  const numeric = MONTH_YEAR.exec(text);
  if ((month && monthOf(month[1])) || numeric) {
    if (!monthEnough) return fail(MONTH_ONLY);
    return month ? dateFromParts(Number(month[2]), monthOf(month[1])!, 1) : dateFromParts(Number(numeric![2]), Number(numeric![1]), 1);
  }
  return fail('Ожидается дата в виде ДД.ММ.ГГГГ или ГГГГ-ММ-ДД');
}

const TRUE = new Set(['да', 'д', 'yes', 'y', 'true', '1', '+', 'истина', 'есть', 'выдан', 'прошёл', 'прошел', '✓', '✔', '☑', '√', 'v']);
const FALSE = new Set(['нет', 'н', 'no', 'n', 'false', '0', '-', '—', '–', 'ложь', 'не выдан', '✗', '✘', '☐']);

function parseBoolean(cell: Cell): Parsed {
  const text = cellText(cell).trim().toLowerCase();
  if (TRUE.has(text)) return ok(true);
  if (FALSE.has(text)) return ok(false);
  return fail('Ожидается «да» или «нет» (также 1/0, true/false)');
}

function parseEnum(cell: Cell, field: FieldSpec): Parsed {
  const text = normaliseHeader(cellText(cell));
  const values = field.values ?? {};
  for (const [code, label] of Object.entries(values)) {
    if (text === normaliseHeader(code) || text === normaliseHeader(label)) return ok(code);
  }
  for (const [spelling, code] of Object.entries(field.synonyms ?? {})) {
    if (text === normaliseHeader(spelling)) return ok(code);
  }
  return fail(`Недопустимое значение; допустимые: ${Object.values(values).join(', ')}`);
}

const SCHOOL_YEAR = /^(\d{4})(?:\s*[/-]\s*(\d{2}|\d{4}))?$/;

function parseSchoolYear(cell: Cell): Parsed {
  const match = SCHOOL_YEAR.exec(cellText(cell).trim());
  if (!match) return fail('Ожидается учебный год вида 2022/23');
  const start = Number(match[1]);
  if (match[2] !== undefined) {
    const end = Number(match[2]);
    if ((match[2].length === 2 ? (start + 1) % 100 : start + 1) !== end) return fail('Годы учебного года должны идти подряд (2022/23)');
  }
  if (start < 1990 || start > 2100) return fail('Год вне допустимого диапазона (1990–2100)');
  return ok(start);
}

/** One half-year: 2021-H1, «1 п/г 2021», «2021, 1 п/г», «I полугодие 2021». */
const HALF_YEAR = new RegExp(
  [
    String.raw`(\d{4})\s*-?\s*[HНhн]\s*([12])`,
    String.raw`([12]|II|I)\s*(?:п\/?г|полугодие)\.?\s*(\d{4})(?:\s*г\.?)?`,
    String.raw`(\d{4})\s*(?:г\.?)?\s*,?\s*([12]|II|I)\s*(?:п\/?г|полугодие)\.?`,
  ].join('|'),
  'giu',
);

function parseHalfYears(cell: Cell): Parsed {
  const text = cellText(cell);
  const codes: string[] = [];
  for (const m of text.matchAll(HALF_YEAR)) {
    const [year, half] = m[1] ? [m[1], m[2]] : m[3] ? [m[4], m[3]] : [m[5], m[6]];
    codes.push(`${year}-H${half === '1' || half === 'I' ? 1 : 2}`);
  }
  const leftover = text.replace(HALF_YEAR, '').replace(/[\s,;]+/g, '');
  if (leftover !== '') return fail(`Не распознаны полугодия «${text.trim()}»: пишите 2021-H1, 2021-H2 или «1 п/г 2021»`);
  if (codes.length === 0) return fail(MESSAGES.required);
  return ok([...new Set(codes)].sort());
}
