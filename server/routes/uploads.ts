import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { finished, PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { currentUser, hasRole } from '../auth/access.js';
import {
  DatasetsResponse, TemplateParams, UploadAccepted, UploadDetail, UploadParams, UploadQuery, UploadsResponse, RollbackQuery, type UploadInfo,
} from '../../web/src/lib/shared/api.js';
import { formatInteger } from '../../web/src/lib/shared/format.js';
import { DATASET_CODES, DATASETS, MAX_COLUMNS, type ColumnMapping, type DatasetCode } from '../../web/src/lib/shared/datasets.js';
import { toCsv } from '../export/table-files.js';
import { datasetTemplate } from '../export/template-xlsx.js';
import { badRequest, describeSchemaErrors, notFound, Refusal } from '../errors.js';
import type { AppContext } from './context.js';
import type { Viewer } from '../ingest/uploads.js';
import { attachment, fileName } from '../export/file-name.js';
import type { TypeBoxProvider } from './typed.js';

class TooLarge extends Error {}

/** What methodologists upload: the datasets whose spec says so (their districts' reports). */
export const METHODOLOGIST_DATASETS: readonly DatasetCode[] = DATASET_CODES.filter((code) => DATASETS[code].uploadedBy === 'methodologist');

/**
 * Content types under which the request body is the file itself: what browsers, Excel and
 * scripts label a CSV or XLSX file with (Windows browsers with Excel say application/vnd.ms-excel
 * for .csv), and none at all.
 */
const RAW_TYPES = new Set([
  '', 'application/octet-stream', 'text/csv', 'text/plain', 'text/tab-separated-values', 'application/csv',
  'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);

const HOW_TO_SEND = 'Файл передаётся телом запроса (application/octet-stream) или формой multipart/form-data с одним файлом: '
  + 'curl --data-binary "@отчёт.csv" -H "Content-Type: application/octet-stream" … или curl -F "file=@отчёт.csv" …';

/**
 * How the request carries the file: as the raw body or in a multipart form. Any other body
 * (JSON, a urlencoded form — what curl --data-binary sends by default —, an image) is refused
 * rather than read as data.
 */
function transportOf(req: FastifyRequest): 'raw' | 'multipart' {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'multipart/form-data') return 'multipart';
  if (RAW_TYPES.has(type)) return 'raw';
  throw new Refusal('unsupported', `Тело запроса с типом «${type}» не принимается. ${HOW_TO_SEND}`);
}

/**
 * Bounds on a form's parts besides the file (whose size the handler meters): the parameters are
 * a few short text fields.
 */
const FORM_LIMITS = { fields: 20, fieldSize: 16 * 1024, parts: 25, headerPairs: 50, fileSize: Infinity };
/** What a form may carry besides the file, for the Content-Length check before reading. */
const FORM_OVERHEAD = FORM_LIMITS.parts * (FORM_LIMITS.fieldSize + 1024);

/** Streams the file to disk, hashing it and stopping at the size limit. */
async function receive(source: Readable, path: string, limit: number): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > limit) return callback(new TooLarge());
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  // The request itself is not part of the pipeline: a failed write (a full disk) would destroy it,
  // and with it the connection the refusal is to be answered on.
  const body = new PassThrough();
  // The source's failure or premature end (a form cut short) is the body's.
  const stopWatching = finished(source, (error) => error && body.destroy(error));
  source.pipe(body);
  try {
    await pipeline(body, meter, createWriteStream(path));
  } finally {
    stopWatching();
    source.unpipe(body);
  }
  return { sha256: hash.digest('hex'), size };
}

/** A multipart parser's complaint as a Russian 400; other errors (the disk's) as they are. */
function formError(error: unknown): unknown {
  if (error instanceof Refusal || error instanceof TooLarge) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_FILES_LIMIT') {
    return badRequest('В форме слишком много полей: нужны один файл и параметры загрузки.');
  }
  if (code === 'FST_PROTO_VIOLATION') return badRequest('Недопустимое имя поля формы.');
  if (code === 'FST_INVALID_JSON_FIELD_ERROR') return badRequest('Поле формы объявлено как JSON, но его значение — не JSON.');
  // The parser's own errors carry no code: a missing boundary, a body cut short.
  if (code === undefined) return badRequest('Форма multipart/form-data повреждена или оборвана: отправьте файл заново.');
  return error;
}

interface ReceivedForm {
  path: string;
  sha256: string;
  size: number;
  /** The file part's file name ('' when it has none). */
  fileName: string;
  fields: Record<string, string>;
}

