/**
 * The router refuses bad input, the wrong role and the wrong shift state for every method,
 * and a refusal writes nothing to the database. The permission table: every contract method ×
 * who is logged in (nobody / admin / cashier) × shift state (closed / open / past its maximum
 * length) → allowed, or the exact error code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize } from '../../main/api/authorize.js';
import { handlers } from '../../main/api/handlers/index.js';
import { methodNames, methods, type ErrorCode, type MethodName } from '../../preload/contract/index.js';
import { cashierReady, loginAs, makeTill, type TestTill } from '../fixtures/core.js';
import { KassaError } from '../../main/domain/errors.js';
import { pieceItem } from '../fixtures/goods.js';

/** `sale`: refused with SHIFT_TOO_LONG once the shift has run past its maximum length (DOMAIN «Shift rules»). */
type Need = { roles: 'public' | 'admin' | 'cashier' | 'both'; shift: 'any' | 'open' | 'closed'; sale?: true };

/** Who may do what, written out by hand from DOMAIN.md's access table (not derived from the contract). */
const ACCESS: Record<MethodName, Need> = {
  'app.status': { roles: 'public', shift: 'any' },
  'setup.enterPin': { roles: 'public', shift: 'any' },
  'auth.users': { roles: 'public', shift: 'any' },
  'auth.login': { roles: 'public', shift: 'any' },
  'auth.logout': { roles: 'both', shift: 'any' },
  'auth.changePassword': { roles: 'both', shift: 'any' },
  'users.list': { roles: 'admin', shift: 'any' },
  'users.create': { roles: 'admin', shift: 'any' },
  'users.resetPassword': { roles: 'admin', shift: 'any' },
  'users.unlock': { roles: 'admin', shift: 'any' },
  'users.update': { roles: 'admin', shift: 'any' },
  'users.setDisabled': { roles: 'admin', shift: 'any' },
  'users.security': { roles: 'admin', shift: 'any' },
  'users.saveSecurity': { roles: 'admin', shift: 'any' },
  'shift.current': { roles: 'both', shift: 'any' },
  'shift.open': { roles: 'cashier', shift: 'closed' },
  'shift.xReport': { roles: 'cashier', shift: 'open' },
  'shift.zReport': { roles: 'cashier', shift: 'open' },
  'shifts.list': { roles: 'both', shift: 'any' },
  'catalogue.search': { roles: 'both', shift: 'any' },
  'catalogue.byBarcode': { roles: 'both', shift: 'any' },
  'sale.current': { roles: 'cashier', shift: 'open' },
  'sale.addItem': { roles: 'cashier', shift: 'open', sale: true },
  'sale.scan': { roles: 'cashier', shift: 'open', sale: true },
  'sale.addSection': { roles: 'cashier', shift: 'open', sale: true },
  'sale.setQuantity': { roles: 'cashier', shift: 'open' },
  'sale.lineDiscount': { roles: 'cashier', shift: 'open' },
  'sale.checkDiscount': { roles: 'cashier', shift: 'open' },
  'sale.park': { roles: 'cashier', shift: 'open' },
  'sale.parked': { roles: 'cashier', shift: 'open' },
  'sale.resume': { roles: 'cashier', shift: 'open' },
  'sale.removeLine': { roles: 'cashier', shift: 'open' },
  'sale.stornoJournal': { roles: 'admin', shift: 'any' },
  'sale.cancel': { roles: 'cashier', shift: 'open' },
  'sale.pay': { roles: 'cashier', shift: 'open', sale: true },
  'sections.list': { roles: 'both', shift: 'any' },
  // The sections directory is the admin's (DOMAIN «sections directory: admin, always»).
  'sections.directory': { roles: 'admin', shift: 'any' },
  'sections.add': { roles: 'admin', shift: 'any' },
  'sections.update': { roles: 'admin', shift: 'any' },
  'sections.remove': { roles: 'admin', shift: 'any' },
  'returns.findOriginal': { roles: 'cashier', shift: 'open' },
  'returns.preview': { roles: 'cashier', shift: 'open' },
  'returns.byCheck': { roles: 'cashier', shift: 'open', sale: true },
  'returns.free': { roles: 'cashier', shift: 'open', sale: true },
  'documents.annul': { roles: 'cashier', shift: 'open', sale: true },
  'cash.in': { roles: 'cashier', shift: 'open', sale: true },
  // Allowed past the maximum shift length: the drawer is emptied before the Z.
  'cash.out': { roles: 'cashier', shift: 'open' },
  'cash.balance': { roles: 'cashier', shift: 'open' },
  'documents.get': { roles: 'both', shift: 'any' },
  'documents.copy': { roles: 'both', shift: 'any' },
  'documents.list': { roles: 'both', shift: 'any' },
  'settings.workflow': { roles: 'both', shift: 'any' },
  'settings.saveWorkflow': { roles: 'admin', shift: 'any' },
  'terminal.check': { roles: 'both', shift: 'any' },
  'terminal.simulate': { roles: 'both', shift: 'any' },
  'terminal.unknownOps': { roles: 'admin', shift: 'any' },
  'terminal.settleUnknown': { roles: 'admin', shift: 'any' },
  'terminal.routes': { roles: 'both', shift: 'any' },
  'terminal.cancelWait': { roles: 'cashier', shift: 'open' },
  'terminal.reconcile': { roles: 'both', shift: 'any' },
  'devices.listPorts': { roles: 'admin', shift: 'any' },
  'devices.getSettings': { roles: 'admin', shift: 'any' },
  'devices.saveSettings': { roles: 'admin', shift: 'any' },
  'devices.diagnostics': { roles: 'both', shift: 'any' },
  'scale.read': { roles: 'both', shift: 'any' },
  'scale.simulate': { roles: 'both', shift: 'any' },
  'display.test': { roles: 'admin', shift: 'any' },
  'fiscal.status': { roles: 'both', shift: 'any' },
  'settings.fillRequisitesFromSko': { roles: 'admin', shift: 'any' },
  'fiscal.unlock': { roles: 'both', shift: 'any' },
  'fiscal.resend': { roles: 'both', shift: 'any' },
  'fiscal.document': { roles: 'both', shift: 'any' },
  'fiscal.compare': { roles: 'both', shift: 'any' },
  'fiscal.getSettings': { roles: 'both', shift: 'any' },
  'fiscal.saveSettings': { roles: 'admin', shift: 'any' },
  'settings.requisites': { roles: 'admin', shift: 'any' },
  'settings.saveRequisites': { roles: 'admin', shift: 'any' },
  // Receipt printer: diagnostics and copies are for both (DOMAIN «copy of a check: both»); opening
  // the drawer without a sale is checked further in the service (admin, or a cashier if allowed).
  'printer.status': { roles: 'both', shift: 'any' },
  'printer.testPrint': { roles: 'both', shift: 'any' },
  'printer.openDrawer': { roles: 'both', shift: 'any' },
  'printer.drawerAccess': { roles: 'both', shift: 'any' },
  'printer.preview': { roles: 'both', shift: 'any' },
  'documents.print': { roles: 'both', shift: 'any' },
  // Storage targets hold passwords to the shop's servers: the admin's alone.
  'storage.targets': { roles: 'admin', shift: 'any' },
  'storage.saveTarget': { roles: 'admin', shift: 'any' },
  'storage.removeTarget': { roles: 'admin', shift: 'any' },
  'storage.test': { roles: 'admin', shift: 'any' },
  'storage.list': { roles: 'admin', shift: 'any' },
  'golive.status': { roles: 'admin', shift: 'any' },
  'golive.checklist': { roles: 'admin', shift: 'any' },
  'golive.toWorking': { roles: 'admin', shift: 'closed' },
  'golive.toTraining': { roles: 'admin', shift: 'closed' },
  'golive.updates': { roles: 'admin', shift: 'any' },
  'golive.saveUpdates': { roles: 'admin', shift: 'any' },
  'golive.hardware': { roles: 'admin', shift: 'any' },
  'golive.wizardDone': { roles: 'admin', shift: 'any' },
  // Stock documents and statements, and the discount cards directory: the admin's, shift or not.
  'stock.settings': { roles: 'admin', shift: 'any' },
  'stock.saveSettings': { roles: 'admin', shift: 'any' },
  'stock.documents': { roles: 'admin', shift: 'any' },
  'stock.document': { roles: 'admin', shift: 'any' },
  'stock.receipt': { roles: 'admin', shift: 'any' },
  'stock.writeOff': { roles: 'admin', shift: 'any' },
  'stock.inventory': { roles: 'admin', shift: 'any' },
  'stock.statement': { roles: 'admin', shift: 'any' },
  'stock.printStatement': { roles: 'admin', shift: 'any' },
  'stock.exportStatement': { roles: 'admin', shift: 'any' },
  'discountCards.list': { roles: 'admin', shift: 'any' },
  'discountCards.add': { roles: 'admin', shift: 'any' },
  'discountCards.update': { roles: 'admin', shift: 'any' },
  'discountCards.remove': { roles: 'admin', shift: 'any' },
  // Price lists change the whole catalogue: the admin's alone.
  'priceList.upload': { roles: 'admin', shift: 'any' },
  'priceList.open': { roles: 'admin', shift: 'any' },
  'priceList.preview': { roles: 'admin', shift: 'any' },
  'priceList.apply': { roles: 'admin', shift: 'any' },
  'priceList.export': { roles: 'admin', shift: 'any' },
  'priceList.download': { roles: 'admin', shift: 'any' },
  'priceList.templates': { roles: 'admin', shift: 'any' },
  'priceList.saveTemplate': { roles: 'admin', shift: 'any' },
  'priceList.removeTemplate': { roles: 'admin', shift: 'any' },
  'tasks.list': { roles: 'both', shift: 'any' },
  'tasks.cancel': { roles: 'admin', shift: 'any' },
  // Goods: the cashier looks the catalogue up (as in the manual); only the admin changes it.
  'goods.list': { roles: 'both', shift: 'any' },
  'goods.get': { roles: 'both', shift: 'any' },
  'goods.history': { roles: 'both', shift: 'any' },
  'goods.create': { roles: 'admin', shift: 'any' },
  'goods.update': { roles: 'admin', shift: 'any' },
  'goods.setHidden': { roles: 'admin', shift: 'any' },
  'goods.delete': { roles: 'admin', shift: 'any' },
  'goods.categories': { roles: 'both', shift: 'any' },
  'goods.createCategory': { roles: 'admin', shift: 'any' },
  'goods.updateCategory': { roles: 'admin', shift: 'any' },
  'goods.tiles': { roles: 'both', shift: 'any' },
  'maintenance.status': { roles: 'admin', shift: 'any' },
  'maintenance.export': { roles: 'admin', shift: 'any' },
  'maintenance.archives': { roles: 'admin', shift: 'any' },
  'maintenance.inspect': { roles: 'admin', shift: 'any' },
  'maintenance.import': { roles: 'admin', shift: 'any' },
  'maintenance.cleanupPreview': { roles: 'admin', shift: 'any' },
  'maintenance.cleanup': { roles: 'admin', shift: 'any' },
  'maintenance.saveSchedule': { roles: 'admin', shift: 'any' },
  'maintenance.journal': { roles: 'admin', shift: 'any' },
  'maintenance.journalCsv': { roles: 'admin', shift: 'any' },
  'maintenance.supportBundle': { roles: 'admin', shift: 'any' },
  'maintenance.deleteGoods': { roles: 'admin', shift: 'any' },
  'reports.choices': { roles: 'admin', shift: 'any' },
  'reports.goods': { roles: 'admin', shift: 'any' },
  'reports.payments': { roles: 'admin', shift: 'any' },
  'reports.cashiers': { roles: 'admin', shift: 'any' },
  'reports.hours': { roles: 'admin', shift: 'any' },
  'reports.sections': { roles: 'admin', shift: 'any' },
  'reports.currentShift': { roles: 'admin', shift: 'any' },
  'exports.settings': { roles: 'admin', shift: 'any' },
  'exports.saveSettings': { roles: 'admin', shift: 'any' },
  'exports.journal': { roles: 'admin', shift: 'any' },
  // Whoever closes the shift sees on the menu that its export failed.
  'exports.notices': { roles: 'both', shift: 'any' },
  'exports.retry': { roles: 'admin', shift: 'any' },
  'reports.print': { roles: 'admin', shift: 'any' },
  'reports.export': { roles: 'admin', shift: 'any' },
  'reports.canPdf': { roles: 'admin', shift: 'any' },
  'reports.pdf': { roles: 'admin', shift: 'any' },
};

