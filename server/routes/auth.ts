import type { FastifyInstance } from 'fastify';
import { LoginBody, SessionResponse } from '../../web/src/lib/shared/api.js';
import { sessionCookie } from '../auth/cookies.js';
import { SESSION_MAX_SECONDS } from '../auth/users.js';
import { HttpError } from '../http-errors.js';
import type { AppContext } from './context.js';

export const LOGIN_RATE_LIMIT = { max: 10, timeWindow: '1 minute' };

export async function authRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  // Secure cookies when the request came over HTTPS (directly or via a trusted proxy).
  const secure = (protocol: string) => protocol === 'https';

  app.get('/api/session', { config: { access: 'public' }, schema: { response: { 200: SessionResponse } } }, async (req) => ({
    user: req.user, csrfToken: req.csrfToken,
  }));

  app.post(
    '/api/login',
    { config: { access: 'public', rateLimit: LOGIN_RATE_LIMIT }, schema: { body: LoginBody, response: { 200: SessionResponse } } },
    async (req, reply) => {
      const { login, password } = req.body as { login: string; password: string };
      const user = await ctx.users.authenticate(login, password);
      if (!user) {
        await ctx.audit.record('login_failed', null, `логин «${login.slice(0, 100)}»`, req.ip);
        throw new HttpError(401, 'Неверный логин или пароль, либо учётная запись отключена');
      }
      const session = await ctx.users.startSession(user);
      await ctx.audit.record('login', user.login, '', req.ip);
      reply.header('set-cookie', sessionCookie(session.token, { maxAgeSeconds: SESSION_MAX_SECONDS, secure: secure(req.protocol) }));
      return { user, csrfToken: session.csrfToken };
    },
  );

  app.post('/api/logout', { config: { access: 'viewer' }, schema: { response: { 200: SessionResponse } } }, async (req, reply) => {
    if (req.sessionToken) await ctx.users.endSession(req.sessionToken);
    await ctx.audit.record('logout', req.user?.login ?? null, '', req.ip);
    reply.header('set-cookie', sessionCookie('', { maxAgeSeconds: 0, secure: secure(req.protocol) }));
    return { user: null, csrfToken: null };
  });
}
