/**
 * Rows people «delete» without deleting them: struck through (refused), coloured (loaded and
 * named in a note), kept under the table's total (refused). Workbooks are written part by part,
 * as Excel and LibreOffice write them (styles.xml's fonts, fills and cell formats, a cell's s=).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Queries } from '../server/db/queries.js';
import { importFile, type ImportOutcome } from '../server/ingest/import.js';
import { readWorkbookLayout } from '../server/ingest/xlsx-layout.js';
import { templateXlsx } from '../server/export/template-xlsx.js';
import { zip, zipEntries } from '../server/export/zip.js';
import { DATASETS } from '../web/src/lib/shared/datasets.js';
import { smallRegion } from './fixtures/small-region.js';
import { databaseWith, TEST_PSEUDONYMS } from './helpers/db.js';

const scratch = mkdtempSync(join(tmpdir(), 'ploshchadki-marked-'));
let files = 0;
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A cell: a text (inline, or shared by its index) or a number, in the cell format `s`. */
type Cell = { text: string; s?: number } | { shared: number; s?: number } | { number: number; s?: number } | null;

const HEADER = ['Код мероприятия', 'Код площадки', 'Название', 'Дата проведения', 'Форма', 'Способ проведения', 'Участников по плану', 'Участников фактически'];
const text = (t: string, s?: number): Cell => ({ text: t, s });
/** An event's row of SP1 (the date as Excel's day number: 45231 is 01.11.2023), every cell in format `s`. */
const eventRow = (code: string, day: number, s?: number): Cell[] => [
  text(code, s), text('SP1', s), text(`Семинар ${code}`, s), { number: 45230 + day, s }, text('Семинар', s), text('Очно', s), { number: 20, s }, { number: 18, s },
];

function cellXml(ref: string, cell: Cell): string {
  if (cell === null) return '';
  const s = cell.s === undefined ? '' : ` s="${cell.s}"`;
  if ('number' in cell) return `<c r="${ref}"${s}><v>${cell.number}</v></c>`;
  if ('shared' in cell) return `<c r="${ref}"${s} t="s"><v>${cell.shared}</v></c>`;
  return `<c r="${ref}"${s} t="inlineStr"><is><t>${cell.text}</t></is></c>`;
}

/**
 * A workbook of one sheet «Данные»: `styles` holds the inside of styles.xml (fonts, fills,
 * cellXfs), `shared` the shared strings' <si> items.
 */
