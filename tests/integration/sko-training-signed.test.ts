/**
 * A working till and a training СКО, and the signed requisites and status (issue 10 #22): the
 * till's HTTP adapter against the emulator on loopback, with a tampering proxy between them.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KassaError } from '../../main/domain/errors.js';
import { startSkoEmulator, type SkoEmulator, type SkoEmulatorOptions } from '../../main/fiscal/emulator/server.js';
import { SkoError } from '../../main/fiscal/gateway.js';
import { createHttpSkoGateway, type HttpSkoGateway } from '../../main/fiscal/http-gateway.js';
import { PATHS } from '../../main/fiscal/protocol.js';
import { memorySessionStore } from '../../main/fiscal/session-store.js';
import { saleDoc, shiftOpenDoc } from '../fixtures/sko-docs.js';
import { startSkoProxy } from '../fixtures/sko-proxy.js';
import { useTempDir } from '../fixtures/temp-dir.js';

const tmp = useTempDir('kassa-sko-');
const opened: { close(): unknown }[] = [];
afterEach(async () => {
  for (const x of opened.splice(0).reverse()) await x.close();
});

async function emulator(options: Partial<SkoEmulatorOptions> = {}, name = 'sko'): Promise<SkoEmulator & { baseUrl: string }> {
  const e = await startSkoEmulator({ dataDir: join(tmp.dir(), name), ...options });
  opened.push(e);
  return e;
}

function gateway(baseUrl: string, publicKeyPem: string, training: boolean): HttpSkoGateway {
  const g = createHttpSkoGateway({ baseUrl, publicKeys: [publicKeyPem], session: memorySessionStore(), deviceCode: 'DEVICE-1', training, timeoutMs: 2_000 });
  opened.push(g);
  return g;
}

async function refusal(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    if (err instanceof Error) return err;
  }
  throw new Error('expected a refusal');
}

describe('a working till and a training СКО', () => {
  it('refuses the PIN, the requisites, the status and a document answer of a training СКО', async () => {
    const e = await emulator(); // the emulator is a training СКО by default
    const g = gateway(e.baseUrl, e.publicKeyPem, false);
    const pin = await refusal(g.unlock('1234'));
    expect(pin).toBeInstanceOf(KassaError);
    expect(pin.message).toMatch(/СКО ответил как учебный, а касса работает в рабочем режиме/);
    expect(await refusal(g.requisites())).toMatchObject({ kind: 'tampered', code: 'TRAINING_SKO' });
    expect(await refusal(g.ping())).toMatchObject({ kind: 'tampered', code: 'TRAINING_SKO' });
    // The emulator took the PIN before the till refused its answer: a document gets through to it,
    // and the till still does not take the answer as fiscal.
    const err = await refusal(g.submit(shiftOpenDoc(1)));
    expect(err).toBeInstanceOf(SkoError);
    expect(err).toMatchObject({ kind: 'tampered', code: 'TRAINING_SKO' });
  });

  it('works with a working СКО, and a training till with a training one', async () => {
    const working = await emulator({ training: false }, 'working');
    const g = gateway(working.baseUrl, working.publicKeyPem, false);
    expect(await g.unlock('1234')).toMatchObject({ training: false });
    expect((await g.requisites()).unp).toMatch(/^\d{9}$/);
    await g.ping();
    await g.submit(shiftOpenDoc(1));
    const answer = await g.submit(saleDoc(1, 2));
    expect(answer.skoDocId).toMatch(/^T-/);

    const training = await emulator({}, 'training');
    const t = gateway(training.baseUrl, training.publicKeyPem, true);
    await t.unlock('1234');
    await t.ping();
    await t.submit(shiftOpenDoc(1));
  });
});

describe('signed requisites and status', () => {
  it('refuses a changed field, a training mark taken off, or another key’s signature', async () => {
    const e = await emulator();
    const proxy = await startSkoProxy(e.baseUrl);
    opened.push(proxy);
    const g = gateway(proxy.url, e.publicKeyPem, true);
    await g.ping();
    await g.requisites();

    const body = (path: string, change: (a: Record<string, unknown>) => Record<string, unknown>) =>
      proxy.setTamper((p, status, text) => (p.startsWith(path) && status === 200 ? JSON.stringify(change(JSON.parse(text) as Record<string, unknown>)) : text));
    body(PATHS.till, (a) => ({ ...a, unp: '190000000' }));
    expect(await refusal(g.requisites())).toMatchObject({
      kind: 'tampered',
      code: 'BAD_SIGNATURE',
      message: 'Реквизиты: ответ СКО отклонён: подпись СКО не сходится',
    });
    body(PATHS.status, (a) => ({ ...a, unlocked: !a.unlocked }));
    expect(await refusal(g.ping())).toMatchObject({ code: 'BAD_SIGNATURE' });
    body(PATHS.status, ({ keyId: _k, signature: _s, ...a }) => a);
    expect(await refusal(g.ping())).toMatchObject({ code: 'BAD_ANSWER' });

    // A working till behind a proxy that takes the training mark off: the signature gives it away.
    const w = gateway(proxy.url, e.publicKeyPem, false);
    body(PATHS.status, (a) => ({ ...a, training: false }));
    expect(await refusal(w.ping())).toMatchObject({ code: 'BAD_SIGNATURE' });

    // Signed, but by a key the till does not trust.
    proxy.setTamper(null);
    const other = await emulator({}, 'other');
    const stranger = gateway(e.baseUrl, other.publicKeyPem, true);
    expect((await refusal(stranger.requisites())).message).toMatch(/не доверяет/);
  });

  it('refuses a status answer recorded earlier and played back (its nonce is not this request’s)', async () => {
    const e = await emulator();
    const proxy = await startSkoProxy(e.baseUrl);
    opened.push(proxy);
    const g = gateway(proxy.url, e.publicKeyPem, true);
    let recorded: string | null = null;
    proxy.setTamper((p, status, text) => {
      if (!p.startsWith(PATHS.status) || status !== 200) return text;
      recorded ??= text;
      return recorded;
    });
    await g.ping();
    expect(await refusal(g.ping())).toMatchObject({ kind: 'tampered', message: 'Состояние: ответ СКО отклонён: ответ не на этот запрос (nonce)' });
  });
});
