/**
 * The web host: `node dist/main/web.js [--port N] [--data-dir DIR] [--sko-url URL --sko-public-key FILE …]`.
 * For tests only, `--clock-start ISO` starts the till's clock at that instant (it runs on in real time).
 * Prints `Kassa web host: http://127.0.0.1:<port>/#token=<token>` once it answers.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { codeCacheHook } from './host/code-cache.js';
import { createRestartableCore } from './host/restartable-core.js';
import { markRunning } from './host/running-lock.js';
import { startWebHost } from './host/web-host.js';
import { logCrashes, openLog } from './log/logger.js';
import { PASSWORD_COST, type ScryptCost } from './services/password-hash.js';

const USAGE = `Веб-хост кассы: касса в браузере на 127.0.0.1.

Запуск: node dist/main/web.js [параметры]
  --port N                порт (0 — любой свободный; KASSA_PORT)
  --data-dir DIR          папка данных кассы (KASSA_DATA_DIR; по умолчанию .kassa-data)
  --sko-url URL           другой СКО на этот запуск (KASSA_SKO_URL)
  --sko-public-key FILE   открытый ключ этого СКО (KASSA_SKO_PUBLIC_KEY)
  --sko-ca FILE           сертификат центра, выдавшего сертификат СКО (KASSA_SKO_CA)
  --sko-timeout-ms N      сколько ждать ответа СКО
  --sko-retry-ms N        первая пауза перед повтором отправки в СКО
  --clock-start ISO       только для тестов: часы кассы начинают с этого момента
  --password-cost K       только для тестов (под vitest): дешёвый scrypt N = 2^K для новых паролей
  --help                  эта справка`;

function readArgs() {
  try {
    return parseArgs({
      options: {
        help: { type: 'boolean', default: false },
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
        // Tests only: a cheap scrypt, so each E2E till does not spend seconds per password. Never the
        // default, and refused outside a vitest run (VITEST is set there), so a till cannot weaken its hashes.
        'password-cost': { type: 'string' },
      },
      strict: true,
    });
  } catch (err) {
    // One line, not a stack: the person at the till typed a wrong flag.
    const e = err as { code?: string; message?: string };
    const flag = /'([^' ]+)/.exec(e.message ?? '')?.[1] ?? '';
    const what =
      e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
        ? 'Неизвестный параметр'
        : e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
          ? 'Лишний аргумент'
          : 'Неверный параметр';
    console.error(`${what}: ${flag || e.message} (справка: --help)`);
    process.exit(2);
  }
}
const { values } = readArgs();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Неверный порт: ${values.port}`);
  process.exit(2);
}
const passwordCost = testPasswordCost(values['password-cost']);
const dataDir = resolve(values['data-dir']);
// First, so that nothing after it can fail unrecorded. A rejection is logged and the host keeps
// serving; an uncaught exception is logged with its stack and the process exits (code 1).
const log = openLog({ dataDir, name: 'kassa', stderr: true });
logCrashes(log.logger);
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
function testPasswordCost(value: string | undefined): ScryptCost | undefined {
  if (value === undefined) return undefined;
  if (!process.env.VITEST) {
    console.error('Параметр --password-cost только для тестов (запуск под vitest): пароли кассы хешируются с полной стоимостью');
    process.exit(2);
  }
  const k = Number(value);
  if (!Number.isInteger(k) || k < 10 || k > 20) {
    console.error(`Неверное значение --password-cost: ${value} (от 10 до 20)`);
    process.exit(2);
  }
  return { N: 2 ** k, r: PASSWORD_COST.r, p: PASSWORD_COST.p };
}
const startedAt = Date.now();
// Restartable: an import swaps the database and reopens the core under the same host.
const core = createRestartableCore({
  dataDir,
  logger: log.logger,
  skoOverrides: {
    ...(values['sko-url'] ? { url: values['sko-url'] } : {}),
    ...(values['sko-public-key'] ? { publicKeys: [readFileSync(values['sko-public-key'], 'utf8')] } : {}),
    ...(values['sko-ca'] ? { ca: readFileSync(values['sko-ca']) } : {}),
    ...(skoTimeoutMs ? { timeoutMs: skoTimeoutMs } : {}),
  },
  ...(skoRetryMs ? { outbox: { retryBaseMs: skoRetryMs, retryMaxMs: skoRetryMs * 64 } } : {}),
  ...(passwordCost ? { passwordCost } : {}),
  ...(clockStart === undefined ? {} : { clock: () => new Date(clockStart + (Date.now() - startedAt)) }),
});
// No await at the top: the bundle is CommonJS, so the loader (main/web-start.ts) can run it from V8's code cache.
void serve().catch((err: unknown) => {
  log.logger.fatal({ err }, 'web host did not start');
  console.error(`Веб-хост не запущен: ${err instanceof Error ? err.message : String(err)}`);
  log.close();
  process.exit(1);
});

async function serve(): Promise<void> {
  const host = await startWebHost(core, { port, rendererDir, onFirstAnswer: codeCacheHook() });
  const status = `${core.ctx.sko.training ? 'учебный режим' : 'рабочий режим'}, СКО: ${core.sko.emulator ? 'встроенный эмулятор' : (values['sko-url'] ?? 'из настроек')}`;
  log.logger.info({ dataDir, url: `http://127.0.0.1:${host.port}/`, status }, 'web host started');
  console.log(`Данные кассы: ${dataDir} (${status})`);
  if (clockStart !== undefined) console.log(`Часы кассы переведены (тест): ${new Date(clockStart).toISOString()} в момент запуска`);
  console.log(`Kassa web host: ${host.url}`);
  // kassa-admin refuses an import or a cleanup while this process runs on the folder.
  const unmarkRunning = markRunning(dataDir, { host: 'web', port: host.port });

  // Stop: take no new connections, answer every request already taken, then close the database.
  let closing = false;
  async function shutdown(signal: string): Promise<void> {
    if (closing) return;
    closing = true;
    log.logger.info({ signal }, 'web host stopping');
    try {
      await host.close();
      await core.router.drain(); // nothing is left once the host has answered all; a guard for later callers
    } catch (err) {
      log.logger.error({ err }, 'web host: stopping the server');
    }
    core.close();
    unmarkRunning();
    log.logger.info('web host stopped');
    log.close();
    process.exit(0);
  }
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
