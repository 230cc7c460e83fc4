/**
 * How the till keeps a terminal operation's name (document_payments.terminal_ref, terminal_ops.reference).
 * A bare reference when the bank gave only that (the simulator, ОПЛАТИ); with the slip's
 * authorization code and RRN it is `slip:<code>:<rrn or ->:<reference>` — they print on the
 * receipt, and a return or an annulment asks the cashier for the code. No schema change: the
 * reference column has always meant «what the bank knows this operation by».
 */
export type StoredRef = { readonly reference: string; readonly authCode: string | null; readonly rrn: string | null };

const PREFIX = 'slip:';

export function encodeRef(r: { reference: string; authCode?: string | null | undefined; rrn?: string | null | undefined }): string {
  if (!r.authCode && !r.rrn) return r.reference;
  return `${PREFIX}${r.authCode ?? '-'}:${r.rrn ?? '-'}:${r.reference}`;
}

export function decodeRef(stored: string): StoredRef {
  if (!stored.startsWith(PREFIX)) return { reference: stored, authCode: null, rrn: null };
  const [authCode = '-', rrn = '-', ...rest] = stored.slice(PREFIX.length).split(':');
  return { reference: rest.join(':'), authCode: authCode === '-' ? null : authCode, rrn: rrn === '-' ? null : rrn };
}
