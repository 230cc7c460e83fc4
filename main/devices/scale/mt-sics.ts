/**
 * Mettler Toledo MT-SICS: ASCII lines ending CR LF. `SI` asks for the weight now and is answered
 * `S S     1.234 kg` (stable) or `S D     1.234 kg` (dynamic); `S +` overload, `S -` underload,
 * `S I` busy; `ES`/`ET`/`EL` are syntax, transmission and logical errors.
 */
import { lineDialog, type ScaleDialog, type ScaleProtocol } from './protocol.js';
import { decimalToGrams, failure, fromWeight, overload, underload, unstable, WEIGHT_MESSAGES, type WeightReading } from './reading.js';

export const SICS_REQUEST = 'SI\r\n';

const ERRORS: Readonly<Record<string, string>> = {
  ES: 'Весы не поняли команду (ES) — проверьте выбранный протокол',
  ET: 'Весы получили искажённую команду (ET) — проверьте кабель и скорость порта',
  EL: 'Весы не могут выполнить команду (EL)',
};

export function parseSicsLine(line: string): WeightReading | null {
  const text = line.trim();
  if (text === '') return null;
  const error = ERRORS[text];
  if (error) return failure(error);
  const m = /^S\s+([SD+\-I])(?:\s+(\S+)\s+(\S+))?$/.exec(text);
  if (!m) return failure(WEIGHT_MESSAGES.garbled);
  const [, status, value, unitText] = m;
  if (status === '+') return overload();
  if (status === '-') return underload();
  if (status === 'I') return unstable(null, WEIGHT_MESSAGES.busy);
  if (value === undefined || unitText === undefined) return failure(WEIGHT_MESSAGES.garbled);
  if (unitText === 'lb') return failure(WEIGHT_MESSAGES.pounds);
  if (unitText !== 'kg' && unitText !== 'g') return failure(`MT-SICS: неизвестная единица веса «${unitText}»`);
  const grams = decimalToGrams(value, unitText);
  if (grams === null) return failure(WEIGHT_MESSAGES.garbled);
  return fromWeight(grams, status === 'S');
}

export function sicsDialog(): ScaleDialog {
  return lineDialog(SICS_REQUEST, parseSicsLine);
}

export const mtSics: ScaleProtocol = { id: 'mt-sics', stream: false, defaultBaudRate: 9600, dialog: sicsDialog };
