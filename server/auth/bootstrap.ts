import type { Users, NewUser } from './users.js';

/** Demo accounts, one per role, created with the demo region only (documented in the README). */
export const DEMO_USERS: readonly NewUser[] = [
  { login: 'admin', displayName: 'Администратор (демо)', role: 'admin', districts: [], password: 'Admin-demo-2023' },
  {
    login: 'metodist', displayName: 'Иванова Мария Петровна (демо)', role: 'methodologist',
    districts: ['krasnoselsky', 'zarechny'], password: 'Metodist-demo-2023',
  },
  { login: 'viewer', displayName: 'Петров Сергей Иванович (демо)', role: 'viewer', districts: [], password: 'Viewer-demo-2023' },
];

/** Creates the demo accounts in a database that has no users yet. */
export async function ensureDemoUsers(users: Users): Promise<boolean> {
  if ((await users.list()).length > 0) return false;
  for (const user of DEMO_USERS) await users.create(user);
  return true;
}

/**
 * The first admin from PLOSHCHADKI_ADMIN_LOGIN and PLOSHCHADKI_ADMIN_PASSWORD, when that login
 * does not exist yet. Returns a line to print, or null.
 */
export async function ensureAdminFromEnv(users: Users, env: NodeJS.ProcessEnv): Promise<string | null> {
  const login = env.PLOSHCHADKI_ADMIN_LOGIN;
  const password = env.PLOSHCHADKI_ADMIN_PASSWORD;
  if (!login || !password) {
    return (await users.hasAdmin())
      ? null
      : 'Нет ни одного администратора: создайте его командой `npm run create-admin -- <логин>` или переменными PLOSHCHADKI_ADMIN_LOGIN и PLOSHCHADKI_ADMIN_PASSWORD.';
  }
  if ((await users.list()).some((u) => u.login.toLowerCase() === login.toLowerCase())) return null;
  await users.create({ login, displayName: 'Администратор', role: 'admin', districts: [], password });
  return `Создан администратор «${login}» из переменных окружения.`;
}
