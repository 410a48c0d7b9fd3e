import type { FastifyInstance } from 'fastify';
import { LoginBody, SessionResponse } from '../../web/src/lib/shared/api.js';
import { sessionCookie } from '../auth/cookies.js';
import { LoginLockout } from '../auth/lockout.js';
import { SESSION_MAX_SECONDS } from '../auth/users.js';
import { Refusal } from '../errors.js';
import type { AppContext } from './context.js';
import type { TypeBoxProvider } from './typed.js';

export const LOGIN_RATE_LIMIT = { max: 10, timeWindow: '1 minute' };

const WRONG = 'Неверный логин или пароль, либо учётная запись отключена';

/** A wait in words: seconds under a minute, else whole minutes rounded up. */
const wait = (seconds: number) => (seconds < 60 ? `${seconds} с` : `${Math.ceil(seconds / 60)} мин`);

export async function authRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  // Secure cookies when the request came over HTTPS (directly or via a trusted proxy).
  const secure = (protocol: string) => protocol === 'https';
  const lockout = new LoginLockout(ctx.queries);

  // The server runs in the region's time zone (main.ts): the pages give times in it too.
  const answer = (user: SessionResponse['user'], csrfToken: string | null): SessionResponse => ({ user, csrfToken, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });

  app.get('/api/session', { config: { access: 'public' }, schema: { response: { 200: SessionResponse } } }, async (req) => answer(req.user, req.csrfToken));

  app.post(
    '/api/login',
    { config: { access: 'public', rateLimit: LOGIN_RATE_LIMIT }, schema: { body: LoginBody, response: { 200: SessionResponse } } },
    async (req, reply) => {
      const { login, password } = req.body;
      const attempt = await lockout.attempt(login, () => ctx.users.authenticate(login, password));
      // Audited under the login typed (which may not exist): never as a user.
      const tried = `логин «${login}»`;
      if (attempt.outcome === 'locked') {
        await ctx.audit.record('login_failed', null, `${tried}: вход приостановлен, пароль не проверялся`, req.ip);
        reply.header('retry-after', attempt.retryAfterSeconds);
        // The same whether the password was right or not: it was not checked.
        throw new Refusal('too_many', `Слишком много неудачных попыток входа под этим логином. Вход приостановлен: повторите через ${wait(attempt.retryAfterSeconds)}.`);
      }
      if (attempt.outcome === 'failed') {
        await ctx.audit.record('login_failed', null, tried, req.ip);
        if (attempt.lockSeconds === 0) throw new Refusal('sign_in', WRONG);
        await ctx.audit.record('login_locked', null, `${tried}: ${attempt.failures} неудачных попыток подряд, вход приостановлен на ${wait(attempt.lockSeconds)}`, req.ip);
        throw new Refusal('sign_in', `${WRONG}. Это ${attempt.failures}-я неудачная попытка подряд: вход под этим логином приостановлен на ${wait(attempt.lockSeconds)}.`);
      }
      const { user } = attempt;
      const session = await ctx.users.startSession(user);
      await ctx.audit.record('login', user.login, '', req.ip);
      reply.header('set-cookie', sessionCookie(session.token, { maxAgeSeconds: SESSION_MAX_SECONDS, secure: secure(req.protocol) }));
      return answer(user, session.csrfToken);
    },
  );

  app.post('/api/logout', { config: { access: 'viewer' }, schema: { response: { 200: SessionResponse } } }, async (req, reply) => {
    if (req.sessionToken) await ctx.users.endSession(req.sessionToken);
    await ctx.audit.record('logout', req.user?.login ?? null, '', req.ip);
    reply.header('set-cookie', sessionCookie('', { maxAgeSeconds: 0, secure: secure(req.protocol) }));
    return answer(null, null);
  });
}
