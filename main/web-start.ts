/**
 * Entry of the web host (`node dist/main/web.js …`, options: main/web.ts): runs the web host's bundle
 * (dist/main/web-host.cjs) from V8's code cache (main/host/code-cache.ts).
 */
import { fileURLToPath } from 'node:url';
import { runCached } from './host/code-cache.js';

runCached(fileURLToPath(new URL('./web-host.cjs', import.meta.url)));
