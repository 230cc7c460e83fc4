/**
 * The standalone terminal («автономный терминал»): the bank's own terminal, not wired to the till.
 * The cashier runs the card there for the amount the till shows, and once the terminal approved
 * types the authorization code (and the RRN where the slip prints one). This adapter only carries
 * what was typed into the journal: it cannot ask the bank anything, so without a slip it refuses.
 */
import type { PaymentTerminal, TerminalExtra, TerminalForm, TerminalOutcome } from './terminal.js';

const NO_SLIP = 'автономный терминал: введите код авторизации с чека терминала';

function fromSlip(form: TerminalForm, extra: TerminalExtra | undefined, verb: string): TerminalOutcome {
  if (form !== 'card') return { status: 'declined', message: 'автономный терминал принимает только карты' };
  const slip = extra?.slip;
  if (!slip) return { status: 'declined', message: NO_SLIP };
  // The code alone may repeat across days: the journal row makes the reference unique.
  return { status: 'approved', reference: `ST-${verb}-${extra?.opId ?? 0}`, authCode: slip.authCode, rrn: slip.rrn ?? null };
}

export function createStandaloneTerminal(): PaymentTerminal {
  return {
    purchase: (form, _amount, extra) => Promise.resolve(fromSlip(form, extra, 'P')),
    refund: (form, _amount, _reference, extra) => Promise.resolve(fromSlip(form, extra, 'R')),
    // An undo (another form of the check failed) cannot reach the bank: the cashier cancels on the terminal.
    cancel: (form, _reference, extra) =>
      Promise.resolve(
        extra?.slip ? fromSlip(form, extra, 'C') : { status: 'declined' as const, message: 'автономный терминал: отмените операцию на терминале банка' },
      ),
    check: () => Promise.resolve({ ok: true, message: 'Автономный терминал: связь с банком проверяется на самом терминале' }),
  };
}
