/**
 * The СКО emulator itself: its Z check stays fast on a long shift and still refuses what does
 * not add up; the check page the receipt's QR opens is a page for a person (JSON for machines);
 * `npm run sko:emulator -- --port N --data-dir D --faults …` starts it as the docs say; and the
 * transport rules of the till's side: a 401 is repeated once, plain HTTP only on loopback.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../main/core.js';
import { NO_FAULTS } from '../../main/fiscal/emulator/faults.js';
import { insertDocument, openJournal } from '../../main/fiscal/emulator/journal.js';
import { startSkoEmulator, type SkoEmulator } from '../../main/fiscal/emulator/server.js';
import { SkoError } from '../../main/fiscal/gateway.js';
import { createHttpSkoGateway, type HttpSkoGateway } from '../../main/fiscal/http-gateway.js';
import { PATHS } from '../../main/fiscal/protocol.js';
import { memorySessionStore } from '../../main/fiscal/session-store.js';
import { setSetting } from '../../main/services/settings.js';
import { makeTill } from '../fixtures/core.js';
import { reportDoc, saleDoc, shiftOpenDoc } from '../fixtures/sko-docs.js';
import { startWebHostProcess } from '../fixtures/web-host-process.js';
import { useTempDir } from '../fixtures/temp-dir.js';
import { noPosixSignals } from '../fixtures/platform.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const tmp = useTempDir('kassa-sko-emulator-');
const opened: { close(): unknown }[] = [];
afterEach(async () => {
  for (const x of opened.splice(0).reverse()) await x.close();
});

async function emulator(faults = NO_FAULTS): Promise<SkoEmulator & { baseUrl: string }> {
  const e = await startSkoEmulator({ dataDir: join(tmp.dir(), 'sko'), faults });
  opened.push(e);
  return e;
}

function gateway(e: { baseUrl: string; publicKeyPem: string }, timeoutMs = 20_000): HttpSkoGateway {
  const g = createHttpSkoGateway({
    baseUrl: e.baseUrl,
    publicKeys: [e.publicKeyPem],
    session: memorySessionStore(),
    deviceCode: 'DEVICE-Z',
    training: true,
    timeoutMs,
  });
  opened.push(g);
  return g;
}

describe('the Z check on a long shift', () => {
  /**
   * Shift 1 open at the СКО with `sales` sales after it, every tenth of them annulled by the next
   * document; written straight into the journal the way the emulator stores accepted documents.
   */
  async function longShift(sales: number) {
    const e = await emulator();
    const g = gateway(e);
    await g.unlock('1234');
    await g.submit(shiftOpenDoc(1));
    const tillId = e.journal.prepare('SELECT till_id FROM devices').pluck().get() as string;
    let n = 1;
    let standing = { count: 0, total: 0 };
    let annulled = 0;
    const at = new Date(Date.now() + 60_000).toISOString();
    e.journal.transaction(() => {
      const put = (kind: string, total: number, request: object) => {
        n++;
        insertDocument(e.journal, {
          sko_doc_id: `T-LONG${String(n).padStart(6, '0')}`,
          till_id: tillId,
          idempotency_key: `long-shift-${n}`,
          kind,
          shift_number: 1,
          number_in_shift: n,
          created_at: at,
          cashier_id: 'c',
          total,
          request: JSON.stringify(request),
          request_hash: 'x',
          accepted_at: at,
          verify_url: 'https://sko.training.local/check',
          key_id: 'x',
          signature: 'x',
          answer: '{}',
        });
      };
      for (let i = 0; i < sales; i++) {
        const total = 100 + (i % 97);
        put('sale', total, { total });
        if (i % 10 === 9) {
          put('annulment', total, { annulled: { shiftNumber: 1, numberInShift: n }, total });
          annulled++;
        } else standing = { count: standing.count + 1, total: standing.total + total };
      }
    })();
    return { e, g, number: n + 1, standing, annulled };
  }

  it('accepts the Z of a shift of 10,000 documents in well under a second', async () => {
    const { g, number, standing } = await longShift(9_091); // + 909 annulments + the opening = 10,001 documents
    expect(number - 1).toBeGreaterThanOrEqual(10_000);
    const z = reportDoc('z_report', 1, number, []);
    const body = z.body as { report: { figures: Record<string, unknown> } };
    body.report.figures = { salesCount: standing.count, salesTotal: standing.total };
    const t0 = performance.now();
    const answer = await g.submit({ ...z, total: standing.total });
    const ms = performance.now() - t0;
    expect(answer.skoDocId).toMatch(/^T-/);
    // A correlated scan of the shift's JSON took 14 s here; an index lookup per sale takes milliseconds.
    expect(ms).toBeLessThan(1_000);
  });

  it('still refuses, quickly, a Z that counts an annulled sale or misses a document', async () => {
    const { e, g, number, standing, annulled } = await longShift(5_000);
    expect(annulled).toBe(500);
    const z = reportDoc('z_report', 1, number, []);
    const counted = { salesCount: standing.count + 1, salesTotal: standing.total + 109 }; // the first annulled sale (i = 9) counted
    (z.body as { report: { figures: Record<string, unknown> } }).report.figures = counted;
    const t0 = performance.now();
    const err = await g.submit({ ...z, total: counted.salesTotal }).catch((x: unknown) => x);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(err).toBeInstanceOf(SkoError);
    expect(err).toMatchObject({
      kind: 'rejected',
      code: 'REPORT_MISMATCH',
      message: expect.stringMatching(`продаж ${standing.count + 1} на ${standing.total + 109}, в СКО ${standing.count} на ${standing.total}`),
    });
    const gap = reportDoc('z_report', 1, number + 1, []);
    (gap.body as { report: { figures: Record<string, unknown> } }).report.figures = { salesCount: standing.count, salesTotal: standing.total };
    expect(await g.submit({ ...gap, total: standing.total }).catch((x: unknown) => x)).toMatchObject({ code: 'GAPS' });
    expect(e.journal.prepare('SELECT count(*) FROM refusals').pluck().get()).toBe(2);
  });

  it('answers «is it annulled?» with an index, not a scan of the journal', async () => {
    const e = await emulator();
    const plan = e.journal
      .prepare("EXPLAIN QUERY PLAN SELECT 1 FROM documents a WHERE a.till_id = ? AND a.kind = 'annulment' AND a.ref_shift = ? AND a.ref_number = ?")
      .all('t', 1, 2) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING (COVERING )?INDEX documents_refs/);
  });

  it('gives a journal made before the reference columns its columns, filled from the stored requests', async () => {
    const dir = join(tmp.dir(), 'old-sko');
    const old = openJournal(dir);
    old.exec('DROP INDEX documents_refs; ALTER TABLE documents DROP COLUMN ref_shift; ALTER TABLE documents DROP COLUMN ref_number;');
    old
      .prepare(
        `INSERT INTO documents (sko_doc_id, till_id, idempotency_key, kind, shift_number, number_in_shift, created_at, cashier_id, total, request, request_hash, accepted_at, verify_url, key_id, signature, answer)
       VALUES ('T-A', 't', 'key-annul-1', 'annulment', 1, 3, 'x', 'c', 5, '{"annulled":{"shiftNumber":1,"numberInShift":2}}', 'x', 'x', 'x', 'x', 'x', '{}'),
              ('T-R', 't', 'key-return-1', 'return', 1, 4, 'x', 'c', 5, '{"original":{"shiftNumber":1,"numberInShift":2}}', 'x', 'x', 'x', 'x', 'x', '{}')`,
      )
      .run();
    old.close();
    const upgraded = openJournal(dir);
    try {
      expect(upgraded.prepare('SELECT kind, ref_shift, ref_number FROM documents ORDER BY seq').all()).toEqual([
        { kind: 'annulment', ref_shift: 1, ref_number: 2 },
        { kind: 'return', ref_shift: 1, ref_number: 2 },
      ]);
    } finally {
      upgraded.close();
    }
  });
});

