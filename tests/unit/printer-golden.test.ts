/**
 * The exact bytes of every receipt kind at 58 and 80 mm for two printer profiles (Epson with CP866,
 * XPrinter with WPC1251), against golden files checked by hand (tests/fixtures/printer/README.md),
 * plus the rules of HARDWARE.md checked on every one of them independently of the goldens.
 */
import { describe, expect, it } from 'vitest';
import { renderReceipt, type ReceiptInput } from '../../main/domain/receipt.js';
import { decodeEscPos } from '../../main/devices/printer/emulator/decoder.js';
import { opensDrawer, receiptJob, printableReceipt } from '../../main/devices/printer/receipt-job.js';
import { golden } from '../fixtures/printer/golden.js';
import { GOLDEN_PAPERS, GOLDEN_PROFILES, GOLDEN_TEMPLATE, RECEIPT_MODELS } from '../fixtures/printer/models.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
/** Offsets of a byte sequence in a buffer. */
function find(bytes: Buffer, seq: number[]): number[] {
  const out: number[] = [];
  for (let i = bytes.indexOf(Buffer.from(seq)); i >= 0; i = bytes.indexOf(Buffer.from(seq), i + 1)) out.push(i);
  return out;
}

/** Models whose first print opens the drawer (HARDWARE.md: cash payments); the app decides it in opensDrawer. */
const OPENS_DRAWER = new Set(['sale', 'return', 'cash_in', 'cash_out']);

it('opens the drawer on the first print of a cash document only: never on a copy, a card check, a report or an annulment', () => {
  for (const [name, model] of Object.entries(RECEIPT_MODELS)) expect(opensDrawer(model), name).toBe(OPENS_DRAWER.has(name));
});

describe.each(GOLDEN_PROFILES)('$name', (setup) => {
  describe.each(GOLDEN_PAPERS)('$paper mm', ({ paper, columns }) => {
    it.each(Object.keys(RECEIPT_MODELS))('%s', async (name) => {
      const model: ReceiptInput = { ...RECEIPT_MODELS[name]!, template: GOLDEN_TEMPLATE };
      // The app's own decision (printing.ts asks opensDrawer), checked against the table above.
      const drawer = opensDrawer(model);
      const bytes = await receiptJob(model, {
        codepage: setup.codepage,
        codeTable: setup.codeTable,
        columns,
        cut: 'full',
        qrModuleSize: paper === 58 ? 5 : 6,
        drawer: drawer ? { pin: 2, onMs: 50, offMs: 500 } : null,
      });
      const printer = { profile: setup.profile, paper } as const;
      const file = `${setup.name}-${paper}-${name}`;
      const expected = golden(
        file,
        bytes,
        printer,
        `${name}, ${paper} mm (${columns} columns), ${setup.profile}, ${setup.codepage.toUpperCase()} = ESC t ${setup.codeTable}`,
      );
      expect(expected, `missing golden ${file}.hex (UPDATE_GOLDEN=1 writes it)`).not.toBeNull();
      expect(hex(bytes)).toBe(hex(expected!));

      // HARDWARE.md, whatever the goldens say:
      const init = [0x1b, 0x40];
      const select = [0x1c, 0x2e, 0x1b, 0x74, setup.codeTable];
      // starts with ESC @, Kanji off, our table;
      expect(hex(bytes.subarray(0, 7))).toBe(hex(Buffer.from([...init, ...select])));
      // every ESC @ (the start and the cut's own) is followed by Kanji off + our table;
      const inits = find(bytes, init);
      expect(inits.length).toBe(2);
      for (const at of inits) expect(hex(bytes.subarray(at + 2, at + 7))).toBe(hex(Buffer.from(select)));
      // no ESC t but ours (node-thermal-printer would insert Epson numbers for « » — …);
      const tables = find(bytes, [0x1b, 0x74]).map((at) => bytes[at + 2]);
      expect(tables).toEqual([setup.codeTable, setup.codeTable]);
      // the receipt ends with feed + full cut + ESC @ + the table again;
      expect(hex(bytes.subarray(-13))).toBe(hex(Buffer.from([0x1b, 0x64, 0x04, 0x1d, 0x56, 0x00, ...init, ...select])));
      // the drawer pulse is `1B 70 00 19 FA` (pin 2, 50 ms on, 500 ms off), never the library's `1B 70 00 1B 70 01`;
      expect(find(bytes, [0x1b, 0x70, 0x00, 0x1b, 0x70, 0x01])).toEqual([]);
      expect(find(bytes, [0x1b, 0x70, 0x00, 0x19, 0xfa]).length).toBe(drawer ? 1 : 0);
      // the QR declares its length in bytes + 3 and holds the verification URL;
      const decoded = decodeEscPos(bytes, printer);
      const qrs = decoded.items.filter((i) => i.kind === 'qr');
      if (model.fiscal) {
        expect(qrs).toHaveLength(1);
        const store = find(bytes, [0x1d, 0x28, 0x6b])[3]!;
        const url = Buffer.from(model.fiscal.verifyUrl, 'utf8');
        expect(bytes[store + 3]! + 256 * bytes[store + 4]!).toBe(url.length + 3);
        expect(qrs[0]!.kind === 'qr' && qrs[0]!.data.toString('utf8')).toBe(model.fiscal.verifyUrl);
      } else {
        expect(qrs).toHaveLength(0);
      }
      // and the printer reads back exactly the document's text, every line within the paper.
      expect(decoded.unknown).toEqual([]);
      expect(decoded.truncated).toBe(false);
      expect(decoded.text).toEqual(renderReceipt(printableReceipt(model, setup.codepage), columns));
      expect(decoded.text.every((l) => [...l].length <= columns)).toBe(true);
      // Nothing unprintable: no replacement characters, no '?' but the URL's own.
      expect(decoded.text.join('').replaceAll('check?id', '')).not.toMatch(/[?\uFFFD]/);
      if (model.copy) expect(decoded.text.join('\n')).toContain('*** КОПИЯ ***');
    });
  });
});
