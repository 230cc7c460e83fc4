/**
 * Writes the sample catalogue (resources/sample-catalogue.json, as a fresh till seeds it) as price
 * lists the admin can open in Excel and import: resources/sample-catalogue.csv (Windows-1251, «;»,
 * decimal comma — as Excel saves in Belarus) and resources/sample-catalogue.xlsx. Made by the
 * export itself, so they read back as the same catalogue; tests/unit/sample-price-lists.test.ts
 * checks that they are up to date. Run: `npx tsx scripts/sample-price-lists.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../main/core.js';
import { exportCatalogue } from '../main/services/price-list/export.js';

export const SAMPLE_CSV = fileURLToPath(new URL('../resources/sample-catalogue.csv', import.meta.url));
export const SAMPLE_XLSX = fileURLToPath(new URL('../resources/sample-catalogue.xlsx', import.meta.url));

/** The sample catalogue exported into `csv` and `xlsx`. */
export async function writeSamplePriceLists(csv: string, xlsx: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-sample-'));
  const core = createCore({ dataDir: dir, log: () => {}, devices: false });
  try {
    await exportCatalogue(core.ctx.db, csv, { format: 'csv', charset: 'windows-1251', delimiter: ';' });
    await exportCatalogue(core.ctx.db, xlsx, { format: 'xlsx' });
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeSamplePriceLists(SAMPLE_CSV, SAMPLE_XLSX);
  console.log(`written: ${SAMPLE_CSV}, ${SAMPLE_XLSX}`);
}
