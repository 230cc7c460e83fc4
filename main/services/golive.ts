/**
 * Going live (DOMAIN.md «Going live»): the guarded switch from training to working mode and back,
 * and the checklist before the first real check. Training documents never reach a working СКО:
 * the switch waits for an empty queue, each mode numbers its own shifts (migration 014), and the
 * outbox sends only documents of the СКО's mode.
 */
import { createPublicKey, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ChecklistItem, ClockCheck, GoLiveChecklist, GoLiveStatus, Requisites, ToWorkingInput, UpdateSettings } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import { isSkoError, type SkoGateway } from '../fiscal/gateway.js';
import { plainHttpRefusal } from '../fiscal/protocol.js';
import { memorySessionStore, sqliteSessionStore } from '../fiscal/session-store.js';
import { appStatus } from './app.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';
import { checkedUnp } from './requisites.js';
import { getSetting, setSetting } from './settings.js';
import { currentShift } from './shift.js';

/** The СКО's clock may differ from the till's by this much before the checklist warns. */
export const CLOCK_TOLERANCE_SECONDS = 60;
/** How long one round trip of the checklist may take. */
const PROBE_TIMEOUT_MS = 5_000;
/** The operator's CA certificate is kept beside the database, where `sko.caFile` points. */
export const SKO_CA_FILE = 'sko-ca.pem';

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`СКО не ответил за ${ms / 1000} с`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

function documentsByMode(ctx: Ctx): { working: number; training: number } {
  const row = ctx.db.one<{ working: number; training: number }>(
    'SELECT coalesce(sum(training = 0), 0) AS working, coalesce(sum(training = 1), 0) AS training FROM documents',
  )!;
  return row;
}

/** Why a switch cannot happen now; empty when it can. */
function blockers(ctx: Ctx): string[] {
  const out: string[] = [];
  const shift = currentShift(ctx);
  if (shift) out.push(`Смена № ${shift.number} открыта: закройте её Z-отчётом`);
  const { pending } = ctx.fiscal.pending();
  if (pending > 0) out.push(`Не передано в СКО документов: ${pending}. Дождитесь, пока очередь опустеет («СКО»)`);
  return out;
}

function requireSwitchable(ctx: Ctx): void {
  const [first, ...rest] = blockers(ctx);
  if (first) throw new KassaError('CONFLICT', [first, ...rest].join('; '));
}

export function goLiveStatus(ctx: Ctx): GoLiveStatus {
  const docs = documentsByMode(ctx);
  const sko = getSetting(ctx, 'sko');
  return {
    trainingMode: getSetting(ctx, 'trainingMode'),
    workingDocuments: docs.working,
    trainingDocuments: docs.training,
    queue: ctx.fiscal.pending().pending,
    shiftOpen: currentShift(ctx) !== null,
    sko: { url: sko.url, deviceCode: sko.deviceCode, publicKeys: sko.publicKeys.length, caFile: sko.caFile },
    lastWorking: getSetting(ctx, 'lastWorkingSko'),
    blockers: blockers(ctx),
  };
}

/** The СКО's clock against the till's. */
async function clockOf(ctx: Ctx, gateway: SkoGateway): Promise<ClockCheck> {
  const { serverTime } = await withTimeout(gateway.ping(), PROBE_TIMEOUT_MS);
  const till = ctx.clock();
  const skewSeconds = Math.round((Date.parse(serverTime) - till.getTime()) / 1000);
  return { skoTime: serverTime, tillTime: till.toISOString(), skewSeconds, ok: Math.abs(skewSeconds) <= CLOCK_TOLERANCE_SECONDS };
}

const skewWords = (c: ClockCheck) => `часы СКО ${c.skewSeconds > 0 ? 'впереди' : 'позади'} часов кассы на ${Math.abs(c.skewSeconds)} с`;

function checkedKey(pem: string): string {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(key.asymmetricKeyType ?? 'unknown');
  } catch {
    throw new KassaError('VALIDATION', 'Открытый ключ оператора не читается: нужен ключ Ed25519 в формате PEM', {
      issues: [{ path: ['publicKey'], message: 'Нужен открытый ключ Ed25519 в формате PEM' }],
    });
  }
  return `${pem.trim()}\n`;
}

function checkedCa(pem: string | null): string | null {
  if (pem === null) return null;
  try {
    new X509Certificate(pem);
  } catch {
    throw new KassaError('VALIDATION', 'Сертификат УЦ не читается: нужен сертификат X.509 в формате PEM', {
      issues: [{ path: ['caCertificate'], message: 'Нужен сертификат X.509 в формате PEM' }],
    });
  }
  return `${pem.trim()}\n`;
}

