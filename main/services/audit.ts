import type { AuditAction } from '../../common/audit-actions.js';
import type { Ctx } from './context.js';

/**
 * Appends one entry to the audit log (append-only by trigger). Call inside the action's transaction.
 * `action`: one of common/audit-actions.ts, where the journal finds its name.
 */
export function audit(ctx: Pick<Ctx, 'db' | 'clock' | 'session'>, action: AuditAction, details: Record<string, unknown> = {}): void {
  ctx.db.run(
    'INSERT INTO audit_log (at, user_id, action, details) VALUES (?, ?, ?, ?)',
    ctx.clock().toISOString(),
    ctx.session.userId,
    action,
    JSON.stringify(details),
  );
}
