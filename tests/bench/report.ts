/** Bench figures: p50/p95 printed with sizes, and merged by name into bench-results.json. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type BenchResult = { name: string; unit: string; p50: number; p95: number; n: number; size: string };

const RESULTS_FILE = fileURLToPath(new URL('../../bench-results.json', import.meta.url));

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('no samples');
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

export function summarize(name: string, unit: string, samples: readonly number[], size: string): BenchResult {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return { name, unit, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), n: samples.length, size };
}

export function record(results: readonly BenchResult[]): void {
  const existing: BenchResult[] = existsSync(RESULTS_FILE) ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResult[]) : [];
  const merged = new Map(existing.map((r) => [r.name, r]));
  for (const r of results) {
    merged.set(r.name, r);
    console.log(`${r.name.padEnd(24)} p50 ${String(r.p50).padStart(9)} ${r.unit}  p95 ${String(r.p95).padStart(9)} ${r.unit}  n=${r.n}  (${r.size})`);
  }
  writeFileSync(RESULTS_FILE, `${JSON.stringify([...merged.values()], null, 2)}\n`);
}

const HAND_OVER = '--results-to';

/**
 * A bench file run as a script: its results are recorded, or — started by `runAlone` — handed to the
 * process that started it.
 */
export function recordOrHandOver(results: readonly BenchResult[]): void {
  const at = process.argv.indexOf(HAND_OVER);
  if (at > 0) writeFileSync(process.argv[at + 1]!, JSON.stringify(results));
  else record(results);
}

/**
 * Runs a bench file (its script mode ends in `recordOrHandOver`) in a process of its own and returns
 * its results. For the figures a browser measures by the frame: Playwright's keys come from the
 * process that drives it, and what a group's earlier benches leave in this one (in-process cores,
 * 200,000-item catalogues, their timers and GC) must not come between the keys of a scan.
 */
export async function runAlone(file: string): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-bench-alone-'));
  const out = join(dir, 'results.json');
  try {
    const child = spawn(process.execPath, [...process.execArgv, file, HAND_OVER, out], { stdio: 'inherit' });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0) throw new Error(`${file} failed (exit ${code})`);
    return JSON.parse(readFileSync(out, 'utf8')) as BenchResult[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
