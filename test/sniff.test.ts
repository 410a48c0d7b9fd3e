import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compoundDirectoryOffset, detectDelimiter, sniff, SNIFF_BYTES } from '../web/src/lib/shared/sniff.js';
import { compoundFile } from './helpers/compound-file.js';
import { singleByte } from './helpers/encodings.js';
import { FIXTURES } from './helpers/uploads.js';

/** What the import and the browser preview make of a file's first bytes (web/src/lib/shared/sniff.ts). */
const head = (file: string) => new Uint8Array(readFileSync(join(FIXTURES, file)));
const bytes = (text: string, encoding: 'utf-8' | 'utf-16le' | 'utf-16be' = 'utf-8') => {
  if (encoding === 'utf-8') return new Uint8Array(Buffer.from(text, 'utf-8'));
  const le = Buffer.from(text, 'utf16le');
  return new Uint8Array(encoding === 'utf-16le' ? le : Buffer.from(le).swap16());
};
const reason = (input: Uint8Array) => {
  const result = sniff(input);
  return result.kind === 'rejected' ? result.reason : `(${result.kind})`;
};

const CSV = 'Код мероприятия;Код площадки;Название\r\nE1;SP1;Семинар\r\nE2;SP2;Вебинар «Цифра»\r\n';

describe('markup saved as a spreadsheet', () => {
  it('an HTML table with the .xls extension, in Windows-1251, as information systems export it', () => {
    expect(reason(head('events-html.xls'))).toBe(
      'Файл — веб-страница (HTML-таблица), а не книга Excel, даже если у него расширение .xls: '
      + 'откройте его в Excel и сохраните как «Книга Excel (.xlsx)» или «CSV (разделители — запятые)».',
    );
  });

  it.each([
    '<!DOCTYPE html>\n<html><body><table><tr><td>Код</td></tr></table></body></html>',
    '\uFEFF\r\n  <html>\r\n<table>',
    '<table border=1><tr><td>Код мероприятия</td></tr></table>',
    '<meta http-equiv="Content-Type" content="text/html; charset=utf-8"><table>',
    '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "">\n<html xmlns="http://www.w3.org/1999/xhtml">',
    '<HTML xmlns:x="urn:schemas-microsoft-com:office:excel"><HEAD>',
    // What comes before the table in systems' exports: styles, a comment, a title.
    '<style>\n.text{mso-number-format:"\\@";}\n</style>\n<table border="1">\n<tr><th>Код мероприятия</th></tr>',
    '<!-- Сформировано АИС «Сетевой город. Образование» -->\n<html><head><meta charset="utf-8"></head><body><table>',
    '<h3>Отчёт о мероприятиях стажировочных площадок</h3>\n<table border="1">\n<tr><th>Код мероприятия</th></tr>',
    'Отчёт о мероприятиях<br>\n<table border="1"><tr><td>Код мероприятия</td></tr>',
  ])('HTML: %s', (text) => {
    expect(reason(bytes(text))).toMatch(/^Файл — веб-страница \(HTML-таблица\)/);
  });

  it('HTML in UTF-16 with a BOM (Excel «Веб-страница» in Unicode)', () => {
    expect(reason(new Uint8Array([0xff, 0xfe, ...bytes('<html><table>', 'utf-16le')]))).toMatch(/^Файл — веб-страница/);
  });

  it('XML Spreadsheet 2003', () => {
    expect(reason(head('events-2003.xml'))).toBe(
      'Файл — XML-таблица Excel 2003, а не книга Excel (.xlsx): '
      + 'откройте его в Excel и сохраните как «Книга Excel (.xlsx)» или «CSV (разделители — запятые)».',
    );
    expect(reason(bytes('\uFEFF<?xml version="1.0"?>\r\n<ss:Workbook xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'))).toMatch(/XML-таблица Excel 2003/);
    // Without the XML declaration (a generator that leaves it out).
    expect(reason(bytes('<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Лист1">'))).toMatch(/XML-таблица Excel 2003/);
    expect(reason(bytes('<ss:Workbook xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'))).toMatch(/XML-таблица Excel 2003/);
  });

  it('other XML', () => {
    expect(reason(bytes('<?xml version="1.0"?>\n<report><row code="E1"/></report>'))).toMatch(/^Файл — XML-документ, а не таблица/);
  });

  it('markup inside a CSV value is just text', () => {
    expect(sniff(bytes('Код;Описание\n1;<table> и <html>\n'))).toEqual({ kind: 'csv', encoding: 'utf-8', bomLength: 0 });
  });
});

