/**
 * The integrated card terminal (INPAS SA over TCP) against its emulator on loopback, fault by fault
 * as the СКО's: approve, decline, a terminal that never starts (timeout), an answer lost after the
 * bank approved («последняя операция» settles it), the terminal lost at that moment (unknown), the
 * till stopping while the bank approves (the next start asks the terminal and cancels), and the
 * reconciliation at Z. Never a fiscal document for a payment the terminal did not confirm.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSaEmulator, type SaEmulator } from '../../main/devices/terminal/sa-emulator.js';
import { OPERATION, STATUS } from '../../main/devices/terminal/sa-protocol.js';
import { setSetting } from '../../main/services/settings.js';
import { cashierOnShift, loginAs, makeTill, pieceBarcodes, type TestTill } from '../fixtures/core.js';

let tills: TestTill[] = [];
let terminal: SaEmulator | null = null;
afterEach(async () => {
  for (const t of tills.reverse()) {
    try {
      t.dispose();
    } catch {
      // closed already by the "crash"
    }
  }
  tills = [];
  await terminal?.close();
  terminal = null;
});

const sales = (t: TestTill) => t.ctx.db.prepare("SELECT count(*) FROM documents WHERE kind = 'sale'").pluck().get() as number;
const ops = (t: TestTill) => t.ctx.db.prepare('SELECT id, kind, purpose, state, reference, of_reference FROM terminal_ops ORDER BY id').all() as Op[];
type Op = { id: number; kind: string; purpose: string; state: string; reference: string | null; of_reference: string | null };

/** A working till whose card terminal is the emulator; a check with one item on it. */
async function integratedTill(dir?: string) {
  terminal ??= await startSaEmulator();
  const till = makeTill(dir ? { dataDir: dir } : {});
  tills.push(till);
  if (dir) return { till, total: 0 };
  await cashierOnShift(till);
  await loginAs(till, 'admin');
  const s = await till.ok('settings.workflow');
  await till.ok('settings.saveWorkflow', {
    paymentTerminal: { ...s.paymentTerminal, kind: 'integrated', host: terminal.host, port: terminal.port, timeoutMs: 400 },
  });
  await loginAs(till, 'cashier');
  setSetting(till.ctx, 'trainingMode', false);
  const [a] = await pieceBarcodes(till, 1);
  const check = await till.ok('sale.addItem', { barcode: a! });
  return { till, total: check.total };
}

