import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Access, Role, SessionUser } from '../../web/src/lib/shared/api.js';
import { Refusal } from '../errors.js';
import { CSRF_HEADER, roleAtLeast } from '../../web/src/lib/shared/roles.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import type { Users } from './users.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; every /api/ route must say. */
    access?: Access;
  }
  interface FastifyInstance {
    /** Every API route with who may call it, as registered (the authorisation test checks them all). */
    apiRoutes: ApiRoute[];
  }
  interface FastifyRequest {
    user: SessionUser | null;
    csrfToken: string | null;
    sessionToken: string | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ApiRoute {
  method: string;
  url: string;
  access: Access;
}

/**
 * The server's own requests that compute views again after a data change (ResponseCache.warm)
 * and make the reports it mails (server/mail): they carry a secret made at start-up, never sent
 * out, and may read what a viewer may.
 */
export const WARM_UP = {
  header: 'x-ploshchadki-warm-up',
  secret: randomBytes(32).toString('base64url'),
  user: { id: 0, login: 'server', displayName: 'Сервер', role: 'viewer', districts: [] } satisfies SessionUser,
};

export function hasRole(user: SessionUser | null, role: Role): boolean {
  return user !== null && roleAtLeast(user.role, role);
}

/** The signed-in user of a request whose route demands one. */
export function currentUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new Refusal('sign_in', 'Войдите в систему');
  return request.user;
}

/**
 * Sessions and authorisation for every request: the session cookie names the user; the route's
 * `config.access` says who may call it; state-changing requests must carry the session's CSRF
 * token. An /api/ route without `access` stops the server at start-up.
 */
export function installAccessControl(app: FastifyInstance, users: Users): void {
  const apiRoutes: ApiRoute[] = [];
  app.decorate('apiRoutes', apiRoutes);
  app.decorateRequest('user', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('sessionToken', null);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    if (!route.config?.access) throw new Error(`Route ${String(route.method)} ${route.url} does not declare config.access`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') apiRoutes.push({ method, url: route.url, access: route.config.access });
    }
  });

  app.addHook('onRequest', async (request) => {
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (request.method === 'GET' && request.headers[WARM_UP.header] === WARM_UP.secret) {
      request.user = WARM_UP.user;
    } else if (token) {
      const session = await users.session(token);
      if (session) {
        request.user = session.user;
        request.csrfToken = session.csrfToken;
        request.sessionToken = token;
      }
    }
    // Static files and the app shell are public; unknown /api/ paths fall to the 404 handler.
    const access = request.routeOptions.config?.access ?? 'public';
    if (access === 'public') return;
    if (!request.user) throw new Refusal('sign_in', 'Войдите в систему');
    if (!hasRole(request.user, access)) throw new Refusal('forbidden', 'Недостаточно прав для этого действия');
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== request.csrfToken) {
      throw new Refusal('forbidden', 'Запрос отклонён: нет CSRF-токена сессии. Обновите страницу и повторите.');
    }
  });
}
