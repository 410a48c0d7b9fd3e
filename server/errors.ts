import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DISK_FULL, isDiskFull } from './disk-full.js';
import { plural } from '../web/src/lib/shared/format.js';

/** DuckDB's word for a database it stopped after a failed write: only a restart brings it back. */
const DATABASE_STOPPED = /database has been invalidated/;

/** Russian wording for the parameters' formats, used in 400 messages. */
const PARAM_HINTS: Record<string, string> = {
  period: 'ожидается полугодие вида 2022-H1 или учебный год вида 2021-22',
  login: 'от 3 до 50 знаков: латинские буквы, цифры, точка, дефис, подчёркивание',
};

interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/**
 * Turns JSON-schema failures into one Russian sentence naming the parameter, each failure once.
 * A value none of a union's literals (mode=fast) fails each literal and then the union: that is
 * said once, with the values allowed.
 */
export function describeSchemaErrors(errors: SchemaError[], dataVar: string): string {
  const where = dataVar === 'params' ? 'адреса' : 'запроса';
  const nameOf = (e: SchemaError) => e.instancePath.replace(/^\//, '') || String(e.params.missingProperty ?? '');
  const literals = new Map<string, string[]>();
  for (const e of errors.filter((e) => e.keyword === 'const')) literals.set(e.instancePath, [...literals.get(e.instancePath) ?? [], String(e.params.allowedValue)]);
  const unions = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const messages = errors
    .filter((e) => !(e.keyword === 'const' && unions.has(e.instancePath)))
    .map((e) => {
      const name = nameOf(e);
      // The body as a whole (a JSON array where an object is asked): no parameter to name.
      if (name === '' && dataVar === 'body') return 'Тело запроса не того вида: ожидается объект JSON с параметрами';
      switch (e.keyword) {
        case 'required':
          return `Не указан обязательный параметр ${where} «${e.params.missingProperty}»`;
        case 'enum':
          return `Недопустимое значение параметра «${name}»; допустимые: ${(e.params.allowedValues as string[]).join(', ')}`;
        case 'anyOf':
        case 'const': {
          const allowed = literals.get(e.instancePath);
          return allowed ? `Недопустимое значение параметра «${name}»; допустимые: ${allowed.join(', ')}` : `Неверный параметр ${where} «${name}»`;
        }
        case 'pattern':
          return `Неверный формат параметра «${name}»: ${PARAM_HINTS[name] ?? 'значение не подходит'}`;
        case 'maxLength':
          return `Недопустимая длина параметра «${name}»: не больше ${characters(Number(e.params.limit))}`;
        case 'minLength':
          return `Недопустимая длина параметра «${name}»: не меньше ${characters(Number(e.params.limit))}`;
        case 'type':
          return `Неверный параметр ${where} «${name}»: ${TYPE_HINTS[String(e.params.type)] ?? 'значение не подходит'}`;
        case 'minimum':
          return `Недопустимое значение параметра «${name}»: ожидается не меньше ${e.params.limit}`;
        case 'maximum':
          return `Недопустимое значение параметра «${name}»: ожидается не больше ${e.params.limit}`;
        default:
          return `Неверный параметр ${where} «${name}»`;
      }
    });
  return [...new Set(messages)].join('; ');
}

/** «255 знаков», «1 знака» — after «не больше», «не меньше». */
const characters = (n: number) => `${n} ${plural(n, ['знака', 'знаков', 'знаков'])}`;

/** What a parameter of each JSON type is written as. */
const TYPE_HINTS: Record<string, string> = {
  integer: 'ожидается целое число',
  number: 'ожидается число',
  boolean: 'ожидается true или false',
};

/** Why a request is refused; the error handler answers each with its HTTP status. */
export type RefusalKind =
  | 'invalid' | 'sign_in' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'unsupported' | 'too_many' | 'busy' | 'no_room';

const STATUS_OF: Record<RefusalKind, number> = {
  invalid: 400, sign_in: 401, forbidden: 403, not_found: 404, conflict: 409, too_large: 413, unsupported: 415, too_many: 429, busy: 503, no_room: 507,
};

/**
 * A request refused for a reason the user can act on, said in Russian. Services and routes raise
 * it by kind; only the error handler knows HTTP statuses.
 */
export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
  ) {
    super(message);
  }

  /** A refusal another route answered with (an export asks the chart's own route for its data). */
  static ofStatus(status: number, message: string): Refusal {
    const kind = (Object.keys(STATUS_OF) as RefusalKind[]).find((k) => STATUS_OF[k] === status) ?? 'invalid';
    return new Refusal(kind, message);
  }
}

