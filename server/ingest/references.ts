/**
 * The keys an upload's rows may refer to, and how a cell finds its key: the code itself; for
 * districts and directions also the name; a code typed with look-alike letters of the other
 * alphabet (Р/P, С/C, О/O, Е/E …), in another case or with spaces is matched when it stands for
 * one key only, and the match is reported. A cell that finds nothing gets the closest codes the
 * uploader may use as suggestions.
 */
import { normaliseHeader, type RefTable } from '../../web/src/lib/shared/datasets.js';
import type { Queries } from '../db/queries.js';

export interface Key {
  code: string;
  /** The record's name (a district's, a site's title …). */
  name: string | null;
  /** The district the record belongs to (organizations, sites, events, resources). */
  district: string | null;
  /** An organization's full name beside its short one. */
  fullName?: string | null;
  /** An organization's ИНН and КПП (a branch has its parent's ИНН and a КПП of its own). */
  inn?: string | null;
  kpp?: string | null;
}

/**
 * `named`: the cell is the name of the suggested records, typed where their code belongs; `inn`:
 * their ИНН; `several`: the cell holds that many codes, the suggestions.
 */
export type Resolved =
  | { code: string; respelled: boolean }
  | { code: null; suggestions: Key[]; named?: boolean; inn?: boolean; several?: number };

/** Cyrillic letters that look like Latin ones, as the Latin letter. */
const LOOKALIKES: Record<string, string> = {
  А: 'A', В: 'B', Е: 'E', Ё: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X',
  а: 'a', е: 'e', ё: 'e', к: 'k', м: 'm', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
};

/** A text with look-alike Cyrillic letters as Latin ones, in upper case: «Т0015» and «t0015» are «T0015». */
export function lookalikeKey(text: string): string {
  return [...text].map((ch) => LOOKALIKES[ch] ?? ch).join('').toUpperCase();
}

/** The Cyrillic letters of a text that look like Latin ones («Р» of «SР1»), each once: what a note names, since the eye cannot see them. */
export function cyrillicLookalikes(text: string): string[] {
  return [...new Set([...text].filter((ch) => ch in LOOKALIKES))];
}

/** A text with each look-alike letter in the other alphabet, case kept (SQL): «Т0015» for «T0015» and back. */
export function otherAlphabetSql(text: string): string {
  const pairs = Object.entries(LOOKALIKES).filter(([cyrillic]) => !/ё/i.test(cyrillic));
  const [cyrillic, latin] = [pairs.map(([c]) => c).join(''), pairs.map(([, l]) => l).join('')];
  return `translate(${text}, '${cyrillic}${latin}', '${latin}${cyrillic}')`;
}

/** lookalikeKey in SQL (DuckDB). */
export function lookalikeSql(text: string): string {
  return `upper(translate(${text}, '${Object.keys(LOOKALIKES).join('')}', '${Object.values(LOOKALIKES).join('')}'))`;
}

/**
 * Where two spellings of a code differ by letters of the other alphabet that look alike, which
 * (SQL, DuckDB): «в файле буква «K» латинская, в базе — русская «К»» (`where` the other spelling
 * is), '' when they do not. On the
 * screen «K5-01» and «К5-01» are one code: only this tells the uploader what to retype. Letters
 * are paired in order, digits and signs aside (the spellings may differ in zeros or hyphens too).
 */
export function lookalikeLettersSql(file: string, stored: string, where = 'в базе'): string {
  const letters = (text: string) => `regexp_extract_all(${text}, '\\p{L}')`;
  const latin = (ch: string) => `regexp_full_match(${ch}, '[A-Za-z]')`;
  const alphabet = (ch: string) => `CASE WHEN ${latin(ch)} THEN 'латинская' ELSE 'русская' END`;
  const differing = `[p FOR p IN list_zip(${letters(file)}, ${letters(stored)})
    IF ${latin('p[1]')} <> ${latin('p[2]')} AND ${lookalikeSql('p[1]')} = ${lookalikeSql('p[2]')}]`;
  // Each pair once, in the order of the code (list_distinct's order is no order).
  const pairs = `list_filter(${differing}, (p, i) -> list_position(${differing}, p) = i)`;
  const named = `[concat('буква «', p[1], '» ', ${alphabet('p[1]')}, ', ${where} — ', ${alphabet('p[2]')}, ' «', p[2], '»') FOR p IN ${pairs}]`;
  return `CASE WHEN len(${letters(file)}) = len(${letters(stored)}) AND len(${pairs}) > 0
    THEN 'в файле ' || array_to_string(${named}, '; ') ELSE '' END`;
}

