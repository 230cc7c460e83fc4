/**
 * A new document goes out: to the СКО first, briefly (its id and QR go on the receipt), then to
 * the printer. Neither can roll the document back: it is stored already.
 */
import type { FiscalDocument, PrintOutcome } from '../../preload/contract/index.js';
import type { Ctx } from './context.js';
import { documentView } from './documents.js';
import { printNewDocument } from './printing.js';
import { phase } from '../log/trace.js';

/** Waits for the СКО at most this long before answering; the outbox keeps trying after. */
const FISCAL_WAIT_MS = 3_000;

export async function deliverBriefly(ctx: Ctx): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([ctx.fiscal.kick(), new Promise((resolve) => (timer = setTimeout(resolve, FISCAL_WAIT_MS)))]);
  clearTimeout(timer);
}

/** The document as it stands after the СКО's answer, and what became of its printing. */
export async function handOver(ctx: Ctx, documentId: number): Promise<{ document: FiscalDocument; print: PrintOutcome }> {
  await deliverBriefly(ctx);
  phase('sko');
  const print = await printNewDocument(ctx, documentId);
  const document = documentView(ctx, documentId);
  phase('document view');
  return { document, print };
}