/**
 * Reads a multipart form: its one file part streamed to `path` as the raw body is, its text
 * fields kept. No file part, or several, is a 400; the file is removed on any failure.
 */
async function receiveForm(req: FastifyRequest, path: string, limit: number): Promise<ReceivedForm> {
  const fields: Record<string, string> = {};
  let file: Omit<ReceivedForm, 'fields' | 'path'> | null = null;
  const parts = req.parts();
  try {
    for (;;) {
      const next = await parts.next().catch((error: unknown) => Promise.reject(formError(error)));
      if (next.done) break;
      const part = next.value;
      if (part.type === 'file') {
        if (file !== null) throw badRequest('В форме несколько файлов: отправляйте по одному файлу за запрос.');
        file = { fileName: part.filename ?? '', sha256: '', size: 0 };
        Object.assign(file, await receive(part.file, path, limit).catch((error: unknown) => Promise.reject(formError(error))));
      } else {
        const name = part.fieldname;
        if (Object.hasOwn(fields, name)) throw badRequest(`Поле формы «${name}» передано несколько раз.`);
        if (part.valueTruncated || part.fieldnameTruncated) throw badRequest(`Поле формы «${name}» слишком длинное.`);
        fields[name] = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
      }
    }
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  if (file === null) throw badRequest(`В форме нет файла. ${HOW_TO_SEND}`);
  return { ...file, path, fields };
}

/**
 * A form's parameters: its text fields, validated exactly as the query string is, joined with
 * the query string's. A parameter given in both places must have the same value there.
 */
function formParams(req: FastifyRequest, fields: Record<string, string>): UploadQuery {
  const form: Record<string, unknown> = { ...fields };
  const validate = req.compileValidationSchema(UploadQuery, 'querystring');
  if (!validate(form)) throw badRequest(describeSchemaErrors(validate.errors ?? [], 'querystring'));
  const query = req.query as Record<string, unknown>;
  for (const key of Object.keys(UploadQuery.properties)) {
    if (form[key] !== undefined && query[key] !== undefined && form[key] !== query[key]) {
      throw badRequest(`Параметр «${key}» передан и в адресе запроса, и в поле формы, с разными значениями.`);
    }
  }
  return { ...form, ...query } as UploadQuery;
}

function parseMapping(json: string | undefined, dataset: DatasetCode | null): ColumnMapping | null {
  if (json === undefined || json === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw badRequest('Сопоставление столбцов передано в неверном формате');
  }
  if (dataset === null) throw badRequest('Чтобы задать сопоставление столбцов, выберите набор данных');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('Сопоставление столбцов передано в неверном формате: ожидается {"номер столбца": "поле"}');
  }
  const fields = new Map(DATASETS[dataset].fields.map((f) => [f.key, f]));
  const mapping: ColumnMapping = {};
  const columnOf = new Map<string, number>();
  for (const [index, key] of Object.entries(value as Record<string, unknown>)) {
    if (!/^\d+$/.test(index)) {
      throw badRequest(`Неверное сопоставление столбцов: «${index} → ${String(key)}» — номер столбца пишется числом от 0 (первый столбец) и больше`);
    }
    if (typeof key !== 'string' || !fields.has(key)) {
      throw badRequest(`Неверное сопоставление столбцов: «${index} → ${String(key)}» — в наборе «${DATASETS[dataset].title}» нет поля «${String(key)}»; `
        + `поля: ${[...fields.keys()].join(', ')}`);
    }
    // Columns are numbered from 0; no table read has more than MAX_COLUMNS.
    if (Number(index) >= MAX_COLUMNS) throw badRequest(`Неверное сопоставление столбцов: столбца ${Number(index) + 1} нет — в таблице не больше ${MAX_COLUMNS} столбцов`);
    // Two columns into one field: one of them would be lost without a word.
    if (columnOf.has(key)) {
      throw badRequest(`Столбцы ${columnOf.get(key)! + 1} и ${Number(index) + 1} сопоставлены с одним полем «${fields.get(key)!.header}»: оставьте один`);
    }
    columnOf.set(key, Number(index));
    mapping[Number(index)] = key;
  }
  return mapping;
}

/**
 * A file's name as the history shows it: control characters (a NUL, a line break) as spaces, and no
 * marks that turn the text's direction («отчёт‮csv.exe» would read as «отчётexe.vsc»).
 */
export const cleanFileName = (name: string) => name.replace(/\p{Cc}+/gu, ' ').replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();

const sizeText = (bytes: number) => (bytes < 1024 * 1024 ? `${formatInteger(Math.floor(bytes / 1024))} КБ` : `${formatInteger(Math.round(bytes / 1024 / 1024))} МБ`);

