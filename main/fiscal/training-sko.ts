/**
 * The minimal in-process СКО of training mode: accepts any 4–8 digit PIN, numbers and signs
 * each document, and answers a repeated idempotency key with the first answer.
 * The full HTTP emulator of the СКО protocol replaces it (see the СКО issue).
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { KassaError } from '../domain/errors.js';
import type { SkoAnswer, SkoDocument, SkoGateway } from './gateway.js';

export function createTrainingSko(clock: () => Date = () => new Date()): SkoGateway {
  const { privateKey } = generateKeyPairSync('ed25519');
  const answers = new Map<string, SkoAnswer>();
  return {
    training: true,
    async unlock(pin) {
      if (!/^\d{4,8}$/.test(pin)) throw new KassaError('FISCAL_UNAVAILABLE', 'СКО не принял PIN');
      return { message: 'Учебный режим: встроенный эмулятор СКО принял PIN' };
    },
    async submit(doc: SkoDocument) {
      const earlier = answers.get(doc.idempotencyKey);
      if (earlier) return earlier;
      // Derived from the key, so a restarted emulator still gives a document the same id.
      const skoDocId = `T-${createHash('sha256').update(doc.idempotencyKey).digest('hex').slice(0, 12).toUpperCase()}`;
      const digest = createHash('sha256').update(JSON.stringify(doc)).digest();
      const answer: SkoAnswer = {
        skoDocId,
        acceptedAt: clock().toISOString(),
        verifyUrl: `https://sko.training.local/check?id=${skoDocId}`,
        signature: sign(null, digest, privateKey).toString('base64'),
      };
      answers.set(doc.idempotencyKey, answer);
      return answer;
    },
  };
}
