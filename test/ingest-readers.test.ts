import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Queries } from '../server/db/queries.js';
import { importFile, type ImportOutcome } from '../server/ingest/import.js';
import { longLineProblem, openSources, sniffFile } from '../server/ingest/readers.js';
import { compactedSheet, expandedRows, readWorkbookLayout, withUsualPrefixes } from '../server/ingest/xlsx-layout.js';
import { withCellReferences } from '../web/src/lib/shared/sheet-xml.js';
import { zip, zipEntries } from '../server/export/zip.js';
import { FileError } from '../server/ingest/file-error.js';
import { smallRegion } from './fixtures/small-region.js';
import { databaseWith, TEST_PSEUDONYMS } from './helpers/db.js';
import { FIXTURES } from './helpers/uploads.js';
import { compoundFile } from './helpers/compound-file.js';

/**
 * Well-formed CSV is read by DuckDB's reader, the rest by papaparse: both must give the same
 * outcome, row numbers and errors included, and leave the same data.
 */
const scratch = mkdtempSync(join(tmpdir(), 'ploshchadki-readers-'));
let copies = 0;

async function importWith(file: string, javascriptOnly: boolean): Promise<{ outcome: ImportOutcome; events: unknown[]; participations: unknown[] }> {
  const db = await databaseWith(smallRegion());
  const path = join(scratch, `${++copies}-${file.split('/').pop()}`);
  copyFileSync(file, path);
  const outcome = await importFile(db, await Queries.load(db), {
    uploadId: 1, pseudonyms: TEST_PSEUDONYMS, path, dataset: file.includes('missing-column') ? 'events' : null, mapping: null, mode: 'valid_only', javascriptOnly,
  });
  const events = await db.all('SELECT * FROM events ORDER BY code');
  const participations = await db.all('SELECT * FROM participations ORDER BY ALL');
  db.close();
  return { outcome, events, participations };
}

const csvFixtures = readdirSync(FIXTURES).filter((f) => /\.(csv|tsv)$/.test(f));

