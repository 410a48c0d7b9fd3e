/**
 * Russian identifiers with control digits: СНИЛС (a person's insurance number) and ИНН (a
 * taxpayer number: 10 digits for an organization, 12 for a person or sole trader).
 * Each check says in Russian what is wrong, or returns the identifier's digits.
 */
export type Checked = { ok: true; digits: string } | { ok: false; message: string };

/** A text written the way a СНИЛС is: 123-456-789 01, 123 456 789 01 or 12345678901. */
const SNILS_LIKE = /^\d{3}([- ])\d{3}\1\d{3}[- ]?\d+$|^\d{11}$/;

export function looksLikeSnils(text: string): boolean {
  return SNILS_LIKE.test(text);
}

/** The control number of a СНИЛС's first nine digits, by the Pension Fund's rule. */
export function snilsControl(nine: string): number {
  const sum = [...nine].reduce((s, d, i) => s + Number(d) * (9 - i), 0);
  const rest = sum % 101;
  return rest === 100 ? 0 : rest;
}

/** Numbers up to 001-001-998 were issued before the control number existed. */
const SNILS_CHECKED_FROM = 1_001_998;

export function checkSnils(text: string): Checked {
  const digits = text.replace(/[- ]/g, '');
  if (!/^\d{11}$/.test(digits)) return { ok: false, message: 'СНИЛС состоит из 11 цифр: 123-456-789 01' };
  if (Number(digits.slice(0, 9)) > SNILS_CHECKED_FROM) {
    if (snilsControl(digits.slice(0, 9)) !== Number(digits.slice(9))) {
      return { ok: false, message: 'СНИЛС набран с ошибкой: не сходится контрольное число — проверьте цифры' };
    }
  }
  return { ok: true, digits };
}

/**
 * Nine or ten digits that are a valid СНИЛС once the zeros Excel dropped from its front are put
 * back (012-345-678 19 kept as the number 1234567819). Only a number whose control number is
 * really checked counts: the early ones without it would make any short id a СНИЛС.
 */
export function snilsWithoutLeadingZeros(digits: string): boolean {
  if (!/^\d{9,10}$/.test(digits)) return false;
  const whole = digits.padStart(11, '0');
  return Number(whole.slice(0, 9)) > SNILS_CHECKED_FROM && snilsControl(whole.slice(0, 9)) === Number(whole.slice(9));
}

/** The check digit of an ИНН's leading digits with the given weights. */
function innDigit(digits: string, weights: readonly number[]): number {
  return (weights.reduce((s, w, i) => s + w * Number(digits[i]), 0) % 11) % 10;
}

const W10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const W11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const W12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

/** An ИНН as text (leading zeros matter): 10 digits with one check digit, or 12 with two. */
export function checkInn(text: string): Checked {
  const digits = text.trim();
  if (!/^\d{10}$|^\d{12}$/.test(digits)) return { ok: false, message: 'ИНН состоит из 10 цифр (организация) или 12 цифр' };
  const valid = digits.length === 10
    ? innDigit(digits, W10) === Number(digits[9])
    : innDigit(digits, W11) === Number(digits[10]) && innDigit(digits, W12) === Number(digits[11]);
  return valid ? { ok: true, digits } : { ok: false, message: 'ИНН набран с ошибкой: не сходятся контрольные цифры — проверьте цифры' };
}

/** КПП: 9 characters, the 5th and 6th may be letters (A–Z) by the tax service's rules. */
export function checkKpp(text: string): Checked {
  const kpp = text.trim().toUpperCase();
  return /^\d{4}[\dA-Z]{2}\d{3}$/.test(kpp) ? { ok: true, digits: kpp } : { ok: false, message: 'КПП состоит из 9 знаков: 771301001' };
}

/** The check digit of an ОГРН's first 12 digits ((… mod 11) mod 10) or an ОГРНИП's first 14 ((… mod 13) mod 10). */
function ogrnDigit(body: string): number {
  return Number(BigInt(body) % (body.length === 12 ? 11n : 13n)) % 10;
}

/** ОГРН: 13 digits, the last a check digit; ОГРНИП: 15 digits. */
export function checkOgrn(text: string): Checked {
  const digits = text.trim();
  if (!/^\d{13}$|^\d{15}$/.test(digits)) return { ok: false, message: 'ОГРН состоит из 13 цифр' };
  return ogrnDigit(digits.slice(0, -1)) === Number(digits.at(-1)) ? { ok: true, digits } : { ok: false, message: 'ОГРН набран с ошибкой: не сходится контрольная цифра — проверьте цифры' };
}

/** A valid ИНН of an organization from its first nine digits (the demo region's). */
export function completeInn(nine: string): string {
  return nine + innDigit(nine, W10);
}

/** A valid ОГРН from its first twelve digits. */
export function completeOgrn(twelve: string): string {
  return twelve + ogrnDigit(twelve);
}
