/**
 * A CSV read in parts (price-list/read.ts: papaparse on ~1 MB at a time, so a big file's first rows
 * go on early) reads as the whole text does: the same rows with the same numbers, whatever the
 * quotes and line breaks at the cuts.
 */
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvPartEnds, eachCsvRow, textParts } from '../../main/services/price-list/read.js';

/** Papaparse on the whole text, the empty rows left out: [number, cells]. */
function whole(text: string): [number, string[]][] {
  return Papa.parse<string[]>(text, { delimiter: ';', skipEmptyLines: false })
    .data.map((r, i): [number, string[]] => [i + 1, r])
    .filter(([, r]) => r.some((c) => c.trim() !== ''));
}

function inParts(text: string, size: number): [number, string[]][] {
  const rows: [number, string[]][] = [];
  eachCsvRow(textParts(text, size), ';', undefined, (cells, n) => void rows.push([n, cells]));
  return rows;
}

// Quoted cells with line breaks, `;` and doubled quotes inside; rows of empty cells; CRLF.
const lines = [
  'Код;Наименование;Цена',
  ...Array.from({ length: 60 }, (_, i) =>
    i % 7 === 3 ? `${i};"Торт ""Наполеон""\r\nвесовой; ${i}";2,${i}` : i % 11 === 5 ? ';;' : i % 5 === 0 ? `${i};"Кефир; 1 %";1,${i}` : `${i};Хлеб ${i};1,${i}`,
  ),
];

describe('a CSV read in parts', () => {
  for (const newline of ['\r\n', '\n']) {
    it(`ends each part at a line break outside quotes and gives every row its number in the file (${JSON.stringify(newline)})`, () => {
      const text = lines.join(newline) + newline;
      for (const size of [1, 7, 40, 150, 10_000]) {
        const ends = [...csvPartEnds(text, size)];
        expect(ends.at(-1)).toBe(text.length);
        // Each cut is after a line break with the quotes before it closed; the bytes are cut at the same places.
        for (const end of ends.slice(0, -1)) {
          expect(text[end - 1]).toBe('\n');
          expect((text.slice(0, end).match(/"/g) ?? []).length % 2).toBe(0);
        }
        const bytes = iconv.encode(text, 'win1251');
        expect([...csvPartEnds(bytes, size)]).toEqual(ends);
        if (size < text.length) expect(ends.length).toBeGreaterThan(1);
        expect(inParts(text, size)).toEqual(whole(text));
      }
    });
  }

  it('says the row of a quote never closed, as in one piece', () => {
    const text = `${lines.slice(0, 30).join('\r\n')}\r\n99;"Без конца;1,00\r\n100;Хлеб;1,00\r\n`;
    expect(() => inParts(text, 20)).toThrow(/Строка 31: кавычка открыта и не закрыта/);
    expect(() => inParts(text, 1 << 20)).toThrow(/Строка 31: кавычка открыта и не закрыта/);
  });

  it('stops where the reader says', () => {
    const seen: number[] = [];
    eachCsvRow(textParts(lines.join('\n'), 30), ';', undefined, (_, n) => (seen.push(n), n < 10));
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 10]); // 7 is a row of empty cells
  });
});
