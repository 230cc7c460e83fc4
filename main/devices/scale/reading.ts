/**
 * What a scale says, in one shape for every protocol: the state, the weight in grams when there is
 * one, and a Russian message for the cashier whenever the weight must not be taken. Pure.
 */

/**
 * `stable` is the only state whose weight goes into a check. The others each have their own
 * message: the cashier must know whether to wait, to unload, to zero, or to call someone.
 */
export type WeightState = 'stable' | 'unstable' | 'negative' | 'overload' | 'underload' | 'no-answer' | 'error' | 'disconnected' | 'off';

export type WeightReading = {
  readonly state: WeightState;
  /** Whole grams; null when the scale gave no number worth showing. */
  readonly grams: number | null;
  readonly stable: boolean;
  readonly message?: string;
};

export const WEIGHT_MESSAGES = {
  unstable: 'Вес не успокоился — подождите, не касайтесь товара',
  negative: 'Вес отрицательный — освободите платформу и обнулите весы',
  overload: 'Перегрузка весов — снимите товар с платформы',
  underload: 'Вес меньше наименьшего предела взвешивания этих весов',
  noAnswer: 'Весы не отвечают — проверьте питание, кабель и скорость порта',
  truncated: 'Весы прислали неполный ответ — проверьте скорость порта и кабель',
  garbled: 'Весы прислали искажённый ответ (не сходится контрольная сумма) — проверьте кабель и скорость порта',
  busy: 'Весы заняты — ждём устойчивого веса',
  pounds: 'Весы передают вес в фунтах — переключите их на килограммы',
  off: 'Весы не подключены',
} as const;

export function stable(grams: number): WeightReading {
  return { state: 'stable', grams, stable: true };
}

export function unstable(grams: number | null, message: string = WEIGHT_MESSAGES.unstable): WeightReading {
  return { state: 'unstable', grams, stable: false, message };
}

/** The state a plain number from the scale means, given whether the scale calls it stable. */
export function fromWeight(grams: number, isStable: boolean): WeightReading {
  if (grams < 0) return { state: 'negative', grams, stable: false, message: WEIGHT_MESSAGES.negative };
  return isStable ? stable(grams) : unstable(grams);
}

export function overload(): WeightReading {
  return { state: 'overload', grams: null, stable: false, message: WEIGHT_MESSAGES.overload };
}

export function underload(grams: number | null = null): WeightReading {
  return { state: 'underload', grams, stable: false, message: WEIGHT_MESSAGES.underload };
}

export function failure(message: string): WeightReading {
  return { state: 'error', grams: null, stable: false, message };
}

export function noAnswer(): WeightReading {
  return { state: 'no-answer', grams: null, stable: false, message: WEIGHT_MESSAGES.noAnswer };
}

export function sameReading(a: WeightReading | null, b: WeightReading | null): boolean {
  if (a === null || b === null) return a === b;
  return a.state === b.state && a.grams === b.grams && a.message === b.message;
}

/**
 * A decimal weight as text ("  1.234", "-0.5", "0013.5") in kilograms or grams → whole grams,
 * without floating point: kilograms keep three decimals, anything finer is rounded half up.
 * Returns null when the text is not a number.
 */
export function decimalToGrams(text: string, unit: 'kg' | 'g'): number | null {
  const m = /^\s*([+-]?)\s*(\d*)(?:[.,](\d*))?\s*$/.exec(text);
  if (!m) return null;
  const [, sign = '', whole = '', frac = ''] = m;
  if (whole === '' && frac === '') return null;
  const scale = unit === 'kg' ? 3 : 0;
  const kept = frac.slice(0, scale).padEnd(scale, '0');
  const next = frac.charCodeAt(scale) - 48; // first dropped digit, NaN when none
  let grams = Number(whole || '0') * 10 ** scale + Number(kept || '0');
  if (next >= 5) grams += 1;
  return sign === '-' && grams !== 0 ? -grams : grams;
}
