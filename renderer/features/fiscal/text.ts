/** The words of the СКО screen and the queue counter. Russian only. */
import type { FiscalDiagnostics } from '../../../preload/contract.js';

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
