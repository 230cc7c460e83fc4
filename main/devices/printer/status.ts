/**
 * The printer's state from its `DLE EOT n` answers (HARDWARE.md): n=1 printer, n=2 offline cause,
 * n=4 paper sensor. Every answer byte has bits 1 and 4 set and bits 0 and 7 clear; anything
 * else is not an ESC/POS status byte.
 */
export type PrinterCondition = 'ready' | 'paper-near-end' | 'paper-out' | 'cover-open' | 'error' | 'offline' | 'no-answer' | 'unreachable' | 'unknown' | 'off';

export type PrinterState = {
  readonly condition: PrinterCondition;
  /** For the cashier, in Russian: what is wrong and what to do. */
  readonly message: string;
  /** False when a receipt sent now would not print (or not reach the printer). */
  readonly canPrint: boolean;
};

/** `DLE EOT 1`, `DLE EOT 2`, `DLE EOT 4`: answered one byte each, even when offline. */
export const STATUS_REQUEST = Buffer.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04]);
export const STATUS_REPLY_LENGTH = 3;

export const MESSAGES: Readonly<Record<PrinterCondition, string>> = {
  ready: 'Принтер готов',
  'paper-near-end': 'Бумага заканчивается — приготовьте новый рулон',
  'paper-out': 'Нет бумаги — вставьте новый рулон и закройте крышку',
  'cover-open': 'Открыта крышка принтера — закройте её',
  error: 'Ошибка принтера (нож, перегрев) — выключите и включите принтер',
  offline: 'Принтер не в сети — проверьте кнопку FEED и индикатор',
  'no-answer': 'Принтер не ответил на запрос состояния',
  unreachable: 'Нет связи с принтером',
  unknown: 'Состояние этого подключения прочитать нельзя',
  off: 'Принтер не настроен',
};

export function state(condition: PrinterCondition, message: string = MESSAGES[condition]): PrinterState {
  const canPrint = condition === 'ready' || condition === 'paper-near-end' || condition === 'no-answer' || condition === 'unknown';
  return { condition, message, canPrint };
}

const isStatusByte = (b: number) => (b & 0x93) === 0x12;

/** The state from the three answer bytes (fewer = the printer did not answer them all). */
export function parseStatus(reply: Uint8Array): PrinterState {
  if (reply.length < STATUS_REPLY_LENGTH) return state('no-answer');
  const [printer, cause, paper] = [reply[0]!, reply[1]!, reply[2]!];
  if (![printer, cause, paper].every(isStatusByte)) {
    return state('unknown', `Непонятный ответ принтера на запрос состояния: ${Buffer.from(reply.subarray(0, 3)).toString('hex')}`);
  }
  if (cause & 0x04) return state('cover-open');
  if (cause & 0x20 || paper & 0x60) return state('paper-out');
  if (cause & 0x40) return state('error');
  if (printer & 0x08) return state('offline');
  if (paper & 0x0c) return state('paper-near-end');
  return state('ready');
}