const GOODS_CARD = { ...pieceItem('9001', 'Батон нарезной', 189), barcodes: ['4810268001055', '200001'], vatRate: 1000 };

/** A well-formed input per method, so that only the role or shift can be the reason for a refusal. */
const VALID: Record<MethodName, unknown> = {
  'app.status': {},
  'setup.enterPin': { pin: '1234' },
  'auth.users': {},
  'auth.login': { login: 'admin', password: 'x' },
  'auth.logout': {},
  'auth.changePassword': { oldPassword: 'a', newPassword: 'b' },
  'users.list': {},
  'users.create': { login: 'petrov', name: 'Петров', cashierId: '1', role: 'cashier', password: '4826' },
  'users.resetPassword': { login: 'ivanova', temporaryPassword: '4826' },
  'users.unlock': { login: 'ivanova' },
  'users.update': { login: 'ivanova', name: 'Иванова А. А.' },
  'users.setDisabled': { login: 'ivanova', disabled: true },
  'users.security': {},
  'users.saveSecurity': { idleLogoutMinutes: { cashier: 15, admin: 5 } },
  'shift.current': {},
  'shift.open': {},
  'shift.xReport': {},
  'shift.zReport': {},
  'shifts.list': {},
  'catalogue.search': { query: 'молоко' },
  'catalogue.byBarcode': { barcode: '4810000000018' },
  'sale.current': {},
  'sale.addItem': { barcode: '4810268001055' },
  'sale.scan': { code: '4810268001055' },
  'sale.addSection': { section: 1, amount: 500 },
  'sale.setQuantity': { lineId: 1, quantity: 2000 },
  'sale.lineDiscount': { lineId: 1, adjustment: { kind: 'discount', by: 'percent', value: 1000 } },
  'sale.checkDiscount': { card: '12345678' },
  'sale.park': {},
  'sale.parked': {},
  'sale.resume': { id: 1 },
  'sale.removeLine': { lineId: 1 },
  'sale.stornoJournal': {},
  'sale.cancel': {},
  'sale.pay': { payments: [{ form: 'cash', amount: 100 }] },
  'sections.list': {},
  'sections.directory': {},
  'sections.add': { code: 200, name: 'Табачные изделия', vatRate: 2000 },
  'sections.update': { code: 1, name: 'Продукты', vatRate: 1000, hidden: false },
  'sections.remove': { code: 3 },
  'returns.findOriginal': { shiftNumber: 1, numberInShift: 2 },
  'returns.preview': { documentId: 2 },
  'returns.byCheck': { documentId: 2 },
  'returns.free': { amount: 100, reason: 'Брак, чек утерян' },
  'documents.annul': { documentId: 2 },
  'cash.in': { amount: 1000 },
  'cash.out': { amount: 1000, currency: 'BYN' },
  'cash.balance': {},
  'documents.get': { id: 1 },
  'documents.copy': { id: 1 },
  'documents.list': {},
  'settings.workflow': {},
  'settings.saveWorkflow': { zRequiresEmptyDrawer: false },
  'terminal.check': {},
  'terminal.simulate': { mode: 'decline' },
  'terminal.unknownOps': {},
  'terminal.settleUnknown': { opId: 1, outcome: 'not_charged', note: 'проверено по журналу банка' },
  'terminal.routes': {},
  'terminal.cancelWait': {},
  'terminal.reconcile': {},
  'devices.listPorts': {},
  'devices.getSettings': {},
  'devices.saveSettings': { scale: { profile: 'massa-k', path: '/dev/ttyUSB0', baudRate: 9600, pollMs: 200, timeoutMs: 1000, password: '0030' } },
  'devices.diagnostics': {},
  'scale.read': {},
  'scale.simulate': { grams: 500 },
  'display.test': {},
  'fiscal.status': {},
  'settings.fillRequisitesFromSko': {},
  'fiscal.unlock': { pin: '1234' },
  'fiscal.resend': { documentId: 1 },
  'fiscal.document': { id: 1 },
  'fiscal.compare': { id: 1 },
  'fiscal.getSettings': {},
  'fiscal.saveSettings': { zWaitSeconds: 20 },
  'settings.requisites': {},
  'settings.saveRequisites': {
    organization: 'ООО «Учебный магазин»',
    unp: '192608414',
    registrationNumber: '119000702',
    tradeObject: 'Магазин',
    address: 'г. Минск',
  },
  'printer.status': {},
  'printer.testPrint': {},
  'printer.openDrawer': {},
  'printer.drawerAccess': {},
  'printer.preview': {},
  'documents.print': { id: 1, copy: true },
  'storage.targets': {},
  'storage.saveTarget': { name: 'Флешка', connection: { kind: 'folder', path: '/media/kassir/FLASH' } },
  'storage.removeTarget': { id: '0b7e3f9c-2a41-4c1e-9d57-6a1f0e2b8c44' },
  'storage.test': { connection: { kind: 'folder', path: '/media/kassir/FLASH' } },
  'storage.list': { id: '0b7e3f9c-2a41-4c1e-9d57-6a1f0e2b8c44' },
  'golive.status': {},
  'golive.checklist': {},
  'golive.toWorking': {
    url: 'https://sko.example.by',
    deviceCode: 'DEV-119000702',
    pin: '4826',
    publicKey: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----',
    caCertificate: null,
  },
  'golive.toTraining': { confirmed: true },
  'golive.updates': {},
  'golive.saveUpdates': { enabled: true, channel: 'beta' },
  'golive.hardware': {},
  'golive.wizardDone': { skipped: true },
  'stock.settings': {},
  'stock.saveSettings': { enabled: true, negative: 'warn' },
  'stock.documents': {},
  'stock.document': { id: 1 },
  'stock.receipt': { supplier: 'ОАО «Савушкин продукт»', lines: [{ itemId: 1, quantity: 10_000, price: 190 }] },
  'stock.writeOff': { reason: 'Истёк срок годности', lines: [{ itemId: 1, quantity: 1000 }] },
  'stock.inventory': { lines: [{ itemId: 1, counted: 5000 }] },
  'stock.statement': { query: { kind: 'balances', date: '2026-11-20', groupBy: 'item' } },
  'stock.printStatement': { query: { kind: 'turnover', from: '2026-11-01', to: '2026-11-20', groupBy: 'category' } },
  'stock.exportStatement': { query: { kind: 'balances', date: '2026-11-20', groupBy: 'item' }, format: 'csv' },
  'discountCards.list': {},
  'discountCards.add': { number: '7700', kind: 'prefix', name: 'Постоянный покупатель', percent: 500, amount: null },
  'discountCards.update': { id: 1, card: { number: '7700', kind: 'prefix', name: 'Постоянный', percent: 300, amount: null } },
  'discountCards.remove': { id: 1 },
  'priceList.upload': { name: 'prajs.csv', offset: 0, data: 'S29k' },
  'priceList.open': { source: { kind: 'upload', fileId: '0123456789abcdef0123456789abcdef' }, read: {} },
  'priceList.preview': { fileId: '0123456789abcdef0123456789abcdef', read: {}, mapping: { code: 0 }, mode: 'add' },
  'priceList.apply': { fileId: '0123456789abcdef0123456789abcdef', read: {}, mapping: { code: 0 }, mode: 'add' },
  'priceList.export': { format: 'csv' },
  'priceList.download': { fileId: '0123456789abcdef0123456789abcdef', offset: 0 },
  'priceList.templates': {},
  'priceList.saveTemplate': { name: 'Поставщик', mapping: { code: 0 }, read: {} },
  'priceList.removeTemplate': { id: 1 },
  'tasks.list': {},
  'tasks.cancel': { id: 'reports.goods-1' },
  'goods.list': { query: 'молоко', categoryId: null, sort: 'price', desc: true, offset: 0, limit: 50 },
  'goods.get': { id: 1 },
  'goods.history': { id: 1 },
  'goods.create': { ...GOODS_CARD },
  'goods.update': { id: 1, item: GOODS_CARD },
  'goods.setHidden': { id: 1, hidden: true },
  'goods.delete': { id: 1 },
  'goods.categories': {},
  'goods.createCategory': { name: 'Хлеб', parentId: null },
  'goods.updateCategory': { id: 1, name: 'Хлеб', parentId: null, hidden: false },
  'goods.tiles': { categoryId: null },
  'maintenance.status': {},
  'maintenance.export': { targetId: '0b7e3f9c-2a41-4c1e-9d57-6a1f0e2b8c44' },
  'maintenance.archives': { targetId: '0b7e3f9c-2a41-4c1e-9d57-6a1f0e2b8c44' },
  'maintenance.inspect': { targetId: '0b7e3f9c-2a41-4c1e-9d57-6a1f0e2b8c44', path: 'kassa-archives/a.zip' },
  'maintenance.import': { targetId: '0b7e3f9c-2a41-4c1e-9d57-6a1f0e2b8c44', path: 'kassa-archives/a.zip' },
  'maintenance.cleanupPreview': { upTo: '2026-01-31' },
  'maintenance.cleanup': { upTo: '2099-01-31', expectShifts: 1 },
  'maintenance.saveSchedule': { targetId: null, daily: false, at: '21:00', afterZ: false, keepLast: 7, warnAfterDays: 7 },
  'maintenance.journal': {},
  'maintenance.journalCsv': {},
  'maintenance.supportBundle': { targetId: '0b7e3f9c-2a41-4c1e-9d57-6a1f0e2b8c44' },
  'maintenance.deleteGoods': { which: 'unsold' },
  'reports.choices': {},
  'reports.goods': { period: { from: '2026-01-01', to: '2026-01-31' } },
  'reports.payments': { period: { from: '2026-01-01', to: '2026-01-31' } },
  'reports.cashiers': { period: { from: '2026-01-01', to: '2026-01-31' } },
  'reports.hours': { period: { from: '2026-01-01', to: '2026-01-31' } },
  'reports.sections': { period: { from: '2026-01-01', to: '2026-01-31' } },
  'reports.currentShift': {},
  'exports.settings': {},
  'exports.saveSettings': { enabled: false, targetId: null, reports: ['goods'], format: 'csv' },
  'exports.journal': {},
  'exports.notices': {},
  'exports.retry': { id: 999 },
  'reports.print': { report: 'shift' },
  'reports.export': { out: { report: 'payments', query: { period: { from: '2026-01-01', to: '2026-01-31' } } }, format: 'csv' },
  'reports.canPdf': {},
  'reports.pdf': { name: 'goods' },
};

