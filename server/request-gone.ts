import { setMaxListeners } from 'node:events';
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Aborts when the client closes the connection before its answer: work done only for it may stop. */
    gone: AbortSignal;
  }
}

/** The reason a request's work stopped: nobody is there to read the answer. */
export class ClientGone extends Error {
  constructor() {
    super('Клиент закрыл соединение, не дождавшись ответа');
    this.name = 'ClientGone';
  }
}

export function installRequestGone(app: FastifyInstance): void {
  const controllers = new WeakMap<FastifyRequest, AbortController>();
  app.decorateRequest('gone', null as unknown as AbortSignal);
  app.addHook('onRequest', async (request) => {
    const controller = new AbortController();
    // Every KPI query a request joins listens (a card set joins about thirty).
    setMaxListeners(0, controller.signal);
    controllers.set(request, controller);
    request.gone = controller.signal;
  });
  app.addHook('onRequestAbort', async (request) => controllers.get(request)?.abort(new ClientGone()));
}
