/** How bytes reach a receipt printer; each connection kind is one transport. */
export interface PrinterTransport {
  /** For the cashier: "TCP 192.168.1.50:9100", "/dev/usb/lp0", "очередь Windows «POS-80»". */
  readonly description: string;
  /** Sends one job; rejects with a PrinterError whose message the cashier can act on. */
  send(bytes: Buffer): Promise<void>;
  /**
   * Sends a request and collects up to `expect` answer bytes, fewer when the time runs out.
   * Absent where answers cannot be read (a Windows queue, a file).
   */
  exchange?(request: Buffer, expect: number, timeoutMs: number): Promise<Buffer>;
  /**
   * One connection for a whole job (status, receipt, status) where the link has connections (TCP):
   * `use` gets a transport whose calls all go over it. Absent: each call is a connection of its own.
   */
  session?<T>(use: (link: PrinterTransport) => Promise<T>): Promise<T>;
}

/** A failure to print, with a Russian message for the cashier. */
export class PrinterError extends Error {
  constructor(
    message: string,
    readonly unreachable = true,
  ) {
    super(message);
    this.name = 'PrinterError';
  }
}

/** The system's error in the cashier's words. */
export function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ECONNREFUSED':
      return 'принтер не принимает подключение (выключен или занят)';
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'принтер не отвечает (выключен или нет сети)';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'принтер оборвал соединение';
    case 'ENOENT':
    case 'ENODEV':
    case 'ENXIO':
      return 'принтер не подключён (нет устройства)';
    case 'EACCES':
    case 'EPERM':
      return 'нет доступа к принтеру (Linux: добавьте пользователя в группу lp)';
    case 'EBUSY':
      return 'принтер занят другой программой';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