/**
 * «Перейти в рабочий режим»: binds the till to the operator's СКО with the device code, unlocks it
 * with the PIN, takes the requisites from it (УНП checked by its check digit) and reads its clock
 * — all on a connection of its own, before anything is saved. Then, in one transaction: the СКО
 * settings, the requisites, the binding and working mode; from then on the till talks to that СКО.
 * The first working shift will be № 1 and its first check № 1.
 */
export async function goWorking(ctx: Ctx, input: ToWorkingInput): Promise<{ tillId: string; requisites: Requisites; clock: ClockCheck; message: string }> {
  if (!getSetting(ctx, 'trainingMode')) throw new KassaError('CONFLICT', 'Касса уже в рабочем режиме');
  requireSwitchable(ctx);
  const refusal = plainHttpRefusal(input.url);
  if (refusal) throw new KassaError('VALIDATION', refusal, { issues: [{ path: ['url'], message: refusal }] });
  const publicKey = checkedKey(input.publicKey);
  const ca = checkedCa(input.caCertificate);
  const before = getSetting(ctx, 'sko');

  // A binding of its own, in memory: a refusal anywhere leaves the till's training binding as it was.
  const installationId = ctx.db.value<string>('SELECT installation_id FROM sko_session WHERE id = 1');
  const session = memorySessionStore(installationId);
  const caFile = ca === null ? null : join(dirname(ctx.db.name), SKO_CA_FILE);
  const settings = { url: input.url, deviceCode: input.deviceCode, caFile: null, publicKeys: [publicKey], timeoutMs: before.timeoutMs };
  // The CA goes to the candidate in memory: nothing is written before the switch.
  const conn = ctx.skoControl.open(false, settings, session, ca ?? undefined);
  let unlocked: { message: string };
  let fromSko;
  let clock: ClockCheck;
  try {
    unlocked = await conn.gateway.unlock(input.pin);
    fromSko = await conn.gateway.requisites().catch((err: unknown) => {
      throw new KassaError('FISCAL_UNAVAILABLE', `Реквизиты не получены от СКО: ${messageOf(err)}`);
    });
    clock = await clockOf(ctx, conn.gateway).catch((err: unknown) => {
      throw new KassaError('FISCAL_UNAVAILABLE', `СКО не ответил на запрос времени: ${messageOf(err)}`);
    });
  } catch (err) {
    if (err instanceof KassaError) throw err;
    throw new KassaError('FISCAL_UNAVAILABLE', `СКО: ${messageOf(err)}`);
  } finally {
    conn.close();
  }
  let unp: string;
  try {
    unp = checkedUnp(fromSko.unp);
  } catch {
    throw new KassaError('FISCAL_UNAVAILABLE', `СКО прислал неверный УНП «${fromSko.unp}»: рабочий режим не включён`);
  }
  if (!fromSko.organization.trim() || !fromSko.registrationNumber.trim()) {
    throw new KassaError('FISCAL_UNAVAILABLE', 'СКО не прислал название организации или регистрационный номер ПК: рабочий режим не включён');
  }
  const old = getSetting(ctx, 'requisites');
  const requisites: Requisites = {
    organization: fromSko.organization,
    unp,
    registrationNumber: fromSko.registrationNumber,
    tradeObject: fromSko.tradeObject ?? old.tradeObject,
    address: fromSko.address ?? old.address,
  };
  const bound = session.current();

  if (caFile !== null && ca !== null) writeFileSync(caFile, ca, { mode: 0o600 });
  ctx.db.transaction(() => {
    // The shift or the queue may have changed while the СКО answered: then nothing is saved.
    if (!getSetting(ctx, 'trainingMode')) throw new KassaError('CONFLICT', 'Касса уже в рабочем режиме');
    requireSwitchable(ctx);
    setSetting(ctx, 'sko', { ...settings, caFile });
    setSetting(ctx, 'requisites', requisites);
    setSetting(ctx, 'trainingMode', false);
    setSetting(ctx, 'skoUnlocked', true);
    setSetting(ctx, 'lastWorkingSko', { url: input.url, deviceCode: input.deviceCode });
    sqliteSessionStore(ctx.db, input.url).save(bound);
    audit(ctx, 'requisites.filledFromSko', { before: old, after: requisites, tillId: bound.tillId });
    audit(ctx, 'mode.working', {
      url: input.url,
      tillId: bound.tillId,
      clockSkewSeconds: clock.skewSeconds,
      ca: caFile !== null,
      trainingDocuments: documentsByMode(ctx).training,
    });
  })();
  ctx.skoControl.reconnect();
  await afterSwitch(ctx);
  const warn = clock.ok ? '' : ` Внимание: ${skewWords(clock)} — проверьте время кассы.`;
  return {
    tillId: bound.tillId ?? '',
    requisites,
    clock,
    message: `Касса привязана к СКО и работает в рабочем режиме. ${unlocked.message}. Первая смена — № 1, первый чек — № 1.${warn}`,
  };
}

