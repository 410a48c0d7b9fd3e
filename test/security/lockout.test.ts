import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { lockSeconds } from '../../server/auth/lockout.js';
import type { AuditResponse } from '../../web/src/lib/shared/api.js';
import { smallRegion } from '../fixtures/small-region.js';
import { TEST_PSEUDONYMS } from '../helpers/db.js';
import { appWith, TEST_PASSWORD, type TestApp } from '../helpers/server.js';

let t: TestApp;
beforeEach(async () => {
  t = await appWith(smallRegion());
});
afterEach(() => t.close());

let addresses = 0;
/** A sign-in from an address of its own: the per-address rate limit never steps in. */
const login = (login: string, password: string, app = t.app) => app.inject({
  method: 'POST', url: '/api/login', payload: { login, password }, remoteAddress: `10.1.${Math.floor(++addresses / 250)}.${addresses % 250}`,
});
const failTimes = async (n: number, who: string) => {
  const answers = [];
  for (let i = 0; i < n; i++) answers.push(await login(who, `wrong-password-${i}`));
  return answers;
};
/** As if the lock had run out. */
const lockEnds = () => t.db.run('UPDATE login_failures SET locked_until = current_timestamp - INTERVAL 1 SECOND');

describe('per-account lockout', () => {
  it('locks for 1 minute after 5 failures, doubling up to 30 minutes', () => {
    expect([1, 4, 5, 6, 7, 8, 9, 10, 20].map(lockSeconds)).toEqual([0, 0, 60, 120, 240, 480, 960, 1800, 1800]);
  });

  it('refuses even the right password from any address while locked, in Russian, saying when to retry', async () => {
    const failures = await failTimes(5, 'viewer');
    expect(failures.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401]);
    expect(failures[4].json().message).toMatch(/5-я неудачная попытка подряд: вход под этим логином приостановлен на 1 мин/);
    const refused = await login('viewer', TEST_PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().message).toMatch(/^Слишком много неудачных попыток входа под этим логином\. Вход приостановлен: повторите через (1 мин|\d+ с)\.$/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(50);
    // Another spelling of the login is the same account.
    expect((await login('VIEWER', TEST_PASSWORD)).statusCode).toBe(429);
    // Other accounts are not locked.
    expect((await login('admin', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('lets the right password in once the lock ends, which starts the count afresh', async () => {
    await failTimes(5, 'viewer');
    await lockEnds();
    expect((await login('viewer', TEST_PASSWORD)).statusCode).toBe(200);
    expect((await failTimes(5, 'viewer')).map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401]);
    expect((await login('viewer', TEST_PASSWORD)).statusCode).toBe(429);
  });

  it('locks longer at each failure after a lock', async () => {
    await failTimes(5, 'viewer');
    await lockEnds();
    const sixth = await login('viewer', 'wrong-password-6');
    expect(sixth.json().message).toMatch(/6-я неудачная попытка подряд: вход под этим логином приостановлен на 2 мин/);
    expect((await login('viewer', TEST_PASSWORD)).json().message).toMatch(/повторите через 2 мин/);
  });

  it('behaves the same for a login that does not exist', async () => {
    const answers = async (who: string) => {
      const all = [...(await failTimes(6, who)), await login(who, TEST_PASSWORD)];
      return all.map((r) => [r.statusCode, r.json().message.replace(/\d+ с\b/, '1 мин'), r.headers['retry-after'] !== undefined]);
    };
    const known = await answers('viewer');
    expect(known.slice(4).map(([status]) => status)).toEqual([401, 429, 429]);
    expect(await answers('nobody')).toEqual(known);
  });

  it('counts parallel guesses one by one: no more than 5 passwords are checked', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login('viewer', `parallel-guess-${i}`)));
    expect(answers.filter((r) => r.statusCode === 401)).toHaveLength(5);
    expect(answers.filter((r) => r.statusCode === 429)).toHaveLength(7);
  });

  it('outlives a restart of the server', async () => {
    await failTimes(5, 'viewer');
    const restarted = await buildApp({ db: t.db, pseudonyms: TEST_PSEUDONYMS });
    expect((await login('viewer', TEST_PASSWORD, restarted)).statusCode).toBe(429);
    await restarted.close();
  });

  it('is in the audit log: the lock, and each attempt refused during it', async () => {
    await failTimes(5, 'viewer');
    await login('viewer', TEST_PASSWORD);
    const { entries } = (await t.inject('/api/admin/audit')).json() as AuditResponse;
    const seen = entries.filter((e) => e.action.startsWith('login_')).map((e) => [e.action, e.user, e.details]).reverse();
    expect(seen.slice(4)).toEqual([
      ['login_failed', null, 'логин «viewer»'],
      ['login_locked', null, 'логин «viewer»: 5 неудачных попыток подряд, вход приостановлен на 1 мин'],
      ['login_failed', null, 'логин «viewer»: вход приостановлен, пароль не проверялся'],
    ]);
    expect(((await t.inject('/api/admin/audit?action=login_locked')).json() as AuditResponse).entries).toHaveLength(1);
  });
});
