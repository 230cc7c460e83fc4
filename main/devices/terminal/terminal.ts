/**
 * The payment terminal for card and ОПЛАТИ payments, as the sale sees it. Each bank's terminal
 * protocol (and ОПЛАТИ's) is one adapter behind this interface; the simulator stands in for them in
 * training mode and in tests. The bank prints its own slip; the till keeps the reference, and the
 * authorization code and RRN where the terminal gives them (they print on the receipt).
 */
import type { CardSlip, PayQr } from '../../../preload/contract/index.js';

export type TerminalForm = 'card' | 'oplati';

export type TerminalOutcome =
  | {
      readonly status: 'approved';
      /** What a later refund or cancel names this operation by. */
      readonly reference: string;
      readonly authCode?: string | null;
      readonly rrn?: string | null;
    }
  | { readonly status: 'declined'; readonly message: string }
  | { readonly status: 'timeout' };

/** What the till adds to a question: its journal row (the ECR transaction number), the slip typed at a standalone terminal, … */
export type TerminalExtra = {
  /** The journal row of this operation: integrated terminals carry it, so «последняя операция» can be matched. */
  readonly opId?: number;
  /** Standalone terminal: the code the cashier typed from the bank's slip. */
  readonly slip?: CardSlip | null;
  /** ОПЛАТИ: show this QR to the customer (null: stop showing it). */
  readonly onQr?: (qr: PayQr | null) => void;
  /** The cashier gave up waiting (ОПЛАТИ). */
  readonly signal?: AbortSignal;
};

/** What the terminal says about its last operation (after a lost answer or a restart). */
export type LastOperation = { readonly opId: number; readonly outcome: TerminalOutcome } | null;

export type PaymentTerminal = {
  /** Takes `amount` kopecks from the customer. Never throws for the bank's answer: a failure is an outcome. */
  purchase(form: TerminalForm, amount: number, extra?: TerminalExtra): Promise<TerminalOutcome>;
  /** Gives `amount` back for an earlier purchase (its reference, when the till has it). */
  refund(form: TerminalForm, amount: number, reference: string | null, extra?: TerminalExtra): Promise<TerminalOutcome>;
  /** Cancels an approved purchase of the current check (another form of the check failed). */
  cancel(form: TerminalForm, reference: string, extra?: TerminalExtra): Promise<TerminalOutcome>;
  /** «Проверка связи с банком». */
  check(): Promise<{ readonly ok: boolean; readonly message: string }>;
  /** «Последняя операция»: what the terminal did last (integrated terminals; undefined where it cannot say). */
  lastOperation?(form: TerminalForm): Promise<LastOperation>;
  /** «Сверка итогов» (integrated terminals, before the Z report). */
  reconcile?(): Promise<{ readonly ok: boolean; readonly message: string }>;
};

export function isTerminalForm(form: string): form is TerminalForm {
  return form === 'card' || form === 'oplati';
}
