/**
 * Entry of the web host: `node dist/main/web.js [--port N] [--data-dir DIR] [--sko-url URL --sko-public-key FILE …]`.
 * For tests only, `--clock-start ISO` starts the till's clock at that instant (it runs on in real time).
 * Prints `Kassa web host: http://127.0.0.1:<port>/#token=<token>` once it answers.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCore } from './core.js';
import { startWebHost } from './host/web-host.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.KASSA_PORT ?? '0' },
    'data-dir': { type: 'string', default: process.env.KASSA_DATA_DIR ?? '.kassa-data' },
    // Another СКО than the settings say, for this run only (a standalone emulator in tests).
    'sko-url': { type: 'string', default: process.env.KASSA_SKO_URL },
    'sko-public-key': { type: 'string', default: process.env.KASSA_SKO_PUBLIC_KEY },
    'sko-ca': { type: 'string', default: process.env.KASSA_SKO_CA },
    'sko-timeout-ms': { type: 'string' },
    'sko-retry-ms': { type: 'string' },
    // Tests only: a shift across midnight without waiting for one. A flag, never an env variable,
    // so a till cannot pick it up by accident.
    'clock-start': { type: 'string' },
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

function positive(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`Неверное значение ${flag}: ${value}`);
    process.exit(2);
  }
  return n;
}
const skoTimeoutMs = positive('--sko-timeout-ms', values['sko-timeout-ms']);
const skoRetryMs = positive('--sko-retry-ms', values['sko-retry-ms']);
const clockStart = values['clock-start'] === undefined ? undefined : Date.parse(values['clock-start']);
if (clockStart !== undefined && Number.isNaN(clockStart)) {
  console.error(`Неверное время --clock-start: ${values['clock-start']}`);
  process.exit(2);
}
const startedAt = Date.now();
const core = createCore({
  dataDir,
  skoOverrides: {
    ...(values['sko-url'] ? { url: values['sko-url'] } : {}),
    ...(values['sko-public-key'] ? { publicKeys: [readFileSync(values['sko-public-key'], 'utf8')] } : {}),
    ...(values['sko-ca'] ? { ca: readFileSync(values['sko-ca']) } : {}),
    ...(skoTimeoutMs ? { timeoutMs: skoTimeoutMs } : {}),
  },
  ...(skoRetryMs ? { outbox: { retryBaseMs: skoRetryMs, retryMaxMs: skoRetryMs * 64 } } : {}),
  ...(clockStart === undefined ? {} : { clock: () => new Date(clockStart + (Date.now() - startedAt)) }),
});
const host = await startWebHost(core, { port, rendererDir });
const status = `${core.ctx.sko.training ? 'учебный режим' : 'рабочий режим'}, СКО: ${core.sko.emulator ? 'встроенный эмулятор' : (values['sko-url'] ?? 'из настроек')}`;
console.log(`Данные кассы: ${dataDir} (${status})`);
if (clockStart !== undefined) console.log(`Часы кассы переведены (тест): ${new Date(clockStart).toISOString()} в момент запуска`);
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
