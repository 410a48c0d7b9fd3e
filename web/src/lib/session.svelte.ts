import type { Role, SessionResponse, SessionUser } from './shared/api.js';
import { showTimesIn } from './shared/format.js';
import { CSRF_HEADER, roleAtLeast } from './shared/roles.js';

/** Who is signed in, and the CSRF token every state-changing request must carry. */
export const session = $state<{ user: SessionUser | null; csrfToken: string | null; loaded: boolean }>({
  user: null,
  csrfToken: null,
  loaded: false,
});

export function can(role: Role): boolean {
  return session.user !== null && roleAtLeast(session.user.role, role);
}

function apply(body: Omit<SessionResponse, 'timeZone'> & { timeZone?: string }) {
  if (body.timeZone) showTimesIn(body.timeZone);
  session.user = body.user;
  session.csrfToken = body.csrfToken;
  session.loaded = true;
}

export async function loadSession(): Promise<void> {
  const response = await fetch('/api/session', { headers: { accept: 'application/json' } });
  apply((await response.json()) as SessionResponse);
}

/** Signs in; throws with the server's Russian message. */
export async function login(loginName: string, password: string): Promise<void> {
  const response = await fetch('/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ login: loginName, password }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body.message ?? `Ошибка входа (${response.status})`);
  apply(body as SessionResponse);
}

export async function logout(): Promise<void> {
  await fetch('/api/logout', { method: 'POST', headers: csrfHeaders() });
  apply({ user: null, csrfToken: null });
}

export function csrfHeaders(): Record<string, string> {
  return session.csrfToken ? { [CSRF_HEADER]: session.csrfToken } : {};
}