export const badRequest = (message: string) => new Refusal('invalid', message);
export const notFound = (message: string) => new Refusal('not_found', message);

const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large',
  415: 'Unsupported Media Type', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable', 507: 'Insufficient Storage',
};

const contentType = (request: FastifyRequest) => (request.headers['content-type'] ?? '').split(';')[0].trim();

/** Fastify's refusals of a request's body, by their codes, said in Russian. */
const FASTIFY_REFUSALS: Record<string, (request: FastifyRequest) => string> = {
  // Uploads stream their files past this limit: a body over it is a JSON request's (a file goes to /api/uploads).
  FST_ERR_CTP_BODY_TOO_LARGE: (request) => (contentType(request) === 'application/json' ? 'Тело запроса слишком велико.' : 'Файл больше допустимого размера.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (request) => `Тело запроса с типом «${contentType(request)}» по этому адресу не принимается.`,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => 'Длина тела запроса не совпадает с заголовком Content-Length: отправьте запрос снова.',
  FST_ERR_CTP_EMPTY_JSON_BODY: () => 'Тело запроса пусто, а его тип — application/json: передайте JSON или не указывайте тип.',
  FST_ERR_CTP_INVALID_JSON_BODY: () => 'Тело запроса — не JSON, хотя его тип — application/json.',
  FST_ERR_BAD_URL: () => 'Неверный адрес запроса: в нём недопустимая последовательность %-кодов.',
};

/**
 * What the HTTP server answers a request it cannot parse, before Fastify sees it (Fastify's own
 * answer is in English): a request line and headers over Node's limit (an over-long query string),
 * a request not sent in time, or bytes that are no HTTP request (the rest of a body longer than its
 * Content-Length said). The connection is closed after the answer, as Fastify does.
 */
export function clientErrorHandler(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] = error.code === 'HPE_HEADER_OVERFLOW'
    ? [431, `Адрес запроса или его заголовки слишком длинные (больше ${Math.floor(maxHeaderSize / 1024)} КБ вместе): сократите строку параметров запроса.`]
    : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Запрос не получен целиком за отведённое время: отправьте его снова.']
      : [400, 'Запрос не разобран: он не по протоколу HTTP (например, тело длиннее, чем сказано в заголовке Content-Length). Проверьте программу, которая его отправляет.'];
  this.log.trace({ err: error }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify({ statusCode: status, error: STATUS_CODES[status], message });
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

/** Fastify's refusal of a request before any route has it (a URL with a broken %-code), in Russian. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  const message = FASTIFY_REFUSALS[error.code]?.(request) ?? (status < 500 ? 'Неверный запрос.' : 'Внутренняя ошибка сервера');
  void reply.status(status).send({ statusCode: status, error: STATUS_CODES[status], message });
}

/** API errors as {statusCode, error, message}; server faults are logged and not described. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setSchemaErrorFormatter((errors, dataVar) => new Error(describeSchemaErrors(errors as SchemaError[], dataVar)));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const send = (status: number, message: string) =>
      reply.status(status).send({ statusCode: status, error: STATUS_NAMES[status] ?? 'Bad Request', message });
    if (error instanceof Refusal) return send(STATUS_OF[error.kind], error.message);
    // A full disk is said even where the failed write cut the request short: the admin must know.
    if (isDiskFull(error)) {
      request.log.error(error);
      return send(507, DISK_FULL);
    }
    // Its work was stopped because the client went away: nobody reads this answer, and it is no fault.
    if (request.gone?.aborted) return reply.status(499).send();
    const status = error.statusCode ?? 500;
    // Fastify's own refusals (a body over a route's limit, a body that is not what its type says) speak English.
    const fastifys = FASTIFY_REFUSALS[error.code];
    if (fastifys) return send(status, fastifys(request));
    if (status < 500) return send(status, error.message);
    request.log.error(error);
    if (DATABASE_STOPPED.test(error.message)) return send(503, 'База данных остановлена после ошибки записи (например, на диске кончилось место). Сообщите администратору: сервер нужно перезапустить.');
    return send(500, 'Внутренняя ошибка сервера');
  });
}
