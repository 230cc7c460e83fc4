/**
 * The till's settings for the cashier's work, and the requisites.
 */
import { z } from 'zod';
import { ADMIN, BOTH, command, Empty, query } from './method.js';
import { Currency } from './shapes.js';
import { OplatiSettings, PaymentTerminalSettings } from './terminal.js';
import { lazy } from '../../common/lazy.js';

/** Дифференцированный учёт (goods from the catalogue) or суммовой учёт (an amount on a section). */
export const AccountingMode = z.enum(['itemized', 'sum']);
export type AccountingMode = z.infer<typeof AccountingMode>;

export const Requisites = lazy(() =>
  z.object({
    organization: z.string(),
    unp: z.string(),
    tradeObject: z.string(),
    address: z.string(),
    registrationNumber: z.string(),
  }),
);
export type Requisites = z.infer<typeof Requisites>;

/** EAN-13 weight label `PP CCCCC WWWWW K`: prefix, item code, weight (or amount), check digit. */
export const WeightBarcodeTemplate = lazy(() =>
  z
    .object({
      /** Two-digit prefixes of weight labels (20–29 by default). */
      prefixes: z
        .array(z.string().regex(/^2\d$/, 'Префикс весовой этикетки — от 20 до 29'))
        .min(1, 'Укажите хотя бы один префикс')
        .max(10, 'Не больше 10 префиксов')
        .refine((p) => new Set(p).size === p.length, 'Префиксы повторяются'),
      itemDigits: z.number().int().min(3, 'Код товара — от 3 цифр').max(7, 'Код товара — до 7 цифр'),
      valueDigits: z.number().int().min(3, 'Вес — от 3 цифр').max(7, 'Вес — до 7 цифр'),
      /** What the value field holds: the weight in grams, or the line amount in kopecks. */
      value: z.enum(['weight', 'price']),
    })
    .strict()
    .refine((t) => t.itemDigits + t.valueDigits === 10, {
      message: 'Код товара и вес вместе — 10 цифр (2 префикс + 10 + 1 контрольная)',
      path: ['valueDigits'],
      // Said together with a bad prefix too, so the admin fixes both at once.
      // A custom `when` runs on any input, null included: it must not read a field of null.
      when: ({ value }) => {
        const t = value !== null && typeof value === 'object' ? (value as { itemDigits?: unknown; valueDigits?: unknown }) : {};
        return Number.isInteger(t.itemDigits) && Number.isInteger(t.valueDigits);
      },
    }),
);
export type WeightBarcodeTemplate = z.infer<typeof WeightBarcodeTemplate>;

/** What the СКО protocol lets a till annul: a sale or a return (cash in / out are corrected by the opposite one). */
export const AnnullableKind = z.enum(['sale', 'return']);

/** Which documents may be annulled and until when (DOMAIN: configurable). */
export const AnnulmentRules = lazy(() =>
  z
    .object({
      kinds: z.array(AnnullableKind),
      /**
       * `lastDocument`: only the last document of the open shift (nothing after it);
       * `lastCheck`: the last sale or return of the open shift (a cash in / out or an X after it is fine).
       */
      scope: z.enum(['lastDocument', 'lastCheck']),
      /** Only on the calendar day the document was made. */
      sameDay: z.boolean(),
      /** Only this many minutes after the document; 0 = no limit. */
      maxMinutes: z.number().int('Минуты — целое число').min(0, 'Не меньше 0 минут').max(1440, 'Не больше 1440 минут'),
    })
    .strict(),
);
export type AnnulmentRules = z.infer<typeof AnnulmentRules>;

export const DiscountLimits = lazy(() =>
  z
    .object({
      /** Largest discount on a line and on a check, in hundredths of a percent of its amount. */
      maxLinePercent: z.number().int('Проценты — не больше двух знаков после запятой').min(0, 'Не меньше 0 %').max(10_000, 'Не больше 100 %'),
      maxCheckPercent: z.number().int('Проценты — не больше двух знаков после запятой').min(0, 'Не меньше 0 %').max(10_000, 'Не больше 100 %'),
      allowMarkup: z.boolean(),
      /** The discount a discount card gives, in hundredths of a percent. */
      cardPercent: z.number().int('Проценты — не больше двух знаков после запятой').min(0, 'Не меньше 0 %').max(10_000, 'Не больше 100 %'),
    })
    .strict(),
);
export type DiscountLimits = z.infer<typeof DiscountLimits>;

/** Absurd amounts: change above `maxChange` is refused; a check above `confirmCheckTotal` (kopecks) or a line above the quantities asks the cashier first. */
export const AmountLimits = lazy(() =>
  z
    .object({
      maxChange: z.number().int('Сумма — в копейках').min(1, 'Сдача — больше нуля').max(100_000_000, 'Сдача — не больше 1 000 000.00'),
      confirmCheckTotal: z.number().int('Сумма — в копейках').min(1, 'Сумма — больше нуля').max(1_000_000_000, 'Сумма слишком велика'),
      /** Quantities (thousandths) above which a line asks the cashier first: pieces, kilograms. */
      confirmPieces: z.number().int('Количество — в тысячных').min(1000, 'Не меньше 1 шт').max(100_000_000, 'Слишком много'),
      confirmKg: z.number().int('Вес — в граммах').min(1, 'Больше нуля').max(100_000_000, 'Слишком много'),
    })
    .strict(),
);
export type AmountLimits = z.infer<typeof AmountLimits>;

