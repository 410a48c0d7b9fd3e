import type { Session } from '../db/database.js';
import type { Queries } from '../db/queries.js';
import { camelRow } from '../db/rows.js';
import type { AuditResponse } from '../../web/src/lib/shared/api.js';

/** What the audit log records. */
export type AuditAction =
  | 'login' | 'login_failed' | 'login_locked' | 'logout' | 'upload' | 'rollback'
  | 'user_created' | 'user_updated' | 'password_reset' | 'targets_changed' | 'deadline_changed'
  | 'results_approved' | 'results_withdrawn' | 'approved_period_changed' | 'subscription_created' | 'subscription_deleted' | 'expectations_changed'
  | 'map_uploaded' | 'map_removed';

export class AuditLog {
  constructor(private readonly queries: Queries) {}

  async record(action: AuditAction, user: string | null, details: string, ip: string, session?: Session): Promise<void> {
    const params = { action, user_login: user, details, ip };
    if (session) await this.queries.on(session, 'audit_insert', params);
    else await this.queries.run('audit_insert', params);
  }

  async list(action: string | null, limit: number) {
    const rows = await this.queries.run('audit_list', { action, limit });
    return rows.map((r) => camelRow<AuditResponse['entries'][number]>(r));
  }
}
