/**
 * The standalone СКО emulator: `npm run sko:emulator -- --port N --data-dir D [--faults SPEC]`
 * (built to dist/main/sko-emulator.js). `--working` plays an operator's working СКО (its answers say
 * training: false), for a till going live against it. Prints `SKO emulator: <url>` once it listens, and where
 * the public key a till must trust is (`--sko-public-key` of the web host).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { logCrashes, openLog } from '../../log/logger.js';
import { parseFaults } from './faults.js';
import { PUBLIC_KEY_FILE } from './keys.js';
import { startSkoEmulator, type EmulatorRequisites } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string', default: '.sko-emulator' },
    faults: { type: 'string', default: '' },
    'public-url': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'access-ttl': { type: 'string' },
    organization: { type: 'string' },
    unp: { type: 'string' },
    'registration-number': { type: 'string' },
    'trade-object': { type: 'string' },
    address: { type: 'string' },
    working: { type: 'boolean', default: false },
  },
  strict: true,
});

function die(message: string): never {
  console.error(message);
  process.exit(2);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) die(`Неверный порт: ${values.port}`);
let faults;
try {
  faults = parseFaults(values.faults);
} catch (err) {
  die(err instanceof Error ? err.message : String(err));
}
if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) die('Для HTTPS нужны оба параметра: --tls-cert и --tls-key');
const accessTtl = values['access-ttl'] === undefined ? undefined : Number(values['access-ttl']);
if (accessTtl !== undefined && (!Number.isInteger(accessTtl) || accessTtl < 1)) die(`Неверный срок токена: ${values['access-ttl']}`);

const requisites: Partial<{ -readonly [K in keyof EmulatorRequisites]: EmulatorRequisites[K] }> = {};
if (values.organization) requisites.organization = values.organization;
if (values.unp) requisites.unp = values.unp;
if (values['registration-number']) requisites.registrationNumber = values['registration-number'];
if (values['trade-object']) requisites.tradeObject = values['trade-object'];
if (values.address) requisites.address = values.address;

const dataDir = resolve(values['data-dir']);
// Its own log, beside its journal. As the web host: a rejection is logged and it goes on; an
// uncaught exception is logged with its stack and the process exits (code 1).
const log = openLog({ dataDir, name: 'sko-emulator', stderr: true });
logCrashes(log.logger);
const emulator = await startSkoEmulator({
  dataDir,
  log: log.logger,
  host: values.host,
  port,
  faults,
  requisites,
  training: !values.working,
  ...(values['public-url'] ? { publicBaseUrl: values['public-url'] } : {}),
  ...(accessTtl ? { accessTtlSeconds: accessTtl } : {}),
  ...(values['tls-cert'] && values['tls-key'] ? { tls: { cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']) } } : {}),
});

console.log(`Журнал эмулятора СКО: ${dataDir}; открытый ключ: ${join(dataDir, PUBLIC_KEY_FILE)} (${emulator.keyId})`);
if (values.faults) console.log(`Сбои: ${values.faults}`);
console.log(values.working ? 'Режим: рабочий СКО (ответы без признака учебного режима)' : 'Режим: учебный СКО');
log.logger.info({ dataDir, url: emulator.baseUrl, keyId: emulator.keyId, faults: values.faults || null }, 'СКО emulator started');
console.log(`SKO emulator: ${emulator.baseUrl}`);

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await emulator.close();
  log.logger.info('СКО emulator stopped');
  log.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
