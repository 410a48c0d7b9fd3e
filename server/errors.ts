import type { FastifyError, FastifyInstance } from 'fastify';
import { DISK_FULL, isDiskFull } from './disk-full.js';

/** DuckDB's word for a database it stopped after a failed write: only a restart brings it back. */
const DATABASE_STOPPED = /database has been invalidated/;

/** Russian wording for the parameters' formats, used in 400 messages. */
const PARAM_HINTS: Record<string, string> = {
  period: 'ожидается полугодие вида 2022-H1 или учебный год вида 2021-22',
};

interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** Turns JSON-schema failures into one Russian sentence naming the parameter. */
export function describeSchemaErrors(errors: SchemaError[], dataVar: string): string {
  const where = dataVar === 'params' ? 'адреса' : 'запроса';
  return errors
    .map((e) => {
      const name = e.instancePath.replace(/^\//, '') || String(e.params.missingProperty ?? '');
      switch (e.keyword) {
        case 'required':
          return `Не указан обязательный параметр ${where} «${e.params.missingProperty}»`;
        case 'enum':
          return `Недопустимое значение параметра «${name}»; допустимые: ${(e.params.allowedValues as string[]).join(', ')}`;
        case 'pattern':
          return `Неверный формат параметра «${name}»: ${PARAM_HINTS[name] ?? 'значение не подходит'}`;
        case 'maxLength':
        case 'minLength':
          return `Недопустимая длина параметра «${name}»`;
        default:
          return `Неверный параметр ${where} «${name}»`;
      }
    })
    .join('; ');
}

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

/** API errors as {statusCode, error, message}; server faults are logged and not described. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setSchemaErrorFormatter((errors, dataVar) => new Error(describeSchemaErrors(errors as SchemaError[], dataVar)));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const send = (status: number, message: string) =>
      reply.status(status).send({ statusCode: status, error: STATUS_NAMES[status] ?? 'Bad Request', message });
    if (error instanceof Refusal) return send(STATUS_OF[error.kind], error.message);
    // Its work was stopped because the client went away: nobody reads this answer, and it is no fault.
    if (request.gone?.aborted) return reply.status(499).send();
    const status = error.statusCode ?? 500;
    // Fastify's own refusal of a body over a route's limit (the map's file) speaks English.
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(413, 'Файл больше допустимого размера.');
    if (status < 500) return send(status, error.message);
    request.log.error(error);
    if (isDiskFull(error)) return send(507, DISK_FULL);
    if (DATABASE_STOPPED.test(error.message)) return send(503, 'База данных остановлена после ошибки записи (например, на диске кончилось место). Сообщите администратору: сервер нужно перезапустить.');
    return send(500, 'Внутренняя ошибка сервера');
  });
}
