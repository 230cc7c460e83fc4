/**
 * close-to-last-byte: the cashier presses «Оплатить» (sale.pay over HTTP to the web host as the
 * till runs it) → the last byte of the receipt reaches the printer. The printer is the emulator,
 * on TCP 9100-style loopback in this process; the till is set to it like a network printer.
 * Includes storing the document, the СКО hand-off of training mode and the status check before
 * printing — everything between the key press and the paper.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { PrinterEmulator } from '../../main/devices/printer/emulator/server.js';
import { cashierOnShift, startWebHostProcess } from '../fixtures/web-host-process.js';
import { summarize, type BenchResult } from './report.js';

const SALES = 100;

export async function closeToLastByte(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-bench-'));
  const printer = new PrinterEmulator({ printer: { profile: 'epson', paper: 80 } });
  const { host: printerHost, port: printerPort } = await printer.listen();
  const host = await startWebHostProcess(dir);
  try {
    await cashierOnShift(host, async () => {
      const settings = (await host.ok('devices.getSettings', {})) as { printer: Record<string, unknown> };
      await host.ok('devices.saveSettings', { printer: { ...settings.printer, connection: { kind: 'tcp', host: printerHost, port: printerPort } } });
    });
    const db = new Database(join(dir, 'kassa.sqlite'), { readonly: true });
    const barcodes = db.prepare("SELECT b.barcode FROM item_barcodes b JOIN items i ON i.id = b.item_id WHERE i.unit = 'шт' LIMIT 3").pluck().all() as string[];
    db.close();
    const samples: number[] = [];
    for (let i = 0; i < SALES; i++) {
      let total = 0;
      for (const barcode of barcodes) total = ((await host.ok('sale.addItem', { barcode })) as { total: number }).total;
      const last = printer.lastJob()?.id ?? 0;
      const t0 = performance.now();
      const paid = (await host.ok('sale.pay', { payments: [{ form: 'cash', amount: total + 1000 }] })) as { print: { printed: boolean; message: string | null } };
      if (!paid.print.printed) throw new Error(`the receipt did not print: ${paid.print.message}`);
      const job = await printer.nextJob(last);
      samples.push(job.lastByteAt - t0);
    }
    return summarize(
      'close-to-last-byte',
      'ms',
      samples,
      `sale.pay over HTTP → last receipt byte at the TCP printer emulator, 3-line cash sale, 80 mm, ${SALES} sales`,
    );
  } finally {
    await host.stop();
    await printer.close();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
  }
}
