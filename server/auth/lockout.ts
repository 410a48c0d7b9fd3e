import type { Queries } from '../db/queries.js';

/** The failure in a row that locks a login; each further one doubles the lock, up to the cap. */
const LOCK_AT_FAILURE = 5;
const FIRST_LOCK_SECONDS = 60;
const MAX_LOCK_SECONDS = 30 * 60;
/** A day without failures and a login starts afresh. */
const FORGET_SECONDS = 24 * 3600;

/** How long a login is locked after its n-th failure in a row: 0, then 1, 2, 4 … 30 minutes. */
export function lockSeconds(failures: number): number {
  if (failures < LOCK_AT_FAILURE) return 0;
  return Math.min(FIRST_LOCK_SECONDS * 2 ** (failures - LOCK_AT_FAILURE), MAX_LOCK_SECONDS);
}

export type Attempt<U> =
  | { outcome: 'signed_in'; user: U }
  | { outcome: 'failed'; failures: number; lockSeconds: number }
  /** Refused unchecked: the password was not even looked at. */
  | { outcome: 'locked'; retryAfterSeconds: number };

/**
 * The per-account lockout: failed sign-ins are counted per login, whoever sends them and from
 * wherever (the address rate limit does not stop many addresses). Unknown logins are counted and
 * locked alike, so the lockout does not tell which accounts exist.
 */
export class LoginLockout {
  /** The attempt under way per login: attempts at one login run one by one. */
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(private readonly queries: Queries) {}

  /** Checks the password with `verify` unless the login is locked; counts the outcome. */
  attempt<U>(login: string, verify: () => Promise<U | null>): Promise<Attempt<U>> {
    const key = login.toLowerCase();
    // One by one, or parallel guesses would all be checked before the first failure is counted.
    const result = (this.running.get(key) ?? Promise.resolve()).then(() => this.decide(key, verify));
    const settled = result.catch(() => undefined);
    this.running.set(key, settled);
    void settled.then(() => {
      if (this.running.get(key) === settled) this.running.delete(key);
    });
    return result;
  }

  private async decide<U>(key: string, verify: () => Promise<U | null>): Promise<Attempt<U>> {
    const [known] = await this.queries.run<{ failures: number; locked_ms: number }>(
      'login_failures_get', { login_key: key, forget_seconds: FORGET_SECONDS });
    if (known && known.locked_ms > 0) return { outcome: 'locked', retryAfterSeconds: Math.ceil(known.locked_ms / 1000) };
    const user = await verify();
    if (user) {
      if (known) await this.queries.run('login_failures_delete', { login_key: key, forget_seconds: FORGET_SECONDS });
      return { outcome: 'signed_in', user };
    }
    const failures = (known?.failures ?? 0) + 1;
    const lock = lockSeconds(failures);
    // Logins that failed a day ago go first: the table holds only the last day's.
    await this.queries.run('login_failures_delete', { login_key: null, forget_seconds: FORGET_SECONDS });
    await this.queries.run('login_failure_put', { login_key: key, failures, lock_seconds: lock });
    return { outcome: 'failed', failures, lockSeconds: lock };
  }
}