/**
 * A code as compared loosely: look-alikes as Latin, upper case, no spaces, hyphens or dashes
 * beside a letter («EV00001» and «EV 00001» for «EV-00001»; Word's dashes too) — between two
 * digits they part numbers («1-12» and «11-2» are two codes) and are one hyphen —, no quotes
 * (autocorrect's «KB-04», “KB-01”) and no dot at the end (a list's «KB-03.»), the letter O typed
 * for a zero among digits («O5O1»), and each number in it without its leading zeros (Excel drops
 * them from a number cell: «007» becomes 7; two people number one list «К5-2» and «К5-02»).
 */
export function looseCode(text: string): string {
  const parted = lookalikeKey(text).replace(/[\s\-\u2010-\u2015\u2212]+/g, (separator, at: number, whole: string) =>
    (/\d/.test(whole[at - 1] ?? '') && /\d/.test(whole[at + separator.length] ?? '') ? '-' : ''));
  const loose = parted.replace(/["'«»“”„‘’]/g, '').replace(/\.+$/, '');
  // Digits with the letter O among them («O5O1») are digits: the letter typed for a zero.
  const digits = /^[\dO]+$/.test(loose) && /\d/.test(loose) ? loose.replace(/O/g, '0') : loose;
  return withoutLeadingZeros(digits);
}

/** Each number of a text without its leading zeros: «K5-02» as «K5-2», «007» as «7» (a lone «0» stays). */
const withoutLeadingZeros = (text: string) => text.replace(/(^|\D)0+(?=\d)/g, '$1');

/**
 * looseCode in SQL (DuckDB), for the checks that compare a file's codes with stored ones and with
 * each other: built from the same look-alikes, so that what a reference matches loosely and what
 * a record's own code may not differ from by are the same. Spaces of every kind go, as JavaScript's
 * \s takes them.
 */
export function looseSql(code: string): string {
  // Separators between digits marked (twice: a match takes the digit after it, «1-2-3»), the rest
  // dropped, the marks made hyphens.
  const separator = '[\\s\\p{Z}\\x{000b}\\x{feff}\\x{2010}-\\x{2015}\\x{2212}-]+';
  const mark = 'chr(57344)';
  const markOnce = (text: string) => `regexp_replace(${text}, '([0-9])${separator}([0-9])', '\\1' || ${mark} || '\\2', 'g')`;
  const parted = `replace(regexp_replace(${markOnce(markOnce(code))}, '${separator}', '', 'g'), ${mark}, '-')`;
  const unquoted = `regexp_replace(${parted}, '[\\x{0022}\\x{0027}\\x{00ab}\\x{00bb}\\x{201c}\\x{201d}\\x{201e}\\x{2018}\\x{2019}]', '', 'g')`;
  const lookalike = lookalikeSql(`regexp_replace(${unquoted}, '\\.+$', '')`);
  const key = `CASE WHEN regexp_full_match(${lookalike}, '[0-9O]+') AND regexp_matches(${lookalike}, '[0-9]') THEN replace(${lookalike}, 'O', '0') ELSE ${lookalike} END`;
  return numbersWithoutLeadingZerosSql(key);
}

/** withoutLeadingZeros in SQL: each number of a text without its leading zeros. */
function numbersWithoutLeadingZerosSql(text: string): string {
  return `regexp_replace(${text}, '(^|[^0-9])0+([0-9])', '\\1\\2', 'g')`;
}

/** A text of digits without its leading zeros, any other text as it is (SQL): Excel drops them from a number cell. */
export function withoutLeadingZerosSql(text: string): string {
  return `CASE WHEN regexp_full_match(${text}, '[0-9]+') THEN regexp_replace(${text}, '^0+([0-9])', '\\1') ELSE ${text} END`;
}

/**
 * Words naming the kind of a district (and their abbreviations: МР — муниципальный район, ГО —
 * городской округ, МО — муниципальное образование), left out when names are compared.
 */
export const DISTRICT_WORDS = new Set(['район', 'р', 'н', 'рн', 'муниципальный', 'муниципальное', 'образование', 'мо', 'мр', 'городской', 'округ', 'го', 'г', 'о', 'городское', 'поселение']);

/** A district's name without the words of its kind: «Северный р-н» and «Северный район» are «северный». */
function bareName(text: string): string {
  return normaliseHeader(text).split(' ').filter((w) => !DISTRICT_WORDS.has(w)).join(' ');
}

/** The kind of district a name says it is («р-н», «МР»: район; «г.о.»: городской округ), or null. */
function districtKind(text: string): 'район' | 'городской округ' | 'муниципальный округ' | null {
  const words = new Set(normaliseHeader(text).split(' '));
  if (words.has('район') || words.has('рн') || words.has('мр') || (words.has('р') && words.has('н'))) return 'район';
  if ((words.has('городской') && words.has('округ')) || words.has('го') || (words.has('г') && words.has('о'))) return 'городской округ';
  if (words.has('муниципальный') && words.has('округ')) return 'муниципальный округ';
  return null;
}

/** The keys whose name, without the words of a district's kind, is `bare`. */
function namedBare(table: Map<string, Key>, bare: string): Key[] {
  return bare === '' ? [] : [...table.values()].filter((key) => key.name !== null && bareName(key.name) === bare);
}

/** A word of a district's kind in any case ending: «района», «округа», «муниципального». */
function isKindWord(word: string): boolean {
  return DISTRICT_WORDS.has(word) || /^(?:район|округ|муниципальн|городск|образовани|поселени)/.test(word);
}

/** Two words of one stem, their case endings aside: «красносельского» and «красносельский». */
function sameWord(a: string, b: string): boolean {
  if (/^\d+$/.test(a) || /^\d+$/.test(b)) return a === b;
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return common >= 3 && common >= Math.min(a.length, b.length) - 3;
}

/** Edit distance of two short texts (codes), at most `limit` + 1. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    if (Math.min(...current) > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}

/** The edit distance of a text to another when small for its length (a typo), else Infinity. */
function near(text: string, other: string): number {
  const limit = Math.max(1, Math.floor(text.length / 4));
  const d = distance(text, other, limit);
  return d <= limit ? d : Infinity;
}

const SUGGESTIONS = 3;

export class References {
  private readonly loose = new Map<RefTable, Map<string, string[]>>();
  /** Records by their names as compared (normaliseHeader): short and full. */
  private readonly byName = new Map<RefTable, Map<string, Key[]>>();

  private constructor(private readonly keys: Map<RefTable, Map<string, Key>>) {
    for (const [ref, table] of keys) {
      const index = new Map<string, string[]>();
      const names = new Map<string, Key[]>();
      for (const [code, key] of table) {
        const loose = looseCode(code);
        index.set(loose, [...(index.get(loose) ?? []), code]);
        for (const name of new Set([key.name, key.fullName].filter((n) => n).map((n) => normaliseHeader(n!)))) {
          names.set(name, [...(names.get(name) ?? []), key]);
        }
      }
      this.loose.set(ref, index);
      this.byName.set(ref, names);
    }
  }

  static async load(queries: Queries): Promise<References> {
    const keys = new Map<RefTable, Map<string, Key>>();
    const rows = await queries.run<{ ref: RefTable; code: string; extra: string | null; full_name: string | null; district: string | null; inn: string | null; kpp: string | null }>('reference_keys');
    for (const { ref, code, extra, full_name: fullName, district, inn, kpp } of rows) {
      if (!keys.has(ref)) keys.set(ref, new Map());
      keys.get(ref)!.set(code, { code, name: extra, district, fullName, inn, kpp });
    }
    return new References(keys);
  }

  /** A district's name (its code when unknown): messages name districts, never their codes. */
  districtName(code: string): string {
    return this.keys.get('districts')?.get(code)?.name ?? code;
  }

  /**
   * The key a cell refers to. `allowed`: the uploader's districts (null: all), which limit the
   * suggestions for a cell that finds nothing; `suggest: false` looks for none (they take a
   * search of the whole list).
   */
  resolve(ref: RefTable, value: string, allowed: readonly string[] | null, suggest = true): Resolved {
    const table = this.keys.get(ref) ?? new Map<string, Key>();
    if (table.has(value)) return { code: value, respelled: false };
    const withName = this.byName.get(ref)?.get(normaliseHeader(value)) ?? [];
    // «Северный р-н», «Северный», «Верхнедольск г.о.»: a district by its name without its kind.
    const bare = ref === 'districts' || ref === 'directions' ? namedBare(table, bareName(value)) : [];
    if (ref === 'districts' || ref === 'directions') {
      // Names are unique in these lists (the imports refuse a second one).
      if (withName.length > 0) return { code: withName[0].code, respelled: false };
      if (bare.length === 1) return { code: bare[0].code, respelled: false };
      // A district and an okrug of one name: the kind the cell names («р-н» is the district's).
      const kind = districtKind(value);
      const ofKind = kind === null ? [] : bare.filter((key) => districtKind(key.name!) === kind);
      if (ofKind.length === 1) return { code: ofKind[0].code, respelled: false };
    }
    const loose = looseCode(value);
    const same = this.loose.get(ref)?.get(loose) ?? [];
    if (same.length === 1) return { code: same[0], respelled: true };
    // A site's or an organization's name typed where its code belongs: its code is what to write
    // (any district's: a code she may write, unlike a guess at a mistyped one).
    if (withName.length > 0) return { code: null, suggestions: withName.slice(0, SUGGESTIONS), named: true };
    // An organization's ИНН typed where its code belongs: the code of the one with that ИНН (its
    // branches share it: each is named, with its КПП).
    const digits = value.replace(/\s/g, '');
    const withInn = ref === 'organizations' && /^\d{10}(?:\d{2})?$/.test(digits) ? [...table.values()].filter((key) => key.inn === digits) : [];
    if (withInn.length > 0) return { code: null, suggestions: withInn, inn: true };
    // A name with its district's words after it: «МБОУ СОШ № 1 Красносельского района».
    const inDistrict = ref === 'organizations' ? this.namedInDistrict(value) : [];
    if (inDistrict.length > 0) return { code: null, suggestions: inDistrict.slice(0, SUGGESTIONS), named: true };
    // «ORG0084; ORG0085»: codes of two records, where a row takes one (numbers apart by a space
    // alone, «12 345», may be one number).
    const listed = value.split(/\s*[,;\r\n]+\s*/).filter((part) => part !== '');
    const parts = listed.length > 1 ? listed : /\D/.test(value.replace(/\s/g, '')) ? value.trim().split(/\s+/) : [];
    const several = [...new Set(parts.map((part) => (table.has(part) ? [part] : this.loose.get(ref)?.get(looseCode(part)) ?? [])).map((codes) => (codes.length === 1 ? codes[0] : null)))];
    if (parts.length > 1 && several.length === parts.length && !several.includes(null)) {
      return { code: null, suggestions: several.map((code) => table.get(code!)!), several: several.length };
    }
    if (!suggest) return { code: null, suggestions: [] };
    const named = ref === 'districts' || ref === 'directions' ? normaliseHeader(value) : null;
    const suggestions = [...bare, ...this.startingWith(ref, table, value, named !== null), ...this.withWords(ref, value), ...this.closest(table, loose, named, allowed)]
      .filter((key, i, all) => all.indexOf(key) === i && this.mayUse(key, allowed));
    return { code: null, suggestions: suggestions.slice(0, SUGGESTIONS) };
  }

  /**
   * A name typed as people type it («Лицей № 2», «лицей 1 красносельский», «МБОУ СОШ №1»): the
   * keys whose name holds each of its words — a number as it is, a word by its stem (its case
   * endings aside: «красносельский» is in «Красносельского района»). Only for two words or more,
   * and for the records people name by hand: schools and sites (not a file's thousands of events).
   */
  private withWords(ref: RefTable, value: string): Key[] {
    const words = normaliseHeader(value).split(' ');
    if (words.length < 2 || (ref !== 'organizations' && ref !== 'sites')) return [];
    const stems = words.map((w) => (/^\d+$/.test(w) ? w : w.slice(0, Math.max(3, w.length - 2))));
    const found: Key[] = [];
    for (const [name, keys] of this.byName.get(ref) ?? []) {
      const own = name.split(' ');
      if (stems.every((stem, i) => own.some((w) => (/^\d+$/.test(words[i]) ? w === stem : w.startsWith(stem))))) found.push(...keys);
    }
    return found;
  }

  /**
   * The organizations a cell names by a name of theirs followed by their district's name
   * («МБОУ СОШ № 1 Красносельского района», «… Красносельский р-н»): the name as compared
   * (normaliseHeader: case, ё, quotes, «№» and spaces aside), the district's words in any case ending.
   */
  private namedInDistrict(value: string): Key[] {
    const words = normaliseHeader(value).split(' ');
    for (let n = words.length - 1; n > 0; n--) {
      const keys = this.byName.get('organizations')?.get(words.slice(0, n).join(' ')) ?? [];
      const rest = words.slice(n).filter((w) => !isKindWord(w));
      if (rest.length === 0) continue;
      const found = keys.filter((key) => {
        const district = key.district === null ? [] : bareName(this.districtName(key.district)).split(' ');
        return rest.every((w) => district.some((d) => sameWord(w, d)));
      });
      if (found.length > 0) return found;
    }
    return [];
  }

  /** Whether the uploader may refer to a key (`allowed`: her districts, null for all). */
  private mayUse(key: Key, allowed: readonly string[] | null): boolean {
    return !allowed || key.district === null || allowed.includes(key.district);
  }

  /**
   * The keys a cell starts with, followed by more: a code with the name after it («SP1 (Площадка
   * один)», «SP1, Площадка один»), a district's name with a remark («Северный район (бывш. …)»);
   * for lists people name, also the keys whose name starts with the cell's words.
   */
  private startingWith(ref: RefTable, table: Map<string, Key>, value: string, byName: boolean): Key[] {
    const found: Key[] = [];
    for (const boundary of value.matchAll(/[\s([,;:«"—–]/g)) {
      const head = value.slice(0, boundary.index).trim();
      const codes = table.has(head) ? [head] : this.loose.get(ref)?.get(looseCode(head)) ?? [];
      found.push(...codes.map((code) => table.get(code)!));
    }
    if (byName) {
      // The first words of a longer name («Наставничество» for «Наставничество в образовании»).
      const wanted = normaliseHeader(value);
      found.push(...[...table.values()].filter((key) => key.name !== null && normaliseHeader(key.name).startsWith(`${wanted} `)));
      const words = wanted.split(' ');
      for (let n = words.length - 1; n > 0; n--) {
        found.push(...namedBare(table, bareName(words.slice(0, n).join(' '))));
      }
    }
    return found;
  }

  /** The keys nearest to a code (or, for lists people name, to a name), the uploader's own. */
  private closest(table: Map<string, Key>, loose: string, name: string | null, allowed: readonly string[] | null): Key[] {
    const found: { key: Key; d: number }[] = [];
    for (const key of table.values()) {
      if (!this.mayUse(key, allowed)) continue;
      const d = Math.min(near(loose, looseCode(key.code)), name !== null && key.name !== null ? near(name, normaliseHeader(key.name)) : Infinity);
      if (d !== Infinity) found.push({ key, d });
    }
    return found.sort((a, b) => a.d - b.d || a.key.code.localeCompare(b.key.code)).slice(0, SUGGESTIONS).map((f) => f.key);
  }
}

/**
 * «Возможно, имелось в виду «SP1» (Площадка один)» for a cell that refers to nothing; lists people
 * name (districts, directions) are suggested by name alone.
 */
export function suggestionText(suggestions: Key[], byName: boolean): string {
  if (suggestions.length === 0) return '';
  const named = suggestions.map((s) => (byName && s.name ? `«${s.name}»` : s.name && s.name !== s.code ? `«${s.code}» (${s.name})` : `«${s.code}»`));
  return `. Возможно, имелось в виду ${named.join(' или ')}`;
}