/**
 * «Вернуться в учебный режим». On a till with no working documents it simply goes back. Otherwise
 * only `confirmed`: CONFIRM_REQUIRED first says what happens.
 */
export async function goTraining(ctx: Ctx, confirmed: boolean): Promise<{ message: string }> {
  if (getSetting(ctx, 'trainingMode')) throw new KassaError('CONFLICT', 'Касса уже в учебном режиме');
  requireSwitchable(ctx);
  const { working } = documentsByMode(ctx);
  if (working > 0 && !confirmed) {
    throw new KassaError(
      'CONFIRM_REQUIRED',
      `В кассе ${working} документов рабочего режима. Они останутся в базе и в СКО оператора как есть. ` +
        'Касса перейдёт на встроенный учебный эмулятор СКО: новые документы будут учебными, с учебной нумерацией смен, и на чеках будет «УЧЕБНЫЙ РЕЖИМ». ' +
        'Привязка к СКО оператора снимется: для возврата в рабочий режим снова понадобятся код привязки и PIN. ' +
        'После перехода касса попросит PIN учебного режима (любые 4–8 цифр).',
    );
  }
  const before = getSetting(ctx, 'sko');
  ctx.db.transaction(() => {
    if (getSetting(ctx, 'trainingMode')) throw new KassaError('CONFLICT', 'Касса уже в учебном режиме');
    requireSwitchable(ctx);
    if (before.url !== null) setSetting(ctx, 'lastWorkingSko', { url: before.url, deviceCode: before.deviceCode });
    // No URL in training = the built-in emulator: nothing of training can reach the operator.
    setSetting(ctx, 'sko', { url: null, deviceCode: '', caFile: null, publicKeys: [], timeoutMs: before.timeoutMs });
    setSetting(ctx, 'trainingMode', true);
    setSetting(ctx, 'skoUnlocked', false);
    audit(ctx, 'mode.training', { from: before.url, workingDocuments: working, confirmed });
  })();
  ctx.skoControl.reconnect();
  await afterSwitch(ctx);
  return { message: 'Касса в учебном режиме. Введите PIN учебного режима (любые 4–8 цифр).' };
}

/** The screens follow the new mode; the simulated scale runs in training mode only. */
async function afterSwitch(ctx: Ctx): Promise<void> {
  ctx.emit('session.changed', appStatus(ctx));
  ctx.emit('fiscal.queue', ctx.fiscal.queue());
  await ctx.devices.restart('scale').catch((err: unknown) => ctx.log('golive: весы после смены режима', err));
}

// ─── The checklist ────────────────────────────────────────────────────────────

function requisitesItem(ctx: Ctx): ChecklistItem {
  const r = getSetting(ctx, 'requisites');
  const title = 'Реквизиты заполнены и проверены';
  const empty = (
    [
      ['organization', 'организация'],
      ['unp', 'УНП'],
      ['registrationNumber', 'регистрационный номер ПК'],
      ['tradeObject', 'торговый объект'],
      ['address', 'адрес'],
    ] as const
  )
    .filter(([k]) => !r[k].trim())
    .map(([, name]) => name);
  if (empty.length > 0) return { id: 'requisites', state: 'fail', title, detail: `Не заполнено: ${empty.join(', ')} («Настройки» → «Реквизиты»)` };
  try {
    checkedUnp(r.unp);
  } catch {
    return { id: 'requisites', state: 'fail', title, detail: `УНП «${r.unp}» неверный: не сходится контрольная цифра` };
  }
  const fromSko = ctx.db.value<number>("SELECT EXISTS (SELECT 1 FROM audit_log WHERE action = 'requisites.filledFromSko')") === 1;
  if (!fromSko) return { id: 'requisites', state: 'warn', title, detail: `УНП ${r.unp} верный, но реквизиты не сверены с СКО: нажмите «Заполнить из ПК»` };
  return { id: 'requisites', state: 'ok', title, detail: `${r.organization}, УНП ${r.unp} (контрольная цифра верна), ПК № ${r.registrationNumber}` };
}

