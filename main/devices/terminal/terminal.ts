/**
 * The payment terminal for card and ОПЛАТИ payments, as the sale sees it. Each bank's terminal
 * protocol (and ОПЛАТИ's) is one adapter behind this interface; the simulator stands in for them in
 * training mode and in tests. The bank prints its own slip; the till keeps the reference.
 */

export type TerminalForm = 'card' | 'oplati';

export type TerminalOutcome =
  { readonly status: 'approved'; readonly reference: string } | { readonly status: 'declined'; readonly message: string } | { readonly status: 'timeout' };

export type PaymentTerminal = {
  /** Takes `amount` kopecks from the customer. Never throws: a failure is an outcome. */
  purchase(form: TerminalForm, amount: number): Promise<TerminalOutcome>;
  /** Gives `amount` back for an earlier purchase (its reference, when the till has it). */
  refund(form: TerminalForm, amount: number, reference: string | null): Promise<TerminalOutcome>;
  /** Cancels an approved purchase of the current check (another form of the check failed). */
  cancel(form: TerminalForm, reference: string): Promise<TerminalOutcome>;
  /** «Проверка связи с банком». */
  check(): Promise<{ readonly ok: boolean; readonly message: string }>;
};

export function isTerminalForm(form: string): form is TerminalForm {
  return form === 'card' || form === 'oplati';
}
