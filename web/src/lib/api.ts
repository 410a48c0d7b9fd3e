import type { ErrorResponse } from './shared/api.js';
import { csrfHeaders } from './session.svelte.js';

export { apiUrl } from './shared/url.js';

/** A signed-out session (expired, or ended elsewhere) goes back to the login page. */
function toLogin(): never {
  const next = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
  throw new Error('Сеанс завершён: войдите снова.');
}

/** Fetches JSON from the API; a failed request throws with the server's Russian message. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new Error('Сервер недоступен. Проверьте подключение и обновите страницу.', { cause: error });
  }
  if (response.status === 401) toLogin();
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as ErrorResponse | null;
    throw new Error(body?.message ?? `Ошибка сервера (${response.status})`);
  }
  return (await response.json()) as T;
}


/** POST/PUT/DELETE with JSON and the session's CSRF token; resolves with the JSON answer (or null). */
export async function sendJson<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...csrfHeaders() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) toLogin();
  const answer = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new Error((answer as ErrorResponse | null)?.message ?? `Ошибка сервера (${response.status})`);
  return answer as T;
}