function testReceiptItem(ctx: Ctx): ChecklistItem {
  const title = 'Пробный чек напечатан';
  const printed = ctx.db.value<string>(
    "SELECT at FROM audit_log WHERE action = 'receipt.printed' AND json_extract(details, '$.what') = 'test' ORDER BY id DESC LIMIT 1",
  );
  const connection = getSetting(ctx, 'printer').connection.kind;
  if (connection === 'emulator' || connection === 'none') {
    return { id: 'testReceipt', state: 'fail', title, detail: 'Принтер чеков не выбран: касса печатает на экран. Настройте принтер в «Оборудование»' };
  }
  if (printed === undefined)
    return { id: 'testReceipt', state: 'fail', title, detail: 'Напечатайте пробный чек («Оборудование» → «Пробный чек») и проверьте русские буквы' };
  return { id: 'testReceipt', state: 'ok', title, detail: `Напечатан ${new Date(printed).toLocaleString('ru-RU')}` };
}

async function skoItem(ctx: Ctx): Promise<ChecklistItem> {
  const title = 'СКО доступен, часы сходятся (±1 мин)';
  try {
    const clock = await clockOf(ctx, ctx.sko);
    const where = ctx.sko.training ? 'учебный эмулятор СКО' : ctx.sko.info().endpoint;
    if (!clock.ok) return { id: 'sko', state: 'warn', title, detail: `${where} отвечает, но ${skewWords(clock)}: проверьте время кассы` };
    return { id: 'sko', state: 'ok', title, detail: `${where} отвечает; расхождение часов ${Math.abs(clock.skewSeconds)} с` };
  } catch (err) {
    const reached = isSkoError(err) && !['unreachable', 'timeout', 'dropped'].includes(err.kind);
    return { id: 'sko', state: 'fail', title, detail: `${reached ? 'СКО отказал' : 'СКО недоступен'}: ${messageOf(err)}` };
  }
}

function backupItem(ctx: Ctx): ChecklistItem {
  const title = 'Место для резервных копий задано';
  const targets = getSetting(ctx, 'storageTargets');
  if (targets.length === 0) return { id: 'backup', state: 'fail', title, detail: 'Не задано ни одно место хранения (папка, FTP, WebDAV) для выгрузки базы' };
  return { id: 'backup', state: 'ok', title, detail: targets.map((t) => t.name).join(', ') };
}

function terminalItem(ctx: Ctx): ChecklistItem {
  const title = 'Платёжный терминал настроен или оплата картой выключена';
  const terminal = getSetting(ctx, 'paymentTerminal');
  if (terminal.kind === 'standalone')
    return { id: 'terminal', state: 'ok', title, detail: 'Автономный терминал банка: кассир вводит код авторизации с чека терминала' };
  if (terminal.kind === 'integrated') return { id: 'terminal', state: 'ok', title, detail: `Интегрированный терминал ${terminal.host}:${terminal.port}` };
  // No terminal: in working mode a card payment is refused — card payments are off, said plainly.
  return {
    id: 'terminal',
    state: 'warn',
    title,
    detail: 'Терминал не подключён: в рабочем режиме оплата картой будет отклонена. Если карты принимаются, настройте терминал («Настройки» → «Работа кассы»)',
  };
}

export async function goLiveChecklist(ctx: Ctx): Promise<GoLiveChecklist> {
  const items = [requisitesItem(ctx), testReceiptItem(ctx), await skoItem(ctx), backupItem(ctx), terminalItem(ctx)];
  return { items, ready: items.every((i) => i.state !== 'fail'), checkedAt: ctx.clock().toISOString() };
}

// ─── Program updates ──────────────────────────────────────────────────────────

export function updateSettings(ctx: Ctx): UpdateSettings {
  return getSetting(ctx, 'updates');
}

/** The Electron shell reads it at its next check (main/host/electron-updates.ts); the web host has no updates. */
export function saveUpdateSettings(ctx: Ctx, input: UpdateSettings): UpdateSettings {
  const before = getSetting(ctx, 'updates');
  ctx.db.transaction(() => {
    setSetting(ctx, 'updates', input);
    audit(ctx, 'updates.saved', { before, after: input });
  })();
  return input;
}
