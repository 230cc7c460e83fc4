/**
 * Which СКО the till talks to: a configured URL (the operator's, or a standalone emulator for
 * tests), or — in training mode with no URL — the emulator started in-process on 127.0.0.1:0.
 * Either way the till speaks the real HTTP protocol through the same adapter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/database.js';
import { KassaError } from '../domain/errors.js';
import { createSkoEmulator, type SkoEmulator } from './emulator/server.js';
import { SkoError, type SkoGateway } from './gateway.js';
import { createHttpSkoGateway } from './http-gateway.js';
import { plainHttpRefusal } from './protocol.js';
import { sqliteSessionStore, type SessionStore } from './session-store.js';

export type SkoSettingsView = {
  readonly url: string | null;
  readonly deviceCode: string;
  readonly caFile: string | null;
  readonly publicKeys: readonly string[];
  readonly timeoutMs: number;
};

/** Overrides from the command line (web host `--sko-url …`); they are not saved. */
export type SkoOverrides = {
  readonly url?: string;
  readonly publicKeys?: readonly string[];
  readonly ca?: string | Buffer;
  readonly timeoutMs?: number;
  readonly deviceCode?: string;
};

export type SkoConnection = {
  readonly gateway: SkoGateway;
  /** The in-process emulator of training mode, when that is what the till talks to. */
  readonly emulator: SkoEmulator | null;
  close(): void;
};

/** The verification URLs of training receipts: stable, whatever port the emulator got. */
export const TRAINING_VERIFY_BASE = 'https://sko.training.local';
export const EMBEDDED_EMULATOR_DIR = 'sko-emulator';

export function connectSko(input: {
  readonly db: Db;
  readonly dataDir: string;
  readonly training: boolean;
  readonly settings: SkoSettingsView;
  readonly overrides?: SkoOverrides;
  readonly log: (msg: string, err?: unknown) => void;
  /** Where the binding is kept; default: the till's database, per endpoint (going live checks an СКО with one in memory first). */
  readonly session?: SessionStore;
}): SkoConnection {
  const { settings, overrides = {} } = input;
  const url = overrides.url ?? settings.url;
  // The device code and the tokens travel in every request: never in the clear off this machine.
  const refusal = url === null ? null : plainHttpRefusal(url);
  if (refusal) throw new KassaError('VALIDATION', refusal);
  const timeoutMs = overrides.timeoutMs ?? settings.timeoutMs;

  if (url === null) {
    if (!input.training) return notConfigured();
    const emulator = createSkoEmulator({ dataDir: join(input.dataDir, EMBEDDED_EMULATOR_DIR), publicBaseUrl: TRAINING_VERIFY_BASE });
    const baseUrl = emulator.listen();
    baseUrl.catch((err: unknown) => input.log('sko: the built-in emulator did not start', err));
    const session = sqliteSessionStore(input.db, 'embedded');
    const gateway = createHttpSkoGateway({
      baseUrl,
      endpointLabel: 'встроенный эмулятор СКО (учебный режим)',
      publicKeys: [emulator.publicKeyPem],
      session,
      deviceCode: overrides.deviceCode ?? (settings.deviceCode || `TRAINING-${session.load().installationId}`),
      training: true,
      timeoutMs,
    });
    return {
      gateway,
      emulator,
      close() {
        gateway.close();
        void emulator.close();
      },
    };
  }

  const session = input.session ?? sqliteSessionStore(input.db, url);
  const ca = overrides.ca ?? (settings.caFile ? readFileSync(settings.caFile) : undefined);
  const publicKeys = overrides.publicKeys ?? settings.publicKeys;
  if (publicKeys.length === 0) {
    input.log(`sko: no public key of the СКО at ${url} is configured — every answer will be refused until one is (setting sko.publicKeys, --sko-public-key)`);
  }
  const gateway = createHttpSkoGateway({
    baseUrl: url,
    publicKeys,
    ...(ca ? { ca } : {}),
    session,
    deviceCode: overrides.deviceCode ?? (settings.deviceCode || (input.training ? `TRAINING-${session.load().installationId}` : '')),
    training: input.training,
    timeoutMs,
  });
  return { gateway, emulator: null, close: () => gateway.close() };
}

/** Working mode without an СКО address: nothing can be fiscalized, and every screen says why. */
function notConfigured(): SkoConnection {
  const refuse = () => Promise.reject(new SkoError('unreachable', 'NOT_CONFIGURED', 'Не задан адрес СКО в настройках кассы'));
  const gateway: SkoGateway = {
    training: false,
    unlock: () => Promise.reject(new KassaError('FISCAL_UNAVAILABLE', 'Не задан адрес СКО в настройках кассы: PIN проверить негде')),
    prepare: refuse,
    submit: refuse,
    verifyStored: () => 'не задан адрес СКО: ключи, которым доверяет касса, неизвестны',
    copy: refuse,
    requisites: refuse,
    ping: refuse,
    info: () => ({ endpoint: 'не задан', token: { state: 'none', expiresAt: null }, inFlight: 0, maxInFlightSeen: 0 }),
    close: () => {},
  };
  return { gateway, emulator: null, close: () => {} };
}