export async function uploadRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  // The upload reads its body itself: a raw body is the file, streamed to disk by the handler (no
  // parsing, no buffering); a multipart form is streamed part by part by @fastify/multipart.
  // Fastify's JSON and text parsers would consume a body first, so they are not used here: the
  // handler decides what a content type means (transportOf), JSON included.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  await app.register(fastifyMultipart, { limits: FORM_LIMITS });

  const tooLarge = () => new Refusal('too_large', `Файл больше допустимого размера (${sizeText(ctx.maxUploadBytes)}). Разделите его на части.`);

  /** The dataset and column mapping the parameters ask for, checked against the user's rights. */
  const checked = (req: FastifyRequest, query: UploadQuery) => {
    const dataset = query.dataset ? (query.dataset as DatasetCode) : null;
    if (dataset !== null && !DATASET_CODES.includes(dataset)) throw badRequest(`Неизвестный набор данных: «${query.dataset}»`);
    if (dataset !== null && !hasRole(req.user, 'admin') && !METHODOLOGIST_DATASETS.includes(dataset)) {
      throw new Refusal('forbidden', `Набор «${DATASETS[dataset].title}» загружает только администратор`);
    }
    return { dataset, mapping: parseMapping(query.mapping, dataset) };
  };

  /** A request refused before its body was read to the end: the connection is not reused. */
  const closeUnlessRead = (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.raw.readableEnded) reply.header('connection', 'close');
  };

  app.post('/api/uploads', {
    config: { access: 'methodologist' },
    schema: { querystring: UploadQuery, response: { 202: UploadAccepted } },
    // Before the query string is validated: a body of the wrong type is refused as such.
    preValidation: async (req) => void transportOf(req),
  }, async (req, reply) => {
    const multipart = transportOf(req) === 'multipart';
    // A raw body's parameters are all in the query string: checked before the file is read. A
    // form's fields may follow its file, so a form is checked once read.
    if (!multipart) checked(req, req.query);
    try {
      ctx.uploads.checkQueueRoom(currentUser(req).id);
    } catch (error) {
      closeUnlessRead(req, reply);
      throw error;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > ctx.maxUploadBytes + (multipart ? FORM_OVERHEAD : 0)) {
      closeUnlessRead(req, reply);
      throw tooLarge();
    }
    await mkdir(ctx.uploadDir, { recursive: true });
    const path = join(ctx.uploadDir, `${randomUUID()}.upload`);
    let query: UploadQuery = req.query;
    let received: { sha256: string; size: number; fileName: string };
    let params: ReturnType<typeof checked>;
    try {
      if (multipart) {
        const form = await receiveForm(req, path, ctx.maxUploadBytes);
        received = form;
        query = formParams(req, form.fields);
      } else {
        received = { ...(await receive(req.raw, path, ctx.maxUploadBytes)), fileName: '' };
      }
      params = checked(req, query);
    } catch (error) {
      await rm(path, { force: true });
      closeUnlessRead(req, reply);
      if (error instanceof TooLarge) throw tooLarge();
      throw error;
    }
    const { dataset, mapping } = params;
    const fileName = cleanFileName(query.fileName || received.fileName.slice(0, 255)) || 'файл';
    const user = currentUser(req);
    const admin = hasRole(user, 'admin');
    const id = await ctx.uploads.submit({
      path, fileName, sha256: received.sha256, sizeBytes: received.size, dataset, mapping,
      mode: query.mode ?? 'strict', sheet: query.sheet || undefined, headerRow: query.headerRow,
      uploadedBy: user.displayName, author: query.author?.trim() || null, userId: user.id, temporary: true,
      restrict: admin ? undefined : { datasets: METHODOLOGIST_DATASETS, districts: user.districts },
      changeApproved: approvedChange(req, admin && query.changeApproved === true),
    });
    await ctx.audit.record('upload', user.login, `№ ${id}: «${fileName}», ${dataset ?? 'набор по заголовкам'}, ${received.size} байт`, req.ip);
    return reply.status(202).send({ id });
  });

  /** Only an admin confirms changes to data of approved periods; a methodologist's word is not asked. */
  const approvedChange = (req: FastifyRequest, confirmed: boolean) => (confirmed ? { login: currentUser(req).login, ip: req.ip } : undefined);

  /** Whether the asking user may roll the upload back: technically possible, and theirs unless admin. */
  const forUser = <T extends UploadInfo>(upload: T, req: FastifyRequest): T => ({
    ...upload, canRollback: upload.canRollback && (hasRole(req.user, 'admin') || upload.userId === req.user?.id),
  });

  /** Whose upload records the asking user may see: a methodologist only those of her districts. */
  const viewerOf = (req: FastifyRequest): Viewer | undefined => {
    const user = currentUser(req);
    return hasRole(user, 'admin') ? undefined : { id: user.id, districts: user.districts };
  };

  app.get('/api/uploads', { config: { access: 'methodologist' }, schema: { response: { 200: UploadsResponse } } }, async (req) => ({
    uploads: (await ctx.uploads.list(100, viewerOf(req))).map((u) => forUser(u, req)),
  }));

  app.get('/api/uploads/:id', { config: { access: 'methodologist' }, schema: { params: UploadParams, response: { 200: UploadDetail } } }, async (req) => {
    const { id } = req.params;
    const upload = await ctx.uploads.get(id, viewerOf(req));
    if (!upload) throw notFound(`Загрузка № ${id} не найдена`);
    return forUser(upload, req);
  });

  app.get('/api/uploads/:id/errors.csv', { config: { access: 'methodologist' }, schema: { params: UploadParams } }, async (req, reply) => {
    const { id } = req.params;
    const upload = await ctx.uploads.get(id, viewerOf(req));
    if (!upload) throw notFound(`Загрузка № ${id} не найдена`);
    const errors = await ctx.uploads.errors(id);
    // Only the first errors are kept: the file says so under them, not as if they were all.
    const total = upload.errorCount;
    const cut = total > errors.length ? [[null, null, null, `Показаны первые ${formatInteger(errors.length)} ошибок из ${formatInteger(total)}: исправьте найденное и загрузите файл снова — проверка покажет остальные.`]] : [];
    const csv = toCsv({
      headers: ['Строка', 'Столбец', 'Значение', 'Ошибка'],
      rows: [...errors.map((e) => [e.row, e.column, e.value, e.message]), ...cut],
    });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', attachment(fileName([`Ошибки загрузки № ${id}`], 'csv'), `upload-${id}-errors.csv`))
      .send(csv);
  });

  app.post('/api/uploads/:id/rollback', { config: { access: 'methodologist' }, schema: { params: UploadParams, querystring: RollbackQuery, response: { 200: UploadDetail } } }, async (req) => {
    const { id } = req.params;
    const user = currentUser(req);
    const admin = hasRole(user, 'admin');
    const result = await ctx.uploads.rollback(id, { id: user.id, districts: user.districts, admin }, approvedChange(req, admin && req.query.changeApproved === true));
    await ctx.audit.record('rollback', user.login, `№ ${id}: «${result.fileName}»`, req.ip);
    return forUser(result, req);
  });

  app.get('/api/datasets', { config: { access: 'methodologist' }, schema: { response: { 200: DatasetsResponse } } }, async (req) => ({
    // Each user sees the datasets they may upload.
    datasets: (hasRole(req.user, 'admin') ? DATASET_CODES : METHODOLOGIST_DATASETS).map((code) => {
      const spec = DATASETS[code];
      return {
        code, title: spec.title, description: spec.description, key: spec.key,
        fields: spec.fields.map((f) => ({
          key: f.key, header: f.header, aliases: f.aliases, type: f.type, required: f.required,
          ...(f.values ? { values: { ...f.values } } : {}), ...(f.ref ? { ref: f.ref } : {}), ...(f.hint ? { hint: f.hint } : {}),
        })),
      };
    }),
    maxUploadBytes: ctx.maxUploadBytes,
  }));

  app.get('/api/datasets/:code/template.:format', { config: { access: 'methodologist' }, schema: { params: TemplateParams } }, async (req, reply) => {
    const { code, format } = req.params;
    if (!DATASET_CODES.includes(code as DatasetCode)) throw notFound(`Неизвестный набор данных: «${code}»`);
    const spec = DATASETS[code as DatasetCode];
    const user = currentUser(req);
    const admin = hasRole(user, 'admin');
    if (!admin && !METHODOLOGIST_DATASETS.includes(spec.code)) {
      throw new Refusal('forbidden', `Набор «${spec.title}» загружает только администратор: его шаблон доступен администратору`);
    }
    reply.header('content-disposition', attachment(fileName(['Шаблон', spec.title], format), `${code}-template.${format}`));
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv({ headers: spec.fields.map((f) => f.header), rows: [] }));
    // The XLSX: dropdowns, notes, the reference lists of the uploader's districts, an example row.
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(await datasetTemplate(ctx.queries, spec, admin ? null : user.districts));
  });
}
