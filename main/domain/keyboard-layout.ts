/**
 * A keyboard-wedge scanner types keys, not characters: with the Russian layout on, the keys of a
 * Latin code arrive as Cyrillic letters and shifted symbols. This maps them back to the keys' Latin
 * characters (ЙЦУКЕН → QWERTY) for codes that must be ASCII. Pure.
 */

const RU = 'йцукенгшщзхъфывапролджэячсмитьбю.ёЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,Ё"№;:?/';
const EN = "qwertyuiop[]asdfghjkl;'zxcvbnm,./`QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>?~@#$^&|";

const MAP: ReadonlyMap<string, string> = new Map([...RU].map((ch, i) => [ch, EN[i]!]));

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
  for (const ch of text) out += MAP.get(ch) ?? ch;
  return out;
}

/** The Latin text as the same keys type it in the Russian layout (the inverse, for tests and hints). */
export function latinToRuLayout(text: string): string {
  const inverse = new Map([...MAP].map(([ru, en]) => [en, ru]));
  let out = '';
  for (const ch of text) out += inverse.get(ch) ?? ch;
  return out;
}
