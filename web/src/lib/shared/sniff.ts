/**
 * What an uploaded file is, from its first bytes: CSV in a known encoding, XLSX, or something to
 * refuse with a Russian reason. Runs in the browser (preview) and on the server (import) alike,
 * so both read a file the same way.
 */
import Papa from 'papaparse';
import { HEADER_SEARCH_ROWS } from './datasets.js';

export type TextEncoding = 'utf-8' | 'windows-1251' | 'ibm866' | 'x-mac-cyrillic' | 'utf-16le' | 'utf-16be';

export type Sniffed =
  | { kind: 'csv'; encoding: TextEncoding; bomLength: number }
  | { kind: 'xlsx' }
  | { kind: 'rejected'; reason: string };

/** How many bytes of the head the checks look at. */
export const SNIFF_BYTES = 64 * 1024;

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

// The types as Russian Excel names them in «Сохранить как»: its «CSV (разделители — запятые)»
// writes Russian Windows' list separator, «;» (there is no type named for the semicolon).
const SAVE_AS = 'откройте его в Excel и сохраните как «Книга Excel (.xlsx)» или «CSV (разделители — запятые)»';

/**
 * `directory`: for an OLE2 compound file whose directory lies past the head, SNIFF_BYTES read
 * from compoundDirectoryOffset(head).
 */
export function sniff(head: Uint8Array, directory?: Uint8Array): Sniffed {
  if (head.length === 0) return { kind: 'rejected', reason: 'Файл пуст.' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return sniffZip(head);
  if (startsWith(head, COMPOUND_FILE)) return { kind: 'rejected', reason: compoundFileReason(head, directory) };
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return { kind: 'rejected', reason: 'Файл — документ PDF, а не таблица: загрузите данные в CSV или в книге Excel (.xlsx).' };
  const binary = BINARY_KINDS.find(({ signature }) => startsWith(head, signature));
  if (binary) return { kind: 'rejected', reason: binary.reason };
  // UTF-32's byte order marks first: UTF-16 LE's is the start of UTF-32 LE's.
  if (startsWith(head, [0xff, 0xfe, 0x00, 0x00]) || startsWith(head, [0x00, 0x00, 0xfe, 0xff]) || isUtf32WithoutBom(head)) {
    return { kind: 'rejected', reason: 'Файл в кодировке UTF-32: сохраните его в UTF-8 или Windows-1251.' };
  }
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return checkText(head, 'utf-8', 3);
  if (startsWith(head, [0xff, 0xfe])) return checkText(head, 'utf-16le', 2);
  if (startsWith(head, [0xfe, 0xff])) return checkText(head, 'utf-16be', 2);
  const utf16 = utf16WithoutBom(head);
  if (utf16) return checkText(head, utf16, 0);
  if (head.includes(0)) return { kind: 'rejected', reason: nulReason(head) };
  if (isUtf8(head)) return checkText(head, 'utf-8', 0);
  return checkText(head, 'windows-1251', 0);
}

/**
 * A head with a zero byte: text up to it (a table whose copy was padded with zeros, or cut into by
 * them) says where; bytes from the start say the file is none.
 */
function nulReason(head: Uint8Array): string {
  const at = head.indexOf(0);
  const before = head.subarray(0, at);
  const lines = before.filter((b) => b === 0x0a).length;
  if (lines === 0 || before.some((b) => b < 0x09 || (b > 0x0d && b < 0x20))) return `Файл не похож на CSV или XLSX: в нём двоичные данные. ${SAVE_TABLE}`;
  return `В строке ${lines + 1} файла — нулевые байты: так бывает, когда файл повреждён при копировании или дописан пустыми байтами. `
    + 'Откройте его в Excel, проверьте, что таблица цела, сохраните заново как «CSV (разделители — запятые)» и загрузите снова.';
}

/** What to do with a file that is no table at all. */
const SAVE_TABLE = 'Сохраните таблицу как CSV (UTF-8 или Windows-1251) или книгу Excel (.xlsx) и загрузите её.';

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const image = (name: string) => `Файл — изображение ${name}, а не таблица. ${SAVE_TABLE}`;
const archive = (name: string) => `Файл — архив ${name}, а не таблица: распакуйте архив и загрузите CSV или XLSX из него.`;

/** Files their first bytes name: pictures, and archives other than ZIP (a ZIP is told apart by its entries). */
const BINARY_KINDS: { signature: number[]; reason: string }[] = [
  { signature: [0x89, ...ascii('PNG\r\n'), 0x1a, 0x0a], reason: image('PNG') },
  { signature: [0xff, 0xd8, 0xff], reason: image('JPEG') },
  { signature: ascii('GIF87a'), reason: image('GIF') },
  { signature: ascii('GIF89a'), reason: image('GIF') },
  { signature: [0x1f, 0x8b], reason: archive('gzip') },
  { signature: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], reason: archive('7z') },
  { signature: [...ascii('Rar!'), 0x1a, 0x07], reason: archive('RAR') },
];

