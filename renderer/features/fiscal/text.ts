/** The words of the СКО screen and the queue counter. Russian only. */
import type { FiscalDiagnostics } from '../../../preload/contract/index.js';

export const fiscalText = {
  menu: 'СКО',
  title: 'Связь с СКО оператора',
  check: 'Проверить',
  fill: 'Заполнить из ПК',
  filled: 'Реквизиты получены от СКО и сохранены',
  endpoint: 'СКО',
  reachable: (ms: number | null) => (ms === null ? 'на связи' : `на связи, ${ms} мс`),
  unreachable: 'нет связи',
  token: 'Токен доступа',
  tokenStates: {
    none: 'не получен',
    valid: 'действует',
    expired: 'истёк, будет обновлён',
    replaced: 'вход выполнен с другого устройства — введите PIN заново',
    invalid: 'недействителен',
  } satisfies Record<FiscalDiagnostics['token']['state'], string>,
  until: (at: string) => `до ${at}`,
  queue: 'Очередь документов',
  queueEmpty: 'все документы переданы оператору',
  pending: (n: number) => `не передано оператору: ${n}`,
  oldest: (age: string) => `старейший ждёт ${age}`,
  inFlight: (n: number) => `в пути: ${n}`,
  rejected: 'Отклонено СКО',
  rejectedHint: (n: number) => `${n} — документы ждут решения, Z-отчёт невозможен`,
  blocked: 'Ждут за отклонённым',
  blockedHint: (n: number) => `${n} — не уйдут, пока СКО не примет отклонённый Z-отчёт или открытие смены`,
  pinState: 'PIN СКО',
  pinOk: 'введён',
  pinNeeded: 'нужно ввести заново',
  pinTitle: 'Введите PIN СКО заново',
  pinLead:
    'СКО не принимает документы этой кассы: выполнен вход с другого устройства с тем же кодом привязки, или оператор заблокировал кассу. PIN вернёт сессию этой кассе, и очередь уйдёт.',
  pinLabel: 'PIN из договора',
  pinSubmit: 'Ввести PIN',
  pinBad: 'PIN — от 4 до 8 цифр',
  pinDone: (message: string, pending: number) =>
    pending === 0 ? `${message}. Все документы переданы оператору.` : `${message}. Очередь передаётся: осталось ${pending}.`,
  refusedTitle: 'Отклонённые документы',
  refusedNone: 'СКО не отклонил ни одного документа.',
  refusedHint:
    'Документ не принят СКО и остаётся в очереди. Устраните причину (например, заново привяжите кассу или обратитесь в поддержку оператора с номером документа и кодом причины) и нажмите «Отправить снова» — уйдёт тот же документ под тем же ключом.',
  refusedDocument: 'Документ',
  refusedTotal: 'Сумма',
  refusedReason: 'Причина СКО',
  refusedAt: 'Отклонён',
  resend: 'Отправить снова',
  resent: {
    delivered: 'СКО принял документ',
    refused: 'СКО снова отклонил документ',
    waiting: 'Документ в очереди: уйдёт, когда СКО ответит',
    none: 'Документ не передаётся в СКО',
  } satisfies Record<'delivered' | 'refused' | 'waiting' | 'none', string>,
  settingsTitle: 'Передача в СКО',
  settingsHint: 'Продажи без связи с СКО продолжаются до любого из пределов; Z-отчёт ждёт пустой очереди.',
  maxQueued: 'Не больше документов в очереди',
  maxAge: 'Старейший документ ждёт не дольше, ч',
  zWait: 'Z-отчёт ждёт передачи, с',
  save: 'Сохранить',
  saved: 'Настройки передачи сохранены',
  adminOnly: 'Изменяет администратор',
  badNumber: 'Введите целое число',
  statusRejected: (n: number) => `отклонено СКО: ${n}`,
  statusPin: 'СКО: нужен PIN',
  statusOpen: 'Открыть «СКО»',
  doc: {
    title: 'СКО',
    skoDocId: 'Номер в СКО',
    acceptedAt: 'Принят СКО',
    verifyUrl: 'Проверка чека',
    signature: 'Подпись оператора',
    signatureOk: (keyId: string | null) => `проверена${keyId ? ` (ключ ${keyId})` : ''}`,
    signatureBad: (problem: string | null) => `не сходится${problem ? `: ${problem}` : ''}`,
    states: {
      delivered: 'принят',
      waiting: 'ждёт передачи оператору',
      refused: 'отклонён СКО',
      none: 'не передаётся',
    } satisfies Record<'delivered' | 'refused' | 'waiting' | 'none', string>,
    state: 'Состояние',
    refusal: 'Причина',
    lastError: 'Последняя ошибка',
    attempts: 'Попыток',
    compare: 'Сверить с СКО',
    matches: (at: string) => `Совпадает с копией СКО (сверено ${at})`,
    differs: (n: number) => `Не совпадает с копией СКО: ${n}`,
  },
  sales: 'Продажи',
  salesAllowed: 'разрешены',
  lastError: 'Последняя ошибка',
  lastDelivered: 'Последняя передача',
  paused: 'Очередь ждёт',
  none: '—',
  organization: 'Организация',
  unp: 'УНП',
  registrationNumber: 'Рег. номер ПК',
} as const;

/** "45 мин", "3 ч 05 мин", "2 сут 4 ч": how long the oldest unsent document has waited. */
export function ageText(fromIso: string, now: number = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 60_000));
  if (minutes < 60) return `${minutes} мин`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} ч ${String(minutes % 60).padStart(2, '0')} мин`;
  return `${Math.floor(hours / 24)} сут ${hours % 24} ч`;
}
