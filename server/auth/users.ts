import { createHash, randomBytes } from 'node:crypto';
import type { Role, SessionUser, UserInfo } from '../../web/src/lib/shared/api.js';
import type { Queries } from '../db/queries.js';
import { camelRow } from '../db/rows.js';
import { badRequest, Refusal } from '../errors.js';
import { passwordProblem } from './password-rules.js';
import { hashPassword, verifyPassword } from './passwords.js';

/** A session slides forward with activity; after 12 idle hours or 7 days in all it ends. */
export const SESSION_IDLE_SECONDS = 12 * 3600;
export const SESSION_MAX_SECONDS = 7 * 24 * 3600;
/** How long a looked-up session is trusted without asking the database again. */
const SESSION_CACHE_MS = 30_000;

type UserRow = { id: number; login: string; display_name: string; role: Role; districts: string[] };

const toUser = (r: UserRow): SessionUser => ({ id: r.id, login: r.login, displayName: r.display_name, role: r.role, districts: r.districts });
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface NewUser {
  login: string;
  displayName: string;
  role: Role;
  districts: string[];
  password: string;
}

/** Users and their sessions. Passwords are kept only as scrypt hashes, session tokens as SHA-256. */
export class Users {
  /**
   * Sessions looked up lately, by token hash: most requests then never wait for the database.
   * Entries live SESSION_CACHE_MS at most and are dropped at once when a session or user changes.
   */
  private readonly recent = new Map<string, { user: SessionUser; csrfToken: string; expiresAt: number; until: number }>();

  constructor(private readonly queries: Queries) {}

  /** The user whose login and password match and who may sign in, or null. */
  async authenticate(login: string, password: string): Promise<SessionUser | null> {
    const [row] = await this.queries.run<UserRow & { password_hash: string; disabled: boolean }>('user_by_login', { login });
    // A missing user costs the same hashing time as a wrong password: no telling which.
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    return row && ok && !row.disabled ? toUser(row) : null;
  }

  async startSession(user: SessionUser): Promise<{ token: string; csrfToken: string }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    await this.queries.run('session_create', {
      token_hash: tokenHash(token), user_id: user.id, csrf_token: csrfToken, ttl_seconds: SESSION_IDLE_SECONDS,
    });
    return { token, csrfToken };
  }

  /** The signed-in user of a session token, sliding the session's expiry; null when it ended. */
  async session(token: string): Promise<{ user: SessionUser; csrfToken: string } | null> {
    const hash = tokenHash(token);
    const now = Date.now();
    const known = this.recent.get(hash);
    if (known && known.until > now && known.expiresAt > now) return { user: known.user, csrfToken: known.csrfToken };
    const [row] = await this.queries.run<UserRow & { csrf_token: string; expires_at: number }>('session_get', { token_hash: hash });
    if (!row) {
      this.recent.delete(hash);
      return null;
    }
    let expiresAt = row.expires_at;
    // Touch at most once a minute: most requests only read.
    if (expiresAt - now < SESSION_IDLE_SECONDS * 1000 - 60_000) {
      await this.queries.run('session_touch', { token_hash: hash, ttl_seconds: SESSION_IDLE_SECONDS, max_seconds: SESSION_MAX_SECONDS });
      expiresAt = now + SESSION_IDLE_SECONDS * 1000;
    }
    const user = toUser(row);
    this.recent.set(hash, { user, csrfToken: row.csrf_token, expiresAt, until: now + SESSION_CACHE_MS });
    return { user, csrfToken: row.csrf_token };
  }

  async endSession(token: string): Promise<void> {
    this.recent.delete(tokenHash(token));
    await this.queries.run('session_delete', { token_hash: tokenHash(token), user_id: null });
  }

  async list(): Promise<UserInfo[]> {
    const rows = await this.queries.run('users_list', { id: null });
    return rows.map((r) => camelRow<UserInfo>(r));
  }

  async get(id: number): Promise<UserInfo | null> {
    const [row] = await this.queries.run('users_list', { id });
    return row ? camelRow<UserInfo>(row) : null;
  }

  async create(user: NewUser): Promise<number> {
    const problem = passwordProblem(user.password, user.login);
    if (problem) throw badRequest(problem);
    const [existing] = await this.queries.run('user_by_login', { login: user.login });
    if (existing) throw new Refusal('conflict', `Логин «${user.login}» уже занят`);
    const [{ id }] = await this.queries.run<{ id: number }>('user_create', {
      login: user.login, display_name: user.displayName, password_hash: await hashPassword(user.password),
      role: user.role, districts: user.role === 'methodologist' ? user.districts.join(',') : '',
    });
    return id;
  }

  async update(id: number, change: { displayName: string; role: Role; districts: string[]; disabled: boolean }): Promise<void> {
    const current = await this.get(id);
    if (!current) throw new Refusal('not_found', 'Пользователь не найден');
    if (current.role === 'admin' && (change.role !== 'admin' || change.disabled)) {
      const [{ n }] = await this.queries.run<{ n: number }>('users_count_admins', { except_id: id });
      if (n === 0) throw new Refusal('conflict', 'Нельзя лишить прав или отключить последнего администратора');
    }
    await this.queries.run('user_update', {
      id, display_name: change.displayName, role: change.role, disabled: change.disabled,
      districts: change.role === 'methodologist' ? change.districts.join(',') : '',
    });
    // A role change or a lock takes effect at once: the user signs in again. Other changes
    // (name, districts) apply from the next request.
    if (change.disabled || change.role !== current.role) await this.endAllSessions(id);
    else this.forget(id);
  }

  async setPassword(id: number, password: string): Promise<void> {
    const user = await this.get(id);
    if (!user) throw new Refusal('not_found', 'Пользователь не найден');
    const problem = passwordProblem(password, user.login);
    if (problem) throw badRequest(problem);
    await this.queries.run('user_set_password', { id, password_hash: await hashPassword(password) });
    await this.endAllSessions(id);
  }

  /** Drops what is remembered of a user's sessions: the next request reads them afresh. */
  private forget(userId: number): void {
    for (const [hash, entry] of this.recent) if (entry.user.id === userId) this.recent.delete(hash);
  }

  private async endAllSessions(userId: number): Promise<void> {
    this.forget(userId);
    await this.queries.run('session_delete', { token_hash: null, user_id: userId });
  }

  async hasAdmin(): Promise<boolean> {
    const [{ n }] = await this.queries.run<{ n: number }>('users_count_admins', { except_id: -1 });
    return n > 0;
  }
}

/** Verified against when the login does not exist, so both cases take as long. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$' + 'A'.repeat(88);
