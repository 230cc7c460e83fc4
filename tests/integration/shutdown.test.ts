/**
 * A till that closes lets its process end: nothing it started keeps listening. The built-in СКО
 * emulator and the printer emulator start listening asynchronously (a core starts both), so a
 * close that comes while a port is still being bound must free that port too — before, it stayed
 * open and `npm run bench` never exited. Node's own list of active handles is the witness.
 */
import type { Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PrinterEmulator } from '../../main/devices/printer/emulator/server.js';
import { createSkoEmulator } from '../../main/fiscal/emulator/server.js';
import { useTempDir } from '../fixtures/temp-dir.js';

const tmp = useTempDir('kassa-shutdown-');

/** The servers of this process that still listen. */
function listening(): Server[] {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((h): h is Server => typeof (h as Server).listen === 'function' && (h as Server).listening);
}

describe('closing what listens', () => {
  it("frees the СКО emulator's port when it is closed while still binding it", async () => {
    const before = listening().length;
    const emulator = createSkoEmulator({ dataDir: tmp.dir() });
    const started = emulator.listen();
    await emulator.close();
    await expect(started).rejects.toThrow(/closed/);
    expect(listening()).toHaveLength(before);
  });

  it("frees the printer emulator's port when it is closed while still binding it", async () => {
    const before = listening().length;
    const emulator = new PrinterEmulator({ printer: { profile: 'epson', paper: 80 } });
    const started = emulator.listen();
    await emulator.close();
    await expect(started).rejects.toThrow(/closed/);
    expect(listening()).toHaveLength(before);
  });
});
