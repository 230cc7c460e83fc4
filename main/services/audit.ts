import type { Ctx } from './context.js';

/** Appends one entry to the audit log (append-only by trigger). Call inside the action's transaction. */
export function audit(ctx: Pick<Ctx, 'db' | 'clock' | 'session'>, action: string, details: Record<string, unknown> = {}): void {
  ctx.db.run(
    'INSERT INTO audit_log (at, user_id, action, details) VALUES (?, ?, ?, ?)',
    ctx.clock().toISOString(),
    ctx.session.userId,
    action,
    JSON.stringify(details),
  );
}
