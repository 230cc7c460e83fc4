// First step of `npm test`: every prerequisite outside node_modules is checked before anything
// is built or run. Each missing piece gets one line (what, and the command that installs it on
// this OS, or the variable that points at it); then it stops, instead of letting fifty tests fail.
import { fileURLToPath } from 'node:url';
import { checkPrerequisites } from './prerequisites.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { missing, found } = checkPrerequisites(root);
if (missing.length > 0) {
  for (const line of missing) console.error(`preflight: ${line}`);
  process.exit(1);
}
console.log(`preflight: ok — ${found.join('; ')}`);
