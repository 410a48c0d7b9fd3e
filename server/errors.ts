import type { FastifyError, FastifyInstance } from 'fastify';

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

const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large',
  415: 'Unsupported Media Type', 429: 'Too Many Requests',
};

/** API errors as {statusCode, error, message}; server faults are logged and not described. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setSchemaErrorFormatter((errors, dataVar) => new Error(describeSchemaErrors(errors as SchemaError[], dataVar)));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error(error);
      return reply.status(500).send({ statusCode: 500, error: 'Internal Server Error', message: 'Внутренняя ошибка сервера' });
    }
    return reply.status(status).send({ statusCode: status, error: STATUS_NAMES[status] ?? 'Bad Request', message: error.message });
  });
}