/**
 * UTF-32 text without a byte order mark: each character four bytes, the high two of which are
 * zero for every character a table holds (all of them below U+10000), and none a control
 * character other than tab and line ends. Neither TextDecoder nor DuckDB reads UTF-32.
 */
function isUtf32WithoutBom(head: Uint8Array): boolean {
  const units = Math.min(head.length, 4096) >> 2;
  if (units < 2) return false;
  const read = (at: number, bigEndian: boolean) => (bigEndian
    ? head[at] * 2 ** 24 + (head[at + 1] << 16) + (head[at + 2] << 8) + head[at + 3]
    : head[at + 3] * 2 ** 24 + (head[at + 2] << 16) + (head[at + 1] << 8) + head[at]);
  const text = (code: number) => code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code < 0x10000 && (code < 0xd800 || code > 0xdfff));
  return [false, true].some((bigEndian) => Array.from({ length: units }, (_, i) => read(i * 4, bigEndian)).every(text));
}

/** The signature of an OLE2 compound file: an old .xls workbook, or a .xlsx encrypted with a password. */
const COMPOUND_FILE = [0xd0, 0xcf, 0x11, 0xe0];

/**
 * The streams Excel writes into a compound file for a workbook encrypted with a password (the
 * .xlsx itself is the EncryptedPackage), their names in UTF-16LE as the directory holds them.
 */
const ENCRYPTED_STREAMS = ['EncryptedPackage', 'EncryptionInfo']
  .map((name) => Uint8Array.from([...name].flatMap((ch) => [ch.charCodeAt(0), 0])));

function includesBytes(bytes: Uint8Array, part: Uint8Array): boolean {
  for (let at = bytes.indexOf(part[0]); at !== -1 && at + part.length <= bytes.length; at = bytes.indexOf(part[0], at + 1)) {
    if (part.every((b, i) => bytes[at + i] === b)) return true;
  }
  return false;
}

/**
 * Where the directory of a compound file begins when it lies past the head (Excel may write it
 * anywhere in a big file), else null: its first sector, from the header's sector size and the
 * directory's first sector number.
 */
export function compoundDirectoryOffset(head: Uint8Array): number | null {
  if (!startsWith(head, COMPOUND_FILE) || head.length < 52) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const shift = view.getUint16(30, true);
  const sector = view.getUint32(48, true);
  // Sector sizes of versions 3 and 4; past 0xfffffffa a sector number is a mark, not a place.
  if ((shift !== 9 && shift !== 12) || sector >= 0xfffffffa) return null;
  const offset = (sector + 1) * 2 ** shift;
  return offset + 128 <= head.length ? null : offset;
}

