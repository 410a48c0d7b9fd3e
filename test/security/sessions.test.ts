import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { ensureAdminFromEnv, ensureDemoUsers, DEMO_USERS } from '../../server/auth/bootstrap.js';
import { passwordProblem } from '../../server/auth/password-rules.js';
import { hashPassword, verifyPassword } from '../../server/auth/passwords.js';
import { Users } from '../../server/auth/users.js';
import { Queries } from '../../server/db/queries.js';
import { KPI_CODES, type KpisResponse, type OutlookResponse, type TargetsResponse } from '../../web/src/lib/shared/api.js';
import { smallRegion } from '../fixtures/small-region.js';
import { databaseWith, TEST_PSEUDONYMS } from '../helpers/db.js';
import { appWith, TEST_PASSWORD, TEST_USERS, type TestApp } from '../helpers/server.js';

let t: TestApp;
beforeEach(async () => {
  t = await appWith(smallRegion());
});
afterEach(() => t.close());

const login = (login: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/login', payload: { login, password }, headers });

describe('passwords', () => {
  it('are salted scrypt hashes that verify only the right password', async () => {
    const a = await hashPassword('Correct-horse-1');
    const b = await hashPassword('Correct-horse-1');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('Correct-horse-1', a)).toBe(true);
    expect(await verifyPassword('correct-horse-1', a)).toBe(false);
    expect(passwordProblem('short1', 'someone')).toMatch(/не короче 10/);
    expect(passwordProblem('onlyletterslong', 'someone')).toMatch(/буквы и цифры/);
    expect(passwordProblem('Letters-and-1', 'someone')).toBeNull();
  });

  it('are not common, repeated or built on the login, in any case or spacing', () => {
    for (const common of ['Qwerty123456', 'qwerty-12345', '1Q2W3E4R5T', 'Йцукен12345', 'Gfhjkm12345', 'Natasha1985', 'Наталья1984', 'Password 12345', 'школа2023!!']) {
      expect([common, passwordProblem(common, 'someone')]).toEqual([common, expect.stringMatching(/из списка самых распространённых/)]);
    }
    for (const repeated of ['aaaaaaaaaaaa', '1111111111', 'a1a1a1a1a1a1', 'Ab12ab12AB12']) {
      expect([repeated, passwordProblem(repeated, 'someone')]).toEqual([repeated, expect.stringMatching(/повтором одного символа/)]);
    }
    // The login is no secret: without it the password must still pass.
    for (const [password, login] of [['Ivanov2023x', 'ivanov2023x'], ['IVANOV-2023-ab', 'ivanov'], ['ivanov-qwerty12345', 'Ivanov']]) {
      expect([password, passwordProblem(password, login)]).toEqual([password, expect.stringMatching(/не должен строиться на логине/)]);
    }
    expect(passwordProblem('Ivanov-river-stone-7', 'ivanov')).toBeNull();
    // The demo accounts' and the tests' passwords are fine.
    for (const user of DEMO_USERS) expect(passwordProblem(user.password, user.login)).toBeNull();
    for (const user of Object.values(TEST_USERS)) expect(passwordProblem(TEST_PASSWORD, user.login)).toBeNull();
  });

  it('are checked when an admin creates a user or sets a password', async () => {
    const create = await t.inject({ method: 'POST', url: '/api/admin/users', payload: {
      login: 'petrova', displayName: 'Петрова', role: 'viewer', districts: [], password: 'Qwerty-123456',
    } });
    expect([create.statusCode, create.json().message]).toEqual([400, expect.stringMatching(/распространённых.*придумайте другой/)]);
    const reset = await t.inject({ method: 'POST', url: '/api/admin/users/4/password', payload: { password: 'Viewer-2023-ab' } });
    expect([reset.statusCode, reset.json().message]).toEqual([400, expect.stringMatching(/на логине «viewer»/)]);
    expect((await login('viewer', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('are never stored or sent in clear', async () => {
    const raw = await t.db.all<{ password_hash: string }>('SELECT password_hash FROM users');
    expect(raw.every((r) => r.password_hash.startsWith('scrypt$') && !r.password_hash.includes(TEST_PASSWORD))).toBe(true);
    const body = (await t.inject('/api/admin/users')).body;
    expect(body).not.toMatch(/scrypt|password/i);
  });
});

describe('sessions', () => {
  it('sign in with an httpOnly SameSite=Lax cookie and a CSRF token; sign out ends it', async () => {
    const response = await login('viewer', TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^ploshchadki_session=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    const { csrfToken, user } = response.json();
    expect(user).toMatchObject({ login: 'viewer', role: 'viewer' });
    const session = cookie.split(';')[0];
    expect((await t.app.inject({ url: '/api/session', headers: { cookie: session } })).json().user.login).toBe('viewer');
    // Only the token's hash is stored.
    const stored = await t.db.all<{ token_hash: string }>('SELECT token_hash FROM sessions');
    expect(stored.some((s) => session.includes(s.token_hash))).toBe(false);

    const out = await t.app.inject({ method: 'POST', url: '/api/logout', headers: { cookie: session, 'x-csrf-token': csrfToken } });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await t.app.inject({ url: '/api/kpis', headers: { cookie: session } })).statusCode).toBe(401);
  });

  it('marks the cookie Secure behind HTTPS', async () => {
    const app = await buildApp({ db: t.db, pseudonyms: TEST_PSEUDONYMS, trustProxy: 1 });
    const response = await app.inject({
      method: 'POST', url: '/api/login', payload: { login: 'viewer', password: TEST_PASSWORD }, headers: { 'x-forwarded-proto': 'https' },
    });
    expect(String(response.headers['set-cookie'])).toMatch(/; Secure$/);
    await app.close();
  });

  it('expire', async () => {
    await t.db.run("UPDATE sessions SET expires_at = current_timestamp - INTERVAL 1 MINUTE WHERE user_id = (SELECT id FROM users WHERE login = 'viewer')");
    const response = await t.inject('/api/kpis', 'viewer');
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toBe('Войдите в систему');
  });

  it('refuse a state-changing request without the session CSRF token', async () => {
    const response = await login('admin', TEST_PASSWORD);
    const cookie = String(response.headers['set-cookie']).split(';')[0];
    const put = (token?: string) => t.app.inject({
      method: 'PUT', url: '/api/admin/targets', payload: { targets: [{ kpi: 'users_share', threshold: 1 }] },
      headers: { cookie, ...(token ? { 'x-csrf-token': token } : {}) },
    });
    for (const bad of [undefined, 'forged-token']) {
      const refused = await put(bad);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().message).toMatch(/CSRF/);
    }
    expect((await put(response.json().csrfToken)).statusCode).toBe(200);
  });

  it('end when the user is disabled, who then cannot sign in', async () => {
    const users = (await t.inject('/api/admin/users')).json().users as { id: number; login: string }[];
    const viewer = users.find((u) => u.login === 'viewer')!;
    const change = { displayName: 'Наблюдатель', role: 'viewer', districts: [], disabled: true };
    expect((await t.inject({ method: 'PUT', url: `/api/admin/users/${viewer.id}`, payload: change })).statusCode).toBe(200);
    expect((await t.inject('/api/kpis', 'viewer')).statusCode).toBe(401);
    expect((await login('viewer', TEST_PASSWORD)).statusCode).toBe(401);
  });

  it('keep the last admin: they cannot be demoted or disabled', async () => {
    const change = { displayName: 'Админ', role: 'viewer', districts: [], disabled: false };
    const response = await t.inject({ method: 'PUT', url: '/api/admin/users/1', payload: change });
    expect(response.statusCode).toBe(409);
    expect(response.json().message).toMatch(/последнего администратора/);
  });
});

describe('login', () => {
  it('says the same for an unknown login and a wrong password', async () => {
    const unknown = await login('nobody', 'whatever-123');
    const wrong = await login('viewer', 'wrong-password-1');
    expect([unknown.statusCode, wrong.statusCode]).toEqual([401, 401]);
    expect(unknown.json().message).toBe(wrong.json().message);
  });

  it('is rate-limited per address, in Russian', async () => {
    const statuses: number[] = [];
    // Ten attempts a minute per address, each at another login: the per-login lockout
    // (lockout.test.ts) is not what this is about.
    for (let i = 0; i < 10; i++) statuses.push((await login(`nobody-${i}`, `wrong-${i}-password`)).statusCode);
    const limited = await login('nobody-x', 'wrong-password-x');
    expect(statuses).toEqual(Array(10).fill(401));
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toMatch(/Слишком много попыток входа/);
  });
});

describe('security headers', () => {
  it('send a CSP and the usual hardening headers', async () => {
    const response = await t.inject('/api/health', 'anonymous');
    expect(response.headers['content-security-policy']).toMatch(/default-src 'self'.*script-src 'self'.*frame-ancestors 'none'/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['strict-transport-security']).toBeDefined();
  });
});

describe('targets', () => {
  it('are the admin\'s to change, and the dashboard uses the new ones', async () => {
    const before = (await t.inject('/api/kpis?period=2023-H1', 'viewer')).json() as KpisResponse;
    expect(before.cards.find((c) => c.code === 'users_share')).toMatchObject({ value: 2, target: 10, met: false });
    const put = await t.inject({ method: 'PUT', url: '/api/admin/targets', payload: { targets: [{ kpi: 'users_share', threshold: 1.5 }] } });
    expect(put.statusCode).toBe(200);
    const after = (await t.inject('/api/kpis?period=2023-H1', 'viewer')).json() as KpisResponse;
    expect(after.cards.find((c) => c.code === 'users_share')).toMatchObject({ target: 1.5, met: true });
    const bad = await t.inject({ method: 'PUT', url: '/api/admin/targets', payload: { targets: [{ kpi: 'users_share', threshold: 150 }] } });
    expect(bad.statusCode).toBe(400);
  });

  it('may be set for any KPI, means included, and removed again', async () => {
    const listed = (await t.inject('/api/admin/targets')).json() as TargetsResponse;
    expect(listed.targets).toHaveLength(KPI_CODES.length);
    expect(listed.targets.find((x) => x.kpi === 'completion_rate')).toMatchObject({ unit: 'percent', threshold: null });
    const put = await t.inject({ method: 'PUT', url: '/api/admin/targets', payload: { targets: [
      { kpi: 'completion_rate', threshold: 40 }, { kpi: 'satisfaction', threshold: 4.5 },
    ] } });
    expect(put.statusCode).toBe(200);
    const card = async (period: string, kpi: string) =>
      ((await t.inject(`/api/kpis?period=${period}`, 'viewer')).json() as KpisResponse).cards.find((c) => c.code === kpi)!;
    // 2022-H1: 1 of 4 trainees got a certificate; 2023-H1: E3's one questionnaire gave 5.
    expect(await card('2022-H1', 'completion_rate')).toMatchObject({ value: 25, target: 40, met: false });
    expect(await card('2023-H1', 'satisfaction')).toMatchObject({ value: 5, target: 4.5, met: true });
    const outlook = (await t.inject('/api/kpis/outlook?period=2023-H1', 'viewer')).json() as OutlookResponse;
    expect(outlook.projections.map((p) => p.code)).toContain('satisfaction');

    const tooHigh = await t.inject({ method: 'PUT', url: '/api/admin/targets', payload: { targets: [{ kpi: 'satisfaction', threshold: 6 }] } });
    expect([tooHigh.statusCode, tooHigh.json().message]).toEqual([400, 'Цель не может быть больше 5: Оценка мероприятий участниками (из 5)']);
    const removed = await t.inject({ method: 'PUT', url: '/api/admin/targets', payload: { targets: [
      { kpi: 'completion_rate', threshold: null }, { kpi: 'satisfaction', threshold: null },
    ] } });
    expect((removed.json() as TargetsResponse).targets.filter((x) => x.threshold !== null).map((x) => x.kpi))
      .toEqual(['competition_share', 'authors_share', 'users_share', 'pilot_orgs', 'testing_orgs']);
    expect(await card('2023-H1', 'satisfaction')).toMatchObject({ target: null, met: null });
  });
});

describe('first users', () => {
  it('demo accounts exist only when asked for, and the first admin comes from the environment', async () => {
    const db = await databaseWith(smallRegion());
    const users = new Users(await Queries.load(db));
    expect(await ensureAdminFromEnv(users, {})).toMatch(/Нет ни одного администратора/);
    expect(await ensureAdminFromEnv(users, { PLOSHCHADKI_ADMIN_LOGIN: 'chief', PLOSHCHADKI_ADMIN_PASSWORD: 'Chief-harbour-71' })).toMatch(/Создан администратор «chief»/);
    expect(await users.authenticate('chief', 'Chief-harbour-71')).toMatchObject({ role: 'admin' });
    // A database with users gets no demo accounts.
    expect(await ensureDemoUsers(users)).toBe(false);
    db.close();

    const demo = await databaseWith(smallRegion());
    const demoUsers = new Users(await Queries.load(demo));
    expect(await ensureDemoUsers(demoUsers)).toBe(true);
    for (const user of DEMO_USERS) expect(await demoUsers.authenticate(user.login, user.password)).toMatchObject({ role: user.role });
    demo.close();
  });
});
