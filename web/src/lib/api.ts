import type { ErrorResponse } from './shared/api.js';
import { DATA_VERSION_HEADER, parseDataVersion, type DataVersion } from './shared/data-version.js';
import { noteDataVersion, noteFiguresShown } from './data-version.svelte.js';
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
  return (await getVersioned<T>(path, signal)).data;
}

/** getJson with the version of the data the answer was computed from (noted as the newest seen, if it is). */
export async function getVersioned<T>(path: string, signal?: AbortSignal): Promise<{ data: T; version: DataVersion | null }> {
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
  const data = (await response.json()) as T;
  const version = parseDataVersion(response.headers.get(DATA_VERSION_HEADER));
  noteDataVersion(version);
  noteFiguresShown(path, version);
  return { data, version };
}


/** POST/PUT/DELETE with JSON and the session's CSRF token; resolves with the JSON answer (or null). */
export function sendJson<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return send<T>(method, path, body === undefined ? undefined : { type: 'application/json', body: JSON.stringify(body) });
}

/** A file as the raw body (the server reads its bytes as they are), with the CSRF token. */
export function sendFile<T>(method: 'POST' | 'PUT', path: string, file: Blob): Promise<T> {
  return send<T>(method, path, { type: 'application/octet-stream', body: file });
}

async function send<T>(method: string, path: string, content?: { type: string; body: BodyInit }): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { accept: 'application/json', ...(content ? { 'content-type': content.type } : {}), ...csrfHeaders() },
      body: content?.body,
    });
  } catch (error) {
    throw new Error('Сервер недоступен. Проверьте подключение и попробуйте ещё раз.', { cause: error });
  }
  if (response.status === 401) toLogin();
  const answer = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new Error((answer as ErrorResponse | null)?.message ?? `Ошибка сервера (${response.status})`);
  return answer as T;
}
