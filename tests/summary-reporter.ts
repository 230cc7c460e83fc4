/** Prints one plain closing line, "Tests: N passed, N failed, N skipped", for CI to read. */
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError> = []): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of modules) {
      let modPassed = 0;
      let modFailed = 0;
      let modOther = 0;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') modPassed++;
        else if (state === 'failed') modFailed++;
        else modOther++;
      }
      // A failed hook or import leaves its tests unrun: they failed, they were not skipped.
      if (mod.state() === 'failed' && modFailed === 0) {
        modFailed = Math.max(modOther, 1);
        modOther = 0;
      }
      passed += modPassed;
      failed += modFailed;
      skipped += modOther;
    }
    failed += unhandledErrors.length;
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
