/**
 * Password hashes: scrypt, its cost stored in the hash (`scrypt$N$r$p$salt$hash`) so a later, dearer
 * cost still verifies the old hashes and rehashes them at the next login (auth.ts).
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export type ScryptCost = { readonly N: number; readonly r: number; readonly p: number };

/** OWASP's minimum for scrypt: N = 2^17, r = 8, p = 1 (128 MB, ~0.1–0.3 s a hash). Tests pass a cheaper one through the core. */
export const PASSWORD_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

/** What tills before the cost was stored used: Node's default scrypt, `scrypt$salt$hash`. */
const LEGACY_COST: ScryptCost = { N: 2 ** 14, r: 8, p: 1 };

/** A stored N above this is refused rather than computed: a broken row must not eat the memory. */
const MAX_N = 2 ** 20;

function scrypt(password: string, salt: Buffer, length: number, cost: ScryptCost): Buffer {
  // Node refuses more than 32 MB by default; scrypt needs 128 × N × r bytes.
  return scryptSync(password, salt, length, { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r + 1024 * 1024 });
}

export function hashPassword(password: string, cost: ScryptCost = PASSWORD_COST): string {
  const salt = randomBytes(16);
  const hash = scrypt(password, salt, 32, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

type Parsed = { cost: ScryptCost; salt: Buffer; hash: Buffer };

function parseHash(stored: string): Parsed | null {
  const parts = stored.split('$');
  if (parts[0] !== 'scrypt') return null;
  if (parts.length === 3) return { cost: LEGACY_COST, salt: Buffer.from(parts[1]!, 'base64'), hash: Buffer.from(parts[2]!, 'base64') };
  if (parts.length !== 6) return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const valid =
    Number.isInteger(N) && N > 1 && N <= MAX_N && (N & (N - 1)) === 0 && Number.isInteger(r) && r >= 1 && r <= 32 && Number.isInteger(p) && p >= 1 && p <= 16;
  if (!valid) return null;
  return { cost: { N, r, p }, salt: Buffer.from(parts[4]!, 'base64'), hash: Buffer.from(parts[5]!, 'base64') };
}

export function verifyPassword(password: string, stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed || parsed.salt.length === 0 || parsed.hash.length === 0) return false;
  return timingSafeEqual(scrypt(password, parsed.salt, parsed.hash.length, parsed.cost), parsed.hash);
}

/** The hash was made at another cost (or before costs were stored): make it again from the password just verified. */
export function needsRehash(stored: string, cost: ScryptCost = PASSWORD_COST): boolean {
  const parsed = parseHash(stored);
  return !parsed || stored.split('$').length !== 6 || parsed.cost.N !== cost.N || parsed.cost.r !== cost.r || parsed.cost.p !== cost.p;
}
