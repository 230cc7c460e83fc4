/** What the settings screen says: the admin's words for each workflow setting and the requisites. */
import { CHECK_NAMES } from '../../../common/display-names.js';
import type { AccountingMode, AnnulmentRules, TerminalKind, TerminalMode, WeightBarcodeTemplate } from '../../../preload/contract/index.js';

export const st = {
  menu: 'Настройки',
  title: 'Настройки',
  tabs: { workflow: 'Работа кассы', requisites: 'Реквизиты', sections: 'Секции' },
  save: 'Сохранить',
  saving: 'Сохраняю…',
  revert: 'Отменить изменения',
  saved: 'Настройки сохранены',
  notSaved: 'Не сохранено: исправьте поля, отмеченные красным',
  unsaved: 'Есть несохранённые изменения',

  accounting: 'Учёт и смена',
  accountingMode: 'Вид учёта',
  accountingModes: { itemized: 'Дифференцированный — по товарам', sum: 'Суммовой — сумма на секцию' } satisfies Record<AccountingMode, string>,
  accountingHint: 'Меняется только при закрытой смене',
  maxShiftHours: 'Наибольшая длина смены, ч',
  maxShiftHoursHint: 'после неё продажи запрещены до Z-отчёта',
  zRequiresEmptyDrawer: 'Z-отчёт только с пустым денежным ящиком',
  returnToCash: 'Возврат по карте или сертификату можно выдать наличными',
  stornoNeedsAdmin: 'Удаление строки чека — с паролем администратора',
  repeatScanAddsQuantity: 'Повторный скан штучного товара увеличивает количество в строке',

  currencies: 'Валюты внесения и изъятия',
  bynAlways: 'всегда',

  annulment: 'Аннулирование',
  annulKinds: 'Что можно аннулировать',
  annulKindNames: CHECK_NAMES satisfies Record<AnnulmentRules['kinds'][number], string>,
  annulScope: 'Какой документ',
  annulScopes: {
    lastDocument: 'Только последний документ смены',
    lastCheck: 'Последний чек смены (внесения, изъятия и X-отчёты после него не мешают)',
  } satisfies Record<AnnulmentRules['scope'], string>,
  annulSameDay: 'Только в день документа',
  annulMaxMinutes: 'Не позже чем через, мин',
  annulMaxMinutesHint: '0 — без ограничения по времени',

  weight: 'Весовые этикетки (EAN-13)',
  prefixes: 'Префиксы',
  prefixesHint: 'через запятую или диапазоном, например 20–29',
  badPrefixes: 'Префиксы — двузначные числа через запятую или диапазон, например 20–29',
  itemDigits: 'Цифр кода товара',
  valueDigits: 'Цифр веса (суммы)',
  valueKind: 'Что в этикетке',
  valueKinds: { weight: 'Вес в граммах', price: 'Сумма в копейках' } satisfies Record<WeightBarcodeTemplate['value'], string>,
  /** "Этикетка: 2X CCCCC WWWWW K — 13 цифр" */
  layout: (t: { itemDigits: number; valueDigits: number; value: WeightBarcodeTemplate['value'] }) => {
    const digits = 2 + t.itemDigits + t.valueDigits + 1;
    return `Этикетка: ПП ${'К'.repeat(t.itemDigits)} ${(t.value === 'weight' ? 'В' : 'С').repeat(t.valueDigits)} Ч — ${digits} цифр${digits === 13 ? '' : ', а нужно 13'}`;
  },
  layoutLegend: 'ПП — префикс, К — код товара, В — вес, С — сумма, Ч — контрольная цифра',

  discounts: 'Скидки',
  maxLinePercent: 'Наибольшая скидка на строку, %',
  maxCheckPercent: 'Наибольшая скидка на чек, %',
  cardPercent: 'Скидка по дисконтной карте, %',
  allowMarkup: 'Разрешить надбавки',

  terminal: 'Платёжный терминал',
  terminalKind: 'Терминал',
  terminalKinds: { none: 'Нет', standalone: 'Автономный', integrated: 'Подключён к кассе' } satisfies Record<TerminalKind, string>,
  terminalKindHints: {
    none: 'Без терминала: в учебном режиме отвечает учебный терминал, в рабочем оплата картой не принимается.',
    standalone: 'Карту проводят на терминале банка; кассир вводит код авторизации (и RRN) с его чека — они печатаются на чеке кассы.',
    integrated: 'Касса сама ведёт терминал по протоколу INPAS SA (TCP): сумма, ответ банка, «последняя операция», сверка итогов.',
  } satisfies Record<TerminalKind, string>,
  terminalHost: 'Адрес терминала (IP или имя)',
  terminalPort: 'Порт',
  oplati: 'ОПЛАТИ',
  oplatiKind: 'Подключение',
  oplatiKinds: { none: 'Не подключена', gateway: 'Шлюз ОПЛАТИ' },
  oplatiHint: 'В учебном режиме отвечает встроенный эмулятор ОПЛАТИ; в рабочем — шлюз по договору с ОПЛАТИ.',
  oplatiUrl: 'Адрес шлюза (https://…)',
  oplatiRegister: 'Номер кассы в ОПЛАТИ',
  oplatiTimeout: 'Ждать оплату по QR, с',
  oplatiPoll: 'Опрашивать каждые, с',
  terminalTimeout: 'Ждать ответа терминала, с',
  terminalMode: 'Ответ учебного терминала',
  terminalModes: { approve: 'Одобрить', decline: 'Отклонить', timeout: 'Не отвечать' } satisfies Record<TerminalMode, string>,
  terminalDelay: 'Задержка учебного терминала, с',

  badInteger: 'Введите целое число',
  badPercent: 'Проценты — число до 100, не больше двух знаков после запятой',
  badSeconds: 'Секунды — число, например 60 или 0,5',

  requisites: 'Реквизиты кассы',
  requisitesLead: 'Печатаются на каждом чеке.',
  organization: 'Организация',
  unp: 'УНП',
  registrationNumber: 'Регистрационный номер ПК',
  tradeObject: 'Торговый объект',
  address: 'Адрес торгового объекта',
  fromSko: 'Заполнено из СКО — вручную не меняется',
  fromSkoHint: 'Организацию, УНП и регистрационный номер присылает СКО: «Заполнить из ПК».',
  fill: 'Заполнить из ПК',
  fillHint: 'Запросить у СКО организацию, УНП и регистрационный номер ПК и записать их сюда',
  filling: 'Запрос к СКО…',
  filled: 'Реквизиты заполнены из СКО',
  requisitesSaved: 'Реквизиты сохранены',

  bankCheck: 'Проверка связи с банком',
} as const;
