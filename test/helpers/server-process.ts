import type { ChildProcess } from 'node:child_process';
import type { UploadDetail } from '../../web/src/lib/shared/api.js';

/** Sends `name` to a server process and resolves once it has exited (at once if it already has). */
export function signal(child: ChildProcess, name: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(name);
  });
}

/** Signs in to a running server: the cookie and CSRF header for changing requests. */
export async function signIn(url: string, { login, password }: { login: string; password: string }): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in as ${login}: ${response.status} ${await response.text()}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: String(response.headers.get('set-cookie')).split(';')[0], 'x-csrf-token': csrfToken };
}

export async function uploadDetail(url: string, auth: Record<string, string>, id: number): Promise<UploadDetail> {
  return (await fetch(`${url}/api/uploads/${id}`, { headers: auth })).json() as Promise<UploadDetail>;
}
