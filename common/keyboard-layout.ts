/**
 * A keyboard-wedge scanner types keys, not characters: with the Russian layout on, the keys of a
 * Latin code arrive as Cyrillic letters and shifted symbols. This maps them back to the keys' Latin
 * characters (ЙЦУКЕН → QWERTY) for codes that must be ASCII. Pure; main and the renderer share it.
 */

// The characters the Russian layout puts on a key where the US layout has another one, position by
// position: the unshifted keys, the shifted keys, then Shift+2…7 and Shift+\ of the digit row.
const RU = 'ёйцукенгшщзхъфывапролджэячсмитьбю.' + 'ЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,' + '"№;:?/';
const US = "`qwertyuiop[]asdfghjkl;'zxcvbnm,./" + '~QWERTYUIOP{}ASDFGHJKL:"ZXCVBNM<>?' + '@#$^&|';

/** Russian-layout character → the US character of the same key (with the same Shift). */
export const RUSSIAN_LAYOUT_TO_US: ReadonlyMap<string, string> = new Map([...RU].map((ch, i) => [ch, US[i]!]));

const US_TO_RUSSIAN_LAYOUT: ReadonlyMap<string, string> = new Map([...RUSSIAN_LAYOUT_TO_US].map(([ru, us]) => [us, ru]));

/** True when the text holds a letter only the Russian layout types. */
export function typedInRussianLayout(text: string): boolean {
  return /[а-яё№]/i.test(text);
}

/**
 * The text as the same keys type it in the Latin layout. Applied only to text typed in the Russian
 * layout (it holds Cyrillic): otherwise `.` and `,` of a Latin code would be remapped too.
 */
export function ruLayoutToLatin(text: string): string {
  if (!typedInRussianLayout(text)) return text;
  let out = '';
  for (const ch of text) out += RUSSIAN_LAYOUT_TO_US.get(ch) ?? ch;
  return out;
}

/** The Latin text as the same keys type it in the Russian layout (the inverse, for tests and hints). */
export function latinToRuLayout(text: string): string {
  let out = '';
  for (const ch of text) out += US_TO_RUSSIAN_LAYOUT.get(ch) ?? ch;
  return out;
}

/**
 * Character by character: ASCII stays as typed (the cashier's "0.5" on a Russian layout), anything
 * else goes to the US character of its key. For a field the cashier also types into by hand.
 */
export function toAscii(text: string): string {
  let out = '';
  for (const ch of text) out += ch >= ' ' && ch <= '~' ? ch : (RUSSIAN_LAYOUT_TO_US.get(ch) ?? ch);
  return out;
}
