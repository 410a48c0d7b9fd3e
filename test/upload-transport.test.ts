import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UploadDetail } from '../web/src/lib/shared/api.js';
import { smallRegion } from './fixtures/small-region.js';
import { appWith, type TestApp, waitForUpload } from './helpers/server.js';
import { FIXTURES } from './helpers/uploads.js';

/**
 * How a file reaches POST /api/uploads: as the raw body (the browser, curl --data-binary) or as
 * a multipart form (curl -F, most scripts); any other body is refused, never read as data.
 */
let t: TestApp;
beforeEach(async () => {
  t = await appWith(smallRegion(), { maxUploadBytes: 10_000 });
});
afterEach(() => t.close());

const fixture = (file: string) => readFileSync(join(FIXTURES, file));

type Part = { name: string; value: string } | { name: string; filename?: string; type?: string; content: Buffer | string };

/** A multipart/form-data body as curl -F writes it (file names in raw UTF-8). */
function form(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '------------------------d74496d66958873e';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if ('content' in part) {
      if (part.filename !== undefined) head += `; filename="${part.filename}"`;
      head += `\r\nContent-Type: ${part.type ?? 'application/octet-stream'}`;
    }
    chunks.push(Buffer.from(`${head}\r\n\r\n`), Buffer.from('content' in part ? part.content : part.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const post = (query: string, body: { payload: Buffer | string; headers: Record<string, string> }) =>
  t.inject({ method: 'POST', url: `/api/uploads${query}`, ...body });

async function accepted(response: Awaited<ReturnType<typeof post>>): Promise<UploadDetail> {
  expect(response.statusCode, response.body).toBe(202);
  return waitForUpload(t, (response.json() as { id: number }).id);
}

const uploads = async () => ((await t.inject('/api/uploads')).json() as { uploads: UploadDetail[] }).uploads;
const events = () => t.db.all('SELECT * EXCLUDE (upload_id) FROM events ORDER BY code');

describe('multipart/form-data', () => {
  it('a form with the file gives the same upload as the raw body: same rows, same hash and size', async () => {
    const file = fixture('events-bom.csv');
    const raw = await accepted(await post('?fileName=events-bom.csv', { payload: file, headers: { 'content-type': 'application/octet-stream' } }));
    expect(raw).toMatchObject({ status: 'applied', inserted: 2 });
    const rawEvents = await events();

    const other = await appWith(smallRegion(), { maxUploadBytes: 10_000 });
    try {
      const response = await other.inject({ method: 'POST', url: '/api/uploads', ...form([{ name: 'file', filename: 'мероприятия.csv', type: 'text/csv', content: file }]) });
      expect(response.statusCode, response.body).toBe(202);
      const viaForm = await waitForUpload(other, (response.json() as { id: number }).id);
      expect(viaForm).toMatchObject({ status: 'applied', dataset: 'events', inserted: 2, fileName: 'мероприятия.csv' });
      expect(viaForm.sha256).toBe(raw.sha256);
      expect(viaForm.sizeBytes).toBe(file.length);
      expect(await other.db.all('SELECT * EXCLUDE (upload_id) FROM events ORDER BY code')).toEqual(rawEvents);
    } finally {
      await other.close();
    }
  });

  it('takes the parameters as form fields, before or after the file, validated as the query string is', async () => {
    const result = await accepted(await post('', form([
      { name: 'dataset', value: 'events' },
      { name: 'file', filename: 'mixed.csv', content: fixture('events-mixed.csv') },
      { name: 'mode', value: 'valid_only' },
      { name: 'headerRow', value: '1' },
      { name: 'author', value: 'Петрова П. П.' },
      { name: 'fileName', value: 'Мероприятия за март.csv' },
    ])));
    expect(result).toMatchObject({
      status: 'applied', dataset: 'events', mode: 'valid_only', rowsTotal: 3, rowsRejected: 1, inserted: 2,
      uploadedBy: 'Тест admin', author: 'Петрова П. П.', fileName: 'Мероприятия за март.csv',
    });
  });

  it('a part without a file name is named «файл»; query-string parameters apply to a form too', async () => {
    const result = await accepted(await post('?dataset=districts&author=Скрипт', form([{ name: 'file', content: 'Код района;Район\neast;Восточный район\n' }])));
    expect(result).toMatchObject({ status: 'applied', dataset: 'districts', fileName: 'файл', uploadedBy: 'Тест admin', author: 'Скрипт' });
  });

  it.each([
    ['no file part', '', [{ name: 'dataset', value: 'events' }], /В форме нет файла/],
    ['two file parts', '', [
      { name: 'file', filename: 'a.csv', content: fixture('events-mixed.csv') },
      { name: 'file2', filename: 'b.csv', content: fixture('events-mixed.csv') },
    ], /несколько файлов/],
    ['a bad field value', '', [{ name: 'mode', value: 'lenient' }, { name: 'file', filename: 'a.csv', content: 'x' }], /^Недопустимое значение параметра «mode»; допустимые: strict, valid_only$/],
    ['an unknown dataset in a field', '', [{ name: 'dataset', value: 'unicorns' }, { name: 'file', filename: 'a.csv', content: 'x' }], /Неизвестный набор данных/],
    ['a bad mapping in a field', '', [{ name: 'dataset', value: 'districts' }, { name: 'mapping', value: '{bad' }, { name: 'file', filename: 'a.csv', content: 'x' }], /неверном формате/],
    ['a field given twice', '', [{ name: 'mode', value: 'strict' }, { name: 'mode', value: 'strict' }, { name: 'file', filename: 'a.csv', content: 'x' }], /передано несколько раз/],
    ['a parameter in the query and a different one in the form', '?mode=strict', [
      { name: 'mode', value: 'valid_only' }, { name: 'file', filename: 'a.csv', content: 'x' },
    ], /и в адресе запроса, и в поле формы/],
  ] as [string, string, Part[], RegExp][])('400 for %s, nothing stored', async (_case, query, parts, message) => {
    const response = await post(query, form(parts));
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().message).toMatch(message);
    expect(await uploads()).toEqual([]);
  });

  it('400 for a form without a boundary or cut short', async () => {
    const noBoundary = await post('', { payload: 'x', headers: { 'content-type': 'multipart/form-data' } });
    expect(noBoundary.statusCode).toBe(400);
    expect(noBoundary.json().message).toMatch(/повреждена или оборвана/);
    const { payload, headers } = form([{ name: 'file', filename: 'a.csv', content: fixture('events-mixed.csv') }]);
    const cut = await post('', { payload: payload.subarray(0, payload.length - 60), headers });
    expect(cut.statusCode).toBe(400);
    expect(cut.json().message).toMatch(/повреждена или оборвана/);
    expect(await uploads()).toEqual([]);
  });

  it('413 for a file part over the limit, counted while streaming', async () => {
    // The body's Content-Length passes the early check (a form may carry fields); the file part does not.
    const response = await post('', form([{ name: 'file', filename: 'big.csv', content: Buffer.alloc(20_000, 'a') }]));
    expect(response.statusCode).toBe(413);
    expect(response.json().message).toMatch(/Файл больше допустимого размера/);
    expect(await uploads()).toEqual([]);
  });

  it('the limit is the file part’s alone: a file just under it goes through a form', async () => {
    const header = 'Код района;Район\n';
    const content = header + 'far;' + 'Д'.repeat(Math.floor((10_000 - Buffer.byteLength(header) - 5) / 2)) + '\n';
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(10_000);
    const { payload, headers } = form([{ name: 'dataset', value: 'districts' }, { name: 'file', filename: 'd.csv', content }]);
    expect(payload.length).toBeGreaterThan(10_000);
    const result = await accepted(await post('', { payload, headers }));
    // Received whole (what the import then says of a 5 000-letter district name is another matter).
    expect(result.sizeBytes).toBe(Buffer.byteLength(content));
    expect(result.sha256).toBe(createHash('sha256').update(content).digest('hex'));
  });
});

describe('content types', () => {
  it.each([
    'application/octet-stream', 'text/csv; charset=utf-8', 'text/plain', 'text/tab-separated-values', 'application/csv',
    'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', undefined,
  ])('the raw body is the file under %s', async (type) => {
    const file = fixture('events-mixed.csv');
    const result = await accepted(await t.inject({
      method: 'POST', url: '/api/uploads?fileName=m.csv&mode=valid_only', payload: file, headers: type ? { 'content-type': type } : {},
    }));
    expect(result).toMatchObject({ status: 'applied', inserted: 2, sizeBytes: file.length });
  });

  it('a raw body without fileName is named «файл»', async () => {
    const result = await accepted(await post('?dataset=districts', { payload: 'Код района;Район\neast;Восточный район\n', headers: { 'content-type': 'application/octet-stream' } }));
    expect(result.fileName).toBe('файл');
  });

  it.each([
    ['application/json', '{"dataset": "events"}'],
    // Not JSON at all: Fastify's JSON parser must not get to it first (it would answer a 400 of its own).
    ['application/json', readFileSync(join(FIXTURES, 'events-mixed.csv'), 'utf-8')],
    // What curl --data-binary sends unless told otherwise.
    ['application/x-www-form-urlencoded', readFileSync(join(FIXTURES, 'events-mixed.csv'), 'utf-8')],
    ['image/png', '\u0089PNG'],
    ['text/html', '<html></html>'],
  ])('415 for %s, nothing stored', async (type, payload) => {
    const before = await events();
    const response = await post('?fileName=x.csv', { payload, headers: { 'content-type': type } });
    expect(response.statusCode, response.body).toBe(415);
    expect(response.json()).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
    expect(response.json().message).toMatch(/Файл передаётся телом запроса \(application\/octet-stream\) или формой multipart\/form-data/);
    expect(response.json().message).toContain('curl -F "file=@отчёт.csv"');
    expect(await uploads()).toEqual([]);
    expect(await events()).toEqual(before);
  });

  it('415 comes before the query string is checked', async () => {
    const response = await post('?fileName=', { payload: '{}', headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(415);
  });
});

describe('requests refused before a route has them: Russian JSON like any other refusal', () => {
  const CANNOT_PARSE = 'Запрос не разобран: он не по протоколу HTTP (например, тело длиннее, чем сказано в заголовке Content-Length). Проверьте программу, которая его отправляет.';

  /** What the server writes back to bytes sent as they are (the test app listening on a port), until it closes the connection. */
  async function exchange(bytes: string): Promise<string> {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf-8')));
      socket.on('error', reject);
      socket.write(bytes);
    });
  }

  /** Each answer in what the server wrote: its status line and its JSON body. */
  const answers = (text: string) => [...text.matchAll(/HTTP\/1\.1 (\d{3}) [^\r]*\r\n[\s\S]*?\r\n\r\n(\{.*?\})(?=HTTP\/1\.1 |$)/g)].map((m) => ({ status: Number(m[1]), body: JSON.parse(m[2]) }));

  it('431 for a query string over the header limit', async () => {
    const text = await exchange(`GET /api/uploads?fileName=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    expect(answers(text)).toEqual([{
      status: 431,
      body: { statusCode: 431, error: 'Request Header Fields Too Large', message: 'Адрес запроса или его заголовки слишком длинные (больше 16 КБ вместе): сократите строку параметров запроса.' },
    }]);
  });

  it('400 for a body longer than its Content-Length: the rest is no request', async () => {
    const body = '{"login":"admin","password":"x"}';
    const text = await exchange(`POST /api/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n${body}`);
    expect(text).not.toMatch(/Client Error/);
    expect(answers(text).at(-1)).toEqual({ status: 400, body: { statusCode: 400, error: 'Bad Request', message: CANNOT_PARSE } });
  });

  it('400 for a broken %-code in the address, and for a body that is not the JSON its type says', async () => {
    const url = await exchange('GET /api/uploads/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(answers(url)).toEqual([{
      status: 400, body: { statusCode: 400, error: 'Bad Request', message: 'Неверный адрес запроса: в нём недопустимая последовательность %-кодов.' },
    }]);
    const json = await t.inject({ method: 'POST', url: '/api/login', payload: '{"login', headers: { 'content-type': 'application/json' } }, 'anonymous');
    expect(json.statusCode).toBe(400);
    expect(json.json()).toEqual({ statusCode: 400, error: 'Bad Request', message: 'Тело запроса — не JSON, хотя его тип — application/json.' });
  });

  it('a value none of those allowed is named once, with the values allowed', async () => {
    const response = await post('?mode=fast&dataset=events', { payload: 'x', headers: { 'content-type': 'text/csv' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe('Недопустимое значение параметра «mode»; допустимые: strict, valid_only');
    const headerRow = await post('?headerRow=11', { payload: 'x', headers: { 'content-type': 'text/csv' } });
    expect(headerRow.json().message).toBe('Недопустимое значение параметра «headerRow»: ожидается не больше 10');
    expect(await uploads()).toEqual([]);
  });
});
