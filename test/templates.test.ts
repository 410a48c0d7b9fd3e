import { crc32 } from 'node:zlib';
import readXlsxFile, { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleMarks } from '../server/export/template-xlsx.js';
import { zip } from '../server/export/zip.js';
import { columnName } from '../web/src/lib/shared/sheet-xml.js';
import { METHODOLOGIST_DATASETS } from '../server/routes/uploads.js';
import type { UploadDetail } from '../web/src/lib/shared/api.js';
import { DATASET_CODES, DATASETS, type DatasetCode, type FieldSpec } from '../web/src/lib/shared/datasets.js';
import { smallRegion } from './fixtures/small-region.js';
import { appWith, type TestApp, waitForUpload, type Who } from './helpers/server.js';
import { zipEntry } from './helpers/zip.js';

let t: TestApp;
beforeAll(async () => {
  t = await appWith(smallRegion());
});
afterAll(() => t.close());

async function template(code: DatasetCode, who: Who = 'admin'): Promise<Buffer> {
  const response = await t.inject({ url: `/api/datasets/${code}/template.xlsx` }, who);
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toMatch(/spreadsheetml/);
  return response.rawPayload;
}

/** The names of a ZIP's files, from its central directory, with the CRC each claims. */
function entries(archive: Buffer): { name: string; crc: number }[] {
  const list: { name: string; crc: number }[] = [];
  let at = archive.readUInt32LE(archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) + 16);
  while (archive.readUInt32LE(at) === 0x02014b50) {
    const [nameLength, extraLength, commentLength] = [archive.readUInt16LE(at + 28), archive.readUInt16LE(at + 30), archive.readUInt16LE(at + 32)];
    list.push({ name: archive.toString('utf8', at + 46, at + 46 + nameLength), crc: archive.readUInt32LE(at + 16) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return list;
}

const unescape = (text: string) =>
  text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const attributes = (text: string) =>
  Object.fromEntries([...text.matchAll(/([\w:]+)="([^"]*)"/g)].map((m) => [m[1], unescape(m[2])]));

/** The worksheet XML of a sheet by its name, through the workbook's relationships. */
function sheetXml(archive: Buffer, name: string): string {
  const workbook = zipEntry(archive, 'xl/workbook.xml')!;
  const sheet = [...workbook.matchAll(/<sheet ([^>]*)\/>/g)].map((m) => attributes(m[1])).find((a) => a.name === name);
  expect(sheet, `sheet «${name}»`).toBeDefined();
  const rels = zipEntry(archive, 'xl/_rels/workbook.xml.rels')!;
  const target = [...rels.matchAll(/<Relationship ([^>]*)\/>/g)].map((m) => attributes(m[1])).find((a) => a.Id === sheet!['r:id'])!.Target;
  return zipEntry(archive, `xl/${target}`)!;
}

const sheetNames = (archive: Buffer) =>
  [...zipEntry(archive, 'xl/workbook.xml')!.matchAll(/<sheet ([^>]*)\/>/g)].map((m) => attributes(m[1]).name);

interface Validation extends Record<string, string | undefined> {
  formula1?: string;
  formula2?: string;
}
function validations(xml: string): Validation[] {
  return [...xml.matchAll(/<dataValidation ([^>]*?)(?:\/>|>(.*?)<\/dataValidation>)/g)].map((m) => ({
    ...attributes(m[1]),
    formula1: m[2] && /<formula1>(.*?)<\/formula1>/.exec(m[2]) ? unescape(/<formula1>(.*?)<\/formula1>/.exec(m[2])![1]) : undefined,
    formula2: m[2] && /<formula2>(.*?)<\/formula2>/.exec(m[2]) ? unescape(/<formula2>(.*?)<\/formula2>/.exec(m[2])![1]) : undefined,
  }));
}
const definedNames = (archive: Buffer) =>
  Object.fromEntries([...zipEntry(archive, 'xl/workbook.xml')!.matchAll(/<definedName name="([^"]+)">(.*?)<\/definedName>/g)].map((m) => [m[1], unescape(m[2])]));

const column = (code: DatasetCode, key: string) => columnName(DATASETS[code].fields.findIndex((f) => f.key === key));
const dataRange = (col: string) => `${col}2:${col}1048576`;
const labelsOf = (field: FieldSpec) => (field.type === 'boolean' ? ['да', 'нет'] : Object.values(field.values ?? {}));

/** A reference list of «Справочники» by the header of its code column: [code, name] pairs. */
async function referenceList(archive: Buffer, header: string): Promise<string[][]> {
  const [headers, ...rows] = (await readSheet(archive, 'Справочники')) as (string | null)[][];
  const at = headers.indexOf(header);
  expect(at, header).toBeGreaterThanOrEqual(0);
  return rows.filter((r) => r[at] !== null).map((r) => [r[at]!, r[at + 1]!]);
}

describe('XLSX templates of the upload datasets', () => {
  it('is a workbook of «Данные», «Справочники» and «Пример» that read-excel-file opens', async () => {
    const archive = await template('events');
    expect(sheetNames(archive)).toEqual(['Данные', 'Справочники', 'Пример']);
    const sheets = await readXlsxFile(archive);
    const headers = DATASETS.events.fields.map((f) => f.header);
    expect(sheets.map((s) => s.sheet)).toEqual(['Данные', 'Справочники', 'Пример']);
    expect(sheets[0].data).toEqual([headers]);
    expect(sheets[2].data).toHaveLength(2);
    expect(sheets[2].data[0]).toEqual(headers);
    // Every file's CRC is right (a ZIP reader that checks them would refuse the file).
    for (const { name, crc } of entries(archive)) expect(crc32(Buffer.from(zipEntry(archive, name)!, 'utf8')), name).toBe(crc);
    // A dataset without references has no reference sheet.
    expect(sheetNames(await template('plan_items'))).toEqual(['Данные', 'Пример']);
  });

  it('offers exactly the labels of every enumerated and yes/no column as a dropdown', async () => {
    for (const code of DATASET_CODES) {
      const archive = await template(code);
      const checks = validations(sheetXml(archive, 'Данные'));
      for (const [i, field] of DATASETS[code].fields.entries()) {
        if (field.type !== 'enum' && field.type !== 'boolean') continue;
        const list = checks.find((v) => v.sqref === dataRange(columnName(i)));
        expect(list, `${code}.${field.key}`).toMatchObject({ type: 'list', errorStyle: 'stop', showErrorMessage: '1' });
        expect(list!.formula1, `${code}.${field.key}`).toBe(`"${labelsOf(field).join(',')}"`);
        expect(list!.formula1!.length).toBeLessThanOrEqual(255);
      }
    }
    const events = validations(sheetXml(await template('events'), 'Данные'));
    expect(events.find((v) => v.sqref === dataRange(column('events', 'format')))!.formula1)
      .toBe('"Семинар,Практикум,Конференция,Вебинар,Видеоконференция,Мастер-класс,Выезд в ОО"');
    expect(events.find((v) => v.sqref === dataRange(column('events', 'mode')))!.formula1).toBe('"Очно,Дистанционно"');
  });

  it('lists the methodologist\'s own sites on «Справочники» and points the site column at them', async () => {
    const archive = await template('participations', 'methodologist');
    const site = validations(sheetXml(archive, 'Данные')).find((v) => v.sqref === dataRange(column('participations', 'site')))!;
    expect(site).toMatchObject({ type: 'list', formula1: 'ref_sites', errorStyle: 'warning' });
    // The north district's sites: SP1 (host N1) and SP3 (host N3); SP2 is the south's (host S1).
    expect(await referenceList(archive, 'Код площадки')).toEqual([['SP1', 'Площадка один'], ['SP3', 'Площадка три (истёк статус)']]);
    const names = definedNames(archive);
    const [, col] = /^'Справочники'!\$([A-Z]+)\$2:\$\1\$3$/.exec(names.ref_sites)!;
    const [headers, ...rows] = (await readSheet(archive, 'Справочники')) as (string | null)[][];
    const at = headers.indexOf('Код площадки');
    expect(columnName(at)).toBe(col);
    expect(rows.slice(0, 2).map((r) => r[at])).toEqual(['SP1', 'SP3']);
    // Her trainees' events are her sites' (E3 is SP2's); trainees may come from any organization.
    expect((await referenceList(archive, 'Код мероприятия')).map(([code]) => code)).toEqual(['E1', 'E2', 'E4']);
    expect((await referenceList(archive, 'Код ОО')).map(([code]) => code)).toEqual(['N1', 'N2', 'N3', 'S1', 'S2']);
    expect(validations(sheetXml(archive, 'Данные')).find((v) => v.sqref === dataRange(column('participations', 'organization'))))
      .toMatchObject({ type: 'list', formula1: 'ref_organizations' });

    const south = await template('participations', 'otherMethodologist');
    expect(await referenceList(south, 'Код площадки')).toEqual([['SP2', 'Площадка два']]);
    const admin = await template('participations');
    expect((await referenceList(admin, 'Код площадки')).map(([code]) => code)).toEqual(['SP1', 'SP2', 'SP3']);
    expect((await referenceList(admin, 'Код мероприятия')).map(([code]) => code)).toEqual(['E1', 'E2', 'E3', 'E4']);
    expect(definedNames(admin).ref_sites).toMatch(/\$2:\$[A-Z]+\$4$/);
  });

  it('cuts organizations and districts to hers where they place the row', async () => {
    const organizations = await template('organizations', 'methodologist');
    expect(await referenceList(organizations, 'Код района')).toEqual([['north', 'Северный район']]);
    const sites = await template('sites', 'methodologist');
    expect((await referenceList(sites, 'Код ОО')).map(([code]) => code)).toEqual(['N1', 'N2', 'N3']);
    expect((await referenceList(sites, 'Код направления')).map(([code]) => code)).toEqual(['inclusive', 'tech']);
    const feedback = await template('feedback', 'otherMethodologist');
    expect(await referenceList(feedback, 'Код мероприятия')).toEqual([['E3', 'Мастер-класс (20.01.2023)']]);
    // A use belongs to the resource's site; the teacher may work anywhere.
    const uses = await template('resource_uses', 'methodologist');
    expect((await referenceList(uses, 'Код ресурса')).map(([code]) => code)).toEqual(['R1', 'R2']);
    expect((await referenceList(uses, 'Код ОО')).map(([code]) => code)).toEqual(['N1', 'N2', 'N3', 'S1', 'S2']);
  });

  it('marks required columns by style and notes every column\'s format', async () => {
    for (const code of DATASET_CODES) {
      const archive = await template(code);
      const xml = sheetXml(archive, 'Данные');
      const styles = zipEntry(archive, 'xl/styles.xml')!;
      const xfs = [.../<cellXfs[^>]*>(.*?)<\/cellXfs>/.exec(styles)![1].matchAll(/<xf ([^>]*?)\/?>/g)].map((m) => attributes(m[1]));
      const checks = validations(xml);
      for (const [i, field] of DATASETS[code].fields.entries()) {
        const col = columnName(i);
        const style = xfs[Number(new RegExp(`<c r="${col}1" s="(\\d+)"`).exec(xml)![1])];
        // Required: bold on a coloured fill; optional: a plain font on another fill.
        expect(style.fontId !== '0', `${code}.${field.key} bold`).toBe(field.required);
        expect(style.fillId, `${code}.${field.key} fill`).toBe(field.required ? '2' : '3');
        const note = checks.find((v) => v.sqref === `${col}1`);
        expect(note, `${code}.${field.key} note`).toMatchObject({ showInputMessage: '1', promptTitle: field.header.slice(0, 32) });
        expect(note!.prompt).toMatch(field.required ? /^Обязательный столбец\. / : /^Необязательный столбец\. /);
        expect(note!.prompt!.length).toBeLessThanOrEqual(255);
        expect(note!.type).toBeUndefined();
        // The cells below say the same when selected.
        expect(checks.find((v) => v.sqref === dataRange(col))).toMatchObject({ showInputMessage: '1', prompt: note!.prompt });
      }
      expect(xml).toMatch(/<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"\/>/);
    }
    const events = validations(sheetXml(await template('events'), 'Данные'));
    const note = (key: string) => events.find((v) => v.sqref === `${column('events', key)}1`)!.prompt;
    expect(note('held_on')).toBe('Обязательный столбец. Дата в виде ДД.ММ.ГГГГ.');
    expect(note('actual')).toBe('Необязательный столбец. Целое число от 0 до 100 000.');
    expect(note('site')).toBe('Обязательный столбец. Код из справочника «Площадки»: выберите из списка (лист «Справочники»).');
    expect(events.find((v) => v.sqref === dataRange(column('events', 'planned')))).toMatchObject({ type: 'whole', operator: 'between', formula1: '0', formula2: '100000' });
    const participations = validations(sheetXml(await template('participations'), 'Данные'));
    expect(participations.find((v) => v.sqref === `${column('participations', 'teacher')}1`)!.prompt).toMatch(/СНИЛС \(123-456-789 01\)/);
  });

  it('keeps identifier columns as text and dates as ДД.ММ.ГГГГ', async () => {
    const archive = await template('organizations');
    const xml = sheetXml(archive, 'Данные');
    const styles = zipEntry(archive, 'xl/styles.xml')!;
    const xfs = [.../<cellXfs[^>]*>(.*?)<\/cellXfs>/.exec(styles)![1].matchAll(/<xf ([^>]*?)\/?>/g)].map((m) => attributes(m[1]));
    const colStyle = (code: DatasetCode, key: string, sheet = xml) => {
      const n = DATASETS[code].fields.findIndex((f) => f.key === key) + 1;
      const style = new RegExp(`<col min="${n}" max="${n}" [^>]*?style="(\\d+)"`).exec(sheet)?.[1];
      return style === undefined ? undefined : xfs[Number(style)].numFmtId;
    };
    for (const key of ['code', 'inn', 'kpp', 'ogrn', 'school_year']) expect(colStyle('organizations', key), key).toBe('49');
    expect(colStyle('organizations', 'name')).toBeUndefined();
    const participations = sheetXml(await template('participations'), 'Данные');
    expect(colStyle('participations', 'teacher', participations)).toBe('49');
    expect(colStyle('participations', 'started_on', participations)).toBe('164');
    expect(styles).toContain('<numFmt numFmtId="164" formatCode="dd.mm.yyyy"/>');
  });

  it('refuses a methodologist the admin\'s datasets, in Russian', async () => {
    for (const code of ['districts', 'directions', 'plan_items'] as const) {
      expect(METHODOLOGIST_DATASETS).not.toContain(code);
      for (const format of ['xlsx', 'csv']) {
        const response = await t.inject({ url: `/api/datasets/${code}/template.${format}` }, 'methodologist');
        expect(response.statusCode).toBe(403);
        expect(response.json().message).toBe(`Набор «${DATASETS[code].title}» загружает только администратор: его шаблон доступен администратору`);
      }
      await template(code);
    }
    expect((await t.inject({ url: '/api/datasets/events/template.xlsx' }, 'viewer')).statusCode).toBe(403);
    expect((await t.inject({ url: '/api/datasets/events/template.xlsx' }, 'anonymous')).statusCode).toBe(401);
    const csv = await t.inject({ url: '/api/datasets/events/template.csv' }, 'methodologist');
    expect(csv.body).toBe(`\uFEFF${DATASETS.events.fields.map((f) => f.header).join(';')}\r\n`);
  });
});

describe('the example row', () => {
  let u: TestApp;
  beforeAll(async () => {
    u = await appWith(smallRegion());
  });
  afterAll(() => u.close());

  /** The template with «Пример»'s row copied under «Данные»'s header, as a user would paste it. */
  function filledIn(archive: Buffer): Buffer {
    const example = /<row r="2"[^>]*>.*?<\/row>/.exec(sheetXml(archive, 'Пример'))![0];
    const data = sheetXml(archive, 'Данные');
    const dataName = entries(archive).map((e) => e.name).find((name) => zipEntry(archive, name) === data)!;
    return zip(entries(archive).map(({ name }) => ({
      name, data: name === dataName ? data.replace('</row></sheetData>', `</row>${example}</sheetData>`) : zipEntry(archive, name)!,
    })));
  }

  // Datasets whose example holds values no real row has (a made-up text, its own code's
  // placeholder): that row copied into the data is refused as the example; the others' is valid.
  const MARKED: DatasetCode[] = ['districts', 'directions', 'organizations', 'sites', 'events', 'feedback', 'resources'];

  it('is told from real rows by values no real row has, except a plan\'s item, a real one', () => {
    expect(DATASET_CODES.filter((code) => Object.keys(exampleMarks(DATASETS[code])).length > 0)).toEqual(MARKED);
    expect(exampleMarks(DATASETS.events)).toEqual({ code: 'EV-001', title: 'Семинар «Формирующее оценивание»' });
  });

  it.each(DATASET_CODES.map((code) => [code, METHODOLOGIST_DATASETS.includes(code) ? 'methodologist' : 'admin'] as const))(
    'of %s, uploaded as %s in the template, is recognised and valid (refused as the example where it is told)',
    async (code, who) => {
      const response = await u.inject({ url: `/api/datasets/${code}/template.xlsx` }, who);
      expect(response.statusCode).toBe(200);
      const file = filledIn(response.rawPayload);
      expect((await readSheet(file)).length).toBe(2);
      const upload = await u.inject({
        method: 'POST', url: `/api/uploads?${new URLSearchParams({ fileName: `${code}.xlsx` })}`, payload: file,
        headers: { 'content-type': 'application/octet-stream' },
      }, who);
      expect(upload.statusCode, upload.body).toBe(202);
      const result: UploadDetail = await waitForUpload(u, (upload.json() as { id: number }).id);
      if (MARKED.includes(code)) {
        expect(result.errors.map((e) => [e.row, e.message]), code).toEqual([[2, 'Это строка-пример из шаблона (с листа «Пример»), а не данные: удалите её и загрузите файл снова']]);
        expect(result).toMatchObject({ status: 'rejected', dataset: code, rowsTotal: 1 });
      } else {
        expect(result.errors, code).toEqual([]);
        expect(result).toMatchObject({ status: 'applied', dataset: code, rowsTotal: 1 });
      }
    },
  );
});

describe('a template filled in otherwise than asked', () => {
  let u: TestApp;
  beforeAll(async () => {
    u = await appWith(smallRegion());
  });
  afterAll(() => u.close());

  /** The events template as a methodologist gets it, each sheet's XML changed by `edit`. */
  async function eventsTemplate(edit: (sheet: string, xml: string) => string): Promise<Buffer> {
    const response = await u.inject({ url: '/api/datasets/events/template.xlsx' }, 'methodologist');
    expect(response.statusCode).toBe(200);
    const archive = response.rawPayload;
    const sheets = new Map(sheetNames(archive).map((name) => [sheetXml(archive, name), name]));
    return zip(entries(archive).map(({ name }) => {
      const xml = zipEntry(archive, name)!;
      const sheet = sheets.get(xml);
      return { name, data: sheet === undefined ? xml : edit(sheet, xml) };
    }));
  }

  /** The example sheet's row under its header, as it is. */
  const exampleRow = async () => /<row r="2"[^>]*>.*?<\/row>/.exec(sheetXml((await u.inject({ url: '/api/datasets/events/template.xlsx' }, 'methodologist')).rawPayload, 'Пример'))![0];

  async function upload(file: Buffer): Promise<UploadDetail> {
    const response = await u.inject({
      method: 'POST', url: `/api/uploads?${new URLSearchParams({ fileName: 'мероприятия.xlsx', dataset: 'events' })}`, payload: file,
      headers: { 'content-type': 'application/octet-stream' },
    }, 'methodologist');
    expect(response.statusCode, response.body).toBe(202);
    return waitForUpload(u, (response.json() as { id: number }).id);
  }

  it('with the data sheet\'s headers renamed: the missing columns of «Данные» are named, never the example sheet', async () => {
    const renamed: Record<string, string> = {
      'Код мероприятия': '№ мероприятия', 'Код площадки': 'Площадка (код)', 'Название': 'Тема мероприятия', 'Дата проведения': 'Дата',
      'Форма': 'Форма проведения', 'Способ проведения': 'Очно/дистанционно', 'Участников по плану': 'Кол-во участников (план)',
      'Участников фактически': 'Кол-во участников (факт)',
    };
    const row = await exampleRow();
    const file = await eventsTemplate((sheet, xml) => (sheet !== 'Данные' ? xml : xml.replace(/<sheetData>.*<\/sheetData>/s, (data) =>
      data.replace(/>([^<>]+)<\/t>/g, (cell, text: string) => (renamed[text] ? `>${renamed[text]}</t>` : cell)).replace('</row></sheetData>', `</row>${row}</sheetData>`))));
    const result = await upload(file);
    expect(result).toMatchObject({ status: 'rejected', rowsTotal: 0, errors: [] });
    expect(result.message).toBe('Не найдены обязательные столбцы набора «Мероприятия»: «Код мероприятия», «Название», «Способ проведения», «Участников по плану». '
      + 'Строкой заголовков взята строка 1 листа «Данные»; проверьте её по шаблону. Просмотрены листы книги: «Данные», «Справочники».');
  });

  /** «Пример» with rows of three events of SP1 under its header instead of its example. */
  const typedOnExample = (xml: string) => xml.replace(/<row r="2"[^>]*>.*?<\/row>/, ['E71', 'E72', 'E73'].map((code, i) => `<row r="${i + 2}">`
    + [code, 'SP1', `Семинар ${i + 1}`, `0${i + 1}.10.2024`, 'Семинар', 'Очно', '20', '18']
      .map((text, j) => `<c r="${String.fromCharCode(65 + j)}${i + 2}" t="inlineStr"><is><t>${text}</t></is></c>`).join('') + '</row>').join(''));

  it('with the rows typed on «Пример» and «Данные» left with its header: told where the rows are and what to do', async () => {
    const result = await upload(await eventsTemplate((sheet, xml) => (sheet === 'Пример' ? typedOnExample(xml) : xml)));
    expect(result).toMatchObject({ status: 'rejected', rowsTotal: 0, errors: [] });
    expect(result.message).toBe('На листе «Данные» нет строк с данными: только заголовок, а строки таблицы — на листе «Пример», который не загружается '
      + '(это образец заполнения). Перенесите строки на лист «Данные» (или удалите лист «Данные» и переименуйте лист «Пример») и загрузите файл снова.');
  });

  it('with «Данные» emptied and the rows on «Пример»: the same said, not a header missing', async () => {
    const file = await eventsTemplate((sheet, xml) => (sheet === 'Пример' ? typedOnExample(xml) : sheet === 'Данные' ? xml.replace(/<sheetData>.*<\/sheetData>/s, '<sheetData/>') : xml));
    const result = await upload(file);
    expect(result).toMatchObject({ status: 'rejected', rowsTotal: 0, errors: [] });
    expect(result.message).toBe('Таблица набора «Мероприятия» — только на листе «Пример», который не загружается (это образец заполнения). '
      + 'Переименуйте лист «Пример» (подойдёт любое другое имя) или перенесите строки на другой лист и загрузите файл снова.');
  });

  it('left empty, its example as it came: «Данные» has only the header, nothing said of «Пример»', async () => {
    const result = await upload(await eventsTemplate((_sheet, xml) => xml));
    expect(result).toMatchObject({ status: 'rejected', rowsTotal: 0, errors: [], message: 'В файле нет строк с данными: только заголовок.' });
  });

  it('with the data sheet\'s header deleted: the required columns are named, not an empty list of the example sheet\'s', async () => {
    const file = await eventsTemplate((sheet, xml) => (sheet === 'Данные' ? xml.replace(/<sheetData>.*<\/sheetData>/s, '<sheetData/>') : xml));
    const result = await upload(file);
    expect(result).toMatchObject({ status: 'rejected', rowsTotal: 0, errors: [] });
    expect(result.message).toBe('Не найдены заголовки столбцов набора «Мероприятия» в первых 30 строках. Обязательные столбцы: «Код мероприятия», «Код площадки», '
      + '«Название», «Дата проведения», «Форма», «Способ проведения», «Участников по плану». Просмотрены листы книги: «Данные», «Справочники». Проверьте строку заголовков по шаблону.');
  });
});
