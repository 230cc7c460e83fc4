/**
 * What the cashier reads for the contract's payment forms and document kinds: the screens, the
 * receipt and the X/Z reports name them from these tables. Pure. The keys are the contract's enums
 * (preload/contract.ts) spelled out, since common imports nothing; tests/unit/common-rules.test.ts
 * keeps them equal.
 */

export type PaymentFormKey = 'cash' | 'card' | 'gift' | 'oplati' | 'noncash' | 'advance';
export type DocumentKindKey = 'shift_open' | 'sale' | 'return' | 'annulment' | 'cash_in' | 'cash_out' | 'x_report' | 'z_report';
export type NegativeStockKey = 'allow' | 'warn' | 'refuse';
export type RoleKey = 'admin' | 'cashier';
export type DiscountCardKindKey = 'number' | 'prefix';

/** A discount card entry: one card by its number, or a series by the prefix its numbers start with. */
export const DISCOUNT_CARD_KIND_NAMES: Readonly<Record<DiscountCardKindKey, string>> = {
  prefix: 'серия (префикс)',
  number: 'одна карта (номер)',
};

/** Who a user is: the login tiles, the users' list, the menu's card, the journal. */
export const ROLE_NAMES: Readonly<Record<RoleKey, string>> = {
  admin: 'Администратор',
  cashier: 'Кассир',
};

export const PAYMENT_FORM_NAMES: Readonly<Record<PaymentFormKey, string>> = {
  cash: 'Наличные',
  card: 'Банковская карта',
  gift: 'Подарочный сертификат',
  oplati: 'ОПЛАТИ',
  noncash: 'Иная безналичная',
  advance: 'Иная предоплата',
};

/** One document: «Продажа № 5, смена 2». */
export const DOCUMENT_KIND_NAMES: Readonly<Record<DocumentKindKey, string>> = {
  shift_open: 'Открытие смены',
  sale: 'Продажа',
  return: 'Возврат',
  annulment: 'Аннулирование',
  cash_in: 'Внесение',
  cash_out: 'Изъятие',
  x_report: 'X-отчёт',
  z_report: 'Z-отчёт',
};

/** Documents counted by kind, as the X and Z reports list them. */
export const DOCUMENT_KIND_PLURALS: Readonly<Record<DocumentKindKey, string>> = {
  shift_open: 'Открытие смены',
  sale: 'Продажи',
  return: 'Возвраты',
  annulment: 'Аннулирования',
  cash_in: 'Внесения',
  cash_out: 'Изъятия',
  x_report: 'X-отчёты',
  z_report: 'Z-отчёты',
};

/** The checks the settings may allow to annul. */
export const CHECK_NAMES: Readonly<Record<'sale' | 'return', string>> = {
  sale: 'Чек продажи',
  return: 'Чек возврата',
};

/** The columns of a price list (import mapping, errors, export headings) — main and the screen say them alike. */
export const PRICE_LIST_FIELD_NAMES = {
  code: 'Код',
  name: 'Наименование',
  barcodes: 'Штрихкоды',
  price: 'Цена',
  vatRate: 'НДС',
  unit: 'Единица',
  section: 'Секция',
  category: 'Категория',
  weighted: 'Весовой',
  marked: 'Маркированный',
  freePrice: 'Цена при продаже',
  hidden: 'Скрыт',
} as const;

/** What the till does when a sale takes a balance below zero (stock settings, and the journal's record of them). */
export const NEGATIVE_STOCK_NAMES: Readonly<Record<NegativeStockKey, string>> = {
  allow: 'продавать',
  warn: 'продавать с предупреждением кассиру',
  refuse: 'не продавать',
};