it('the hand-written access table covers exactly the contract methods and agrees with it', () => {
  expect(Object.keys(ACCESS).sort()).toEqual([...methodNames].sort());
  for (const name of methodNames) {
    const access = methods[name].access;
    const need = ACCESS[name];
    if (access.kind === 'public') {
      expect(need.roles, name).toBe('public');
      continue;
    }
    const roles = access.roles.length === 2 ? 'both' : access.roles[0];
    expect({ roles, shift: access.shift, ...(access.sale ? { sale: true } : {}) }, name).toEqual(need);
  }
});

describe('bad input', () => {
  let till: TestTill;
  beforeAll(async () => {
    till = makeTill();
    await cashierReady(till);
    await till.ok('shift.open');
  });
  afterAll(() => till.dispose());

  const BAD: readonly unknown[] = [42, 'text', [], { unexpected: true }, null];

  it.each(methodNames)('%s answers VALIDATION to malformed input and writes nothing', async (name) => {
    await till.outbox.kick();
    const before = till.fingerprint();
    for (const input of BAD) {
      if (input === null && methods[name].input.safeParse({}).success) continue; // null means "no input"
      const res = await till.router.call(name, input, true);
      expect(res.ok, `${name} accepted ${JSON.stringify(input)}`).toBe(false);
      if (!res.ok) {
        expect(res.error.code).toBe('VALIDATION');
        expect(res.error.message).toMatch(/[а-яё]/i);
      }
    }
    expect(till.fingerprint()).toBe(before);
  });

  it('gives the cashier a Russian message for a wrong barcode, a bad PIN and an empty payment', async () => {
    const cases: [MethodName, unknown, RegExp][] = [
      ['sale.addItem', { barcode: '12ab' }, /Штрихкод/],
      ['setup.enterPin', { pin: '12' }, /PIN/],
      ['sale.pay', { payments: [] }, /оплату/],
      ['users.create', { login: 'a b', name: 'x', cashierId: '', role: 'cashier', password: '4826' }, /Логин/],
    ];
    for (const [name, input, message] of cases) {
      const res = await till.router.call(name, input, true);
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error.message).toMatch(message);
    }
  });

  it('refuses a call from an untrusted sender before reading its input', async () => {
    const res = await till.router.call('sale.cancel', {}, false);
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('never says "nothing changed" about an action that was done but answered outside its contract', async () => {
    const real = handlers['cash.in'];
    const spy = async (...args: Parameters<typeof real>) => ({ ...(await real(...args)), document: 'not a document' });
    (handlers as Record<string, unknown>)['cash.in'] = spy;
    try {
      const before = till.fingerprint();
      const res = await till.router.call('cash.in', { amount: 500 }, true);
      expect(res).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/выполнена.*Не повторяйте/), details: { done: true } } });
      expect(till.fingerprint()).not.toBe(before); // the cash in stands
    } finally {
      (handlers as Record<string, unknown>)['cash.in'] = real;
    }
  });

  it('answers NOT_FOUND for a method the contract does not have', async () => {
    const res = await till.router.call('db.dropEverything', {}, true);
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

type Who = 'nobody' | 'admin' | 'cashier';
type ShiftState = 'closed' | 'open' | 'too long';

/** The answer the permission table gives for one cell: 'allowed', or the router's exact refusal. */
function expectedAnswer(need: Need, who: Who, shift: ShiftState): ErrorCode | 'allowed' {
  if (need.roles === 'public') return 'allowed';
  if (who === 'nobody') return 'UNAUTHENTICATED';
  if (need.roles !== 'both' && need.roles !== who) return 'FORBIDDEN';
  if (need.shift === 'open' && shift === 'closed') return 'SHIFT_CLOSED';
  if (need.shift === 'closed' && shift !== 'closed') return 'SHIFT_OPEN';
  if (need.sale && shift === 'too long') return 'SHIFT_TOO_LONG';
  return 'allowed';
}

/** Reads only: an allowed cell of these is also called through the router. */
const READ_ONLY = /\.(current|status|list|get|search|byBarcode|parked|balance|workflow|users|diagnostics|getSettings|check|directory|requisites)$/;
const AUTH_CODES: readonly ErrorCode[] = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'SHIFT_CLOSED',
  'SHIFT_OPEN',
  'SHIFT_TOO_LONG',
  'PASSWORD_CHANGE_REQUIRED',
  'SETUP_REQUIRED',
];

describe.each<ShiftState>(['closed', 'open', 'too long'])('the permission table with the shift %s', (shift) => {
  let till: TestTill;
  let now = new Date('2026-11-20T08:00:00Z');
  beforeAll(async () => {
    now = new Date('2026-11-20T08:00:00Z');
    till = makeTill({ clock: () => now });
    await cashierReady(till);
    if (shift !== 'closed') await till.ok('shift.open');
    if (shift === 'too long') now = new Date('2026-11-21T08:00:01Z');
    await till.outbox.kick();
  });
  afterAll(() => till.dispose());

  it.each<Who>(['nobody', 'admin', 'cashier'])('%s: every method is allowed or refused with the exact code, and a refusal writes nothing', async (who) => {
    if (who === 'nobody') await till.call('auth.logout');
    else await loginAs(till, who);
    expect((await till.ctx.db.prepare('SELECT count(*) FROM shifts WHERE closed_at IS NULL').pluck().get()) as number).toBe(shift === 'closed' ? 0 : 1);
    const table: Record<string, string> = {};
    for (const name of methodNames) {
      const want = expectedAnswer(ACCESS[name], who, shift);
      table[name] = want;
      if (want === 'allowed') {
        // The router's own authorization step lets it through…
        expect(() => authorize(till.ctx, methods[name].access), `${name} as ${who}`).not.toThrow();
        // …and a call that only reads is answered by its handler, not refused at the door.
        if (READ_ONLY.test(name)) {
          const res = await till.call(name, VALID[name] as never);
          if (!res.ok) expect(AUTH_CODES, `${name} as ${who}: ${res.error.message}`).not.toContain(res.error.code);
        }
        continue;
      }
      let refusal: unknown = null;
      try {
        authorize(till.ctx, methods[name].access);
      } catch (err) {
        refusal = err;
      }
      expect(refusal instanceof KassaError && refusal.code, `${name} as ${who}`).toBe(want);
      const before = till.fingerprint();
      const res = await till.call(name, VALID[name] as never);
      expect(res, `${name} as ${who}`).toMatchObject({ ok: false, error: { code: want } });
      if (!res.ok) expect(res.error.message, name).toMatch(/[а-яё]/i);
      expect(till.fingerprint(), `${name} as ${who} wrote to the database`).toBe(before);
    }
    // Every cell of the row is decided, and the row is not trivially all-allowed or all-refused.
    const answers = new Set(Object.values(table));
    expect(Object.keys(table)).toHaveLength(methodNames.length);
    if (who !== 'nobody') expect(answers.has('allowed') && answers.size > 1, JSON.stringify(table)).toBe(true);
  });
});

describe('before set-up and before the password change', () => {
  it('allows only the status and the PIN before the СКО PIN is entered', async () => {
    using till = makeTill();
    const before = till.fingerprint();
    for (const name of methodNames) {
      if (name === 'app.status' || name === 'setup.enterPin') continue;
      const res = await till.call(name, VALID[name] as never);
      expect(res, name).toMatchObject({ ok: false, error: { code: 'SETUP_REQUIRED' } });
    }
    expect(till.fingerprint()).toBe(before);
  });

  it('lets a user with a temporary password do nothing but change it or log out', async () => {
    using till = makeTill();
    await till.ok('setup.enterPin', { pin: '1234' });
    await till.ok('auth.login', { login: 'admin', password: '1111' });
    const res = await till.call('users.list');
    expect(res).toMatchObject({ ok: false, error: { code: 'PASSWORD_CHANGE_REQUIRED' } });
    const status = await till.ok('app.status');
    expect(status.user?.mustChangePassword).toBe(true);
  });
});
