import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import readXlsxFile, { readSheet } from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { MAX_COLUMNS } from '../web/src/lib/shared/datasets.js';
import { sheetHead } from '../web/src/lib/shared/sheet-xml.js';
import { PREVIEW_ROWS, tableOf } from '../web/src/lib/upload/preview.js';
import { workbookHead, WorkbookTooLarge } from '../web/src/lib/upload/workbook-head.js';

/** What the upload page reads of a file in the browser, before anything is sent (test/browser/uploads.test.ts shows it). */
const CORPUS = join(import.meta.dirname, 'fixtures/uploads/corpus');

describe('the head of a sheet the preview reads', () => {
  it('is its first rows, each to the widest table: a value far off is left out, rows without references counted', () => {
    const xml = '<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>9</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>'
      + '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>';
    expect(sheetHead(xml, 40, MAX_COLUMNS)).toBe('<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row></sheetData>');
    // The OpenXML SDK's prefixed elements, without references: row 3 is the third row.
    expect(sheetHead('<x:row><x:c><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c></x:row><x:row/><x:row><x:c><x:v>3</x:v></x:c></x:row>', 2, 1))
      .toBe('<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row><x:row r="2"/>');
  });

  it('of a workbook with «x» at XFD1048576 is its table, as the value reader gives it', async () => {
    const head = workbookHead(readFileSync(join(CORPUS, '93-events-stray-value-XFD1048576.xlsx')), PREVIEW_ROWS, MAX_COLUMNS);
    expect(await readSheet(Buffer.from(head))).toEqual([
      ['Код мероприятия', 'Код площадки', 'Название', 'Дата проведения', 'Форма', 'Способ проведения', 'Участников по плану', 'Участников фактически'],
      ['E100', 'SP1', 'Семинар «Наставничество»', 43904, 'Семинар', 'Очно', 20, 18],
    ]);
  });

  it('is read as the server reads it: a hidden sheet is not offered, cells of a style the workbook lacks are read, dates from 1904 said «true» too', async () => {
    const head = (file: string) => Buffer.from(workbookHead(readFileSync(join(CORPUS, file)), PREVIEW_ROWS, MAX_COLUMNS));
    // Last year's sheet «2022» is hidden: the page would have shown and sent it.
    expect((await readXlsxFile(head('45-events-hidden-old-sheet.xlsx'))).map((s) => s.sheet)).toEqual(['2023']);
    expect((await readSheet(head('134-events-no-styles-style-0.xlsx')))[1]).toEqual(['E161', 'SP1', 'Семинар «Без стилей»', '15.03.2024', 'Семинар', 'Очно', 20, 18]);
    expect((await readSheet(head('130-events-libreoffice-1904-true.xlsx')))[1][3]).toEqual(new Date(Date.UTC(2024, 2, 15)));
  });

  it('of a workbook whose sheet unpacks past what the server reads is refused with the server\'s reason', () => {
    const workbook = zipSync({ 'xl/worksheets/sheet1.xml': strToU8('<worksheet/>') });
    // The central directory's «unpacked size» of the part, as a zip bomb declares it.
    const entry = Buffer.from(workbook).lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    new DataView(workbook.buffer, workbook.byteOffset).setUint32(entry + 24, 300 * 1024 * 1024, true);
    expect(() => workbookHead(workbook, PREVIEW_ROWS, MAX_COLUMNS)).toThrow(WorkbookTooLarge);
    expect(() => workbookHead(workbook, PREVIEW_ROWS, MAX_COLUMNS))
      .toThrow('Книга Excel слишком велика в распакованном виде (больше 200 МБ на один лист): разделите её на несколько файлов или сохраните как CSV.');
  });
});

describe('the preview\'s table', () => {
  it('is as wide as its last column with a value: Excel\'s padding of a CSV to 16,384 columns is no columns to map', () => {
    const padded = (cells: string[]) => [...cells, ...Array<string>(16384 - cells.length).fill('')];
    expect(tableOf([padded(['Код', 'Название']), padded(['E1', '']), padded(['', '', ' '])])).toEqual([['Код', 'Название'], ['E1', ''], ['', '']]);
  });

  it('ends at the widest table a file may have: a value past it is the server\'s to refuse', () => {
    const row = Array<string>(MAX_COLUMNS + 5).fill('');
    row[0] = 'Код';
    row[MAX_COLUMNS + 4] = 'x';
    expect(tableOf([row])).toEqual([['Код']]);
  });
});
