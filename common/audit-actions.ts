/**
 * What each entry of the audit log records («Журнал действий»), in the admin's words. `audit()` in
 * main takes only these codes, so an action cannot reach the journal without its name here; the
 * journal screen and its CSV show the name, and keep the code for the filter.
 */
import { DISCOUNT_CARD_KIND_NAMES, NEGATIVE_STOCK_NAMES, ROLE_NAMES } from './display-names.js';
import { formatFileSize } from './file-size.js';
import { formatMoney, formatQuantity, percentText } from './money.js';

export const AUDIT_ACTION_NAMES = {
  login: 'Вход',
  'login.failed': 'Вход: неверный пароль',
  'login.refused': 'Вход запрещён',
  logout: 'Выход',
  'logout.idle': 'Выход по бездействию',
  'password.changed': 'Пароль изменён',
  'password.reset': 'Пароль сброшен администратором',
  'user.created': 'Пользователь создан',
  'user.changed': 'Пользователь изменён',
  'user.disabled': 'Пользователь отключён',
  'user.enabled': 'Пользователь включён',
  'user.unlocked': 'Пользователь разблокирован',
  'settings.security.saved': 'Настройки входа сохранены',
  'shift.opened': 'Смена открыта',
  'shift.closed': 'Смена закрыта',
  'cash.in': 'Внесение наличных',
  'cash.out': 'Изъятие наличных',
  'check.lineRemoved': 'Строка чека удалена',
  'check.lineDiscount': 'Скидка на строку',
  'check.discount': 'Скидка на чек',
  'check.cancelled': 'Чек отменён',
  'check.parked': 'Чек отложен',
  'check.resumed': 'Отложенный чек продолжен',
  'return.made': 'Возврат',
  'document.annulled': 'Документ аннулирован',
  'document.copy': 'Копия документа',
  'receipt.printed': 'Документ напечатан',
  'receipt.print_failed': 'Документ не напечатан',
  'drawer.opened': 'Денежный ящик открыт',
  'drawer.failed': 'Денежный ящик не открылся',
  'drawer.refused': 'Открытие ящика кассиру запрещено',
  'terminal.unknown': 'Операция терминала без ответа',
  'terminal.last_operation': 'Запрошена последняя операция терминала',
  'terminal.settled': 'Исход операции терминала задан вручную',
  'terminal.reversed': 'Операция терминала отменена',
  'terminal.reverse_failed': 'Отмена операции терминала не удалась',
  'terminal.reconciled': 'Сверка итогов терминала',
  'terminal.simulate': 'Ответ учебного терминала задан',
  'sko.unlocked': 'PIN СКО принят',
  'sko.document.rejected': 'СКО отклонил документ',
  'sko.answer.rejected': 'Ответ СКО не принят',
  'sko.document.resent': 'Документ отправлен в СКО повторно',
  'sko.document.compared': 'Документ сверен со СКО',
  'fiscal.settings': 'Настройки СКО сохранены',
  'mode.working': 'Переход в рабочий режим',
  'mode.training': 'Переход в учебный режим',
  'requisites.saved': 'Реквизиты сохранены',
  'requisites.filledFromSko': 'Реквизиты заполнены из СКО',
  'settings.workflow': 'Настройки работы кассы сохранены',
  'devices.saved': 'Настройки оборудования сохранены',
  'updates.saved': 'Настройки обновлений сохранены',
  'firstRun.done': 'Мастер первого запуска пройден',
  'firstRun.skipped': 'Мастер первого запуска пропущен',
  'sections.add': 'Секция добавлена',
  'sections.update': 'Секция изменена',
  'sections.remove': 'Секция удалена',
  'goods.created': 'Товар создан',
  'goods.changed': 'Товар изменён',
  'goods.hidden': 'Товар скрыт',
  'goods.deleted': 'Товар удалён',
  'goods.categoryCreated': 'Категория создана',
  'goods.categoryChanged': 'Категория изменена',
  'discountCards.add': 'Дисконтная карта добавлена',
  'discountCards.update': 'Дисконтная карта изменена',
  'discountCards.remove': 'Дисконтная карта удалена',
  'priceList.import': 'Прайс-лист загружен',
  'priceList.export': 'Прайс-лист выгружен',
  'priceList.saveTemplate': 'Шаблон прайс-листа сохранён',
  'priceList.removeTemplate': 'Шаблон прайс-листа удалён',
  'stock.receipt': 'Приход товара',
  'stock.write_off': 'Списание товара',
  'stock.inventory': 'Инвентаризация',
  'stock.settings': 'Настройки учёта остатков сохранены',
  'storage.addTarget': 'Хранилище добавлено',
  'storage.changeTarget': 'Хранилище изменено',
  'storage.removeTarget': 'Хранилище удалено',
  'exports.done': 'Отчёты смены выгружены',
  'exports.retry': 'Выгрузка отчётов повторена',
  'exports.settings.saved': 'Настройки выгрузки отчётов сохранены',
  'maintenance.export': 'Экспорт базы данных',
  'maintenance.import.started': 'Импорт базы начат',
  'maintenance.import': 'Импорт базы данных',
  'maintenance.cleanup.started': 'Очистка базы начата',
  'maintenance.cleanup': 'Очистка базы данных',
  'maintenance.schedule.saved': 'Расписание экспорта сохранено',
  'maintenance.support': 'Файл для поддержки записан',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTION_NAMES;

/** The name of an action; a code this version no longer writes (an older till's log) shows as it is. */
export function auditActionName(action: string): string {
  return Object.hasOwn(AUDIT_ACTION_NAMES, action) ? AUDIT_ACTION_NAMES[action as AuditAction] : action;
}

/** The journal's label of a detail of an entry; a key not here keeps its own name. */
const DETAIL_LABELS: Readonly<Record<string, string>> = {
  login: 'логин',
  role: 'роль',
  training: 'учебный режим',
  cashierId: 'идентификатор кассира',
  number: '№',
  shift: 'смена',
  shiftNumber: 'смена',
  numberInShift: '№ в смене',
  documentId: 'id документа',
  refersTo: 'к документу',
  amount: 'сумма',
  total: 'сумма',
  price: 'цена',
  quantity: 'кол-во',
  currency: 'валюта',
  reason: 'причина',
  message: 'сообщение',
  minutes: 'минут',
  failures: 'неудачных попыток',
  locked: 'заблокирован',
  approvedBy: 'разрешил',
  name: 'название',
  line: 'строка',
  lines: 'строк',
  rows: 'строк',
  path: 'файл',
  file: 'файл',
  where: 'где',
  bytes: 'размер',
  documents: 'документов',
  shifts: 'смен',
  removed: 'удалено',
  mode: 'режим',
  form: 'форма оплаты',
  outcome: 'исход',
  note: 'примечание',
  copy: 'копия',
  by: 'кто',
  // An item's card and a category (goods.*: { changes: { field: [old, new] } })
  code: 'код',
  barcodes: 'штрихкоды',
  unit: 'ед.',
  vatRate: 'НДС',
  section: 'секция',
  categoryId: 'категория',
  parentId: 'входит в',
  weighted: 'весовой',
  marked: 'маркированный',
  freePrice: 'своб. цена',
  hidden: 'скрыт',
  // Settings saved as { before, after }
  organization: 'организация',
  unp: 'УНП',
  tradeObject: 'торговый объект',
  address: 'адрес',
  registrationNumber: 'рег. номер',
  maxQueuedDocuments: 'документов в очереди',
  maxUnsentAgeHours: 'часов без отправки',
  zWaitSeconds: 'ждать Z, с',
  enabled: 'включено',
  channel: 'канал',
  negative: 'минус в остатках',
  percent: 'процент',
  item: 'товар',
  category: 'категория',
  // A discount or markup (check.discount, check.lineDiscount)
  adjustment: 'скидка',
  card: 'карта',
};

type DetailFormat = 'money' | 'quantity' | 'bytes' | 'percent' | 'vat' | 'id' | 'negative' | 'role' | 'adjustment' | 'cardKind';
/** Details held as the till keeps them (kopecks, thousandths, bytes, hundredths of a percent), written as it writes them. */
const DETAIL_FORMATS: Readonly<Record<string, DetailFormat>> = {
  amount: 'money',
  total: 'money',
  price: 'money',
  quantity: 'quantity',
  bytes: 'bytes',
  percent: 'percent',
  vatRate: 'vat',
  // The journal has no names for them: the category's number in the database.
  categoryId: 'id',
  parentId: 'id',
  negative: 'negative',
  role: 'role',
  adjustment: 'adjustment',
};

/** Keys that mean one thing in an area's entries only (`kind` is a document's, a storage's, a card's…): by the action's first word. */
const AREA_DETAILS: Readonly<Record<string, Readonly<Record<string, { readonly label: string; readonly format?: DetailFormat }>>>> = {
  discountCards: { kind: { label: 'вид', format: 'cardKind' }, number: { label: 'номер или префикс' } },
};

const areaDetail = (key: string, area: string) =>
  Object.hasOwn(AREA_DETAILS, area) && Object.hasOwn(AREA_DETAILS[area]!, key) ? AREA_DETAILS[area]![key] : undefined;
const formatOf = (key: string, area = '') => areaDetail(key, area)?.format ?? (Object.hasOwn(DETAIL_FORMATS, key) ? DETAIL_FORMATS[key] : undefined);
const labelOf = (key: string, area = '') => areaDetail(key, area)?.label ?? (Object.hasOwn(DETAIL_LABELS, key) ? DETAIL_LABELS[key]! : key);

const MAX_DETAIL_TEXT = 60;

/** A contract's code written by its name (a policy, a role, a card's kind); a code without a name stays as it is. */
const VALUE_NAMES: Partial<Record<DetailFormat, Readonly<Record<string, string>>>> = {
  negative: NEGATIVE_STOCK_NAMES,
  role: ROLE_NAMES,
  cardKind: DISCOUNT_CARD_KIND_NAMES,
};

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function detailValue(value: unknown, as: DetailFormat | undefined): string {
  if (as === 'vat' && value === null) return 'без НДС';
  if (as === 'adjustment') return adjustmentText(value);
  if (value === null || value === undefined) return '—';
  const names = as === undefined ? undefined : VALUE_NAMES[as];
  if (names && typeof value === 'string' && Object.hasOwn(names, value)) return names[value]!;
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (as === 'money') return formatMoney(value);
    if (as === 'quantity') return formatQuantity(value);
    if (as === 'bytes') return formatFileSize(value);
    if (as === 'percent' || as === 'vat') return percentText(value);
    if (as === 'id') return `№ ${value}`;
  }
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  // A change written as { from, to } (user.changed).
  if (isRecord(value) && Object.keys(value).length === 2 && 'from' in value && 'to' in value) return `${detailValue(value.from, as)} → ${detailValue(value.to, as)}`;
  if (Array.isArray(value) && value.length === 0) return '—';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.join(', ');
  if (Array.isArray(value)) return `${value.length} шт.`;
  const text = JSON.stringify(value);
  return text.length > MAX_DETAIL_TEXT ? `${text.slice(0, MAX_DETAIL_TEXT - 1)}…` : text;
}

