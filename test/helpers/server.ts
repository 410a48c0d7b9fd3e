import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import type { Dataset } from '../../server/db/tables.js';
import { databaseWith } from './db.js';

export const WEB_ROOT = fileURLToPath(new URL('../../web/build/', import.meta.url));

/** The real app with the built web front end, listening on a free port of 127.0.0.1. */
export async function startServer(dataset: Dataset): Promise<{ app: FastifyInstance; url: string; stop: () => Promise<void> }> {
  const db = await databaseWith(dataset);
  const app = await buildApp({ db, webRoot: WEB_ROOT });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    url,
    stop: async () => {
      await app.close();
      db.close();
    },
  };
}
