/**
 * A printer installed in the Windows spooler ("Generic / Text Only" or the vendor's driver):
 * the job goes in RAW datatype through winspool (OpenPrinter → StartDocPrinter "RAW" →
 * WritePrinter), called from a PowerShell helper, so no native addon is needed. The bytes travel
 * in a temporary file and the printer name in an environment variable: nothing is quoted into
 * the script. Status cannot be read back through the spooler (HARDWARE.md).
 */
import { spawn as nodeSpawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, win32 } from 'node:path';
import { PrinterError, type PrinterTransport } from './transport.js';

export const RAW_PRINT_SCRIPT = String.raw`$ErrorActionPreference = 'Stop'
Add-Type -TypeDefinition @'
using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
public static class KassaRawPrint {
  [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
  public class DOCINFO { public string pDocName; public string pOutputFile; public string pDatatype; }
  [DllImport("winspool.drv", CharSet = CharSet.Unicode, SetLastError = true)]
  static extern bool OpenPrinter(string name, out IntPtr handle, IntPtr defaults);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool ClosePrinter(IntPtr handle);
  [DllImport("winspool.drv", CharSet = CharSet.Unicode, SetLastError = true)]
  static extern int StartDocPrinter(IntPtr handle, int level, [In] DOCINFO info);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool EndDocPrinter(IntPtr handle);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool StartPagePrinter(IntPtr handle);
  [DllImport("winspool.drv", SetLastError = true)] static extern bool EndPagePrinter(IntPtr handle);
  [DllImport("winspool.drv", SetLastError = true)]
  static extern bool WritePrinter(IntPtr handle, byte[] bytes, int count, out int written);
  public static void Send(string printer, byte[] bytes) {
    IntPtr h;
    if (!OpenPrinter(printer, out h, IntPtr.Zero)) throw new Win32Exception(Marshal.GetLastWin32Error());
    try {
      DOCINFO info = new DOCINFO { pDocName = "Kassa Desk", pDatatype = "RAW" };
      if (StartDocPrinter(h, 1, info) == 0) throw new Win32Exception(Marshal.GetLastWin32Error());
      try {
        if (!StartPagePrinter(h)) throw new Win32Exception(Marshal.GetLastWin32Error());
        int written;
        if (!WritePrinter(h, bytes, bytes.Length, out written)) throw new Win32Exception(Marshal.GetLastWin32Error());
        if (written != bytes.Length) throw new Exception("written " + written + " of " + bytes.Length);
        EndPagePrinter(h);
      } finally { EndDocPrinter(h); }
    } finally { ClosePrinter(h); }
  }
}
'@
try {
  [KassaRawPrint]::Send($env:KASSA_PRINTER, [System.IO.File]::ReadAllBytes($env:KASSA_JOB_FILE))
} catch {
  [Console]::Error.WriteLine($_.Exception.Message)
  exit 1
}
`;

/** PowerShell's -EncodedCommand: the script as base64 of UTF-16LE. */
export function encodedCommand(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

/**
 * A program of Windows itself by its full path under %SystemRoot%\System32: a bare name is looked
 * up in the current folder and PATH first, where another program could stand in for it.
 * Null when the environment names no absolute system folder.
 */
export function windowsSystemProgram(env: Readonly<Record<string, string | undefined>>, ...parts: readonly string[]): string | null {
  // Windows' own environment ignores case; a copied object does not.
  const lookup = (name: string) => Object.entries(env).find(([k, v]) => k.toLowerCase() === name && v)?.[1];
  const root = lookup('systemroot') ?? lookup('windir');
  if (!root || !win32.isAbsolute(root)) return null;
  return win32.join(root, 'System32', ...parts);
}

/** %SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe (Windows PowerShell 5.1, on every Windows 10/11). */
export function powershellPath(env: Readonly<Record<string, string | undefined>>): string | null {
  return windowsSystemProgram(env, 'WindowsPowerShell', 'v1.0', 'powershell.exe');
}

export type Spawned = {
  readonly pid?: number | undefined;
  stderr: NodeJS.ReadableStream | null;
  on(event: 'close', cb: (code: number | null) => void): unknown;
  on(event: 'error', cb: (err: Error) => void): unknown;
};

export type Spawn = (command: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; windowsHide: boolean; detached: boolean }) => Spawned;

/**
 * Ends the helper and everything it started. On Windows `taskkill /T /F` takes the tree; elsewhere
 * (tests with a stand-in) the helper leads its own process group, so the group is signalled.
 */
export function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    const taskkill = windowsSystemProgram(process.env, 'taskkill.exe');
    if (taskkill) nodeSpawn(taskkill, ['/PID', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' }).on('error', () => undefined);
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

export type WindowsQueueOptions = {
  readonly printerName: string;
  /** powershell.exe by its full path (`powershellPath`) by default; tests pass a stand-in. */
  readonly command?: string;
  readonly spawn?: Spawn;
  readonly timeoutMs?: number;
};

export class WindowsQueueTransport implements PrinterTransport {
  readonly description: string;

  constructor(private readonly options: WindowsQueueOptions) {
    this.description = `очередь Windows «${options.printerName}»`;
  }

  async send(bytes: Buffer): Promise<void> {
    const file = join(tmpdir(), `kassa-job-${randomUUID()}.bin`);
    await fs.writeFile(file, bytes);
    try {
      await this.run(file);
    } finally {
      await fs.rm(file, { force: true });
    }
  }

  private run(file: string): Promise<void> {
    const spawn = this.options.spawn ?? nodeSpawn;
    const command = this.options.command ?? powershellPath(process.env);
    if (command === null) return Promise.reject(new PrinterError(`${this.description}: не найдена папка Windows (переменная SystemRoot) — PowerShell не запустить`));
    const args = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encodedCommand(RAW_PRINT_SCRIPT)];
    return new Promise((resolve, reject) => {
      // Its own process group off Windows, so a timeout can end the stand-in and its children.
      const child = spawn(command, args, {
        env: { ...process.env, KASSA_PRINTER: this.options.printerName, KASSA_JOB_FILE: file },
        windowsHide: true,
        detached: process.platform !== 'win32',
      });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => {
        // Reported as not printed, so it must not print late: a second copy would follow a reprint.
        killTree(child.pid);
        reject(new PrinterError(`${this.description}: очередь печати не ответила — задание отменено, напечатайте чек ещё раз`));
      }, this.options.timeoutMs ?? 30_000);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new PrinterError(`${this.description}: не удалось запустить PowerShell (${err.message})`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new PrinterError(`${this.description}: ${stderr.trim() || `код ${code}`}`));
      });
    });
  }
}
