/** Russian number and date formatting, shared by the dashboard, charts and exports. */
import type { KpiUnit } from './api.js';

const integer = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatInteger(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : integer.format(value);
}

/** 20.27 → «20,3 %» (a narrow no-break space before the sign, as Russian typography has it). */
export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${oneDecimal.format(value)}\u202f%`;
}

/** A mean or ratio: 4.26 → «4,3». */
export function formatAverage(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : oneDecimal.format(value);
}

// The same rounding as the Russian formats above (ICU's, on the shortest decimal form: 88.85 →
// 88.9, where 88.85 × 10 rounded in binary gives 88.8), as plain numbers.
const plainOneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, useGrouping: false });
const plainInteger = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0, useGrouping: false });

/** A value rounded exactly as formatValue shows it: a count whole, a percent or a mean to tenths. */
export function shownValue(value: number, unit: KpiUnit): number {
  return Number((unit === 'count' ? plainInteger : plainOneDecimal).format(value));
}

/** The change between two values as both are shown, so that it adds up on the screen: 88,9 − 87,5 = +1,4. */
export function shownChange(to: number, from: number, unit: KpiUnit): number {
  return shownValue(shownValue(to, unit) - shownValue(from, unit), unit);
}

/**
 * Whether a value meets its target as the value is shown (one decimal, a count whole): 2.96 % is
 * shown «3,0 %» and so meets a target of 3 %, never «3,0 % · не достигнута».
 */
export function meetsTarget(value: number, target: number, unit: KpiUnit): boolean {
  return shownValue(value, unit) >= target;
}

export function formatValue(value: number | null | undefined, unit: KpiUnit): string {
  return unit === 'percent' ? formatPercent(value) : unit === 'average' ? formatAverage(value) : formatInteger(value);
}

/** A change with its sign: «+1,2 п. п.» for percents, «+0,4» for averages, «+3» for counts. */
export function formatDelta(delta: number | null, unit: KpiUnit): string {
  if (delta === null) return '—';
  // The sign of what is shown: a change that rounds to zero is «±0,0», not «−0,0».
  const abs = shownValue(Math.abs(delta), unit);
  const sign = abs === 0 ? '±' : delta > 0 ? '+' : '−';
  if (unit === 'percent') return `${sign}${oneDecimal.format(abs)}\u00a0п.\u00a0п.`;
  return `${sign}${(unit === 'average' ? oneDecimal : integer).format(abs)}`;
}

/** '2026-06-30' + 10 → '2026-07-10': a calendar day some days on. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** '2023-05-15' → '15.05.2023'. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}.${m}.${y}`;
}

/**
 * The time zone times are given in: the region's, once the page knows it (the session says);
 * the server runs in it already. An official in Moscow reading a Vladivostok region's uploads
 * sees the times its files and slides give.
 */
let shownZone: string | undefined;
export function showTimesIn(zone: string): void {
  shownZone = zone;
}

/** An instant as «23.11.2026, 10:09» in the region's time zone. */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: shownZone });
}

/** Today's date in the region's time zone: '2026-12-01'. */
export function todayIso(now = new Date()): string {
  // Canada's locale writes dates as ISO does.
  return now.toLocaleDateString('en-CA', { timeZone: shownZone });
}

/** Russian plural: plural(5, ['площадка', 'площадки', 'площадок']) → 'площадок'. */
export function plural(n: number, forms: readonly [string, string, string]): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return forms[0];
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return forms[1];
  return forms[2];
}

/** «1 день», «3 дня», «12 дней». */
export const formatDays = (n: number) => `${formatInteger(n)} ${plural(n, ['день', 'дня', 'дней'])}`;

/** «через 3 дня», «сегодня», «5 дней назад»: a date's distance from today, in Russian. */
export function formatDaysFromToday(days: number): string {
  if (days === 0) return 'сегодня';
  const count = formatDays(Math.abs(days));
  return days > 0 ? `через ${count}` : `${count} назад`;
}

/** A label inside a sentence: «Выезд в ОО» → «выезд в ОО»; an abbreviation keeps its capitals («ОО — участник»). */
export function inSentence(label: string): string {
  return /^\p{Lu}\p{Lu}/u.test(label) ? label : label.charAt(0).toLocaleLowerCase('ru-RU') + label.slice(1);
}

/** «2022/23»: a school year by the year it starts in. */
export const schoolYearLabel = (year: number): string => `${year}/${String((year + 1) % 100).padStart(2, '0')}`;

/** '2026-H1' → «2026, 1 п/г»: a half-year as people name it (any other text as it is). */

export function halfYearLabel(code: string): string {
  const half = /^(\d{4})-H([12])$/.exec(code);
  return half ? `${half[1]}, ${half[2]} п/г` : code;
}

/**
 * The day a workbook's date cell shows. A day number is read as UTC midnight; a date written as
 * text without a zone (t="d") as midnight of the browser's zone, which east of UTC is the evening
 * before in UTC: that one is the local day.
 */
export function workbookDay(date: Date): string {
  const localMidnight = date.getHours() === 0 && date.getMinutes() === 0 && date.getSeconds() === 0 && date.getMilliseconds() === 0;
  if (!localMidnight || date.getTimezoneOffset() === 0) return date.toISOString().slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
