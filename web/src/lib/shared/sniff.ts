/**
 * What an uploaded file is, from its first bytes: CSV in a known encoding, XLSX, or something to
 * refuse with a Russian reason. Runs in the browser (preview) and on the server (import) alike,
 * so both read a file the same way.
 */
export type TextEncoding = 'utf-8' | 'windows-1251' | 'utf-16le';

export type Sniffed =
  | { kind: 'csv'; encoding: TextEncoding; bomLength: number }
  | { kind: 'xlsx' }
  | { kind: 'rejected'; reason: string };

/** How many bytes of the head the checks look at. */
export const SNIFF_BYTES = 64 * 1024;

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

export function sniff(head: Uint8Array): Sniffed {
  if (head.length === 0) return { kind: 'rejected', reason: 'Файл пуст.' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'xlsx' };
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) {
    return { kind: 'rejected', reason: 'Старый формат Excel (.xls) не поддерживается: сохраните файл как «Книга Excel (.xlsx)» или «CSV (разделители — точка с запятой)».' };
  }
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return { kind: 'rejected', reason: 'Это PDF, а нужен CSV или XLSX.' };
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return checkText(head, 'utf-8', 3);
  if (startsWith(head, [0xff, 0xfe])) return checkText(head, 'utf-16le', 2);
  if (head.includes(0)) return { kind: 'rejected', reason: 'Файл не похож на CSV или XLSX: в нём двоичные данные.' };
  if (isUtf8(head)) return checkText(head, 'utf-8', 0);
  return checkText(head, 'windows-1251', 0);
}

/** Valid UTF-8, allowing the sample to end in the middle of a character. */
function isUtf8(bytes: Uint8Array): boolean {
  let end = bytes.length;
  // Step back over a possibly cut multi-byte character at the end of the sample.
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = bytes[end - i];
    if ((b & 0xc0) === 0xc0) {
      end -= i;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

const CYRILLIC = /[А-яЁё]/g;
const CYRILLIC_UPPER = /[А-ЯЁ]/g;
/** UTF-8 Russian that went through Windows-1251 once too often: «РЎРћРЁ», «Р°Р»». */
const DOUBLE_ENCODED = /[РС][\u00a0-\u00bf\u0402-\u040f\u0452-\u045f\u2018-\u203a]/g;
/** UTF-8 Russian read as Latin-1: «Ð¡Ð¾». */
const LATIN1_MOJIBAKE = /[ÐÑ][\u0080-\u00bf]/g;

function checkText(head: Uint8Array, encoding: TextEncoding, bomLength: number): Sniffed {
  const text = new TextDecoder(encoding).decode(head.subarray(bomLength));
  const broken = (text.match(DOUBLE_ENCODED)?.length ?? 0) + (text.match(LATIN1_MOJIBAKE)?.length ?? 0);
  if (broken >= 3) {
    return { kind: 'rejected', reason: 'Текст файла уже испорчен перекодировкой (видны «РЎРћРЁ» или «Ð¡Ð¾» вместо букв): сохраните файл из исходной таблицы заново.' };
  }
  if (encoding === 'windows-1251') {
    const letters = text.match(CYRILLIC)?.length ?? 0;
    const high = [...text].filter((c) => c.charCodeAt(0) >= 0x80).length;
    const upper = text.match(CYRILLIC_UPPER)?.length ?? 0;
    // Windows-1251 Russian is mostly Cyrillic among its non-ASCII characters, and mostly lower case;
    // KOI8-R or another code page read as 1251 is not.
    if (high > 0 && (letters / high < 0.8 || (letters > 40 && upper / letters > 0.6))) {
      return { kind: 'rejected', reason: 'Не удалось определить кодировку файла: сохраните его в UTF-8 или Windows-1251.' };
    }
  }
  return { kind: 'csv', encoding, bomLength };
}

/** The delimiter of a CSV header line: the most frequent of `;`, tab and `,` outside quotes. */
export function detectDelimiter(firstLine: string): ';' | ',' | '\t' {
  const counts = { ';': 0, '\t': 0, ',': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  if (counts[';'] >= counts['\t'] && counts[';'] >= counts[','] && counts[';'] > 0) return ';';
  if (counts['\t'] >= counts[','] && counts['\t'] > 0) return '\t';
  return counts[','] > 0 ? ',' : ';';
}

/** The first line of a decoded text, for delimiter detection. */
export function firstLine(text: string): string {
  const end = text.search(/\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}
