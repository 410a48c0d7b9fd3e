import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientGone, installRequestGone } from '../server/request-gone.js';

let app: FastifyInstance;
afterEach(() => app.close());

/** A server whose one route waits until its client goes, telling each step. */
async function serverWatchingItsClient() {
  app = Fastify();
  installRequestGone(app);
  let arrived!: () => void;
  const arrival = new Promise<void>((resolve) => (arrived = resolve));
  let noticed!: (reason: unknown) => void;
  const notice = new Promise<unknown>((resolve) => (noticed = resolve));
  const finished: AbortSignal[] = [];
  app.get('/wait', async (request) => {
    arrived();
    noticed(await new Promise((resolve) => request.gone.addEventListener('abort', () => resolve(request.gone.reason))));
    return { ok: true };
  });
  app.get('/quick', async (request) => {
    finished.push(request.gone);
    return { ok: true };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, arrival, notice, finished };
}

describe('a request whose client has gone', () => {
  it('has its signal aborted, with the reason, when the client closes the connection before the answer', async () => {
    const server = await serverWatchingItsClient();
    const client = httpRequest(`${server.url}/wait`);
    client.on('error', () => undefined);
    client.end();
    await server.arrival;
    client.destroy();
    expect(await server.notice).toBeInstanceOf(ClientGone);
  });

  it('keeps it unaborted when the answer was sent', async () => {
    const server = await serverWatchingItsClient();
    expect((await fetch(`${server.url}/quick`)).status).toBe(200);
    expect(server.finished).toHaveLength(1);
    expect(server.finished[0].aborted).toBe(false);
  });
});