/** A discount or markup as the contract keeps it ({ kind, by: percent | sum, value }): «5 %», «надбавка 1.00»; none: «снята». */
function adjustmentText(value: unknown): string {
  if (value === null || value === undefined) return 'снята';
  const a = value as { kind?: unknown; by?: unknown; value?: unknown };
  if (typeof a.value !== 'number' || !Number.isInteger(a.value)) return JSON.stringify(value);
  const amount = a.by === 'percent' ? percentText(a.value) : formatMoney(a.value);
  return a.kind === 'markup' ? `надбавка ${amount}` : amount;
}

/** What an action changed: each field with its old and its new value. */
export type FieldChanges = Readonly<Record<string, readonly [unknown, unknown]>>;

const isChanges = (v: unknown): v is FieldChanges => isRecord(v) && Object.values(v).every((p) => Array.isArray(p) && p.length === 2);

/**
 * «цена: 1.89 → 1.99» for each changed field, in the journal's words. `only`: a thing made (its new
 * values) or removed (its old ones), without arrows. `value`: a field written another way (the item
 * card names a category where the journal has its number).
 */
export function changesText(
  changes: FieldChanges,
  options: {
    readonly only?: 'new' | 'old';
    readonly separator?: string;
    /** The action's first word, for keys that mean one thing there only. */
    readonly area?: string;
    readonly value?: (field: string, value: unknown) => string | undefined;
  } = {},
): string {
  const area = options.area ?? '';
  const shown = (field: string, v: unknown) => options.value?.(field, v) ?? detailValue(v, formatOf(field, area));
  return Object.entries(changes)
    .map(([field, [from, to]]) => {
      if (options.only === 'new') return `${labelOf(field, area)}: ${shown(field, to)}`;
      if (options.only === 'old') return `${labelOf(field, area)}: ${shown(field, from)}`;
      return `${labelOf(field, area)}: ${shown(field, from)} → ${shown(field, to)}`;
    })
    .join(options.separator ?? ' · ');
}

