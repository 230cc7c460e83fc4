/**
 * Entry of the web host: `node dist/main/web.js [--port N] [--data-dir DIR]`.
 * Prints `Kassa web host: http://127.0.0.1:<port>/#token=<token>` once it answers.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCore } from './core.js';
import { startWebHost } from './host/web-host.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.KASSA_PORT ?? '0' },
    'data-dir': { type: 'string', default: process.env.KASSA_DATA_DIR ?? '.kassa-data' },
  },
  strict: true,
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Неверный порт: ${values.port}`);
  process.exit(2);
}
const dataDir = resolve(values['data-dir']);
const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));

const core = createCore({ dataDir });
const host = await startWebHost(core, { port, rendererDir });
const status = core.ctx.sko.training ? 'учебный режим, встроенный эмулятор СКО' : 'рабочий режим';
console.log(`Данные кассы: ${dataDir} (${status})`);
console.log(`Kassa web host: ${host.url}`);

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await host.close();
  core.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
