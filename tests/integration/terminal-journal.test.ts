/**
 * The payment terminal's journal: a till that stops between the bank's answer and the document
 * loses no money and takes none twice. The bank here is the project's terminal simulator wrapped to
 * record what it was asked (there is no real bank to run); "the till stops" is the core closed from
 * inside the terminal call, so every database write after that moment fails as in a crash.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentTerminal, TerminalForm, TerminalOutcome } from '../../main/devices/terminal/terminal.js';
import { createSimulatedTerminal } from '../../main/devices/terminal/simulator.js';
import { cashierReady, loginAs, makeTill, pieceBarcodes, type TestTill } from '../fixtures/core.js';

type Asked = { verb: 'purchase' | 'refund' | 'cancel'; form: TerminalForm; amount?: number; reference?: string | null; outcome: TerminalOutcome };

/** The simulator, recording each question; `after` runs once the bank has answered, before the till sees it. */
function recordingBank() {
  const sim = createSimulatedTerminal(() => ({ mode: 'approve', timeoutMs: 1_000, delayMs: 0 }));
  const asked: Asked[] = [];
  let after: ((a: Asked) => void) | null = null;
  const answer = async (a: Omit<Asked, 'outcome'>, run: () => Promise<TerminalOutcome>) => {
    const outcome = await run();
    const entry = { ...a, outcome };
    asked.push(entry);
    after?.(entry);
    return outcome;
  };
  const terminal: PaymentTerminal = {
    purchase: (form, amount) => answer({ verb: 'purchase', form, amount }, () => sim.purchase(form, amount)),
    refund: (form, amount, reference) => answer({ verb: 'refund', form, amount, reference }, () => sim.refund(form, amount, reference)),
    cancel: (form, reference) => answer({ verb: 'cancel', form, reference }, () => sim.cancel(form, reference)),
    check: () => sim.check(),
  };
  return {
    terminal,
    asked,
    onAnswer(fn: ((a: Asked) => void) | null) {
      after = fn;
    },
  };
}

const refOf = (o: TerminalOutcome) => (o.status === 'approved' ? o.reference : null);