function workbook(rows: Cell[][], styles: string, shared: string[] = []): string {
  const sheet = rows.map((cells, r) => `<row r="${r + 1}">${cells.map((cell, c) => cellXml(`${String.fromCharCode(65 + c)}${r + 1}`, cell)).join('')}</row>`).join('');
  const path = join(scratch, `${++files}.xlsx`);
  writeFileSync(path, zip([
    { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>' },
    { name: 'xl/workbook.xml', data: `<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><sheets><sheet name="Данные" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>`
        + `<Relationship Id="rId2" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="${RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    },
    { name: 'xl/worksheets/sheet1.xml', data: `<worksheet xmlns="${MAIN}"><sheetData>${sheet}</sheetData></worksheet>` },
    { name: 'xl/styles.xml', data: `<styleSheet xmlns="${MAIN}">${styles}</styleSheet>` },
    { name: 'xl/sharedStrings.xml', data: `<sst xmlns="${MAIN}" count="${shared.length}" uniqueCount="${shared.length}">${shared.join('')}</sst>` },
  ]));
  return path;
}

/** styles.xml's fonts, fills and cell formats: each format a font's and a fill's index. */
const styles = (fonts: string[], fills: string[], formats: [font: number, fill: number][]) =>
  `<fonts count="${fonts.length + 1}"><font><sz val="11"/><color theme="1"/><name val="Calibri"/></font>${fonts.join('')}</fonts>`
  + `<fills count="${fills.length + 2}"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>${fills.join('')}</fills>`
  + `<cellXfs count="${formats.length + 1}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`
  + `${formats.map(([font, fill]) => `<xf numFmtId="0" fontId="${font}" fillId="${fill}" borderId="0" xfId="0" applyFont="1" applyFill="1"/>`).join('')}</cellXfs>`;
const solid = (rgb: string) => `<fill><patternFill patternType="solid"><fgColor rgb="${rgb}"/><bgColor indexed="64"/></patternFill></fill>`;

async function load(path: string, mode: 'strict' | 'valid_only' = 'strict'): Promise<{ outcome: ImportOutcome; events: string[] }> {
  const db = await databaseWith(smallRegion());
  try {
    const outcome = await importFile(db, await Queries.load(db), { uploadId: 1, pseudonyms: TEST_PSEUDONYMS, path, dataset: null, mapping: null, mode });
    const events = (await db.all<{ code: string }>('SELECT code FROM events WHERE upload_id = 1 ORDER BY code')).map((e) => e.code);
    return { outcome, events };
  } finally {
    db.close();
  }
}
const errorsOf = (outcome: ImportOutcome) => outcome.errors.map((e) => [e.row, e.column, e.message]);
const headerRow = HEADER.map((h) => text(h));
const STRUCK_ROW = 'Строка зачёркнута: если она не нужна, удалите её из файла; если нужна — снимите зачёркивание и загрузите файл снова';
const FIX_STRUCK = 'если строка не нужна, удалите её из файла; если нужна — исправьте зачёркнутое, снимите зачёркивание и загрузите файл снова';

describe('a row struck through', () => {
  it('is refused, as Excel (<strike/>, <strike val="1"/>) and LibreOffice (<strike val="true"/>) write it; <strike val="0"/> is no strikethrough', async () => {
    const path = workbook([
      headerRow, eventRow('E50', 1), eventRow('E51', 2, 1), eventRow('E52', 3, 2), eventRow('E53', 4, 3), eventRow('E54', 5, 4),
    ], styles(['<font><strike/></font>', '<font><strike val="1"/></font>', '<font><strike val="true"/><sz val="11"/><name val="Cambria"/></font>', '<font><strike val="0"/></font>'], [],
      [[1, 0], [2, 0], [3, 0], [4, 0]]));
    const strict = await load(path);
    expect(strict.outcome).toMatchObject({ status: 'rejected', rowsTotal: 5, rowsRejected: 3 });
    expect(errorsOf(strict.outcome)).toEqual([[3, '', STRUCK_ROW], [4, '', STRUCK_ROW], [5, '', STRUCK_ROW]]);
    const lenient = await load(path, 'valid_only');
    expect(lenient.outcome).toMatchObject({ status: 'applied', rowsRejected: 3 });
    expect(lenient.events).toEqual(['E50', 'E54']);
  });

  it('in part — a value, or a part of a text (rich text) — is refused naming the columns; a struck note in a column not loaded is nothing', async () => {
    const shared = [
      '<si><r><rPr><strike/><sz val="11"/></rPr><t>Семинар «Старое название»</t></r><r><t xml:space="preserve"> Семинар «Новое»</t></r></si>',
      '<si><r><rPr><b/></rPr><t>Семинар</t></r><r><t xml:space="preserve"> жирным</t></r></si>',
    ];
    const row = (code: string, changes: Record<number, Cell>) => Object.assign(eventRow(code, 1), changes);
    const path = workbook([
      [...headerRow, text('Примечание')],
      row('E50', { 2: { shared: 0 } }),
      row('E51', { 7: { number: 18, s: 1 } }),
      row('E52', { 2: { shared: 1 }, 8: text('отменено', 1) }),
      row('E53', { 6: { number: 20, s: 1 }, 7: { number: 18, s: 1 } }),
    ], styles(['<font><strike/></font>'], [], [[1, 0]]), shared);
    const { outcome } = await load(path);
    expect(outcome).toMatchObject({ status: 'rejected', rowsTotal: 4, rowsRejected: 3 });
    expect(errorsOf(outcome)).toEqual([
      [2, 'Название', `Зачёркнуто значение в столбце «Название»: ${FIX_STRUCK}`],
      [3, 'Участников фактически', `Зачёркнуто значение в столбце «Участников фактически»: ${FIX_STRUCK}`],
      [5, '', `Зачёркнуты значения в столбцах «Участников по плану», «Участников фактически»: ${FIX_STRUCK}`],
    ]);
  });

  it('is found by the layout reader with its columns and the row\'s filled ones', async () => {
    const path = workbook([headerRow, eventRow('E50', 1), Object.assign(eventRow('E51', 2), { 3: { number: 45232, s: 1 } })],
      styles(['<font><strike/></font>'], [], [[1, 0]]));
    const sheet = (await readWorkbookLayout(path)).sheets.get('Данные')!;
    expect(sheet.struck).toEqual(new Map([[3, { columns: [3], filled: [0, 1, 2, 3, 4, 5, 6, 7] }]]));
  });
});

describe('rows coloured unlike the others', () => {
  const RED_FILL = solid('FFFF0000');
  const colouredNote = (rows: string) => `${rows} выделены цветом, а цвет не читается: если это отменённые или лишние строки, удалите их `
    + '(или отметьте «да» в столбце «Удалить», если мероприятие уже в базе) и загрузите файл снова.';

  it('are loaded and named: a fill, a font colour (a theme\'s accent too); black, automatic, white fill are no colour', async () => {
    const path = workbook([
      headerRow.map((cell) => ({ ...cell!, s: 5 })),
      eventRow('E50', 1), eventRow('E51', 2, 1), eventRow('E52', 3, 2), eventRow('E53', 4, 3), eventRow('E54', 5, 4),
      eventRow('E55', 6, 6), eventRow('E56', 7, 7), eventRow('E57', 8), eventRow('E58', 9), eventRow('E59', 10), eventRow('E60', 11),
    ], styles([
      '<font><color rgb="FFFF0000"/></font>', '<font><color theme="5"/></font>', '<font><color rgb="FF000000"/></font>', '<font><color auto="1"/></font>', '<font><b/></font>',
    ], [RED_FILL, solid('FFFFFFFF'), solid('FFFFD966')], [[0, 2], [1, 0], [2, 0], [3, 0], [5, 4], [4, 0], [0, 3]]));
    const { outcome, events } = await load(path);
    expect(outcome).toMatchObject({ status: 'applied', rowsTotal: 11, errorCount: 0 });
    expect(events).toHaveLength(11);
    expect(outcome.notes).toEqual([colouredNote('Строки 3–5')]);
  });

  it('one of them: said so', async () => {
    const path = workbook([headerRow, eventRow('E50', 1), eventRow('E51', 2, 1), eventRow('E52', 3), eventRow('E53', 4)], styles([], [RED_FILL], [[0, 2]]));
    expect((await load(path)).outcome.notes).toEqual([
      'Строка 3 выделена цветом, а цвет не читается: если это отменённая или лишняя строка, удалите её '
        + '(или отметьте «да» в столбце «Удалить», если мероприятие уже в базе) и загрузите файл снова.',
    ]);
  });

  it('in a participations\' file: said of a participation', async () => {
    const header = ['ID педагога', 'Код ОО педагога', 'Код площадки', 'Код мероприятия', 'Роль', 'Дата начала'].map((h) => text(h));
    // E1 of SP1 on 10.02.2022 (Excel's day 44602).
    const trainee = (id: string, s?: number): Cell[] => [text(id, s), text('N3', s), text('SP1', s), text('E1', s), text('Стажёр', s), { number: 44602, s }];
    const path = workbook([header, trainee('N3-20'), trainee('N3-21', 1), trainee('N3-22'), trainee('N3-23')], styles([], [RED_FILL], [[0, 2]]));
    const { outcome } = await load(path);
    expect(outcome).toMatchObject({ status: 'applied', dataset: 'participations', rowsTotal: 4, errorCount: 0 });
    expect(outcome.notes).toEqual([
      'Строка 3 выделена цветом, а цвет не читается: если это отменённая или лишняя строка, удалите её '
        + '(или отметьте «да» в столбце «Удалить», если участие уже в базе) и загрузите файл снова.',
    ]);
  });

  it('a single cell highlighted is emphasis, not a row marked; half of the rows or every other row coloured: nothing said', async () => {
    const formats = styles([], [RED_FILL], [[0, 2]]);
    const highlighted = workbook([headerRow, eventRow('E50', 1), Object.assign(eventRow('E51', 2), { 7: { number: 18, s: 1 } }), eventRow('E52', 3), eventRow('E53', 4)], formats);
    expect((await load(highlighted)).outcome.notes).toEqual([]);
    const half = workbook([headerRow, eventRow('E50', 1, 1), eventRow('E51', 2, 1), eventRow('E52', 3), eventRow('E53', 4)], formats);
    expect((await load(half)).outcome.notes).toEqual([]);
    const banded = workbook([headerRow, ...['E50', 'E51', 'E52', 'E53', 'E54', 'E55', 'E56'].map((code, i) => eventRow(code, i + 1, i % 2 === 1 ? 1 : undefined))], formats);
    expect((await load(banded)).outcome.notes).toEqual([]);
    // Two of six rows, not every other one: marks.
    const marked = workbook([headerRow, ...['E50', 'E51', 'E52', 'E53', 'E54', 'E55'].map((code, i) => eventRow(code, i + 1, i === 1 || i === 3 ? 1 : undefined))], formats);
    expect((await load(marked)).outcome.notes).toEqual([colouredNote('Строки 3, 5')]);
  });

  it('a column shaded in every row, a coloured totals row: nothing said', async () => {
    const formats = styles([], [solid('FFFFF2CC'), solid('FFD9D9D9')], [[0, 2], [0, 3]]);
    const row = (code: string, day: number) => Object.assign(eventRow(code, day), { 7: { number: 18, s: 1 } });
    const path = workbook([
      headerRow, row('E50', 1), row('E51', 2), row('E52', 3), row('E53', 4),
      [text('Итого', 2), null, null, null, null, null, { number: 80, s: 2 }, { number: 72, s: 2 }],
    ], formats);
    const { outcome } = await load(path);
    expect(outcome).toMatchObject({ status: 'applied', rowsTotal: 4, notes: ['Пропущены строки итогов: строка 6.'] });
  });

  it('the template filled in as Excel fills it (each cell in its column\'s format): nothing said; a row filled red in it is named', async () => {
    const template = templateXlsx(DATASETS.events, [{ ref: 'sites', code: 'SP1', name: 'Площадка один', site_code: null }]);
    const entries = zipEntries(template);
    const data = [...entries].find(([name, read]) => name.startsWith('xl/worksheets/') && read().includes('<dataValidations'))![0];
    const columnStyles = [...entries.get(data)!().matchAll(/<col\b[^>]*>/g)].map((col) => Number(/\bstyle="(\d+)"/.exec(col[0])?.[1] ?? 0));
    const filled = (red: number | null) => {
      const rows = ['E50', 'E51', 'E52', 'E53'].map((code, i) => {
        const cells = eventRow(code, i + 1).map((cell, c) => (cell && { ...cell, s: i + 2 === red ? 6 : columnStyles[c] }));
        return `<row r="${i + 2}">${cells.map((cell, c) => cellXml(`${String.fromCharCode(65 + c)}${i + 2}`, cell)).join('')}</row>`;
      }).join('');
      const path = join(scratch, `${++files}-template.xlsx`);
      writeFileSync(path, zip([...entries].map(([name, read]) => ({
        name,
        data: name === data ? read().replace('</row></sheetData>', `</row>${rows}</sheetData>`)
          : name === 'xl/styles.xml' ? read().replace('</fills>', `${RED_FILL}</fills>`).replace(/<fills count="(\d+)"/, (_, n) => `<fills count="${Number(n) + 1}"`)
            .replace('</cellXfs>', '<xf numFmtId="0" fontId="0" fillId="4" borderId="0" xfId="0" applyFill="1"/></cellXfs>')
          : read(),
      }))));
      return path;
    };
    const plain = await load(filled(null));
    expect(plain.outcome).toMatchObject({ status: 'applied', rowsTotal: 4, errorCount: 0, notes: ['Данные взяты с листа «Данные».'] });
    expect((await load(filled(3))).outcome.notes).toEqual([
      'Данные взяты с листа «Данные».',
      'Строка 3 выделена цветом, а цвет не читается: если это отменённая или лишняя строка, удалите её '
        + '(или отметьте «да» в столбце «Удалить», если мероприятие уже в базе) и загрузите файл снова.',
    ]);
  });
});