describe('UTF-16', () => {
  it('big-endian with a BOM', () => {
    expect(sniff(head('events-utf16be-bom.csv'))).toEqual({ kind: 'csv', encoding: 'utf-16be', bomLength: 2 });
  });

  it('little-endian with a BOM, as before', () => {
    expect(sniff(new Uint8Array([0xff, 0xfe, ...bytes(CSV, 'utf-16le')]))).toEqual({ kind: 'csv', encoding: 'utf-16le', bomLength: 2 });
  });

  it('little-endian and big-endian without a BOM, from where the zero bytes are', () => {
    expect(sniff(head('events-utf16le.tsv'))).toEqual({ kind: 'csv', encoding: 'utf-16le', bomLength: 0 });
    expect(sniff(head('events-utf16be.csv'))).toEqual({ kind: 'csv', encoding: 'utf-16be', bomLength: 0 });
    expect(sniff(bytes(CSV, 'utf-16le'))).toEqual({ kind: 'csv', encoding: 'utf-16le', bomLength: 0 });
    expect(sniff(bytes(CSV, 'utf-16be'))).toEqual({ kind: 'csv', encoding: 'utf-16be', bomLength: 0 });
  });

  it('a sample cut in the middle of a character still reads as UTF-16', () => {
    const long = bytes(CSV.repeat(200), 'utf-16le');
    expect(sniff(long.subarray(0, 4097))).toEqual({ kind: 'csv', encoding: 'utf-16le', bomLength: 0 });
  });

  it('binary data with zeros is still binary', () => {
    expect(reason(head('binary.bin'))).toBe(BINARY);
    // Zeros at odd positions only, but control characters when read as UTF-16.
    const words = new Uint8Array(200).map((_, i) => (i % 2 === 0 ? (i / 2) % 7 + 1 : 0));
    expect(reason(words)).toBe(BINARY);
  });
});

const SAVE_TABLE = 'Сохраните таблицу как CSV (UTF-8 или Windows-1251) или книгу Excel (.xlsx) и загрузите её.';
const BINARY = `Файл не похож на CSV или XLSX: в нём двоичные данные. ${SAVE_TABLE}`;