describe('the check page of the QR', () => {
  it('is a page for a person, and JSON for a machine that asks for it', async () => {
    const e = await emulator();
    const g = gateway(e);
    await g.unlock('1234');
    await g.submit(shiftOpenDoc(1));
    const sale = saleDoc(1, 2);
    const { skoDocId, verifyUrl } = await g.submit(sale);
    const page = await fetch(verifyUrl, { headers: { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Документ найден в СКО');
    expect(html).toContain(`<td>${skoDocId}</td>`);
    expect(html).toContain(`<td>${Math.trunc(sale.total / 100)}.${String(sale.total % 100).padStart(2, '0')}</td>`);
    expect(html).toContain('Учебный режим');

    for (const [url, headers] of [
      [verifyUrl, { Accept: 'application/json' }],
      [`${verifyUrl}&format=json`, {}],
    ] as const) {
      const res = await fetch(url, { headers });
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.json()).toMatchObject({ sko_doc_id: skoDocId, kind: 'sale', shift_number: 1, number_in_shift: 2, total: sale.total, training: true });
    }
    const missing = await fetch(`${e.baseUrl}${PATHS.check}?id=<script>`);
    expect(missing.status).toBe(404);
    const text = await missing.text();
    expect(text).toContain('в СКО не найден');
    expect(text).not.toContain('<script>');
  });
});

describe('npm run sko:emulator', () => {
  it('runs as package.json says, on the port, data folder and faults it is given', async () => {
    const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['sko:emulator']!;
    const [build, run] = script.split('&&').map((s) => s.trim());
    expect(build).toBe('node scripts/build-main.mjs');
    expect(readFileSync(join(ROOT, 'scripts/build-main.mjs'), 'utf8')).toContain("'sko-emulator': 'main/fiscal/emulator/cli.ts'");
    // The command it runs, as `npm run sko:emulator -- …` passes the arguments on (the build step is `npm run build`'s).
    const [node, entry, ...rest] = run!.split(/\s+/);
    expect([node, entry, rest]).toEqual(['node', 'dist/main/sko-emulator.js', []]);
    const port = await freePort();
    const dataDir = join(tmp.dir(), 'cli');
    const child = spawn(process.execPath, [entry!, '--port', String(port), '--data-dir', dataDir, '--faults', 'refuse-pin,seed=3'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const started = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 20_000);
        child.stdout.on('data', () => out.includes('SKO emulator:') && (clearTimeout(timer), resolve(true)));
        child.once('exit', () => (clearTimeout(timer), resolve(false)));
      });
      expect(started, out).toBe(true);
      expect(out).toContain(`SKO emulator: http://127.0.0.1:${port}`);
      expect(out).toContain('Сбои: refuse-pin,seed=3');
      const url = `http://127.0.0.1:${port}`;
      expect(await (await fetch(`${url}${PATHS.health}`)).json()).toMatchObject({ ok: true, training: true });
      const g = gateway({ baseUrl: url, publicKeyPem: readFileSync(join(dataDir, 'sko-public-key.pem'), 'utf8') });
      await expect(g.unlock('1234')).rejects.toThrow(/СКО не принял PIN/); // the fault it was given
      expect(readFileSync(join(dataDir, 'sko-journal.sqlite')).length).toBeGreaterThan(0);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      // Windows ends the process outright (no SIGTERM handler runs): its clean exit is seen elsewhere only.
      if (noPosixSignals() === null) expect(await exited).toBe(0);
      else await exited;
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('the till’s side of the transport', () => {
  it('renews an expired token and repeats the request once — not more', async () => {
    const e = await emulator();
    const g = gateway(e);
    await g.unlock('1234');
    await g.submit(shiftOpenDoc(1));
    e.setFaults({ ...NO_FAULTS, expireTokens: 1, scope: 'documents' });
    const before = e.stats();
    const err = await g.submit(saleDoc(1, 2)).catch((x: unknown) => x);
    expect(err).toMatchObject({ kind: 'auth', code: 'TOKEN_EXPIRED' });
    const after = e.stats();
    expect(after.expiredTokens - before.expiredTokens).toBe(2); // the request and its one repeat
    expect(after.refreshes - before.refreshes).toBe(1);
  });

  it.each([
    ['http://10.0.0.5:8111', false],
    ['http://sko.example.by/', false],
    ['http://127.0.0.2:8111', true],
    ['http://localhost:8111', true],
    ['http://[::1]:8111', true],
    ['https://sko.example.by/', true],
  ])('%s: allowed as an СКО address — %s', (url, allowed) => {
    using till = makeTill();
    const save = () => setSetting(till.ctx, 'sko', { url, deviceCode: '', caFile: null, publicKeys: [], timeoutMs: 1_000 });
    if (allowed) {
      expect(save).not.toThrow();
      createCore({ dataDir: join(tmp.dir(), 'ok'), skoOverrides: { url }, log: () => {} }).close();
    } else {
      expect(save).toThrow(/без шифрования \(http:\/\/\) можно только на этом компьютере/);
      expect(() => createCore({ dataDir: join(tmp.dir(), 'no'), skoOverrides: { url }, log: () => {} })).toThrow(
        `Адрес СКО «${url}»: без шифрования (http://) можно только на этом компьютере (127.0.0.1). Укажите https://, иначе код привязки и токены пойдут по сети открытым текстом.`,
      );
    }
  });

  it('will not start the web host with --sko-url http:// off this machine, and says why', async () => {
    const err = await startWebHostProcess(join(tmp.dir(), 'till'), ['--sko-url', 'http://192.168.1.20:8111']).then(
      () => null,
      (x: unknown) => x,
    );
    expect(String(err)).toMatch(/web host exited with 1/);
    expect(String(err)).toContain('Адрес СКО «http://192.168.1.20:8111»: без шифрования (http://) можно только на этом компьютере');
  });
});
