import type { ErrorResponse } from './shared/api.js';

/** Fetches JSON from the API; a failed request throws with the server's Russian message. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new Error('Сервер недоступен. Проверьте подключение и обновите страницу.');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as ErrorResponse | null;
    throw new Error(body?.message ?? `Ошибка сервера (${response.status})`);
  }
  return (await response.json()) as T;
}

/** '/api/kpis' + {period: '2022-H1', district: undefined} → '/api/kpis?period=2022-H1'. */
export function apiUrl(path: string, params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}
