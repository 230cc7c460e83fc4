/**
 * Prints one plain closing line, "Tests: N passed, N failed, N skipped", for CI to read; then which
 * files skipped tests and the reasons the tests printed («…: skipped — why»), so a skip is seen, not
 * hidden (issue 16). Under GitHub Actions the same list goes into the job summary ($GITHUB_STEP_SUMMARY).
 * Before the count, each failed test's own last printed lines (an E2E test's page trace): a CI log is
 * often read from its end only, and a flake seen once must be read there, not guessed at (issue 17).
 */
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/** One file's skipped tests: their names and the notes given to `ctx.skip(note)`. */
export type SkippedIn = { file: string; tests: string[]; notes: string[] };

/** A line a test printed that says it skips and why: "serial-scale: pty tests skipped — Windows has no …". */
export function isSkipReason(line: string): boolean {
  return /\bskipped\b.*(—|:)/i.test(line);
}

/** The lines after the closing count: each file with skips (at most `namesPerFile` names), then the reasons printed. */
export function skipLines(skipped: readonly SkippedIn[], reasons: readonly string[], namesPerFile = 5): string[] {
  const lines: string[] = [];
  const total = skipped.reduce((n, s) => n + s.tests.length, 0);
  if (total === 0) return lines;
  lines.push(`Skipped: ${total} in ${skipped.length} file(s)`);
  for (const s of [...skipped].sort((a, b) => a.file.localeCompare(b.file))) {
    const shown = s.tests.slice(0, namesPerFile).join('; ');
    const more = s.tests.length > namesPerFile ? `; … ${s.tests.length - namesPerFile} more` : '';
    lines.push(`  ${s.file} (${s.tests.length}): ${shown}${more}${s.notes.length ? ` — ${[...new Set(s.notes)].join('; ')}` : ''}`);
  }
  const unique = [...new Set(reasons.map((r) => r.trim()))];
  if (unique.length) {
    lines.push('Reasons printed:');
    for (const r of unique) lines.push(`  ${r}`);
  }
  return lines;
}

/** How many of a failed test's last printed lines are shown again at the end, all failed tests together. */
export const FAILED_OUTPUT_LINES = 80;

/**
 * The lines before the closing count: each failed test's name and the last lines it printed, the
 * budget shared out evenly (a page trace is read from its end: the last calls before the failure).
 */
export function failedOutputLines(failed: readonly { name: string; printed: readonly string[] }[], budget = FAILED_OUTPUT_LINES): string[] {
  if (failed.length === 0) return [];
  const each = Math.max(5, Math.floor(budget / failed.length) - 1);
  const lines = [`Failed tests, with the last of what each printed:`];
  for (const f of failed) {
    lines.push(`  ✗ ${f.name}`);
    const printed = f.printed.flatMap((p) => p.split(/\r?\n/)).filter((l) => l.trim() !== '');
    for (const l of printed.slice(-each)) lines.push(`    ${l}`);
  }
  return lines;
}

/** The same for GitHub's job summary, in Markdown. */
export function skipMarkdown(
  counts: { passed: number; failed: number; skipped: number },
  skipped: readonly SkippedIn[],
  reasons: readonly string[],
  title: string,
): string {
  const out = [`### ${title}`, '', `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`, ''];
  const lines = skipLines(skipped, reasons, Number.POSITIVE_INFINITY);
  if (lines.length) out.push('```', ...lines, '```', '');
  return out.join('\n');
}

export default class SummaryReporter implements Reporter {
  private readonly reasons: string[] = [];
  /** What each test printed, by its id (the last few hundred lines). */
  private readonly printed = new Map<string, string[]>();

  onUserConsoleLog(log: { content: string; taskId?: string }): void {
    for (const line of log.content.split(/\r?\n/)) if (isSkipReason(line)) this.reasons.push(line);
    if (log.taskId) {
      const kept = this.printed.get(log.taskId) ?? [];
      kept.push(log.content);
      if (kept.length > 400) kept.splice(0, kept.length - 400);
      this.printed.set(log.taskId, kept);
    }
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError> = []): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const skippedIn: SkippedIn[] = [];
    const failedTests: { name: string; printed: string[] }[] = [];
    for (const mod of modules) {
      let modPassed = 0;
      let modFailed = 0;
      const modSkipped: SkippedIn = { file: relative(process.cwd(), mod.moduleId).split('\\').join('/'), tests: [], notes: [] };
      for (const test of mod.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') modPassed++;
        else if (result.state === 'failed') {
          modFailed++;
          failedTests.push({ name: `${relative(process.cwd(), mod.moduleId).split('\\').join('/')} > ${test.fullName}`, printed: this.printed.get(test.id) ?? [] });
        } else {
          modSkipped.tests.push(test.fullName);
          if (result.state === 'skipped' && result.note) modSkipped.notes.push(result.note);
        }
      }
      // A failed hook or import leaves its tests unrun: they failed, they were not skipped.
      if (mod.state() === 'failed' && modFailed === 0) {
        modFailed = Math.max(modSkipped.tests.length, 1);
        modSkipped.tests = [];
      }
      passed += modPassed;
      failed += modFailed;
      skipped += modSkipped.tests.length;
      if (modSkipped.tests.length) skippedIn.push(modSkipped);
    }
    failed += unhandledErrors.length;
    const failedLines = failedOutputLines(failedTests);
    if (failedLines.length) process.stdout.write(`\n${failedLines.join('\n')}\n`);
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    const lines = skipLines(skippedIn, this.reasons);
    if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
    const summary = process.env.GITHUB_STEP_SUMMARY;
    if (summary) {
      const title = `npm test on ${process.platform}`;
      appendFileSync(summary, skipMarkdown({ passed, failed, skipped }, skippedIn, this.reasons, title));
    }
  }
}