describe('the DuckDB reader and the JavaScript reader', () => {
  it.each(csvFixtures)('agree on %s', async (file) => {
    const duck = await importWith(join(FIXTURES, file), false);
    const js = await importWith(join(FIXTURES, file), true);
    expect(js.outcome.reader ?? 'javascript').toBe('javascript');
    const { reader: _a, ...duckOutcome } = duck.outcome;
    const { reader: _b, ...jsOutcome } = js.outcome;
    expect(duckOutcome).toEqual(jsOutcome);
    expect(duck.events).toEqual(js.events);
    expect(duck.participations).toEqual(js.participations);
  });

  it('agree on a value under a blank header cell: the row refused by either, Excel\'s empty padding harmless', async () => {
    const file = join(FIXTURES, 'corpus/68-feedback-comment-past-blank-header.csv');
    const duck = await importWith(file, false);
    const js = await importWith(file, true);
    expect([duck.outcome.reader, js.outcome.reader]).toEqual(['duckdb', 'javascript']);
    const { reader: _a, ...duckOutcome } = duck.outcome;
    const { reader: _b, ...jsOutcome } = js.outcome;
    expect(duckOutcome).toEqual(jsOutcome);
    expect(duckOutcome).toMatchObject({ status: 'applied', rowsTotal: 3, rowsRejected: 1, changes: { inserted: 2 } });
    expect(duckOutcome.errors.map((e) => [e.row, e.column, e.value])).toEqual([[2, 'столбец 5', 'спасибо организаторам']]);
  });

  it('DuckDB reads well-formed files, Windows-1251, tabs and BOMs included; papaparse the rest', async () => {
    const readerOf = async (file: string) => (await importWith(join(FIXTURES, file), false)).outcome.reader;
    expect(await readerOf('events-mixed.csv')).toBe('duckdb');
    expect(await readerOf('organizations-cp1251.csv')).toBe('duckdb');
    expect(await readerOf('participations-tab.tsv')).toBe('duckdb');
    expect(await readerOf('events-bom.csv')).toBe('duckdb'); // a BOM and a line break inside quotes
    // UTF-16 is copied as UTF-8 for DuckDB, BOM or none, either byte order.
    expect(await readerOf('events-utf16le.tsv')).toBe('duckdb');
    expect(await readerOf('events-utf16be-bom.csv')).toBe('duckdb');
    expect(await readerOf('events-utf16be.csv')).toBe('duckdb');
    // Broken quotes: DuckDB refuses the file, papaparse reports the row.
    expect(await readerOf('broken-quotes.csv')).toBe('javascript');
  });

  it('an empty line inside the file keeps the row numbers Excel shows', async () => {
    const file = join(scratch, 'empty-line.csv');
    writeFileSync(file, [
      'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану',
      'E20;SP1;Первое;01.03.2023;семинар;очно;10',
      '',
      'E21;SP1;Второе;31.02.2023;семинар;очно;10',
      '',
      '',
    ].join('\r\n'));
    const { outcome } = await importWith(file, false);
    expect(outcome.reader).toBe('javascript');
    expect(outcome).toMatchObject({ rowsTotal: 2, rowsRejected: 1 });
    expect(outcome.errors).toEqual([{ row: 4, column: 'Дата проведения', value: '31.02.2023', message: 'Такой даты не существует' }]);
  });

  it('a line longer than any table row refuses the file: DuckDB would drop it past its buffer', async () => {
    const file = join(scratch, 'long-last-line.csv');
    writeFileSync(file, [
      'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану',
      'E20;SP1;Первое;01.03.2023;семинар;очно;10',
      `E21;SP1;${'x'.repeat(33 << 20)};02.03.2023;семинар;очно;10`,
    ].join('\r\n'));
    const { outcome, events } = await importWith(file, false);
    expect(outcome).toMatchObject({ status: 'rejected', message: expect.stringMatching(/^Строка 3 файла длиннее 8 МБ/) });
    expect(events).not.toContainEqual(expect.objectContaining({ code: 'E20' }));
  });

  it('a line ends at a lone CR too (an old Mac file), and a CR LF is one line end, a chunk\'s end between them', async () => {
    const file = (name: string, text: string) => {
      writeFileSync(join(scratch, name), text);
      return join(scratch, name);
    };
    const row = (i: number) => `E${String(i).padStart(5, '0')};SP1;Семинар;01.03.2023;семинар;очно;10`;
    // 100 short lines ended by CR alone, 5 KB in all: no line is longer than 1 KB.
    const crOnly = Array.from({ length: 100 }, (_, i) => row(i)).join('\r');
    expect(await longLineProblem(file('cr-only.csv', crOnly), 1024)).toBeNull();
    expect(await longLineProblem(file('cr-only-long.csv', `${crOnly}\r${'x'.repeat(2000)}\r${row(0)}`), 1024)).toMatch(/^Строка 101 файла длиннее/);
    expect(await longLineProblem(file('mixed-long.csv', `${row(1)}\r\n${row(2)}\r${row(3)}\n${'x'.repeat(2000)}\r\n`), 1024)).toMatch(/^Строка 4 файла длиннее/);
    // CR LF line ends, one of them split by the end of the first 1 MB chunk read: its CR the
    // chunk's last byte, its LF the next chunk's first.
    const line = row(0);
    const size = Buffer.byteLength(line) + 2;
    const between = Math.floor(((1 << 20) - 1) / size);
    const first = 'x'.repeat((1 << 20) - 1 - between * size);
    const crlf = [first, ...Array<string>(between + 5).fill(line), 'x'.repeat(2000), line].join('\r\n');
    expect(Buffer.from(crlf).subarray((1 << 20) - 1, (1 << 20) + 1).toString()).toBe('\r\n');
    expect(await longLineProblem(file('crlf-long.csv', crlf), 1024)).toMatch(new RegExp(`^Строка ${between + 7} файла длиннее`));
  });

  it('a file over 8 MB of short lines ended by CR alone is read', async () => {
    const path = join(scratch, 'cr-only-9mb.csv');
    const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану';
    const rows = Array.from({ length: 80_000 }, (_, i) => `E${i};SP1;Семинар для педагогов-наставников;01.03.2023;семинар;очно;10`);
    writeFileSync(path, [header, ...rows].join('\r') + '\r');
    expect(statSync(path).size).toBeGreaterThan(8 << 20);
    const sniffed = await sniffFile(path);
    if (sniffed.kind !== 'csv') throw new Error(sniffed.kind);
    const [source] = await openSources(path, sniffed, { onQuoteError: () => {} });
    expect(source.head[1]).toEqual({ cells: rows[0].split(';'), row: 2 });
    let records = 0;
    await source.stream(() => void (records += 1));
    expect(records).toBe(80_001);
  });

  it('a UTF-8 file with a byte of another encoding names its line and what the byte is in Windows-1251, past the first megabyte too', async () => {
    const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану';
    const row = (i: number) => Buffer.from(`E${i};SP1;Семинар для педагогов-наставников;01.03.2023;семинар;очно;10\n`);
    // «№» typed by an editor of Windows-1251 (byte 0xB9) into a title.
    const broken = Buffer.concat([Buffer.from('E9;SP1;Семинар '), Buffer.of(0xb9), Buffer.from(' 5;01.03.2023;семинар;очно;10\n')]);
    const file = (name: string, before: number) => {
      writeFileSync(join(scratch, name), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${header}\n`),
        ...Array.from({ length: before }, (_, i) => row(i)), broken, row(99_999)]));
      return join(scratch, name);
    };
    const message = (line: number) => `Строка ${line}: знак не в кодировке UTF-8 (в Windows-1251 это «№») — файл сохранён частью в другой кодировке. `
      + 'Исправьте этот знак или сохраните файл заново целиком в UTF-8 или в Windows-1251.';
    expect((await importWith(file('one-byte.csv', 1), false)).outcome).toMatchObject({ status: 'rejected', message: message(3) });
    // 20,000 rows of 100 bytes before it: the byte is in the second megabyte read.
    expect((await importWith(file('one-byte-far.csv', 20_000), false)).outcome).toMatchObject({ status: 'rejected', message: message(20_002) });
  });

  it('a long value short of that is read and reported on its row', async () => {
    const file = join(scratch, 'long-value.csv');
    writeFileSync(file, [
      'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану',
      `E21;SP1;${'Длинное название '.repeat(200_000)};02.03.2023;семинар;очно;10`,
      'E20;SP1;Первое;01.03.2023;семинар;очно;10',
    ].join('\n'));
    const { outcome, events } = await importWith(file, false);
    expect(outcome).toMatchObject({ status: 'applied', rowsTotal: 2, rowsRejected: 1 });
    expect(outcome.errors).toEqual([{ row: 2, column: 'Название', value: 'Длинное название '.repeat(20).slice(0, 200), message: 'Слишком длинное значение (больше 2000 символов)' }]);
    expect(events).toContainEqual(expect.objectContaining({ code: 'E20' }));
  });
});

describe('a sheet without cell references (r= is optional in OOXML)', () => {
  it('a cell takes the column after the previous one, a row the line after the previous one', () => {
    const xml = '<sheetData><row><c t="s"><v>0</v></c><c/><c><v>2</v></c></row><row r="5" hidden="1"><c r="B5"><v>1</v></c><c><v>3</v></c></row><row><c><v>4</v></c></row><row/></sheetData>';
    expect(withCellReferences(xml)).toBe('<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"/><c r="C1"><v>2</v></c></row>'
      + '<row r="5" hidden="1"><c r="B5"><v>1</v></c><c r="C5"><v>3</v></c></row><row r="6"><c r="A6"><v>4</v></c></row><row r="7"/></sheetData>');
  });

  it('elements with a namespace prefix too; a sheet with every reference is left as it is', () => {
    expect(withCellReferences('<x:row><x:c><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c></x:row>'))
      .toBe('<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="B1"><x:v>2</x:v></x:c></x:row>');
    const referenced = '<row r="1" spans="1:2"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row><cols><col min="1" max="2"/></cols>';
    expect(withCellReferences(referenced)).toBe(referenced);
  });
});

describe('a workbook whose elements carry a namespace prefix (the .NET OpenXML SDK writes «x:»)', () => {
  const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

  it('its own namespace\'s elements are unprefixed whatever the prefix, relationship attributes named «r:»', () => {
    expect(withUsualPrefixes(`<s:workbook xmlns:s="${MAIN}" xmlns:rel="${RELATIONSHIPS}"><s:workbookPr date1904="1"/><s:sheets><s:sheet name="Лист1" rel:id="R1"/></s:sheets></s:workbook>`))
      .toBe(`<workbook xmlns:s="${MAIN}" xmlns:rel="${RELATIONSHIPS}"><workbookPr date1904="1"/><sheets><sheet name="Лист1" r:id="R1"/></sheets></workbook>`);
    // Strict Open XML's namespace too; an element of another namespace keeps its prefix.
    expect(withUsualPrefixes('<x:worksheet xmlns:x="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:AlternateContent/><x:row r="1" hidden="1"/></x:worksheet>'))
      .toBe('<worksheet xmlns:x="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:AlternateContent/><row r="1" hidden="1"/></worksheet>');
    const unprefixed = `<worksheet xmlns="${MAIN}"><sheetData><row r="1"/></sheetData></worksheet>`;
    expect(withUsualPrefixes(unprefixed)).toBe(unprefixed);
  });

  it('has the layout of its unprefixed twin: hidden rows, formulas without a value, errors, merges, 1904 dates', async () => {
    const twin = async (file: string) => {
      const path = join(scratch, `unprefixed-${file}`);
      writeFileSync(path, zip([...zipEntries(readFileSync(join(FIXTURES, 'corpus', file)))].map(([name, read]) => ({
        name, data: read().replace(/<(\/?)x:/g, '<$1').replace(/xmlns:x=/g, 'xmlns='),
      }))));
      return readWorkbookLayout(path);
    };
    for (const file of ['91-events-openxml-sdk-1904-merged.xlsx', '92-events-openxml-sdk-hidden-formula-error.xlsx']) {
      expect(await readWorkbookLayout(join(FIXTURES, 'corpus', file))).toEqual(await twin(file));
    }
    const merged = await readWorkbookLayout(join(FIXTURES, 'corpus/91-events-openxml-sdk-1904-merged.xlsx'));
    expect(merged.date1904).toBe(true);
    expect(merged.sheets.get('Мероприятия')?.merged).toEqual([{ top: 1, left: 1, bottom: 2, right: 1 }]);
    const refused = (await readWorkbookLayout(join(FIXTURES, 'corpus/92-events-openxml-sdk-hidden-formula-error.xlsx'))).sheets.get('Мероприятия');
    expect(refused).toMatchObject({ hidden: [3], unreadable: [{ row: 4, column: 7, error: null }, { row: 5, column: 7, error: '#DIV/0!' }] });
  });
});

describe('date cells written as text (t="d": openpyxl\'s iso_dates, Strict Open XML)', () => {
  const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const dateCell = (ref: string, text: string) => `<c r="${ref}" t="d"><v>${text}</v></c>`;
  const workbook = () => zip([
    { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>' },
    { name: 'xl/workbook.xml', data: `<workbook xmlns="${MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' },
    { name: 'xl/worksheets/sheet1.xml', data: `<worksheet xmlns="${MAIN}"><sheetData><row r="1">${dateCell('A1', '2024-03-15T00:00:00')}${dateCell('B1', '2024-03-15T00:30:00')}`
      + `${dateCell('C1', '2024-04-03T00:00:00Z')}${dateCell('D1', '2024-05-06')}<c r="E1"><v>45366</v></c></row></sheetData></worksheet>` },
  ]);

  it('without a time zone are read as the day written, on a server east of UTC too (Moscow)', async () => {
    const path = join(scratch, 'iso-dates.xlsx');
    writeFileSync(path, workbook());
    // The server's zone is the parser's unless it sets its own: the workbook is parsed from a
    // process in Moscow's zone, where «2024-03-15T00:00:00» as local time is 21:00 of the 14th in UTC.
    const script = `
      const { readWorkbookApart } = await import(${JSON.stringify(new URL('../server/ingest/xlsx-parser.ts', import.meta.url).href)});
      const { sheets } = await readWorkbookApart(process.argv[1]);
      console.log(JSON.stringify({ offset: new Date(2024, 2, 15).getTimezoneOffset(), cells: sheets[0].rows[0].map((cell) => cell instanceof Date ? cell.toISOString() : cell) }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, path], {
      timeout: 30_000, env: { ...process.env, TZ: 'Europe/Moscow' },
    });
    expect(JSON.parse(stdout)).toEqual({
      offset: -180,
      cells: ['2024-03-15T00:00:00.000Z', '2024-03-15T00:30:00.000Z', '2024-04-03T00:00:00.000Z', '2024-05-06T00:00:00.000Z', 45366],
    });
  }, 60_000);
});

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const inlineText = (ref: string, value: string) => `<c r="${ref}" t="inlineStr"><is><t>${value}</t></is></c>`;

/** A workbook of one sheet of events: the template's header, then `rows` (sheetData XML), in `styles`. */
function eventsWorkbook(styles: string, rows: string): Buffer {
  return zip([
    { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>' },
    { name: 'xl/workbook.xml', data: `<workbook xmlns="${MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
      + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>' },
    { name: 'xl/styles.xml', data: styles },
    { name: 'xl/worksheets/sheet1.xml', data: `<worksheet xmlns="${MAIN}"><sheetData><row r="1">`
      + ['Код мероприятия', 'Код площадки', 'Название', 'Дата проведения', 'Форма', 'Способ проведения', 'Участников по плану', 'Участников фактически']
        .map((header, i) => inlineText(`${String.fromCharCode(65 + i)}1`, header)).join('') + `</row>${rows}</sheetData></worksheet>` },
  ]);
}

/** A workbook of events imported into the small region, valid rows only. */
async function importEventsWorkbook(name: string, workbook: Buffer) {
  const path = join(scratch, name);
  writeFileSync(path, workbook);
  const db = await databaseWith(smallRegion());
  const outcome = await importFile(db, await Queries.load(db), {
    uploadId: 1, pseudonyms: TEST_PSEUDONYMS, path, dataset: 'events', mapping: null, mode: 'valid_only',
  });
  return { db, outcome };
}

describe('number cells in a percentage format (openpyxl writes t="n"; Excel\'s built-in «0%» is format 9)', () => {
  const text = inlineText;
  const row = (r: number, code: string, actual: string) => `<row r="${r}">${code}${text(`B${r}`, 'SP1')}${text(`C${r}`, `Семинар ${r}`)}`
    + `<c r="D${r}"><v>${45564 + r}</v></c>${text(`E${r}`, 'Семинар')}${text(`F${r}`, 'Очно')}<c r="G${r}"><v>20</v></c>${actual}</row>`;
  // Styles: 1 the built-in «0%», 2 a «0.0%» of its own, 3 a «%» in quotes (a literal: no percentage), 4 a digit pattern «000000».
  const styles = `<styleSheet xmlns="${MAIN}"><numFmts count="3"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="0&quot;%&quot;"/>`
    + '<numFmt numFmtId="166" formatCode="000000"/></numFmts><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs></styleSheet>';
  const workbook = () => eventsWorkbook(styles, row(2, text('A2', 'E81'), '<c r="H2" s="1" t="n"><v>0.75</v></c>')
    + row(3, text('A3', 'E82'), '<c r="H3" s="2"><v>0.125</v></c>')
    + row(4, '<c r="A4" s="4" t="n"><v>1234</v></c>', '<c r="H4" s="3"><v>18</v></c>'));

  it('a count is told it is a percentage, as «75%» typed is; a «%» in quotes is no percentage; a digit pattern of a t="n" cell is shown', async () => {
    const { db, outcome } = await importEventsWorkbook('percent.xlsx', workbook());
    const percent = (shown: string) => `Процент («${shown}») вместо числа: здесь нужно целое число — само количество, а не доля в процентах`;
    expect(outcome).toMatchObject({ status: 'applied', rowsTotal: 3, rowsRejected: 2 });
    expect(outcome.errors).toEqual([
      { row: 2, column: 'Участников фактически', value: '75%', message: percent('75%') },
      { row: 3, column: 'Участников фактически', value: '12,5%', message: percent('12,5%') },
    ]);
    expect(await db.all('SELECT code, actual_participants FROM events WHERE upload_id = 1')).toEqual([{ code: '001234', actual_participants: 18 }]);
    db.close();
  });
});

describe('a count in a date-formatted cell, as Excel shows it', () => {
  const text = inlineText;
  // Style 1 Excel's built-in date format (14, «ДД.ММ.ГГГГ» in Russian Excel).
  const styles = `<styleSheet xmlns="${MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`;
  const row = (r: number, actual: number) => `<row r="${r}">${text(`A${r}`, `E9${r}`)}${text(`B${r}`, 'SP1')}${text(`C${r}`, `Семинар ${r}`)}`
    + `<c r="D${r}"><v>${45564 + r}</v></c>${text(`E${r}`, 'Семинар')}${text(`F${r}`, 'Очно')}<c r="G${r}"><v>20</v></c><c r="H${r}" s="1"><v>${actual}</v></c></row>`;

  it('names the day Excel shows: its days before 1 March 1900 are a day later than the calendar\'s (Excel\'s leap 1900)', async () => {
    const { db, outcome } = await importEventsWorkbook('count-as-date.xlsx', eventsWorkbook(styles, row(2, 18) + row(3, 60) + row(4, 61)));
    const turned = (shown: string) => `Excel превратил значение в дату (${shown}): сделайте столбец текстовым и введите значение заново`;
    expect(outcome.errors.map((e) => [e.row, e.value, e.message])).toEqual([
      [2, '1900-01-18', turned('18.01.1900')],
      [3, '1900-02-29', turned('29.02.1900')],
      [4, '1900-03-01', turned('01.03.1900')],
    ]);
    db.close();
  });
});

describe('a sheet whose values lie far apart (a stray value at XFD1048576)', () => {
  it('is given to the value reader without its empty rows and columns, and its rows are put back where they were', () => {
    const sheet = '<sheetData><row r="1" spans="1:2"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row><row r="2"><c r="A2"><v>3</v></c><c r="Q2" s="1"/></row>'
      + '<row r="70" s="1"/><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>';
    const sparse = { rows: [1, 2, 1048576], columns: [0, 1, 16383], width: 0 };
    expect(compactedSheet(sheet, sparse)).toBe('<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row><row r="2"><c r="A2"><v>3</v></c></row>'
      + '<row r="3"><c r="C3" t="inlineStr"><is><t>x</t></is></c></row></sheetData>');
    const rows = expandedRows<number | string>([[1, 2, null], [3, null, null], [null, null, 'x']], sparse);
    expect(rows).toHaveLength(1048576);
    expect(rows.slice(0, 3)).toEqual([[1, 2], [3], []]);
    expect(rows[1048575]).toHaveLength(16384);
    expect(rows[1048575].flatMap((cell, i) => (cell === null ? [] : [[i, cell]]))).toEqual([[16383, 'x']]);
    // Rows as wide as the table where every row may be: the value reader's padding, short of the far-off column.
    expect(expandedRows([[1, 2, null], [3, null, null]], { ...sparse, width: 2 })).toEqual([[1, 2], [3, null]]);
  });

  it('only such a sheet: a table of values close together is read as it is', async () => {
    const layout = await readWorkbookLayout(join(FIXTURES, 'corpus/91-events-openxml-sdk-1904-merged.xlsx'));
    expect(layout.sheets.get('Мероприятия')?.sparse).toBeUndefined();
    const stray = await readWorkbookLayout(join(FIXTURES, 'corpus/93-events-stray-value-XFD1048576.xlsx'));
    expect(stray.sheets.get('Мероприятия')?.sparse).toEqual({
      part: 'xl/worksheets/sheet1.xml', rows: [1, 2, 1048576], columns: [0, 1, 2, 3, 4, 5, 6, 7, 16383], width: 0,
    });
  });

  it('and a sheet wider than a table may be (a value at XFD2): its rows are as wide as the table, only the far value\'s row reaching it', async () => {
    const path = join(FIXTURES, 'corpus/104-events-stray-value-XFD2.xlsx');
    expect((await readWorkbookLayout(path)).sheets.get('Мероприятия')?.sparse).toEqual({
      part: 'xl/worksheets/sheet1.xml', rows: [1, 2], columns: [0, 1, 2, 3, 4, 5, 6, 7, 16383], width: 8,
    });
    const [{ head }] = await openSources(path, { kind: 'xlsx' }, { onQuoteError: () => {} });
    expect(head.map(({ cells }) => cells.length)).toEqual([8, 16384]);
    expect(head[1].cells.slice(0, 8)).toEqual(['E100', 'SP1', 'Семинар «Наставничество»', 43904, 'Семинар', 'Очно', 20, 18]);
    expect(head[1].cells[16383]).toBe('x');
  });
});

describe('a cell longer than Excel keeps (32,767 characters)', () => {
  /** Corpus 104 with `text` in place of `written`: its stray cell at XFD2 (inline) or a header's shared string. */
  const withText = (name: string, xml: string, written = '<x:t xml:space="preserve">x</x:t>') => {
    const path = join(scratch, name);
    writeFileSync(path, zip([...zipEntries(readFileSync(join(FIXTURES, 'corpus/104-events-stray-value-XFD2.xlsx')))].map(([part, read]) => ({
      name: part, data: read().replace(written, written.replace(/>[^<]*</, `>${xml}<`)),
    }))));
    return path;
  };
  const xlsx = { kind: 'xlsx' } as const;

  it('refuses the workbook before the value reader spends minutes on it, naming the sheet and the cell', async () => {
    await expect(openSources(withText('long.xlsx', 'ж'.repeat(200_000)), xlsx, { onQuoteError: () => {} })).rejects.toThrow(new FileError(
      'На листе «Мероприятия» в ячейке XFD2 текст длиннее 32 767 знаков — столько Excel в ячейке не хранит, это не таблица данных. Очистите эту ячейку (вставленный в неё текст или файл) и загрузите книгу снова.',
    ));
  });

  it('a long shared string is named by the cell that shows it', async () => {
    await expect(openSources(withText('long-shared.xlsx', 'ж'.repeat(200_000), '<x:t>Название</x:t>'), xlsx, { onQuoteError: () => {} })).rejects.toThrow(new FileError(
      'На листе «Мероприятия» в ячейке C1 текст длиннее 32 767 знаков — столько Excel в ячейке не хранит, это не таблица данных. Очистите эту ячейку (вставленный в неё текст или файл) и загрузите книгу снова.',
    ));
  });

  it('a long shared string no cell shows is refused without a place', async () => {
    const path = join(scratch, 'long-unused.xlsx');
    writeFileSync(path, zip([...zipEntries(readFileSync(join(FIXTURES, 'corpus/104-events-stray-value-XFD2.xlsx')))].map(([part, read]) => ({
      name: part, data: read().replace('</x:sst>', `<x:si><x:t>${'ж'.repeat(200_000)}</x:t></x:si></x:sst>`),
    }))));
    await expect(openSources(path, xlsx, { onQuoteError: () => {} })).rejects.toThrow(new FileError(
      'В книге есть ячейка с текстом длиннее 32 767 знаков — столько Excel в ячейке не хранит, это не таблица данных. Найдите эту ячейку (вставленный в неё текст или файл), очистите её и загрузите книгу снова.',
    ));
  });

  it('a full cell of quotes, each six characters in XML, is read', async () => {
    const [{ head }] = await openSources(withText('full.xlsx', '&quot;'.repeat(32_767)), xlsx, { onQuoteError: () => {} });
    expect(head[1].cells[16383]).toBe('"'.repeat(32_767));
  });
});

describe('sheets that are no table (a chart, a dialog, macros)', () => {
  const CHART_FIRST = join(FIXTURES, 'corpus/87-events-chart-sheet-first.xlsx');
  const xlsx = { kind: 'xlsx' } as const;
  const options = { onQuoteError: () => {} };

  it('are not sources: only the worksheet is', async () => {
    expect((await openSources(CHART_FIRST, xlsx, options)).map((source) => source.sheet)).toEqual(['Данные']);
    expect((await openSources(join(FIXTURES, 'corpus/88-events-macro-dialog-sheets.xlsm'), xlsx, options)).map((source) => source.sheet)).toEqual(['Лист1']);
  });

  it('a workbook of charts only is refused, saying so', async () => {
    const entries = zipEntries(readFileSync(CHART_FIRST));
    const path = join(scratch, 'charts-only.xlsx');
    writeFileSync(path, zip([...entries].map(([name, read]) => ({
      name, data: name === 'xl/workbook.xml' ? read().replace(/<sheet [^>]*name="Данные"\/>/, '') : read(),
    }))));
    const refusal = openSources(path, xlsx, options);
    await expect(refusal).rejects.toThrow(FileError);
    await expect(refusal).rejects.toThrow(/^В книге нет листа с таблицей: только диаграммы или другие листы без ячеек с данными\./);
  });
});

describe('a workbook encrypted with a password', () => {
  it('is told apart from an old .xls by the file\'s directory, wherever it lies', async () => {
    const path = join(scratch, 'password.xlsx');
    writeFileSync(path, compoundFile(['EncryptionInfo', 'EncryptedPackage'], 127));
    expect(await sniffFile(path)).toEqual({ kind: 'rejected', reason: expect.stringMatching(/^Книга Excel защищена паролем/) });
  });
});

describe('a time cell in a date column and a logical cell in a count (a tester\'s round)', () => {
  const text = inlineText;
  const row = (r: number, date: string, actual: string) => `<row r="${r}">${text(`A${r}`, `E9${r}`)}${text(`B${r}`, 'SP1')}${text(`C${r}`, `Семинар ${r}`)}`
    + `${date}${text(`E${r}`, 'Семинар')}${text(`F${r}`, 'Очно')}<c r="G${r}"><v>20</v></c>${actual}</row>`;
  // Style 1: the built-in «h:mm» (20).
  const styles = `<styleSheet xmlns="${MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="20" applyNumberFormat="1"/></cellXfs></styleSheet>`;
  const workbook = () => eventsWorkbook(styles, row(2, '<c r="D2" s="1"><v>0.416666666666667</v></c>', '<c r="H2"><v>18</v></c>')
    + row(3, '<c r="D3"><v>44999</v></c>', '<c r="H3" t="b"><v>1</v></c>'));

  it('the time is said to be a time, not «Год 1899 слишком ранний»; ИСТИНА is shown as Excel shows it and a number asked for', async () => {
    const { db, outcome } = await importEventsWorkbook('time-and-logical.xlsx', workbook());
    expect(outcome.errors).toEqual([
      { row: 2, column: 'Дата проведения', value: '10:00', message: 'В ячейке время, а не дата: укажите дату ДД.ММ.ГГГГ' },
      { row: 3, column: 'Участников фактически', value: 'ИСТИНА', message: 'Логическое значение «ИСТИНА» вместо числа: здесь нужно количество — запишите число' },
    ]);
    db.close();
  });
});