/** Past this many hours a shift takes no sales until its Z (DOMAIN: 24 h by default). */
export const MaxShiftHours = z.number().int('Часы — целое число').min(1, 'Смена — не короче 1 ч').max(72, 'Смена — не длиннее 72 ч');

/** The till's settings for the cashier's work. */
export const WorkflowSettings = lazy(() =>
  z
    .object({
      accountingMode: AccountingMode,
      weightBarcode: WeightBarcodeTemplate,
      /** Currencies of cash in / cash out; BYN is always one of them. */
      currencies: z
        .array(Currency)
        .min(1)
        .refine((c) => c.includes('BYN'), 'BYN нельзя убрать из валют'),
      annulment: AnnulmentRules,
      paymentTerminal: PaymentTerminalSettings,
      /** ОПЛАТИ «в едином цикле»: the gateway the till asks (working mode). */
      oplati: OplatiSettings,
      discounts: DiscountLimits,
      /** Z only with an empty drawer (the operator analogue's rule); «изъять всё и закрыть» empties it. */
      zRequiresEmptyDrawer: z.boolean(),
      maxShiftHours: MaxShiftHours,
      amountLimits: AmountLimits,
      /** A return may move a card / ОПЛАТИ / certificate refund to cash (off: refunded to the original forms only). */
      returnToCash: z.boolean(),
      /** Deleting a line from the check needs an admin's password. */
      stornoNeedsAdmin: z.boolean(),
      /** The same piece item scanned again raises its line's quantity (never weighed or marked goods). */
      repeatScanAddsQuantity: z.boolean(),
    })
    .strict(),
);
export type WorkflowSettings = z.infer<typeof WorkflowSettings>;

/** The requisites and whether the СКО filled them (then organisation, УНП and registration number are locked). */
export const RequisitesState = lazy(() => z.object({ requisites: Requisites, fromSko: z.boolean() }));
export type RequisitesState = z.infer<typeof RequisitesState>;

export const settingsMethods = {
  'settings.workflow': query(Empty, WorkflowSettings, { kind: 'user', roles: BOTH, shift: 'any' }),
  /** Saves some of the workflow settings; the accounting mode only while the shift is closed. */
  'settings.saveWorkflow': command(
    lazy(() =>
      z
        .object({
          accountingMode: AccountingMode.optional(),
          weightBarcode: WeightBarcodeTemplate.optional(),
          currencies: z
            .array(Currency)
            .min(1)
            .refine((c) => c.includes('BYN'), 'BYN нельзя убрать из валют')
            .optional(),
          annulment: AnnulmentRules.optional(),
          paymentTerminal: PaymentTerminalSettings.optional(),
          oplati: OplatiSettings.optional(),
          discounts: DiscountLimits.optional(),
          zRequiresEmptyDrawer: z.boolean().optional(),
          maxShiftHours: MaxShiftHours.optional(),
          amountLimits: AmountLimits.optional(),
          returnToCash: z.boolean().optional(),
          stornoNeedsAdmin: z.boolean().optional(),
          repeatScanAddsQuantity: z.boolean().optional(),
        })
        .strict()
        .refine((s) => Object.values(s).some((v) => v !== undefined), 'Нет настроек для сохранения'),
    ),
    WorkflowSettings,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** «Заполнить из ПК»: organisation, УНП and registration number as the operator registered them. */
  'settings.fillRequisitesFromSko': command(Empty, Requisites, { kind: 'user', roles: ADMIN, shift: 'any' }),
  'settings.requisites': query(Empty, RequisitesState, { kind: 'user', roles: ADMIN, shift: 'any' }),
  /**
   * Saves the requisites typed by the admin (УНП checked). Once filled from the СКО, organisation,
   * УНП and registration number are the operator's and stay; trade object and address stay editable.
   */
  'settings.saveRequisites': command(
    lazy(() =>
      z
        .object({
          organization: z.string().trim().min(1, 'Введите название организации').max(200, 'Название организации — до 200 символов'),
          unp: z
            .string()
            .trim()
            .toUpperCase()
            .regex(/^[0-9A-Z]{9}$/, 'УНП — 9 знаков'),
          registrationNumber: z
            .string()
            .trim()
            .regex(/^\d{1,20}$/, 'Регистрационный номер ПК — только цифры, до 20'),
          tradeObject: z.string().trim().min(1, 'Введите название торгового объекта').max(200, 'Название торгового объекта — до 200 символов'),
          address: z.string().trim().min(1, 'Введите адрес торгового объекта').max(300, 'Адрес — до 300 символов'),
        })
        .strict(),
    ),
    RequisitesState,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
} as const;
