import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { currentUser, hasRole } from '../auth/access.js';
import {
  DatasetsResponse, TemplateParams, UploadAccepted, UploadDetail, UploadParams, UploadQuery, UploadsResponse, type UploadInfo,
} from '../../web/src/lib/shared/api.js';
import { DATASET_CODES, DATASETS, type ColumnMapping, type DatasetCode } from '../../web/src/lib/shared/datasets.js';
import { toCsv } from '../export/table-files.js';
import { datasetTemplate } from '../export/template-xlsx.js';
import { badRequest, HttpError, notFound } from '../http-errors.js';
import type { AppContext } from './context.js';

class TooLarge extends Error {}

/** Reference lists and the regional plan are the admin's; methodologists upload the rest. */
export const METHODOLOGIST_DATASETS: readonly DatasetCode[] = DATASET_CODES.filter(
  (code) => !['districts', 'directions', 'plan_items'].includes(code),
);

/** Streams the request body to a file, hashing it and stopping at the size limit. */
async function receive(request: FastifyRequest, path: string, limit: number): Promise<{ sha256: string; size: number }> {
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
  await pipeline(request.raw, meter, createWriteStream(path));
  return { sha256: hash.digest('hex'), size };
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
  const keys = new Set(DATASETS[dataset].fields.map((f) => f.key));
  const mapping: ColumnMapping = {};
  for (const [index, key] of Object.entries(value as Record<string, unknown>)) {
    if (!/^\d+$/.test(index) || typeof key !== 'string' || !keys.has(key)) {
      throw badRequest(`Неверное сопоставление столбцов: «${index} → ${String(key)}»`);
    }
    mapping[Number(index)] = key;
  }
  return mapping;
}

const sizeText = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} МБ`;

export async function uploadRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  // The body is the file itself, streamed to disk by the handler: no parsing, no buffering.
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));

  app.post('/api/uploads', { config: { access: 'methodologist' }, schema: { querystring: UploadQuery, response: { 202: UploadAccepted } } }, async (req, reply) => {
    const query = req.query as UploadQuery;
    const dataset = query.dataset ? (query.dataset as DatasetCode) : null;
    if (dataset !== null && !DATASET_CODES.includes(dataset)) throw badRequest(`Неизвестный набор данных: «${query.dataset}»`);
    if (dataset !== null && !hasRole(req.user, 'admin') && !METHODOLOGIST_DATASETS.includes(dataset)) {
      throw new HttpError(403, `Набор «${DATASETS[dataset].title}» загружает только администратор`);
    }
    const mapping = parseMapping(query.mapping, dataset);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > ctx.maxUploadBytes) {
      throw new HttpError(413, `Файл больше допустимого размера (${sizeText(ctx.maxUploadBytes)}). Разделите его на части.`);
    }
    await mkdir(ctx.uploadDir, { recursive: true });
    const path = join(ctx.uploadDir, `${randomUUID()}.upload`);
    let received: { sha256: string; size: number };
    try {
      received = await receive(req, path, ctx.maxUploadBytes);
    } catch (error) {
      await rm(path, { force: true });
      if (error instanceof TooLarge) {
        throw new HttpError(413, `Файл больше допустимого размера (${sizeText(ctx.maxUploadBytes)}). Разделите его на части.`);
      }
      throw error;
    }
    const user = currentUser(req);
    const admin = hasRole(user, 'admin');
    const id = await ctx.uploads.submit({
      path, fileName: query.fileName, sha256: received.sha256, sizeBytes: received.size, dataset, mapping,
      mode: query.mode ?? 'strict', sheet: query.sheet || undefined, headerRow: query.headerRow,
      uploadedBy: query.author?.trim() || user.displayName, userId: user.id, temporary: true,
      restrict: admin ? undefined : { datasets: METHODOLOGIST_DATASETS, districts: user.districts },
    });
    await ctx.audit.record('upload', user.login, `№ ${id}: «${query.fileName}», ${dataset ?? 'набор по заголовкам'}, ${received.size} байт`, req.ip);
    return reply.status(202).send({ id });
  });

  /** Whether the asking user may roll the upload back: technically possible, and theirs unless admin. */
  const forUser = <T extends UploadInfo>(upload: T, req: FastifyRequest): T => ({
    ...upload, canRollback: upload.canRollback && (hasRole(req.user, 'admin') || upload.userId === req.user?.id),
  });

  app.get('/api/uploads', { config: { access: 'methodologist' }, schema: { response: { 200: UploadsResponse } } }, async (req) => ({
    uploads: (await ctx.uploads.list()).map((u) => forUser(u, req)),
  }));

  app.get('/api/uploads/:id', { config: { access: 'methodologist' }, schema: { params: UploadParams, response: { 200: UploadDetail } } }, async (req) => {
    const { id } = req.params as { id: number };
    const upload = await ctx.uploads.get(id);
    if (!upload) throw notFound(`Загрузка № ${id} не найдена`);
    return forUser(upload, req);
  });

  app.get('/api/uploads/:id/errors.csv', { config: { access: 'methodologist' }, schema: { params: UploadParams } }, async (req, reply) => {
    const { id } = req.params as { id: number };
    if (!(await ctx.uploads.get(id))) throw notFound(`Загрузка № ${id} не найдена`);
    const errors = await ctx.uploads.errors(id);
    const csv = toCsv({
      headers: ['Строка', 'Столбец', 'Значение', 'Ошибка'],
      rows: errors.map((e) => [e.row, e.column, e.value, e.message]),
    });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="upload-${id}-errors.csv"`)
      .send(csv);
  });

  app.post('/api/uploads/:id/rollback', { config: { access: 'methodologist' }, schema: { params: UploadParams, response: { 200: UploadDetail } } }, async (req) => {
    const { id } = req.params as { id: number };
    const user = currentUser(req);
    const result = await ctx.uploads.rollback(id, { id: user.id, admin: hasRole(user, 'admin') });
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
    const { code, format } = req.params as { code: string; format: 'csv' | 'xlsx' };
    if (!DATASET_CODES.includes(code as DatasetCode)) throw notFound(`Неизвестный набор данных: «${code}»`);
    const spec = DATASETS[code as DatasetCode];
    const user = currentUser(req);
    const admin = hasRole(user, 'admin');
    if (!admin && !METHODOLOGIST_DATASETS.includes(spec.code)) {
      throw new HttpError(403, `Набор «${spec.title}» загружает только администратор: его шаблон доступен администратору`);
    }
    reply.header('content-disposition', `attachment; filename="${code}-template.${format}"`);
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv({ headers: spec.fields.map((f) => f.header), rows: [] }));
    // The XLSX: dropdowns, notes, the reference lists of the uploader's districts, an example row.
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(await datasetTemplate(ctx.queries, spec, admin ? null : user.districts));
  });
}