/** Why a compound file is refused: a workbook encrypted with a password, or the old .xls format. */
function compoundFileReason(head: Uint8Array, directory: Uint8Array | undefined): string {
  if (ENCRYPTED_STREAMS.some((name) => includesBytes(head, name) || (directory !== undefined && includesBytes(directory, name)))) {
    return 'Книга Excel защищена паролем, и прочитать её нельзя. Откройте её в Excel, снимите пароль '
      + '(«Файл → Сведения → Защита книги → Зашифровать с использованием пароля», сотрите пароль и нажмите «ОК»), '
      + 'сохраните книгу и загрузите её снова.';
  }
  return 'Старый формат Excel (.xls) не поддерживается: сохраните файл как «Книга Excel (.xlsx)» или «CSV (разделители — запятые)».';
}

/**
 * UTF-16 text without a byte order mark (Excel's «Текст Юникод» and some exports): the ASCII
 * characters of a CSV (digits, delimiters, line breaks) have a zero high byte, so zeros gather
 * at the odd positions (little-endian) or the even ones (big-endian) and almost never at the
 * other; the decoded sample must then be text, without control characters.
 */
function utf16WithoutBom(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const sample = head.subarray(0, Math.min(head.length, 4096) & ~1);
  const pairs = sample.length / 2;
  if (pairs < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  const encoding = oddZeros >= pairs * 0.05 && evenZeros <= pairs * 0.01 ? 'utf-16le'
    : evenZeros >= pairs * 0.05 && oddZeros <= pairs * 0.01 ? 'utf-16be' : null;
  if (encoding === null) return null;
  // stream: a surrogate pair cut at the end of the sample is not a broken character.
  const text = new TextDecoder(encoding).decode(sample, { stream: true });
  // Control characters other than tab and line ends are what a wrong encoding makes of the bytes.
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/.test(text) ? null : encoding;
}

/**
 * The names of a ZIP file's own entries, as far as its head shows them, and the content of its
 * first entry when stored uncompressed (an OpenDocument file's «mimetype»). When the head holds
 * the whole file, its central directory names every entry; else the local headers are walked from
 * the start while each tells where the next begins. The entries' content is never searched: an
 * archive that stores a workbook uncompressed shows that workbook's part names in its bytes.
 */
export function zipEntryNames(head: Uint8Array): { names: string[]; first?: string } {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const utf8 = new TextDecoder('utf-8');
  const u32 = (at: number) => (at + 4 <= head.length ? view.getUint32(at, true) : -1);
  const u16 = (at: number) => (at + 2 <= head.length ? view.getUint16(at, true) : -1);
  const local: string[] = [];
  let first: string | undefined;
  for (let at = 0; u32(at) === 0x04034b50 && at + 30 <= head.length;) {
    const [flags, method, size, nameLength, extraLength] = [u16(at + 6), u16(at + 8), u32(at + 18), u16(at + 26), u16(at + 28)];
    const data = at + 30 + nameLength + extraLength;
    if (data > head.length) break;
    local.push(utf8.decode(head.subarray(at + 30, at + 30 + nameLength)));
    if (local.length === 1 && method === 0 && data + size <= head.length) first = utf8.decode(head.subarray(data, data + size));
    // Sizes written after the data (a data descriptor) or in a ZIP64 field: the next header is not known.
    if ((flags & 0x08) !== 0 || size === 0xffffffff) break;
    at = data + size;
  }
  // The end of the central directory (22 bytes and a comment) closes the whole file: the directory
  // it points at ends right before it. An inner archive's record points elsewhere.
  for (let end = head.length - 22; end >= Math.max(0, head.length - 22 - 0xffff); end--) {
    if (u32(end) !== 0x06054b50) continue;
    const [size, offset] = [u32(end + 12), u32(end + 16)];
    if (offset + size !== end || u32(offset) !== 0x02014b50) continue;
    const names: string[] = [];
    for (let at = offset; at < end && u32(at) === 0x02014b50;) {
      const [nameLength, extraLength, commentLength] = [u16(at + 28), u16(at + 30), u16(at + 32)];
      names.push(utf8.decode(head.subarray(at + 46, at + 46 + nameLength)));
      at += 46 + nameLength + extraLength + commentLength;
    }
    return { names, first };
  }
  return { names: local, first };
}

/**
 * A ZIP file: an XLSX workbook unless its entries show another kind of ZIP (a Word or PowerPoint
 * file, an OpenDocument file, a binary workbook, an archive of files). Without a sign either way
 * the XLSX reader decides.
 */
function sniffZip(head: Uint8Array): Sniffed {
  const { names, first } = zipEntryNames(head);
  const has = (pattern: RegExp) => names.some((name) => pattern.test(name));
  if (names[0] === 'mimetype' && first?.startsWith('application/vnd.oasis.opendocument.')) {
    return first.startsWith('application/vnd.oasis.opendocument.spreadsheet')
      ? { kind: 'rejected', reason: 'Файл — таблица OpenDocument (.ods), а не книга Excel: откройте его в LibreOffice или Excel и сохраните как «Книга Excel (.xlsx)» или «CSV (разделители — запятые)».' }
      : { kind: 'rejected', reason: 'Файл — документ OpenDocument, а не таблица: загрузите данные в CSV или в книге Excel (.xlsx).' };
  }
  if (names.includes('[Content_Types].xml') || has(/^(?:_rels|docProps|customXml|xl)\//)) {
    if (has(/^xl\/workbook\.bin$/i)) {
      return { kind: 'rejected', reason: 'Двоичная книга Excel (.xlsb): сохраните её как «Книга Excel (.xlsx)» и загрузите снова.' };
    }
    if (has(/^word\//) && !has(/^xl\//)) {
      return { kind: 'rejected', reason: 'Файл — документ Word (.docx), а не таблица: загрузите данные в CSV или в книге Excel (.xlsx).' };
    }
    if (has(/^ppt\//) && !has(/^xl\//)) {
      return { kind: 'rejected', reason: 'Файл — презентация PowerPoint (.pptx), а не таблица: загрузите данные в CSV или в книге Excel (.xlsx).' };
    }
    return { kind: 'xlsx' };
  }
  if (has(/\.(csv|tsv|txt|xlsx|xlsm|xlsb|xls|ods|docx?|pdf|zip|rar|7z)$/i) || has(/\/$/)) {
    return { kind: 'rejected', reason: 'Файл — ZIP-архив, а не книга Excel: распакуйте его и загрузите файлы по одному.' };
  }
  return { kind: 'xlsx' };
}

/**
 * Markup where a table was expected: an HTML page or an XML file, which many information
 * systems save with the .xls extension and Excel opens without complaint.
 */
function markupReason(text: string): string | null {
  // A system's comment («Сформировано АИС …») may come first.
  const start = text.replace(/^[\s\ufeff]+/, '').replace(/^(?:<!--[\s\S]*?-->\s*)+/, '').slice(0, 4096).toLowerCase();
  if (/^<(?:\?xml|(?:\w+:)?workbook)[\s>]/.test(start) && (/<(?:\w+:)?workbook/.test(start) || start.includes('urn:schemas-microsoft-com:office:spreadsheet'))) {
    return `Файл — XML-таблица Excel 2003, а не книга Excel (.xlsx): ${SAVE_AS}.`;
  }
  if (start.startsWith('<?xml') && !/<html[\s>]/.test(start)) return 'Файл — XML-документ, а не таблица CSV или XLSX: выгрузите данные в CSV или в книгу Excel (.xlsx).';
  // A page may start with its styles or a title above the table (PHP exports, report generators).
  if (/^<(?:\?xml|!doctype\s+html|html|head|body|table|meta|style|title|h[1-6]|div|p|font|center|b|link|script)[\s>/]/.test(start)
    || (/<table[\s>]/.test(start) && /<tr[\s>]/.test(start))) {
    return `Файл — веб-страница (HTML-таблица), а не книга Excel, даже если у него расширение .xls: ${SAVE_AS}.`;
  }
  return null;
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

/**
 * Characters above ASCII that Windows-1251 Russian holds besides letters: no-break spaces
 * (thousands, СНИЛС groups), guillemets, №, dashes, quotes, the ellipsis, °, ±, §.
 */
const RUSSIAN_SIGNS = /[А-яЁё\u00a0\u00ad«»№–—‘’‚“”„…°±§·•]/g;

/** How often each letter occurs in Russian text, per thousand letters. */
const LETTER_FREQUENCY: Record<string, number> = {
  о: 110, е: 85, а: 80, и: 74, н: 67, т: 63, с: 55, р: 47, в: 45, л: 44, к: 35, м: 32, д: 30, п: 28, у: 26, я: 20, ы: 19,
  ь: 17, г: 17, з: 17, б: 16, ч: 14, й: 12, х: 10, ж: 9, ш: 7, ю: 6, ц: 5, щ: 4, э: 3, ф: 3, ъ: 0.4, ё: 0.4,
};

/**
 * How Russian the letters of a text are, whatever their case: the mean log-likelihood of its
 * letters by their frequency. Text in another code page puts rare letters (Й, Ф, Ъ) where common ones
 * stand: KOI8-R read as Windows-1251 turns «о» into «П», «т» into «Ф».
 */
function meanRussianLikelihood(text: string): number {
  const letters = text.toLowerCase().match(/[а-яё]/g) ?? [];
  let sum = 0;
  for (const letter of letters) sum += Math.log(LETTER_FREQUENCY[letter]);
  return letters.length === 0 ? 0 : sum / letters.length;
}
/** What Windows-1251 makes of the second byte of a UTF-8 Russian letter (0x80–0xBF). */
const SECOND_BYTES_1251 = new TextDecoder('windows-1251').decode(Uint8Array.from({ length: 0x40 }, (_, i) => 0x80 + i));
/**
 * A word of UTF-8 Russian read as Windows-1251 once too often («РЎРћРЁ», «Р°Р»») or as Latin-1
 * («Ð¡Ð¾»): each of its letters became Р or С (Ð or Ñ) and a sign. One such pair alone is what
 * any capital Р or С before a guillemet, a quote or a no-break space looks like («ВЕКТОР»»);
 * two in a row are not Russian.
 */
const BROKEN_WORD = new RegExp(`(?:[РС][${SECOND_BYTES_1251}]){2,}|(?:[ÐÑ][\\u0080-\\u00bf]){2,}`, 'g');
/**
 * Signs of those pairs that also follow a word in Russian text (spaces, quotes, dashes, Ё): a
 * broken word holds at least one of the others («Р°», «СЃ», «РЎ»).
 */
const AFTER_WORDS = /[\u00a0\u00ad«»‘’‚“”„…•–—·Ёё]/g;
const NOT_AFTER_WORDS = new RegExp(`[РС][${SECOND_BYTES_1251.replace(AFTER_WORDS, '')}]|^[ÐÑ]`);

/** How many letters of the text are broken words: none in Russian, whatever its case and punctuation. */
function brokenLetters(text: string): number {
  let letters = 0;
  for (const [word] of text.matchAll(BROKEN_WORD)) {
    if (NOT_AFTER_WORDS.test(word)) letters += word.length / 2;
  }
  return letters;
}

/** What a refusal of broken text says the reader sees. */
const BROKEN_SEEN = '(видны «РЎРћРЁ» или «Ð¡Ð¾» вместо букв)';

/**
 * Why a text with broken words is refused: Russian words read right in the header and rows under
 * it above the first broken line are a file joined of two saved in different encodings (`copy /b`
 * of a Windows-1251 export and a UTF-8 one), which no single reading mends; else the text (or a
 * column of it, from its first row) was spoilt by a recoding.
 */
function brokenTextReason(text: string): string {
  const lines = text.split('\n');
  const first = lines.findIndex((line) => brokenLetters(line) > 0);
  const above = lines.slice(0, first).join('\n');
  if (first >= 2 && /[а-яё]{3,}/i.test(above) && brokenLetters(above) === 0) {
    return `Со строки ${first + 1} текст в другой кодировке, чем в строках выше ${BROKEN_SEEN}: похоже, файл склеен из двух, `
      + 'сохранённых в разных кодировках. Откройте каждую часть в Excel, сохраните их в одной кодировке (как «CSV (разделители — запятые)») и соедините снова — или загрузите их по отдельности.';
  }
  return `Текст файла уже испорчен перекодировкой ${BROKEN_SEEN}: сохраните файл из исходной таблицы заново.`;
}

function checkText(head: Uint8Array, encoding: TextEncoding, bomLength: number): Sniffed {
  const text = new TextDecoder(encoding).decode(head.subarray(bomLength));
  // A BOM and empty lines or bare separators: what Excel saves of an empty sheet.
  // (\u001a: the end-of-file mark some Windows tools still write.)
  // eslint-disable-next-line no-control-regex
  if (head.length < SNIFF_BYTES && /^[\s;,\t"\u001a]*$/.test(text)) return { kind: 'rejected', reason: 'Файл пуст: в нём нет ни заголовков, ни данных.' };
  const markup = markupReason(text);
  if (markup) return { kind: 'rejected', reason: markup };
  // Excel on Windows set to another language for non-Unicode programs saves «?» for each Russian
  // letter: words of question marks in a text without a single non-ASCII character — two of them
  // side by side, or two of four marks and more. A respondent's «???» or «why??» is neither.
  // eslint-disable-next-line no-control-regex
  if (!/[^\u0000-\u007f]/.test(text) && (/\?{2,} \?{2,}/.test(text) || (text.match(/\?{4,}/g)?.length ?? 0) >= 2)) {
    return { kind: 'rejected', reason: 'Русские буквы в файле потеряны при сохранении: вместо них знаки «?» (Excel сохранил CSV в кодировке без русских букв). Откройте исходную таблицу и сохраните её как «CSV UTF-8 (разделитель — запятая)» или «Книга Excel (.xlsx)».' };
  }
  if (brokenLetters(text) >= 3) return { kind: 'rejected', reason: brokenTextReason(text) };
  if (encoding === 'windows-1251') {
    const codePage = russianCodePage(head, text);
    if (!codePage) {
      return {
        kind: 'rejected',
        reason: readsAsKoi8(head)
          ? 'Файл сохранён в кодировке KOI8-R (её предлагает LibreOffice и старые почтовые программы), а она не читается. Сохраните файл заново в UTF-8: '
            + 'в LibreOffice — «Файл → Сохранить как», тип «Текст CSV», отметьте «Изменить настройки фильтра» и выберите кодировку «Юникод (UTF-8)»; в Excel — «CSV UTF-8».'
          : 'Не удалось определить кодировку файла: сохраните его в UTF-8 или Windows-1251.',
      };
    }
    return { kind: 'csv', encoding: codePage, bomLength };
  }
  return { kind: 'csv', encoding, bomLength };
}

/**
 * A capital of another code page inside a word: a letter of another Cyrillic alphabet or a sign
 * no Russian text puts there right before a lowercase letter («Њастер», «‡начение»), or a
 * capital right after one («часФ», «понравилосьЧспасибо»: quotes and dashes of Windows-1251 read
 * as Mac capitals). Quotes, dashes and ellipses before a word are Russian typography in any code
 * page («“живой” формат», «семинар—практикум»), so they tell nothing.
 */
const FOREIGN_START = /[ЂЃѓЉЊЌЋЏђљњќћџЈјЅѕЎўЄєЇїІіҐґ€‰†‡˜™‹›¬√ƒ≈∆÷¤¦©®¶µ](?=[а-яё])/g;
const CAPITAL_INSIDE = /[а-яё](?=[А-ЯЁ])/g;
/** A word that starts with a no-break space, a dash or an ellipsis («;–оль», « од»): Russian typography spaces those. */
const SIGN_STARTS_WORD = /(?:^|[\t\n\r ;,"(])[\u00a0–—…](?=[а-яё])/gm;
const gluedStarts = (text: string) =>
  (text.match(FOREIGN_START)?.length ?? 0) + (text.match(CAPITAL_INSIDE)?.length ?? 0) + (text.match(SIGN_STARTS_WORD)?.length ?? 0);

/** The single-byte code pages Russian CSVs come in, Windows-1251 (what Excel saves) first. */
const RUSSIAN_CODE_PAGES = ['windows-1251', 'ibm866', 'x-mac-cyrillic'] as const;

/**
 * The single-byte code page of Russian text (`as1251`: the bytes read as Windows-1251), or null.
 * Windows-1251 is what Excel on Windows saves a CSV in; CP866 is DOS's (Excel's «Текст
 * (MS-DOS)», old accounting programs); Mac Cyrillic is Excel's for Mac and LibreOffice's
 * «Кириллица (Apple Macintosh)». Their lowercase letters share bytes, their capitals do not: a
 * capital of one read in another is a sign or a foreign letter glued to the front of a word
 * («‘еминар», «Њастер»). A reading qualifies when its non-ASCII characters are letters and the
 * signs of Russian text; of those, the one with the fewest such word starts wins, then the one
 * whose letters read most like Russian (a tie to the first; Mac Cyrillic never wins a tie: its
 * lowercase letters are Windows-1251's). It must beat the same bytes read as
 * KOI8-R, which is not read.
 */
function russianCodePage(head: Uint8Array, as1251: string): TextEncoding | null {
  const koi8 = meanRussianLikelihood(new TextDecoder('koi8-r').decode(head));
  const readings = RUSSIAN_CODE_PAGES
    .map((encoding) => ({ encoding, text: encoding === 'windows-1251' ? as1251 : new TextDecoder(encoding).decode(head) }))
    .filter(({ text }) => (text.match(RUSSIAN_SIGNS)?.length ?? 0) >= [...text].filter((c) => c.charCodeAt(0) >= 0x80).length * 0.8)
    .map((r) => ({ ...r, broken: gluedStarts(r.text), likelihood: meanRussianLikelihood(r.text) }))
    .filter((r) => r.likelihood >= koi8);
  let best = readings[0];
  for (const r of readings.slice(1)) {
    // Mac Cyrillic shares Windows-1251's lowercase letters: only fewer broken words say it is Mac.
    const better = r.broken < best.broken || (r.broken === best.broken && r.encoding !== 'x-mac-cyrillic' && r.likelihood > best.likelihood);
    if (better) best = r;
  }
  return best?.encoding ?? null;
}


/** Whether bytes no Russian code page reads read as Russian in KOI8-R: its letters, many of them, are Russian letters' most likely ones. */
function readsAsKoi8(head: Uint8Array): boolean {
  const text = new TextDecoder('koi8-r').decode(head);
  return (text.match(/[а-яё]/gi)?.length ?? 0) >= 20 && RUSSIAN_CODE_PAGES.every((encoding) => meanRussianLikelihood(text) > meanRussianLikelihood(new TextDecoder(encoding).decode(head)) + 0.1);
}

/**
 * The delimiter of a CSV text from its first records (as many as the header search reads): of
 * `;`, tab and `,`, the one that splits the most of them into the same number of cells, so that
 * the table's rows decide and not a title above them with commas in its text. Quotes are read as
 * the CSV reader reads them. A tie goes to more cells (a header line alone: the sign it has most
 * of), then to the order `;`, tab, `,`.
 */
export function detectDelimiter(text: string): ';' | ',' | '\t' {
  let best: { delimiter: ';' | ',' | '\t'; records: number; cells: number } = { delimiter: ';', records: 0, cells: 0 };
  for (const delimiter of [';', '\t', ','] as const) {
    const records = new Map<number, number>();
    const parsed = Papa.parse<string[]>(text, { delimiter, preview: HEADER_SEARCH_ROWS + 1, skipEmptyLines: true });
    for (const { length } of parsed.data) if (length > 1) records.set(length, (records.get(length) ?? 0) + 1);
    for (const [cells, count] of records) {
      if (count > best.records || (count === best.records && cells > best.cells)) best = { delimiter, records: count, cells };
    }
  }
  return best.delimiter;
}
