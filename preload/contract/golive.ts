/**
 * Going live: the guarded switch from training to working mode (and back), and the checklist the
 * admin works through before the first real check.
 */
import { z } from 'zod';
import { ADMIN, command, Empty, query } from './method.js';
import { Requisites } from './settings.js';
import { lazy } from '../../common/lazy.js';

/** What the «Рабочий режим» screen shows before a switch: where the till is, and what stands in the way. */
export const GoLiveStatus = lazy(() =>
  z.object({
    trainingMode: z.boolean(),
    /** Documents made in working mode (fiscal, at the operator's СКО). */
    workingDocuments: z.number().int(),
    trainingDocuments: z.number().int(),
    /** Documents not yet at the СКО: a switch waits for an empty queue. */
    queue: z.number().int(),
    shiftOpen: z.boolean(),
    /** The СКО the till talks to now (null URL: the built-in emulator). */
    sko: z.object({ url: z.string().nullable(), deviceCode: z.string(), publicKeys: z.number().int(), caFile: z.string().nullable() }),
    /** The working СКO last used, to fill the form again after a return to training. */
    lastWorking: z.object({ url: z.string(), deviceCode: z.string() }).nullable(),
    /** Why a switch is refused now, in the admin's words (empty: it may go). */
    blockers: z.array(z.string()),
  }),
);
export type GoLiveStatus = z.infer<typeof GoLiveStatus>;

const Pem = (what: string, label: RegExp) =>
  z.string().trim().max(20_000, `${what} — не длиннее 20 000 символов`).regex(label, `${what}: вставьте текст PEM целиком, с первой строкой «-----BEGIN …-----»`);

export const ToWorkingInput = lazy(() =>
  z
    .object({
      /** The operator's СКО: https (plain http only on this computer, for an emulator). */
      url: z.string().trim().url('Адрес СКО — полный URL, например https://sko.example.by'),
      /** Issued with the contract: binds this till to the operator. */
      deviceCode: z.string().trim().min(1, 'Укажите код привязки кассы').max(200, 'Код привязки — не длиннее 200 символов'),
      pin: z.string().regex(/^\d{4,8}$/, 'PIN — от 4 до 8 цифр'),
      /** The operator's public key (PEM, Ed25519): answers signed by another key are refused. */
      publicKey: Pem('Открытый ключ оператора', /-----BEGIN PUBLIC KEY-----/),
      /** The operator's CA certificate for an https СКО whose certificate the system does not trust (PEM), or null. */
      caCertificate: Pem('Сертификат УЦ оператора', /-----BEGIN CERTIFICATE-----/).nullable(),
    })
    .strict(),
);
export type ToWorkingInput = z.infer<typeof ToWorkingInput>;

export const ClockCheck = lazy(() =>
  z.object({
    skoTime: z.string(),
    tillTime: z.string(),
    /** The СКО's clock minus the till's, whole seconds. */
    skewSeconds: z.number().int(),
    /** Within one minute. */
    ok: z.boolean(),
  }),
);
export type ClockCheck = z.infer<typeof ClockCheck>;

export const ToWorkingResult = lazy(() =>
  z.object({
    tillId: z.string(),
    requisites: Requisites,
    clock: ClockCheck,
    message: z.string(),
  }),
);

export const ChecklistItem = lazy(() =>
  z.object({
    id: z.enum(['requisites', 'testReceipt', 'sko', 'backup', 'terminal']),
    state: z.enum(['ok', 'warn', 'fail']),
    title: z.string(),
    /** What was found, and what to do when it is not ok. */
    detail: z.string(),
  }),
);
export type ChecklistItem = z.infer<typeof ChecklistItem>;

export const GoLiveChecklist = lazy(() =>
  z.object({
    items: z.array(ChecklistItem),
    /** No item failed (warnings allowed). */
    ready: z.boolean(),
    checkedAt: z.string(),
  }),
);
export type GoLiveChecklist = z.infer<typeof GoLiveChecklist>;

/** Program updates of the Electron app: off by default (store PCs are often offline); the admin chooses the channel. */
export const UpdateSettings = lazy(() =>
  z
    .object({
      enabled: z.boolean(),
      /** `stable`: what every shop gets; `beta`: early versions, for a test till. */
      channel: z.enum(['stable', 'beta'], { error: 'Канал обновлений — stable или beta' }),
    })
    .strict(),
);
export type UpdateSettings = z.infer<typeof UpdateSettings>;

/** What the first-run wizard finds on this PC: ports, printers, and on Linux whether the till's user may open them. */
export const HardwareSurvey = lazy(() =>
  z.object({
    platform: z.string(),
    /** The OS user the till runs as. */
    user: z.string(),
    /** Serial and USB-serial ports (COM1… on Windows, /dev/ttyUSB0… on Linux). */
    serialPorts: z.array(z.object({ path: z.string(), label: z.string() })),
    /** Linux USB printers of the usblp driver (/dev/usb/lp0…). */
    usbPrinters: z.array(z.string()),
    /** Windows printer queues (for RAW printing). */
    windowsPrinters: z.array(z.string()),
    /** Linux: each device node and whether the till's user may read and write it. */
    access: z.array(z.object({ path: z.string(), ok: z.boolean(), group: z.string() })),
    /** Linux: the groups the devices need, and whether the user is in them. */
    groups: z.array(z.object({ name: z.string(), member: z.boolean() })),
    /** The exact commands that fix what is missing (empty: nothing to fix). */
    fix: z.array(z.string()),
    /** The first-run wizard was finished or skipped. */
    wizardDone: z.boolean(),
  }),
);
export type HardwareSurvey = z.infer<typeof HardwareSurvey>;

export const goliveMethods = {
  'golive.status': query(Empty, GoLiveStatus, { kind: 'user', roles: ADMIN, shift: 'any' }),
  /** Requisites and УНП, test receipt, СКО and its clock, backup target, payment terminal: each checked now. */
  'golive.checklist': query(Empty, GoLiveChecklist, { kind: 'user', roles: ADMIN, shift: 'any' }),
  /**
   * Binds the till to the operator's СКО (device code, PIN), fills the requisites from it and
   * switches to working mode; nothing is saved unless every step succeeded. Shift closed, queue empty.
   */
  'golive.toWorking': command(ToWorkingInput, ToWorkingResult, { kind: 'user', roles: ADMIN, shift: 'closed' }),
  /** Back to training: at once on a till with no working documents, else only with `confirmed` (CONFIRM_REQUIRED says what happens). */
  'golive.toTraining': command(
    lazy(() => z.object({ confirmed: z.boolean().optional() }).strict()),
    lazy(() => z.object({ message: z.string() })),
    {
      kind: 'user',
      roles: ADMIN,
      shift: 'closed',
    },
  ),
  'golive.updates': query(Empty, UpdateSettings, { kind: 'user', roles: ADMIN, shift: 'any' }),
  'golive.saveUpdates': command(UpdateSettings, UpdateSettings, { kind: 'user', roles: ADMIN, shift: 'any' }),
  /** The first-run wizard's look at this PC: ports, printers, Linux permissions and their fix. */
  'golive.hardware': query(Empty, HardwareSurvey, { kind: 'user', roles: ADMIN, shift: 'any' }),
  /** The wizard finished or skipped: it does not open by itself again (it stays under «Настройки»). */
  'golive.wizardDone': command(
    lazy(() => z.object({ skipped: z.boolean() }).strict()),
    z.null(),
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
} as const;
