/**
 * `kassa-admin report …` (issue 13) on a till that keeps running (its core open, its process named in
 * the running file): the figures equal what the «Отчёты» screen gets through the router, as JSON and
 * as text; a wrong period or filter is exit 2 with the screen's message. Most runs are in process
 * (runAdmin, as the Node entry and the Electron app call it); one runs the built dist/main/admin.js.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../common/money.js';
import { runAdmin } from '../../main/admin.js';
import { RUNNING_FILE } from '../../main/host/running-lock.js';
import { cashierOnShift, loginAs, makeTill, pieceBarcodes, type TestTill } from '../fixtures/core.js';
import { sellOne } from '../fixtures/sko-till.js';

const DAY = '2026-03-10';

/** One command in process: its exit code, what it wrote to stdout and to stderr. */
async function admin(dataDir: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string; out: Record<string, unknown> }> {
  let stdout = '';
  let stderr = '';
  const code = await runAdmin({
    argv: ['--data-dir', dataDir, ...argv],
    defaultDataDir: '/nowhere',
    write: { out: (t) => (stdout += t), err: (t) => (stderr += t) },
  });
  const out = argv.includes('--json') ? (JSON.parse(stdout || stderr) as Record<string, unknown>) : {};
  return { code, stdout, stderr, out };
}

describe('kassa-admin report', () => {
  let till: TestTill;
  beforeAll(async () => {
    till = makeTill({ clock: () => new Date(`${DAY}T12:00:00`) });
    await cashierOnShift(till);
    for (const code of await pieceBarcodes(till, 3)) await sellOne(till, code);
    writeFileSync(join(till.dir, RUNNING_FILE), JSON.stringify({ pid: process.pid, host: 'web' }));
    await loginAs(till, 'admin');
  });
  afterAll(() => till.dispose());

  const period = { from: DAY, to: DAY };

  it.each(['goods', 'payments', 'cashiers', 'hours', 'sections'] as const)('gives the figures of the «Отчёты» screen while the till runs: %s', async (which) => {
    const r = await admin(till.dir, 'report', which, '--from', DAY, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.out).toMatchObject({ ok: true, report: which, period });
    expect(r.out.value).toEqual(await till.ok(`reports.${which}`, { period, filter: {} }));
  });

  it('applies the filters as the screen does, and gives the open shift without an X', async () => {
    const card = await admin(till.dir, 'report', 'payments', '--from', DAY, '--to', DAY, '--form', 'card', '--json');
    expect(card.out.value).toEqual(await till.ok('reports.payments', { period, filter: { paymentForm: 'card' } }));
    expect(card.out.value).toMatchObject({ totals: { amount: 0 } }); // all three were paid in cash
    const current = await admin(till.dir, 'report', 'current', '--json');
    expect(current.out.value).toEqual(await till.ok('reports.currentShift'));
    expect(current.out.value).toMatchObject({ salesCount: 3 });
  });

  it('prints a table with the total on a terminal; the built CLI gives the same', async () => {
    const net = (await till.ok('reports.goods', { period: { from: DAY, to: DAY }, filter: {} })).totals.net;
    expect(net).toBeGreaterThan(0);
    const text = await admin(till.dir, 'report', 'goods', '--from', DAY);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Отчёт по товарам за ${DAY}`);
    expect(lines[1]).toMatch(/^Код\s+Товар\s+Продано\s+Продажи\s+Возвраты\s+Итого$/);
    expect(lines.at(-1)).toMatch(new RegExp(`^Итого .* ${formatMoney(net).replace('.', '\\.')}$`));
    expect(lines).toHaveLength(2 + 3 + 1);

    const built = spawnSync(process.execPath, [join(process.cwd(), 'dist/main/admin.js'), '--data-dir', till.dir, 'report', 'goods', '--from', DAY], {
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(built.status, built.stderr).toBe(0);
    expect(built.stdout).toBe(text.stdout);
  });

  it('refuses a wrong period or filter with exit 2 and the message the screen gives', async () => {
    const usage = async (...argv: string[]) => (await admin(till.dir, ...argv, '--json')).out;
    expect(await usage('report', 'goods')).toMatchObject({ code: 'USAGE', message: expect.stringMatching(/^Укажите период/) });
    expect(await usage('report', 'goods', '--from', '2026-03-10', '--to', '2026-03-01')).toMatchObject({
      message: expect.stringMatching(/^Начало периода позже его конца/),
    });
    expect(await usage('report', 'goods', '--from', '2024-01-01', '--to', '2026-01-01')).toMatchObject({ message: expect.stringMatching(/не длиннее 400 дней/) });
    expect(await usage('report', 'goods', '--from', '10.03.2026')).toMatchObject({ code: 'USAGE' });
    expect(await usage('report', 'payments', '--from', DAY, '--form', 'bitcoin')).toMatchObject({ code: 'USAGE' });
    expect(await usage('report', 'goods', '--from', DAY, '--cashier', 'Иванова')).toMatchObject({ message: expect.stringMatching(/^--cashier — целое число/) });
    expect(await usage('report', 'everything', '--from', DAY)).toMatchObject({ message: expect.stringMatching(/^Какой отчёт/) });
    expect(await usage('report', 'goods', '--from', DAY, '--shop', '1')).toMatchObject({ code: 'USAGE' });
    expect((await admin(till.dir, 'report', 'goods', '--json')).code).toBe(2);
  });

  it('answers a folder without a till with exit 1 and leaves it empty', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'kassa-cli-empty-'));
    try {
      const r = await admin(empty, 'report', 'goods', '--from', DAY, '--json');
      expect(r).toMatchObject({ code: 1, out: { code: 'NOT_FOUND', message: expect.stringMatching(/нет базы кассы/) } });
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true, maxRetries: 10 });
    }
  });

  it('shows the report command in --help', async () => {
    const help = await admin(till.dir, '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/report КАКОЙ --from ГГГГ-ММ-ДД/);
    expect(help.stdout).toMatch(/report current/);
  });
});
