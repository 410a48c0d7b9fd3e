import { readFileSync } from 'node:fs';

const MIN_LENGTH = 10;
/** Shorter logins (only PLOSHCHADKI_ADMIN_LOGIN may be) turn up in passwords by chance. */
const MIN_LOGIN_IN_PASSWORD = 3;

/** Lower case without separators: «Qwerty-12345» is «qwerty12345» of the list. */
const normalize = (text: string) => text.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

let common: ReadonlySet<string> | null = null;

/** server/auth/common-passwords.txt, read at the first check: one password a line, # comments. */
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#')).map(normalize));
  return common;
}

/** What is wrong with a password on its own, in Russian; null when nothing. */
function strengthProblem(password: string): string | null {
  if (password.length < MIN_LENGTH) return `Пароль должен быть не короче ${MIN_LENGTH} символов`;
  if (/^(.{1,4})\1+$/su.test(password.toLowerCase())) {
    return 'Пароль не должен быть повтором одного символа или короткого сочетания (как «aaaa» или «a1a1»): придумайте несколько слов с цифрами';
  }
  if (!/\p{L}/u.test(password) || !/\p{N}/u.test(password)) return 'Пароль должен содержать буквы и цифры';
  if (commonPasswords().has(normalize(password))) {
    return 'Этот пароль — из списка самых распространённых, его подбирают первым: придумайте другой, например несколько слов с цифрами';
  }
  return null;
}

/**
 * Rules for a new password, in Russian; null when it is acceptable. A password may contain the
 * login (the demo ones do), but the login adds nothing an attacker does not know: without it the
 * password must still pass the rules.
 */
export function passwordProblem(password: string, login: string): string | null {
  const problem = strengthProblem(password);
  if (problem || login.length < MIN_LOGIN_IN_PASSWORD) return problem;
  const withoutLogin = password.toLowerCase().split(login.toLowerCase()).join('');
  if (withoutLogin.length < password.length && strengthProblem(withoutLogin)) {
    return `Пароль не должен строиться на логине «${login}»: и без него пароль должен быть не короче ${MIN_LENGTH} символов, `
      + 'с буквами и цифрами и не из списка распространённых — допишите слова или придумайте другой';
  }
  return null;
}
