import { fileURLToPath } from 'node:url';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../server/app.js';
import type { Database } from '../../server/db/database.js';
import type { Dataset } from '../../server/db/tables.js';
import type { MailConfig } from '../../server/mail/config.js';
import { Queries } from '../../server/db/queries.js';
import { Users } from '../../server/auth/users.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { SESSION_COOKIE } from '../../server/auth/cookies.js';
import type { Role, UploadDetail } from '../../web/src/lib/shared/api.js';
import { databaseWith, TEST_PSEUDONYMS } from './db.js';
import { until } from './poll.js';

export const WEB_ROOT = fileURLToPath(new URL('../../web/build/', import.meta.url));

/** One user per role, and a second methodologist of the other district. */
export const TEST_USERS = {
  admin: { login: 'admin', role: 'admin', districts: [] },
  methodologist: { login: 'metod-north', role: 'methodologist', districts: ['north'] },
  otherMethodologist: { login: 'metod-south', role: 'methodologist', districts: ['south'] },
  viewer: { login: 'viewer', role: 'viewer', districts: [] },
} as const satisfies Record<string, { login: string; role: Role; districts: readonly string[] }>;
export const TEST_PASSWORD = 'Test-password-2023';
const TEST_PASSWORD_HASH = hashPassword(TEST_PASSWORD);
export type Who = keyof typeof TEST_USERS | 'anonymous';

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  /** fastify.inject as a signed-in user (admin unless told), with the session's CSRF token. */
  inject: (options: InjectOptions | string, who?: Who) => Promise<LightMyRequestResponse>;
  /** The headers a signed-in user's request carries (session cookie, CSRF token): for a request over a real socket. */
  signedIn: (who?: Who) => Record<string, string>;
  close: () => Promise<void>;
}

/** The real app on a real in-memory DuckDB holding the dataset, with the test users signed in. */
export async function appWith(
  dataset: Dataset,
  { web = false, maxUploadBytes, uploadDir, warmOnStart, computeAhead, answerWithinMs, mail }: {
    web?: boolean; maxUploadBytes?: number; uploadDir?: string; warmOnStart?: boolean; computeAhead?: boolean; answerWithinMs?: number; mail?: MailConfig;
  } = {},
): Promise<TestApp> {
  const db = await databaseWith(dataset);
  const queries = await Queries.load(db);
  const users = new Users(queries);
  const app = await buildApp({ db, pseudonyms: TEST_PSEUDONYMS, webRoot: web ? WEB_ROOT : undefined, maxUploadBytes, uploadDir, warmOnStart, computeAhead, answerWithinMs, mail });
  // Users with the password hashed once per process, signed in without checking it: scrypt is
  // what made every app slow to set up (signing in itself is tested in test/security).
  const sessions = new Map<Who, { cookie: string; csrf: string }>();
  for (const [who, user] of Object.entries(TEST_USERS)) {
    const displayName = `Тест ${user.login}`;
    const [{ id }] = await queries.run<{ id: number }>('user_create', {
      login: user.login, display_name: displayName, password_hash: await TEST_PASSWORD_HASH, role: user.role, districts: user.districts.join(','),
    });
    const { token, csrfToken } = await users.startSession({ id, login: user.login, displayName, role: user.role, districts: [...user.districts] });
    sessions.set(who as Who, { cookie: `${SESSION_COOKIE}=${token}`, csrf: csrfToken });
  }
  const signedIn = (who: Who = 'admin'): Record<string, string> => {
    const session = sessions.get(who);
    return session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {};
  };
  return {
    app,
    db,
    inject: (options, who = 'admin') => {
      const opts = typeof options === 'string' ? { url: options } : options;
      return app.inject({ ...opts, headers: { ...signedIn(who), ...opts.headers } });
    },
    signedIn,
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

/** Polls an upload until its import has finished (applied, rejected, failed). */
export function waitForUpload(t: TestApp, id: number): Promise<UploadDetail> {
  return until(async () => {
    const detail = (await t.inject(`/api/uploads/${id}`)).json() as UploadDetail;
    return detail.status !== 'processing' && detail;
  }, `upload № ${id} to finish`);
}
