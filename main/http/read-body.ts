/** The body of an HTTP request as text, for the servers the till runs (web host, СКО emulator). */
import type { IncomingMessage } from 'node:http';

/** A body over the limit: the server answers 413 and reads no more of it. */
export class BodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super('body too large');
    this.name = 'BodyTooLarge';
  }
}

/**
 * Rejects a body over `maxBytes` (`BodyTooLarge`, at once when Content-Length says so) and a
 * request the client abandoned. The rest of a body over the limit is read and dropped, so the
 * client, still sending, reads the answer instead of a reset; past eight times the limit the
 * connection is cut.
 */
export function readBody(req: IncomingMessage, maxBytes = 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    const refuse = () => {
      tooLarge = true;
      chunks.length = 0;
      reject(new BodyTooLarge(maxBytes));
    };
    if (Number(req.headers['content-length'] ?? 0) > maxBytes) refuse();
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (tooLarge) {
        if (size > maxBytes * 8) req.destroy();
        return;
      }
      if (size > maxBytes) return refuse();
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('aborted')));
  });
}