describe('the terminal journal across a stop of the till', () => {
  let tills: TestTill[] = [];
  afterEach(() => {
    for (const t of tills) {
      try {
        t.dispose();
      } catch {
        // closed already by the "crash"
      }
    }
    tills = [];
  });

  async function tillOn(dir: string | undefined, bank: ReturnType<typeof recordingBank>): Promise<TestTill> {
    const till = makeTill(dir ? { dataDir: dir, terminal: bank.terminal } : { terminal: bank.terminal });
    tills.push(till);
    return till;
  }

  /** A cashier's till on the recording bank, with one sale paid 1.00 by card and the rest by ОПЛАТИ. */
  async function saleByCardAndOplati() {
    const bank = recordingBank();
    const till = await tillOn(undefined, bank);
    await cashierReady(till);
    await till.ok('shift.open');
    const [a] = await pieceBarcodes(till, 1);
    const check = await till.ok('sale.addItem', { barcode: a! });
    const sale = (
      await till.ok('sale.pay', {
        payments: [
          { form: 'card', amount: 100 },
          { form: 'oplati', amount: check.total - 100 },
        ],
      })
    ).document;
    return { bank, till, sale };
  }

  it('cancels on the next start a card payment the bank approved when the till stopped before the sale was stored', async () => {
    const bank = recordingBank();
    const till = await tillOn(undefined, bank);
    await cashierReady(till);
    await till.ok('shift.open');
    const [a, b] = await pieceBarcodes(till, 2);
    await till.ok('sale.addItem', { barcode: a! });
    const check = await till.ok('sale.addItem', { barcode: b! });
    // Card for part, ОПЛАТИ for the rest: the till stops right after the bank approves ОПЛАТИ.
    bank.onAnswer((x) => {
      if (x.verb === 'purchase' && x.form === 'oplati') till.close();
    });
    const paid = await till.call('sale.pay', {
      payments: [
        { form: 'card', amount: 100 },
        { form: 'oplati', amount: check.total - 100 },
      ],
    });
    expect(paid).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    bank.onAnswer(null);
    const cardRef = refOf(bank.asked[0]!.outcome)!;
    expect(bank.asked.map((x) => x.verb)).toEqual(['purchase', 'purchase']);

    const again = await tillOn(till.dir, bank);
    const recovered = await again.terminalRecovered;
    // The card approval was on record: cancelled. The ОПЛАТИ answer never reached the journal: unknown.
    expect(recovered).toEqual({ reversed: 1, unknown: 1, annulmentsToFinish: 0, failed: 0 });
    expect(bank.asked.slice(2)).toMatchObject([{ verb: 'cancel', form: 'card', reference: cardRef, outcome: { status: 'approved' } }]);
    const ops = again.ctx.db.prepare('SELECT kind, purpose, form, state FROM terminal_ops ORDER BY id').all();
    expect(ops).toEqual([
      { kind: 'purchase', purpose: 'sale', form: 'card', state: 'reversed' },
      { kind: 'purchase', purpose: 'sale', form: 'oplati', state: 'unknown' },
      { kind: 'cancel', purpose: 'recovery', form: 'card', state: 'settled' },
    ]);
    const actions = again.ctx.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'terminal.%' ORDER BY id").pluck().all();
    expect(actions).toEqual(['terminal.reversed', 'terminal.unknown']);
    // No sale was stored; the check is still open to be paid again.
    expect(again.ctx.db.prepare("SELECT count(*) FROM documents WHERE kind = 'sale'").pluck().get()).toBe(0);
    await loginAs(again, 'cashier');
    expect((await again.ok('sale.current')).total).toBe(check.total);
    const sale = await again.ok('sale.pay', { payments: [{ form: 'card', amount: check.total }] });
    expect(sale.document.total).toBe(check.total);
    expect(again.ctx.db.prepare('SELECT state, document_id FROM terminal_ops WHERE id = (SELECT max(id) FROM terminal_ops)').get()).toEqual({
      state: 'settled',
      document_id: sale.document.id,
    });
  });

  it('lists the operations left unknown for the admin, who settles each with a note, audited', async () => {
    const bank = recordingBank();
    const till = await tillOn(undefined, bank);
    await cashierReady(till);
    await till.ok('shift.open');
    const [a] = await pieceBarcodes(till, 1);
    const check = await till.ok('sale.addItem', { barcode: a! });
    // The till stops right after the bank approved: the journal row stays pending, unknown on the next start.
    bank.onAnswer(() => till.close());
    expect(await till.call('sale.pay', { payments: [{ form: 'oplati', amount: check.total }] })).toMatchObject({ ok: false });
    bank.onAnswer(null);
    const again = await tillOn(till.dir, bank);
    expect(await again.terminalRecovered).toMatchObject({ unknown: 1 });

    await loginAs(again, 'cashier');
    expect(await again.call('terminal.unknownOps', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await loginAs(again, 'admin');
    const listed = await again.ok('terminal.unknownOps', {});
    expect(listed).toMatchObject([{ kind: 'purchase', purpose: 'sale', form: 'oplati', amount: check.total }]);
    const opId = listed[0]!.id;

    expect(await again.call('terminal.settleUnknown', { opId, outcome: 'cancelled', note: '' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await again.ok('terminal.settleUnknown', { opId, outcome: 'cancelled', note: 'отменена на терминале, чек банка 0042' })).toEqual([]);
    expect(again.ctx.db.prepare('SELECT state, message FROM terminal_ops WHERE id = ?').get(opId)).toEqual({
      state: 'reversed',
      message: 'отменена на терминале, чек банка 0042',
    });
    expect(await again.call('terminal.settleUnknown', { opId, outcome: 'not_charged', note: 'ещё раз' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const audited = again.ctx.db.prepare("SELECT details FROM audit_log WHERE action = 'terminal.settled'").pluck().all() as string[];
    expect(audited.map((d) => JSON.parse(d) as unknown)).toEqual([
      { opId, kind: 'purchase', form: 'oplati', amount: check.total, outcome: 'cancelled', note: 'отменена на терминале, чек банка 0042' },
    ]);
    expect(await again.ok('terminal.unknownOps', {})).toEqual([]);
  });

  it('finishes an annulment cut short without cancelling a payment on the terminal twice', async () => {
    const { bank, till, sale } = await saleByCardAndOplati();
    const [cardRef, oplatiRef] = bank.asked.map((x) => refOf(x.outcome));

    bank.onAnswer((x) => {
      if (x.verb === 'cancel' && x.form === 'oplati') till.close();
    });
    expect(await till.call('documents.annul', { documentId: sale.id, reason: 'ошибка кассира' })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    bank.onAnswer(null);

    const again = await tillOn(till.dir, bank);
    expect(await again.terminalRecovered).toEqual({ reversed: 0, unknown: 1, annulmentsToFinish: 1, failed: 0 });
    await loginAs(again, 'cashier');
    const annulled = await again.ok('documents.annul', { documentId: sale.id, reason: 'ошибка кассира' });
    expect(annulled.document.kind).toBe('annulment');
    // The card was cancelled once, before the stop; ОПЛАТИ's answer was lost, so it was asked again.
    const cancels = bank.asked.filter((x) => x.verb === 'cancel').map((x) => x.reference);
    expect(cancels).toEqual([cardRef, oplatiRef, oplatiRef]);
    const settled = again.ctx.db
      .prepare("SELECT of_reference FROM terminal_ops WHERE kind = 'cancel' AND state = 'settled' AND document_id = ? ORDER BY id")
      .pluck()
      .all(annulled.document.id);
    expect(settled).toEqual([cardRef, oplatiRef]);
  });

  it('keeps the bank cancels of a failed annulment on record, says so, and does not repeat them', async () => {
    const { bank, till, sale } = await saleByCardAndOplati();
    // ОПЛАТИ refuses to cancel: the card's cancel already went through.
    const real = bank.terminal.cancel.bind(bank.terminal);
    bank.terminal.cancel = async (form, reference) => (form === 'oplati' ? { status: 'declined', message: 'операция закрыта банком' } : real(form, reference));
    const res = await till.call('documents.annul', { documentId: sale.id, reason: 'ошибка' });
    expect(res).toMatchObject({ ok: false, error: { code: 'PAYMENT_DECLINED', message: expect.stringMatching(/повторите аннулирование/) } });
    expect(till.ctx.db.prepare("SELECT count(*) FROM documents WHERE kind = 'annulment'").pluck().get()).toBe(0);
    bank.terminal.cancel = real;
    const ok = await till.ok('documents.annul', { documentId: sale.id, reason: 'ошибка' });
    expect(ok.document.kind).toBe('annulment');
    expect(bank.asked.filter((x) => x.verb === 'cancel').map((x) => x.form)).toEqual(['card', 'oplati']);
  });
});