/** Ids with the key of the name an entry gives beside them (goods.changed: `item` «9001 Батон к чаю»). */
const NAMED_BY = [
  ['itemId', 'item'],
  ['categoryId', 'category'],
] as const;

/** The fields an entry's `before` and `after` differ in (settings, a discount card); null when it has no such pair. */
function beforeAfter(details: Record<string, unknown>): FieldChanges | null {
  const { before, after } = details;
  if (!isRecord(before) || !isRecord(after)) return null;
  const changes: Record<string, readonly [unknown, unknown]> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = [before[key] ?? null, after[key] ?? null];
  }
  return changes;
}

/**
 * An entry's details as the journal's table reads them: «логин: ivanova · сумма: 10.00», money in
 * roubles, quantities in units, sizes as the screens write them; a key without a label keeps its own
 * name; what a change changed as «old → new» (its `changes`, or its `before` against its `after`);
 * of a thing made (`action` …created) its values, of one deleted its last ones. The CSV has these words and the JSON.
 */
export function auditDetailsText(details: string, action = ''): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return details;
  }
  if (!isRecord(parsed)) return details;
  const diff = beforeAfter(parsed);
  const changes = isChanges(parsed.changes) ? parsed.changes : diff;
  // `changed` (requisites) names the fields the diff already shows; an id is not shown beside the name it stands for.
  const skip = new Set(changes === null ? [] : changes === diff ? ['before', 'after', 'changed'] : ['changes']);
  for (const [id, name] of NAMED_BY) if (parsed[name] !== undefined) skip.add(id);
  // A made or deleted item is named by its own code and name among its values.
  if (changes !== null && 'code' in changes) skip.add('itemId');
  const area = action.split('.')[0] ?? '';
  const parts = Object.entries(parsed)
    .filter(([key]) => !skip.has(key))
    .map(([key, value]) => `${labelOf(key, area)}: ${detailValue(value, formatOf(key, area))}`);
  const only = /created$/i.test(action) ? 'new' : /deleted$/.test(action) ? 'old' : undefined;
  if (changes !== null) parts.push(Object.keys(changes).length === 0 ? 'без изменений' : changesText(changes, { area, ...(only && { only }) }));
  return parts.join(' · ');
}
