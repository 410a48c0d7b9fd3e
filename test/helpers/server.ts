import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import type { Database } from '../../server/db/database.js';
import type { Dataset } from '../../server/db/tables.js';
import { databaseWith } from './db.js';

export const WEB_ROOT = fileURLToPath(new URL('../../web/build/', import.meta.url));

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  close: () => Promise<void>;
}

/** The real app on a real in-memory DuckDB holding the dataset; serves web/build when asked. */
export async function appWith(dataset: Dataset, { web = false, maxUploadBytes }: { web?: boolean; maxUploadBytes?: number } = {}): Promise<TestApp> {
  const db = await databaseWith(dataset);
  const app = await buildApp({ db, webRoot: web ? WEB_ROOT : undefined, maxUploadBytes });
  return {
    app,
    db,
    close: async () => {
      await app.close();
      db.close();
    },
  };
}

/** The app with the built front end, listening on a free port of 127.0.0.1. */
export async function startServer(dataset: Dataset): Promise<TestApp & { url: string }> {
  const testApp = await appWith(dataset, { web: true });
  const url = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  return { ...testApp, url };
}