describe('files that are no table: named where their first bytes tell, each with what to do', () => {
  const of = (...parts: (number[] | string)[]) => new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)))));

  it('pictures', () => {
    expect(reason(of([0x89], 'PNG\r\n', [0x1a, 0x0a, 0, 0, 0, 0x0d], 'IHDR'))).toBe(`Файл — изображение PNG, а не таблица. ${SAVE_TABLE}`);
    expect(reason(of([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF', [0]))).toBe(`Файл — изображение JPEG, а не таблица. ${SAVE_TABLE}`);
    expect(reason(of('GIF89a', [1, 0, 1, 0, 0x80, 0, 0]))).toBe(`Файл — изображение GIF, а не таблица. ${SAVE_TABLE}`);
    expect(reason(of('GIF87a', [1, 0, 1, 0, 0x80, 0, 0]))).toBe(`Файл — изображение GIF, а не таблица. ${SAVE_TABLE}`);
  });

  it('archives other than ZIP: a CSV packed by gzip, 7-Zip, RAR', () => {
    expect(reason(new Uint8Array(gzipSync(Buffer.from(CSV))))).toBe('Файл — архив gzip, а не таблица: распакуйте архив и загрузите CSV или XLSX из него.');
    expect(reason(of([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]))).toBe('Файл — архив 7z, а не таблица: распакуйте архив и загрузите CSV или XLSX из него.');
    expect(reason(of('Rar!', [0x1a, 0x07, 0x01, 0]))).toBe('Файл — архив RAR, а не таблица: распакуйте архив и загрузите CSV или XLSX из него.');
  });

  it('a PDF, random bytes and a CSV with NUL bytes inside', () => {
    expect(reason(of('%PDF-1.4\n%', [0xe2, 0xe3, 0xcf, 0xd3]))).toBe('Файл — документ PDF, а не таблица: загрузите данные в CSV или в книге Excel (.xlsx).');
    const random = new Uint8Array(4096).map((_, i) => (i * 2654435761 >>> 13) & 0xff);
    expect(reason(random)).toBe(BINARY);
    expect(reason(of(CSV.slice(0, 40), [0, 0, 0], 'x'))).toBe(BINARY);
  });

  it('a table whose copy was padded with zero bytes: the line where they begin, and how to save it anew', () => {
    const padded = new Uint8Array(Buffer.concat([Buffer.from(CSV, 'utf-8'), Buffer.alloc(1000)]));
    expect(reason(padded)).toBe('В строке 4 файла — нулевые байты: так бывает, когда файл повреждён при копировании или дописан пустыми байтами. '
      + 'Откройте его в Excel, проверьте, что таблица цела, сохраните заново как «CSV (разделители — запятые)» и загрузите снова.');
  });

  it('UTF-32, with a byte order mark or without, either byte order', () => {
    const UTF32 = 'Файл в кодировке UTF-32: сохраните его в UTF-8 или Windows-1251.';
    const le = Buffer.alloc(CSV.length * 4);
    [...CSV].forEach((ch, i) => le.writeUInt32LE(ch.codePointAt(0)!, i * 4));
    const be = Buffer.alloc(CSV.length * 4);
    [...CSV].forEach((ch, i) => be.writeUInt32BE(ch.codePointAt(0)!, i * 4));
    expect(reason(of([0xff, 0xfe, 0, 0], [...le]))).toBe(UTF32);
    expect(reason(of([0, 0, 0xfe, 0xff], [...be]))).toBe(UTF32);
    expect(reason(new Uint8Array(le))).toBe(UTF32);
    expect(reason(new Uint8Array(be))).toBe(UTF32);
    // UTF-16 is still UTF-16.
    expect(sniff(bytes(CSV, 'utf-16le'))).toEqual({ kind: 'csv', encoding: 'utf-16le', bomLength: 0 });
    expect(sniff(bytes(CSV, 'utf-16be'))).toEqual({ kind: 'csv', encoding: 'utf-16be', bomLength: 0 });
  });
});

describe('text broken by a wrong re-encoding', () => {
  const BOM = [0xef, 0xbb, 0xbf];
  /** Corpus 61 (Excel 1251): names in capitals inside guillemets, «ЦЕНТР» and a no-break space. */
  const guillemets1251 = head('corpus/61-organizations-guillemets-1251.csv');
  const guillemets = new TextDecoder('windows-1251').decode(guillemets1251);
  /** UTF-8 bytes read as Windows-1251 (or Latin-1) and saved again as UTF-8: «РЎРћРЁ», «Ð¡Ð¾». */
  const misread = (text: string, as: 'windows-1251' | 'latin1') => new TextDecoder(as).decode(bytes(text));
  const BROKEN = /^Текст файла уже испорчен перекодировкой/;

  it('capitals before «, » and a no-break space are letters, in Windows-1251 and in UTF-8 with a BOM', () => {
    expect(guillemets).toMatch(/«ВЕКТОР»/);
    expect(guillemets).toMatch(/«ПАРУС»/);
    expect(guillemets).toMatch(/ЦЕНТР\u00a0ДОСУГА/);
    expect(sniff(guillemets1251)).toEqual({ kind: 'csv', encoding: 'windows-1251', bomLength: 0 });
    expect(sniff(new Uint8Array([...BOM, ...bytes(guillemets)]))).toEqual({ kind: 'csv', encoding: 'utf-8', bomLength: 3 });
    // A single capital С or Р between no-break spaces, a row after row.
    const prepositions = 'Код мероприятия;Название\r\n' + Array.from({ length: 20 }, (_, i) => `E${i};ДОСУГ\u00a0С\u00a0ДЕТЬМИ, ЦЕНТР\u00a0Р\u00a0${i}\r\n`).join('');
    expect(sniff(bytes(prepositions))).toEqual({ kind: 'csv', encoding: 'utf-8', bomLength: 0 });
  });

  it('the same text broken: refused, whole or in one column', () => {
    expect(reason(new Uint8Array([...BOM, ...bytes(misread(guillemets, 'windows-1251'))]))).toMatch(BROKEN);
    expect(reason(bytes(misread(guillemets, 'latin1')))).toMatch(BROKEN);
    expect(reason(bytes(misread('МБОУ «СОШ № 4»', 'windows-1251')))).toMatch(BROKEN); // «РњР‘РћРЈ В«РЎРћРЁ в„– 4В»»
    const oneColumn = guillemets.split('\r\n').map((line) => line.split(';').map((cell, i) => (i === 2 ? misread(cell, 'windows-1251') : cell)).join(';')).join('\r\n');
    expect(reason(bytes(oneColumn))).toMatch(BROKEN);
  });

  it('two exports joined (`copy /b`), a Windows-1251 one and a UTF-8 one: refused from the first line of the other encoding', () => {
    const lines = guillemets.split('\r\n').filter(Boolean);
    const utf8Part = bytes(`${lines[0]}\r\n${lines[1]}\r\n`);
    const joined = new Uint8Array([...guillemets1251.subarray(0, guillemets1251.indexOf(0x0a, guillemets1251.indexOf(0x0a) + 1) + 1), ...utf8Part]);
    expect(reason(joined)).toBe('Со строки 3 текст в другой кодировке, чем в строках выше (видны «РЎРћРЁ» или «Ð¡Ð¾» вместо букв): похоже, файл склеен из двух, '
      + 'сохранённых в разных кодировках. Откройте каждую часть в Excel, сохраните их в одной кодировке (как «CSV (разделители — запятые)») и соедините снова — или загрузите их по отдельности.');
  });
});

describe('Windows-1251 and the code pages it is told from', () => {
  const capitals1251 = head('corpus/62-organizations-registry-capitals-1251.csv');
  const capitals = new TextDecoder('windows-1251').decode(capitals1251);
  const nbsp1251 = head('corpus/63-resource-uses-nbsp-snils-1251.csv');
  const nbsp = new TextDecoder('windows-1251').decode(nbsp1251);
  const lowerCase = 'Код мероприятия;Код площадки;Название;Форма\r\n'
    + Array.from({ length: 10 }, (_, i) => `E${i};SP1;Семинар для молодых педагогов по формирующему оцениванию;семинар\r\n`).join('');
  const UNKNOWN = 'Не удалось определить кодировку файла: сохраните его в UTF-8 или Windows-1251.';

  it('a registry copy in capitals (corpus 62)', () => {
    expect(capitals.match(/[А-ЯЁ]/g)!.length).toBeGreaterThan(3 * capitals.match(/[а-яё]/g)!.length);
    expect(sniff(capitals1251)).toEqual({ kind: 'csv', encoding: 'windows-1251', bomLength: 0 });
  });

  it('few letters and many no-break spaces (СНИЛС groups, corpus 63)', () => {
    expect(nbsp.match(/\u00a0/g)!.length).toBeGreaterThan(nbsp.match(/[А-яЁё]/g)!.length / 3);
    expect(sniff(nbsp1251)).toEqual({ kind: 'csv', encoding: 'windows-1251', bomLength: 0 });
    expect(sniff(singleByte(lowerCase, 'windows-1251'))).toEqual({ kind: 'csv', encoding: 'windows-1251', bomLength: 0 });
  });

  it('the same texts in UTF-8 are UTF-8', () => {
    for (const text of [capitals, nbsp, lowerCase]) expect(sniff(bytes(text))).toEqual({ kind: 'csv', encoding: 'utf-8', bomLength: 0 });
  });

  it('KOI8-R is refused, in capitals or not, saying so and how to save the file again', () => {
    const KOI8 = 'Файл сохранён в кодировке KOI8-R (её предлагает LibreOffice и старые почтовые программы), а она не читается. Сохраните файл заново в UTF-8: '
      + 'в LibreOffice — «Файл → Сохранить как», тип «Текст CSV», отметьте «Изменить настройки фильтра» и выберите кодировку «Юникод (UTF-8)»; в Excel — «CSV UTF-8».';
    for (const text of [capitals, nbsp, lowerCase]) expect(reason(singleByte(text, 'koi8-r')), text.slice(0, 20)).toBe(KOI8);
    // Too few letters to tell: the plain refusal.
    expect(reason(singleByte('ID;Код;Роль\r\nT1;SP1;стажер\r\n', 'koi8-r'))).toBe(UNKNOWN);
  });

  it('CP866 (Excel\'s «Текст (MS-DOS)», DOS programs) is read, in capitals or not, with few letters too', () => {
    // Few letters, each of them one that CP866 read as Windows-1251 makes a letter too (р–я are а–п there).
    const fewLetters = 'ID;Код площадки;Роль\r\nT1;SP1;стажер\r\nT2;SP1;тьютор\r\n';
    for (const text of [capitals, nbsp, lowerCase, fewLetters]) {
      expect(sniff(singleByte(text, 'ibm866')), text.slice(0, 20)).toEqual({ kind: 'csv', encoding: 'ibm866', bomLength: 0 });
    }
    expect(sniff(singleByte(fewLetters, 'windows-1251'))).toEqual({ kind: 'csv', encoding: 'windows-1251', bomLength: 0 });
  });

  it('Mac Cyrillic (Excel for Mac, LibreOffice) is read, capitals and all; Windows-1251 is not taken for it', () => {
    // Lowercase letters have the same bytes in both: only the capitals, glued to words as signs
    // and Serbian letters in Windows-1251 («‘еминар», «Њастер»), tell them apart.
    const mostlyLower = 'code;site;title\r\nE1;SP1;Семинар «Оценивание» для учителей Красносельского района\r\nE2;SP1;Мастер-класс для учителей\r\n';
    for (const text of [capitals, lowerCase, mostlyLower]) {
      expect(sniff(singleByte(text, 'x-mac-cyrillic')), text.slice(0, 20)).toEqual({ kind: 'csv', encoding: 'x-mac-cyrillic', bomLength: 0 });
      expect(sniff(singleByte(text, 'windows-1251')), text.slice(0, 20)).toEqual({ kind: 'csv', encoding: 'windows-1251', bomLength: 0 });
    }
  });

  it('Windows-1251 with Word\'s quotes and dashes before lowercase words is Windows-1251, not Mac Cyrillic (a tester\'s round)', () => {
    // Read as Mac Cyrillic, “ ” ‘ — are capitals: «УживойФ формат», «понравилосьЧспасибо».
    const comments = 'event;response;rating;comment\r\nKR-101;1;5;всё понравилось—спасибо!\r\nKR-101;2;4;“живой” формат, ‘реальные’ кейсы\r\n'
      + 'KR-101;3;4;хотелось бы “больше” практики—меньше теории\r\nKR-101;4;5;семинар—практикум “классный час” для 5–6 классов\r\n';
    expect(sniff(singleByte(comments, 'windows-1251'))).toEqual({ kind: 'csv', encoding: 'windows-1251', bomLength: 0 });
    expect(sniff(singleByte(comments, 'x-mac-cyrillic'))).toEqual({ kind: 'csv', encoding: 'x-mac-cyrillic', bomLength: 0 });
  });

  it('«?» for every Russian letter (Excel without Russian for non-Unicode programs) is refused; a question or two is not', () => {
    const lost = (text: string) => new TextEncoder().encode(text.replace(/[^\u0020-\u007e\r\n]/g, '?'));
    expect(reason(lost(lowerCase))).toMatch(/^Русские буквы в файле потеряны при сохранении/);
    expect(reason(lost('code;site;title\r\nE1;SP1;Семинар «Оценивание»\r\n'))).toMatch(/^Русские буквы в файле потеряны/);
    expect(sniff(bytes('code;comment\r\n1;Why??\r\n2;ok???\r\n'))).toEqual({ kind: 'csv', encoding: 'utf-8', bomLength: 0 });
    // A questionnaire's comments under English headers: «???» twice, «??», «why??», «ok??».
    expect(sniff(bytes('event;response;rating;comment\r\nE1;1;5;???\r\nE1;2;4;???\r\nE1;3;4;??\r\nE1;4;3;why??\r\nE1;5;5;ok??\r\n'))).toEqual({ kind: 'csv', encoding: 'utf-8', bomLength: 0 });
  });
});

describe('the delimiter', () => {
  it('is the table\'s, not that of a title above it with more commas than the row has `;` (corpus 64)', () => {
    const reports = new TextDecoder('windows-1251').decode(head('corpus/64-site-reports-title-commas.csv'));
    expect(reports.split('\r\n')[0]).toMatch(/,.*,.*,.*;;$/);
    expect(detectDelimiter(reports)).toBe(';');
    // A questionnaire's title in guillemets, the rows under it padded by Excel.
    expect(detectDelimiter('Результаты анкетирования участников семинара «Оценивание, обратная связь, рефлексия, самооценка», 2023;;;\r\n'
      + 'Код мероприятия;Номер анкеты;Оценка;Комментарий\r\nE1;1;5;Отлично\r\n')).toBe(';');
    // LibreOffice leaves the title unpadded.
    expect(detectDelimiter('Отчёт, 1 полугодие, 2023 г.\nКод площадки;Год отчёта;Дата сдачи\nSP1;2023;10.05.2023\n')).toBe(';');
  });

  it('counts no delimiter inside quotes, line breaks in a cell included', () => {
    expect(detectDelimiter('Код;Название;Описание\r\nE1;"Семинар, практикум";"Строка, одна,\r\nстрока, две, три"\r\nE2;Вебинар;—\r\n')).toBe(';');
  });

  it('commas of Google Sheets and tabs of «Текст Юникод» with the other signs in their text', () => {
    expect(detectDelimiter('Код,Название,Дата\nE1,Семинар; группа 1,10.10.2022\nE2,Вебинар; группа 2; поток 3,11.10.2022')).toBe(',');
    expect(detectDelimiter('Код\tНазвание\tДата\nE1\tСеминар, практикум; группа 1\t10.10.2022\nE2\tВебинар\t11.10.2022\n')).toBe('\t');
  });

  it('a header line alone: the sign it has most of, `;` when none', () => {
    expect(detectDelimiter('Код,Название,Дата;Время')).toBe(',');
    expect(detectDelimiter('Код;Название')).toBe(';');
    expect(detectDelimiter('Код')).toBe(';');
  });
});

/** A ZIP file's first entries (stored, CRC left at 0: only the local headers matter here). */
function zip(entries: [name: string, content: string | Uint8Array][]): Uint8Array {
  const chunks: Buffer[] = [];
  for (const [name, content] of entries) {
    const nameBytes = Buffer.from(name, 'utf-8');
    const data = Buffer.from(content);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    chunks.push(header, nameBytes, data);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

describe('ZIP files', () => {
  it('an XLSX workbook', () => {
    expect(sniff(head('events-serial-dates.xlsx'))).toEqual({ kind: 'xlsx' });
    expect(sniff(zip([['[Content_Types].xml', '<Types/>'], ['_rels/.rels', ''], ['xl/workbook.xml', '']]))).toEqual({ kind: 'xlsx' });
  });

  it('a Word document, a presentation, OpenDocument files, an archive of files', () => {
    expect(reason(zip([['[Content_Types].xml', '<Types/>'], ['_rels/.rels', ''], ['word/document.xml', '']]))).toMatch(/^Файл — документ Word \(\.docx\)/);
    expect(reason(zip([['[Content_Types].xml', '<Types/>'], ['ppt/presentation.xml', '']]))).toMatch(/^Файл — презентация PowerPoint/);
    expect(reason(zip([['mimetype', 'application/vnd.oasis.opendocument.spreadsheet'], ['content.xml', '']]))).toMatch(/^Файл — таблица OpenDocument \(\.ods\)/);
    expect(reason(zip([['mimetype', 'application/vnd.oasis.opendocument.text'], ['content.xml', '']]))).toMatch(/^Файл — документ OpenDocument/);
    expect(reason(zip([['отчёт за март.csv', CSV], ['отчёт за апрель.csv', CSV]]))).toBe(
      'Файл — ZIP-архив, а не книга Excel: распакуйте его и загрузите файлы по одному.',
    );
    expect(reason(zip([['Отчёты/', ''], ['Отчёты/март.xlsx', '']]))).toMatch(/ZIP-архив/);
  });

  const ARCHIVE = 'Файл — ZIP-архив, а не книга Excel: распакуйте его и загрузите файлы по одному.';

  /**
   * An archive as zip tools write it, entries stored uncompressed, with its central directory;
   * `descriptor`: sizes after each entry's data (a data descriptor), not in its local header, so
   * only the central directory names the entries after the first.
   */
  function archive(entries: [name: string, content: Uint8Array][], descriptor = false): Uint8Array {
    const chunks: Buffer[] = [];
    const directory: Buffer[] = [];
    let offset = 0;
    for (const [name, content] of entries) {
      const nameBytes = Buffer.from(name, 'utf-8');
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt16LE(0x0800 | (descriptor ? 0x08 : 0), 6);
      header.writeUInt32LE(descriptor ? 0 : content.length, 18);
      header.writeUInt32LE(descriptor ? 0 : content.length, 22);
      header.writeUInt16LE(nameBytes.length, 26);
      const trailer = descriptor ? Buffer.alloc(16) : Buffer.alloc(0);
      if (descriptor) {
        trailer.writeUInt32LE(0x08074b50, 0);
        trailer.writeUInt32LE(content.length, 8);
        trailer.writeUInt32LE(content.length, 12);
      }
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt32LE(content.length, 20);
      central.writeUInt32LE(content.length, 24);
      central.writeUInt16LE(nameBytes.length, 28);
      central.writeUInt32LE(offset, 42);
      directory.push(central, nameBytes);
      chunks.push(header, nameBytes, Buffer.from(content), trailer);
      offset += header.length + nameBytes.length + content.length + trailer.length;
    }
    const size = directory.reduce((n, b) => n + b.length, 0);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(offset, 16);
    return new Uint8Array(Buffer.concat([...chunks, ...directory, end]));
  }

  it('an archive storing workbooks uncompressed is an archive: its own entries decide, not the bytes of the workbooks in it', () => {
    const workbook = head('events-serial-dates.xlsx');
    expect(reason(archive([['Мероприятия.xlsx', workbook]]))).toBe(ARCHIVE);
    expect(reason(archive([['Мероприятия.xlsx', workbook], ['Мероприятия2.xlsx', workbook]]))).toBe(ARCHIVE);
    // The local headers end at a data descriptor: the central directory names the entries.
    expect(reason(archive([['Мероприятия.xlsx', workbook], ['Мероприятия2.xlsx', workbook]], true))).toBe(ARCHIVE);
    // A workbook stored in an archive of another workbook's name is still an archive.
    expect(reason(zip([['Мероприятия.xlsx', workbook]]))).toBe(ARCHIVE);
  });

  it('a binary workbook (.xlsb) is named so, with what to do', () => {
    expect(reason(zip([['[Content_Types].xml', '<Types/>'], ['_rels/.rels', ''], ['xl/workbook.bin', ''], ['xl/worksheets/sheet1.bin', '']])))
      .toBe('Двоичная книга Excel (.xlsb): сохраните её как «Книга Excel (.xlsx)» и загрузите снова.');
  });

  it('a ZIP without a sign either way is left to the XLSX reader', () => {
    expect(sniff(zip([['data.bin', 'x']]))).toEqual({ kind: 'xlsx' });
  });
});

describe('OLE2 compound files', () => {
  const PASSWORD = 'Книга Excel защищена паролем, и прочитать её нельзя. Откройте её в Excel, снимите пароль («Файл → Сведения → Защита книги → Зашифровать с использованием пароля», сотрите пароль и нажмите «ОК»), сохраните книгу и загрузите её снова.';
  const LEGACY = /^Старый формат Excel \(\.xls\) не поддерживается/;

  it('an old .xls workbook is one (its stream «Workbook»)', () => {
    expect(reason(head('legacy.xls'))).toMatch(LEGACY);
    expect(reason(new Uint8Array(compoundFile(['Workbook'])))).toMatch(LEGACY);
  });

  it('a .xlsx encrypted with a password is told apart by its streams, and how to remove the password is said', () => {
    expect(reason(head('corpus/89-events-password.xlsx'))).toBe(PASSWORD);
    expect(reason(new Uint8Array(compoundFile(['EncryptedPackage'])))).toBe(PASSWORD);
  });

  it('its directory past the head is read from where the header says it is', () => {
    const file = new Uint8Array(compoundFile(['EncryptionInfo', 'EncryptedPackage'], 127));
    const first = file.subarray(0, SNIFF_BYTES);
    expect(compoundDirectoryOffset(first)).toBe(SNIFF_BYTES);
    expect(reason(first)).toMatch(LEGACY);
    expect(sniff(first, file.subarray(SNIFF_BYTES))).toEqual({ kind: 'rejected', reason: PASSWORD });
    // A directory within the head needs no second read.
    expect(compoundDirectoryOffset(head('corpus/89-events-password.xlsx'))).toBeNull();
  });
});
