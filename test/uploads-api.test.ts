import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSheet } from 'read-excel-file/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KpisResponse, FiltersResponse, UploadDetail } from '../web/src/lib/shared/api.js';
import { smallRegion } from './fixtures/small-region.js';
import { FIXTURES } from './helpers/uploads.js';
import { appWith, type TestApp, waitForUpload } from './helpers/server.js';

let t: TestApp;
beforeEach(async () => {
  t = await appWith(smallRegion(), { maxUploadBytes: 10_000 });
});
afterEach(() => t.close());

async function upload(body: Buffer | string, query: Record<string, string>): Promise<UploadDetail> {
  const response = await t.inject({
    method: 'POST', url: `/api/uploads?${new URLSearchParams(query)}`, payload: body, headers: { 'content-type': 'text/csv' },
  });
  expect(response.statusCode, response.body).toBe(202);
  return waitForUpload(t, (response.json() as { id: number }).id);
}
const fixture = (file: string) => readFileSync(join(FIXTURES, file));
const users = async () =>
  ((await t.inject({ url: '/api/kpis?period=2023-H1' })).json() as KpisResponse).cards.find((c) => c.code === 'users_share')!;

describe('POST /api/uploads', () => {
  it('imports a file and the dashboard numbers change', async () => {
    expect(await users()).toMatchObject({ numerator: 3, value: 2 });
    const result = await upload(fixture('resource-uses.csv'), { fileName: 'использование.csv', author: 'Иванова И. И.' });
    // The author typed is a note; the account that uploaded is shown as such.
    expect(result).toMatchObject({ status: 'applied', dataset: 'resource_uses', inserted: 3, uploadedBy: 'Тест admin', author: 'Иванова И. И.', fileName: 'использование.csv' });
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
    // S1-7 and N1-7 are new users; N2-1 used a resource before and counts once: 5 of 150, 3,333… %.
    expect(await users()).toMatchObject({ numerator: 5, value: 3.3 });
  });

  it('refreshes the filter lists after an upload', async () => {
    await upload('Код района;Район\neast;Восточный район\n', { fileName: 'районы.csv', dataset: 'districts' });
    const filters = (await t.inject({ url: '/api/filters' })).json() as FiltersResponse;
    expect(filters.districts.map((d) => d.name)).toContain('Восточный район');
  });

  it('takes a column mapping for headers it does not know', async () => {
    const csv = 'A;B;C\nW1;Запад;лишнее\n';
    const result = await upload(csv, { fileName: 'x.csv', dataset: 'districts', mapping: JSON.stringify({ 0: 'code', 1: 'name' }) });
    expect(result).toMatchObject({ status: 'applied', inserted: 1 });
  });

  it('a mapping of only the column the headers do not name: the rest is read from the header row found under a title', async () => {
    // A registration system's export: a title, then a header whose date column is «Дата регистрации».
    const csv = 'Выгрузка регистраций на ресурсы за март 2023;;;\nКод ресурса;ID педагога;Код ОО педагога;Дата регистрации\nR1;S1-7;S1;10.03.2023\n';
    const partial = await upload(csv, { fileName: 'x.csv', dataset: 'resource_uses', mapping: JSON.stringify({ 3: 'used_on' }) });
    expect([partial.status, partial.inserted, partial.message]).toEqual(['applied', 1, null]);
    // A full mapping without the header's row takes the row the headers are in, not the title.
    const full = await upload(csv, { fileName: 'x.csv', dataset: 'resource_uses', mapping: JSON.stringify({ 0: 'resource', 1: 'teacher', 2: 'organization', 3: 'used_on' }) });
    expect([full.status, full.rowsTotal, full.errorCount]).toEqual(['applied', 1, 0]);
    // A column past the file's last: said, not an internal error.
    const past = await upload('Код района;Район\nw1;Западный\n', { fileName: 'x.csv', dataset: 'districts', mapping: JSON.stringify({ 0: 'code', 2: 'name' }) });
    expect([past.status, past.message]).toEqual(['rejected', 'Сопоставление столбцов называет столбец 3, а в файле их 2: проверьте сопоставление (столбцы считаются с нуля: первый — 0) и загрузите файл снова.']);
    // What neither the mapping nor the headers give is named alone.
    const short = await upload('Выгрузка;;;\nРесурс;Кто;Код ОО педагога;Дата регистрации\nR1;S1-7;S1;10.03.2023\n', { fileName: 'x.csv', dataset: 'resource_uses', mapping: JSON.stringify({ 3: 'used_on' }) });
    expect(short.message).toMatch(/^Не найдены заголовки столбцов набора «Использование ресурсов»: «ID педагога»\./);
  });

  it('keeps a file\'s name without control characters or marks that turn its direction', async () => {
    const csv = 'Код района;Район\nw9;Западный район\n';
    const names = [];
    for (const name of ['a\u0000b.csv', 'отчёт\u202ecsv.exe', 'два\r\nстроки.csv']) names.push((await upload(csv, { fileName: name, dataset: 'districts' })).fileName);
    expect(names).toEqual(['a b.csv', 'отчётcsv.exe', 'два строки.csv']);
  });

  it('uses the header row the upload page names', async () => {
    const xlsx = fixture('events-serial-dates.xlsx');
    const wrong = await upload(xlsx, { fileName: 'e.xlsx', dataset: 'events', headerRow: '1' });
    expect(wrong).toMatchObject({ status: 'rejected', message: 'В строке 1 нет заголовков набора «Мероприятия»: похоже, они в строке 3 — выберите её строкой заголовков.' });
    const right = await upload(xlsx, { fileName: 'e.xlsx', dataset: 'events', headerRow: '3', sheet: 'Мероприятия' });
    expect(right).toMatchObject({ status: 'applied', inserted: 2 });
    expect(Date.now() - Date.parse(right.uploadedAt)).toBeLessThan(60_000);
    expect(right.uploadedAt).toMatch(/Z$/);
  });

  it('answers 413 in Russian for a file over the limit', async () => {
    const response = await t.inject({
      method: 'POST', url: '/api/uploads?fileName=big.csv', payload: Buffer.alloc(20_000, 'a'), headers: { 'content-type': 'text/csv' },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().message).toMatch(/Файл больше допустимого размера/);
    expect(((await t.inject({ url: '/api/uploads' })).json() as { uploads: unknown[] }).uploads).toEqual([]);
  });

  it.each([
    ['fileName=x.csv&dataset=unicorns', /Неизвестный набор данных/],
    ['fileName=x.csv&dataset=districts&mapping=%7Bbad', /неверном формате/],
    ['fileName=x.csv&dataset=districts&mapping=' + encodeURIComponent('{"0":"nope"}'), /^Неверное сопоставление столбцов: «0 → nope» — в наборе «Районы» нет поля «nope»; поля: code, name$/],
    ['fileName=x.csv&dataset=districts&mapping=' + encodeURIComponent('{"-1":"code"}'), /^Неверное сопоставление столбцов: «-1 → code» — номер столбца пишется числом от 0 \(первый столбец\) и больше$/],
    ['fileName=x.csv&mapping=' + encodeURIComponent('{"0":"code"}'), /выберите набор данных/],
    ['fileName=&dataset=districts', /fileName/],
    ['fileName=x.csv&dataset=districts&mapping=null', /ожидается \{"номер столбца": "поле"\}/],
    ['fileName=x.csv&dataset=districts&mapping=' + encodeURIComponent('{"0":"code","1":"code"}'), /^Столбцы 1 и 2 сопоставлены с одним полем «Код района»: оставьте один$/],
    ['fileName=' + 'а'.repeat(300) + '&dataset=districts', /^Недопустимая длина параметра «fileName»: не больше 255 знаков$/],
    ['fileName=x.csv&dataset=districts&mapping=' + encodeURIComponent('{"2147483648":"code"}'), /^Неверное сопоставление столбцов: столбца 2147483649 нет — в таблице не больше 1000 столбцов$/],
  ])('400 for %s', async (query, message) => {
    const response = await t.inject({ method: 'POST', url: `/api/uploads?${query}`, payload: 'a;b\n1;2\n', headers: { 'content-type': 'text/csv' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(message);
  });

  it('a JSON body of the wrong kind or too big is said as such, not as a nameless parameter or a file', async () => {
    const array = await t.inject({ method: 'POST', url: '/api/admin/users', payload: '[1, 2]', headers: { 'content-type': 'application/json' } });
    expect([array.statusCode, array.json().message]).toEqual([400, 'Тело запроса не того вида: ожидается объект JSON с параметрами']);
    const big = await t.inject({ method: 'POST', url: '/api/admin/users', payload: `{"login":"${'x'.repeat(5 * 1024 * 1024)}"}`, headers: { 'content-type': 'application/json' } });
    expect([big.statusCode, big.json().message]).toEqual([413, 'Тело запроса слишком велико.']);
  });

  it('a login of the wrong form is told what a login is made of', async () => {
    const response = await t.inject({ method: 'POST', url: '/api/admin/users', payload: { login: 'm2', displayName: 'М', role: 'viewer', districts: [], password: 'x' } });
    expect([response.statusCode, response.json().message]).toEqual([400, 'Неверный формат параметра «login»: от 3 до 50 знаков: латинские буквы, цифры, точка, дефис, подчёркивание']);
  });

  it.each(['/api/uploads/2147483648', '/api/uploads/99999999999999/errors.csv', '/api/admin/users/4294967296'])('400, not 500, for an id past the database\'s numbers: %s', async (url) => {
    const response = await t.inject({ url });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().message).toBe("Недопустимое значение параметра «id»: ожидается не больше 2147483647");
  });
});

describe('errors, history and rollback over HTTP', () => {
  it('serves the errors as CSV for Excel, with formulas neutralised', async () => {
    const csv = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\nE7;SP1;x;01.03.2023;Семинар;Очно;=1+1\n';
    const result = await upload(csv, { fileName: 'bad.csv' });
    expect(result).toMatchObject({ status: 'rejected', errorCount: 1 });
    expect(result.errors).toEqual([{ row: 2, column: 'Участников по плану', value: '=1+1', message: 'Ожидается целое число' }]);
    const response = await t.inject({ url: `/api/uploads/${result.id}/errors.csv` });
    expect(response.headers['content-type']).toMatch(/text\/csv/);
    expect(response.body).toBe("\uFEFFСтрока;Столбец;Значение;Ошибка\r\n2;Участников по плану;'=1+1;Ожидается целое число\r\n");
  });

  it('more errors than are kept: the count is written with its thousands, and the CSV says under them that they are the first', async () => {
    await t.close();
    t = await appWith(smallRegion());
    const rows = Array.from({ length: 10_002 }, (_, i) => `E${i};SP1;x;01.03.2023;Семинар;Очно;много`);
    const result = await upload(`Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n${rows.join('\n')}\n`, { fileName: 'bad.csv' });
    expect([result.status, result.errorCount, result.message]).toEqual(['rejected', 10_002, 'Найдено ошибок: 10\u00a0002. Ничего не записано: исправьте файл и загрузите его снова.']);
    const lines = (await t.inject({ url: `/api/uploads/${result.id}/errors.csv` })).body.trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 10_000 + 1);
    expect(lines.at(-1)).toBe(';;;Показаны первые 10\u00a0000 ошибок из 10\u00a0002: исправьте найденное и загрузите файл снова — проверка покажет остальные.');
  }, 60_000);

  it('an upload waiting in the queue is imported with its uploader\'s rights as it starts: a district taken away, an account disabled', async () => {
    const events = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n';
    /** Sends the north methodologist's event while the queue is held by other work, changes her rights meanwhile, and waits for the outcome. */
    const whileQueued = async (code: string, change: string) => {
      let release = () => {};
      const held = t.db.inTurn(() => new Promise<void>((resolve) => (release = resolve)));
      const response = await t.inject({
        method: 'POST', url: '/api/uploads?dataset=events', payload: `${events}${code};SP1;Семинар;01.03.2023;Семинар;Очно;10\n`, headers: { 'content-type': 'text/csv' },
      }, 'methodologist');
      expect(response.statusCode, response.body).toBe(202);
      await t.db.run(change);
      release();
      await held;
      return waitForUpload(t, (response.json() as { id: number }).id);
    };
    const narrowed = await whileQueued('E70', "UPDATE users SET districts = ['south'] WHERE login = 'metod-north'");
    expect([narrowed.status, narrowed.errors.map((e) => e.message)]).toEqual(['rejected', ['Строка относится к району «Северный район», а вам доступны только: Южный район']]);
    const disabled = await whileQueued('E71', "UPDATE users SET districts = ['north'], disabled = true WHERE login = 'metod-north'");
    expect([disabled.status, disabled.message]).toEqual(['rejected', 'Учётная запись отключена, пока загрузка ждала своей очереди: файл не обработан, ничего не записано.']);
    expect(await t.db.all("SELECT code FROM events WHERE code IN ('E70', 'E71')")).toEqual([]);
  });

  it('an upload waiting its turn says how many are to be imported before it', async () => {
    let release = () => {};
    const held = t.db.inTurn(() => new Promise<void>((resolve) => (release = resolve)));
    const ids: number[] = [];
    for (const code of ['w1', 'w2']) {
      const response = await t.inject({ method: 'POST', url: '/api/uploads?dataset=districts', payload: `Код района;Район\n${code};Район ${code}\n`, headers: { 'content-type': 'text/csv' } });
      ids.push((response.json() as { id: number }).id);
    }
    const progress = async (id: number) => ((await t.inject(`/api/uploads/${id}`)).json() as UploadDetail).progress;
    expect([await progress(ids[0]), await progress(ids[1])]).toEqual([
      { rows: 0, bytes: 0, totalBytes: expect.any(Number), ahead: 0 }, { rows: 0, bytes: 0, totalBytes: expect.any(Number), ahead: 1 },
    ]);
    release();
    await held;
    expect((await waitForUpload(t, ids[1])).status).toBe('applied');
    expect(await progress(ids[1])).toBeNull();
  });

  it('one account may have three uploads waiting or being imported: a fourth is refused unread, and taken once one is done', async () => {
    let release = () => {};
    const held = t.db.inTurn(() => new Promise<void>((resolve) => (release = resolve)));
    const send = (code: string) => t.inject({
      method: 'POST', url: '/api/uploads?dataset=districts', payload: `Код района;Район\n${code};Район ${code}\n`, headers: { 'content-type': 'text/csv' },
    });
    const queued = [await send('q1'), await send('q2'), await send('q3')];
    expect(queued.map((r) => r.statusCode)).toEqual([202, 202, 202]);
    const fourth = await send('q4');
    expect([fourth.statusCode, fourth.json().message]).toEqual([429, 'У вас уже 3 загрузки ждут обработки или обрабатываются. '
      + 'Дождитесь, пока хотя бы одна из них закончится, и отправьте этот файл снова: он не принят, ничего не записано.']);
    // Another account's upload is taken meanwhile.
    const other = await t.inject({
      method: 'POST', url: '/api/uploads?dataset=events', headers: { 'content-type': 'text/csv' },
      payload: 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\nE72;SP1;Семинар;01.03.2023;Семинар;Очно;10\n',
    }, 'methodologist');
    expect(other.statusCode).toBe(202);
    release();
    await held;
    for (const r of queued) expect((await waitForUpload(t, (r.json() as { id: number }).id)).status).toBe('applied');
    const again = await send('q4');
    expect(again.statusCode).toBe(202);
    expect((await waitForUpload(t, (again.json() as { id: number }).id)).status).toBe('applied');
    expect((await waitForUpload(t, (other.json() as { id: number }).id)).status).toBe('applied');
  });

  it('five uploads of one account sent at the same moment: three are taken, two refused', async () => {
    let release = () => {};
    const held = t.db.inTurn(() => new Promise<void>((resolve) => (release = resolve)));
    const answers = await Promise.all(['s1', 's2', 's3', 's4', 's5'].map((code) => t.inject({
      method: 'POST', url: '/api/uploads?dataset=districts', payload: `Код района;Район\n${code};Район ${code}\n`, headers: { 'content-type': 'text/csv' },
    })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([202, 202, 202, 429, 429]);
    release();
    await held;
    for (const a of answers.filter((x) => x.statusCode === 202)) expect((await waitForUpload(t, (a.json() as { id: number }).id)).status).toBe('applied');
  });

  it('rolls back, and refuses what it cannot', async () => {
    const result = await upload(fixture('resource-uses.csv'), { fileName: 'u.csv' });
    const rolled = await t.inject({ method: 'POST', url: `/api/uploads/${result.id}/rollback` });
    expect(rolled.statusCode).toBe(200);
    expect(rolled.json()).toMatchObject({ status: 'rolled_back', canRollback: false });
    expect(await users()).toMatchObject({ numerator: 3 });
    const again = await t.inject({ method: 'POST', url: `/api/uploads/${result.id}/rollback` });
    expect(again.statusCode).toBe(409);
    expect((await t.inject({ method: 'POST', url: '/api/uploads/999/rollback' })).statusCode).toBe(404);
    const history = (await t.inject({ url: '/api/uploads' })).json() as { uploads: UploadDetail[] };
    expect(history.uploads.map((u) => [u.id, u.status])).toEqual([[result.id, 'rolled_back']]);
  });
});

describe('datasets and templates', () => {
  it('lists every dataset with its columns', async () => {
    const body = (await t.inject({ url: '/api/datasets' })).json() as { datasets: { code: string; fields: { header: string; required: boolean }[] }[]; maxUploadBytes: number };
    expect(body.datasets.map((d) => d.code)).toContain('participations');
    expect(body.maxUploadBytes).toBe(10_000);
    const events = body.datasets.find((d) => d.code === 'events')!;
    expect(events.fields.filter((f) => f.required).map((f) => f.header)).toEqual([
      'Код мероприятия', 'Код площадки', 'Название', 'Дата проведения', 'Форма', 'Способ проведения', 'Участников по плану',
    ]);
  });

  it('gives CSV and XLSX templates whose headers an upload recognises', async () => {
    const csv = await t.inject({ url: '/api/datasets/sites/template.csv' });
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="sites-template.csv"; filename*=UTF-8''${encodeURIComponent('Шаблон_Стажировочные_площадки.csv')}`);
    expect(csv.body.startsWith('\uFEFFКод площадки;Название площадки;Код ОО-базы;')).toBe(true);
    const xlsx = await t.inject({ url: '/api/datasets/sites/template.xlsx' });
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    const [headers] = await readSheet(xlsx.rawPayload);
    expect(headers).toEqual(csv.body.slice(1).trim().split(';'));
    expect((await t.inject({ url: '/api/datasets/nope/template.csv' })).statusCode).toBe(404);
    expect((await t.inject({ url: '/api/datasets/sites/template.pdf' })).statusCode).toBe(400);
  });
});
