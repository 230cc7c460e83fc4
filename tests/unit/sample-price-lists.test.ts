/**
 * The example price lists in resources/ are the sample catalogue as the export writes it today
 * (scripts/sample-price-lists.ts makes them): the CSV byte for byte, the XLSX cell for cell.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readCsv, readXlsx } from '../../main/services/price-list/read.js';
import { SAMPLE_CSV, SAMPLE_XLSX, writeSamplePriceLists } from '../../scripts/sample-price-lists.js';

const dir = mkdtempSync(join(tmpdir(), 'kassa-sample-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10 }));

it('ships the sample catalogue as a Windows-1251 CSV and an XLSX that match a fresh export (npx tsx scripts/sample-price-lists.ts)', async () => {
  const csv = join(dir, 'sample.csv');
  const xlsx = join(dir, 'sample.xlsx');
  await writeSamplePriceLists(csv, xlsx);
  expect(readFileSync(SAMPLE_CSV).equals(readFileSync(csv))).toBe(true);
  const options = { charset: 'auto', delimiter: 'auto', header: true } as const;
  const shipped = await readXlsx(SAMPLE_XLSX, options);
  const fresh = await readXlsx(xlsx, options);
  expect(shipped.columns).toEqual(fresh.columns);
  expect(shipped.rows).toEqual(fresh.rows);
  const table = readCsv(readFileSync(SAMPLE_CSV), options);
  expect(table).toMatchObject({ charset: 'windows-1251', delimiter: ';' });
  expect(table.rows).toHaveLength(56);
  // The same goods in both files (the XLSX keeps prices as numbers: 2.89, the CSV as text: 2,89).
  expect(shipped.rows.map((r) => r[0])).toEqual(table.rows.map((r) => r[0]));
});