describe('integrated terminal, INPAS SA over TCP', () => {
  it('approves: the ECR number is the journal row, the code and RRN print on the receipt', async () => {
    const { till, total } = await integratedTill();
    expect((await till.ok('terminal.routes')).card).toBe('integrated');
    expect(await till.ok('terminal.check')).toEqual({ ok: true, message: 'Связь с банком есть (терминал INPAS SA)' });
    const { document } = await till.ok('sale.pay', { payments: [{ form: 'card', amount: total }] });
    const rec = terminal!.journal[0]!;
    expect(rec).toMatchObject({ operation: OPERATION.sale, amount: total, status: STATUS.approved });
    const [op] = ops(till);
    expect(rec.ecr).toBe(op!.id);
    expect(op).toMatchObject({ state: 'settled', reference: `slip:${rec.authCode}:${rec.rrn}:${rec.rrn}` });
    expect(document.receipt.join('\n')).toMatch(new RegExp(`Код авторизации\\s+${rec.authCode}`));
    expect(document.receipt.join('\n')).toMatch(new RegExp(`RRN\\s+${rec.rrn}`));
    // An annulment cancels it on the terminal by its RRN.
    await till.ok('documents.annul', { documentId: document.id });
    expect(terminal!.journal[1]).toMatchObject({ operation: OPERATION.cancel, of: rec.rrn, status: STATUS.approved });
  });

  it('declines: the check stays open, no document', async () => {
    const { till, total } = await integratedTill();
    terminal!.script('decline');
    const r = await till.call('sale.pay', { payments: [{ form: 'card', amount: total }] });
    expect(r).toMatchObject({ ok: false, error: { code: 'PAYMENT_DECLINED' } });
    if (!r.ok) expect(r.error.message).toContain('Отказ: операция отклонена банком');
    expect(sales(till)).toBe(0);
    expect(ops(till)).toMatchObject([{ state: 'declined' }]);
    expect((await till.ok('sale.current')).total).toBe(total);
  });

  it('times out when the terminal never started: its last operation is an earlier one, no money moved, no document', async () => {
    const { till, total } = await integratedTill();
    await till.ok('sale.pay', {
      payments: [
        { form: 'card', amount: 1 },
        { form: 'cash', amount: total - 1 },
      ],
    }); // an earlier operation on record
    const [b] = await pieceBarcodes(till, 2).then((x) => x.slice(1));
    const check = await till.ok('sale.addItem', { barcode: b! });
    terminal!.script('never-start');
    const r = await till.call('sale.pay', { payments: [{ form: 'card', amount: check.total }] });
    expect(r).toMatchObject({ ok: false, error: { code: 'DEVICE_ERROR', details: { terminal: 'timeout' } } });
    expect(sales(till)).toBe(1);
    expect(ops(till).map((o) => o.state)).toEqual(['settled', 'timeout']);
  });

  it('an answer lost after the bank approved: «последняя операция» confirms it, and only then the sale is stored', async () => {
    const { till, total } = await integratedTill();
    terminal!.script('approve-silently');
    const paid = await till.ok('sale.pay', { payments: [{ form: 'card', amount: total }] });
    expect(paid.document.kind).toBe('sale');
    terminal!.script('approve-and-drop');
    const [, b] = await pieceBarcodes(till, 2);
    const check = await till.ok('sale.addItem', { barcode: b! });
    await till.ok('sale.pay', { payments: [{ form: 'card', amount: check.total }] });
    expect(sales(till)).toBe(2);
    expect(ops(till).map((o) => o.state)).toEqual(['settled', 'settled']);
  });

  it('the terminal lost when the till asks «последняя операция»: unknown, for the admin, and no document', async () => {
    const { till, total } = await integratedTill();
    terminal!.script('approve-silently');
    terminal!.onRequest(() => void terminal!.close()); // the terminal goes away with the bank's answer
    const r = await till.call('sale.pay', { payments: [{ form: 'card', amount: total }] });
    expect(r).toMatchObject({ ok: false, error: { code: 'DEVICE_ERROR', details: { terminal: 'error' } } });
    expect(sales(till)).toBe(0);
    expect(ops(till)).toMatchObject([{ state: 'unknown' }]);
    terminal = null; // closed
    await loginAs(till, 'admin');
    expect(await till.ok('terminal.unknownOps')).toMatchObject([{ kind: 'purchase', form: 'card', amount: total }]);
  });

  it('the till stops while the bank approves: the next start asks the terminal, cancels the payment, and nothing was fiscalized', async () => {
    const { till, total } = await integratedTill();
    terminal!.script('approve-silently');
    terminal!.onRequest(() => till.close()); // the till dies with the question sent
    const r = await till.call('sale.pay', { payments: [{ form: 'card', amount: total }] });
    expect(r.ok).toBe(false);
    terminal!.onRequest(null);
    const approved = terminal!.journal[0]!;
    expect(approved.status).toBe(STATUS.approved);

    const { till: again } = await integratedTill(till.dir);
    expect(await again.terminalRecovered).toEqual({ reversed: 1, unknown: 0, annulmentsToFinish: 0, failed: 0 });
    expect(terminal!.journal[1]).toMatchObject({ operation: OPERATION.cancel, of: approved.rrn, status: STATUS.approved });
    expect(ops(again)).toMatchObject([
      { kind: 'purchase', purpose: 'sale', state: 'reversed' },
      { kind: 'cancel', purpose: 'recovery', state: 'settled' },
    ]);
    expect(sales(again)).toBe(0);
    const actions = again.ctx.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'terminal.%' ORDER BY id").pluck().all();
    expect(actions).toEqual(['terminal.last_operation', 'terminal.reversed']);
  });

  it('reconciles the terminal at Z («сверка итогов»), audited', async () => {
    const { till, total } = await integratedTill();
    await till.ok('sale.pay', { payments: [{ form: 'card', amount: total }] });
    expect(terminal!.batch).toHaveLength(1);
    await till.ok('shift.zReport', {});
    expect(terminal!.batch).toHaveLength(0);
    const entry = till.ctx.db.prepare("SELECT details FROM audit_log WHERE action = 'terminal.reconciled'").pluck().get() as string;
    expect(JSON.parse(entry)).toEqual({ ok: true, message: `Итоги совпали: операций 1, сумма ${(total / 100).toFixed(2)}` });
  });
});
