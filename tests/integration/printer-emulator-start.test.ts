/**
 * The built-in printer emulator (training preview) is a server on loopback: core starts it at
 * start-up (training mode, or the settings print to it) and a save of the printer settings starts
 * it; a read — status, diagnostics, preview, settings — never does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getSetting, setSetting } from '../../main/services/settings.js';
import { ADMIN_PASSWORD, adminReady, makeTill, type TestTill } from '../fixtures/core.js';
import { refusingPort } from '../fixtures/printer/till.js';

let till: TestTill | null = null;
afterEach(() => till?.dispose());

/** A till out of training mode whose printer is on TCP: nothing asks for the emulator at start-up. */
async function tcpTillOutOfTraining(): Promise<TestTill> {
  const first = makeTill();
  await adminReady(first);
  setSetting(first.ctx, 'trainingMode', false);
  setSetting(first.ctx, 'printer', { ...getSetting(first.ctx, 'printer'), connection: { kind: 'tcp', host: '127.0.0.1', port: await refusingPort() } });
  first.close();
  till = makeTill({ dataDir: first.dir, printing: { statusTimeoutMs: 300 } });
  await till.ok('auth.login', { login: 'admin', password: ADMIN_PASSWORD });
  return till;
}

describe('the built-in printer emulator', () => {
  it('listens from the start on a fresh till, which prints to it in training mode', async () => {
    till = makeTill();
    // Refused unless core started it; resolves once the server is bound.
    await expect(till.ctx.printer.emulatorAddress()).resolves.toMatchObject({ host: '127.0.0.1' });
    expect(till.ctx.printer.emulator.address()).not.toBeNull();
  });

  it('is not started by a read, even when the settings came to point at it without a save', async () => {
    const t = await tcpTillOutOfTraining();
    const emulator = t.ctx.printer.emulator;
    expect(emulator.address()).toBeNull();
    // As a restored backup would: the settings say "emulator", but nothing saved them through the screen.
    setSetting(t.ctx, 'printer', { ...getSetting(t.ctx, 'printer'), connection: { kind: 'emulator' } });
    for (const read of ['printer.status', 'printer.preview', 'printer.drawerAccess', 'devices.diagnostics', 'devices.getSettings'] as const) {
      await t.ok(read);
      expect(emulator.address(), read).toBeNull();
    }
    expect(await t.ok('printer.status')).toMatchObject({ canPrint: false, message: expect.stringMatching(/эмулятор принтера не запущен/) });
    expect(emulator.address()).toBeNull();
  });

  it('starts when the admin saves printer settings that print to it, and then answers', async () => {
    const t = await tcpTillOutOfTraining();
    await t.ok('devices.saveSettings', { printer: { ...getSetting(t.ctx, 'printer'), connection: { kind: 'emulator' } } });
    expect(await t.ok('printer.status')).toMatchObject({ condition: 'ready', canPrint: true });
    expect(t.ctx.printer.emulator.address()).toMatchObject({ host: '127.0.0.1', port: expect.any(Number) });
  });
});
