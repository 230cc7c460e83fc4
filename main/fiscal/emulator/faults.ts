/**
 * Fault injection of the СКО emulator. A spec is `name=value` pairs joined by commas, e.g.
 * `timeout=0.1,5xx=0.1,drop=0.05,429=0.02,burst=5,latency=0-20,seed=7` (docs/sko-protocol.md).
 * Decisions come from a seeded generator, so a run can be replayed.
 */

export type FaultSpec = {
  /** Added to every request, uniformly in [min, max] ms. */
  readonly latencyMs: readonly [number, number];
  /** Probability that a request hangs `hangMs` before it is handled (the client times out; the request still runs later). */
  readonly timeout: number;
  readonly hangMs: number;
  /** Probability of a 500/502/503 answer before anything is done. */
  readonly serverError: number;
  /** Probability that the connection is cut mid-response after the server committed. */
  readonly drop: number;
  /** Probability that a 429 burst starts; it covers `burst` requests and asks to wait `retryAfterMs`. */
  readonly rateLimit: number;
  readonly burst: number;
  readonly retryAfterMs: number;
  /** Every PIN is refused. */
  readonly refusePin: boolean;
  /** Probability that an authenticated request finds its access token expired. */
  readonly expireTokens: number;
  /** `documents`: faults only on document and copy requests; `all`: on auth and status too. */
  readonly scope: 'documents' | 'all';
  readonly seed: number;
};

export const NO_FAULTS: FaultSpec = {
  latencyMs: [0, 0],
  timeout: 0,
  hangMs: 15_000,
  serverError: 0,
  drop: 0,
  rateLimit: 0,
  burst: 5,
  retryAfterMs: 1_000,
  refusePin: false,
  expireTokens: 0,
  scope: 'all',
  seed: 1,
};

const PROBABILITIES = { timeout: 'timeout', '5xx': 'serverError', drop: 'drop', '429': 'rateLimit', 'expire-tokens': 'expireTokens' } as const;

/** Parses a spec; throws with the offending part named. An empty spec is no faults. */
export function parseFaults(spec: string): FaultSpec {
  const out: { -readonly [K in keyof FaultSpec]: FaultSpec[K] } = { ...NO_FAULTS };
  for (const raw of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name = '', value = ''] = raw.split('=', 2) as [string, string?];
    const num = (min: number, max: number, integer = false): number => {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
        throw new Error(`Неверный параметр сбоев «${raw}»: ожидается число от ${min} до ${max}`);
      }
      return n;
    };
    if (name in PROBABILITIES) {
      out[PROBABILITIES[name as keyof typeof PROBABILITIES]] = num(0, 1);
    } else if (name === 'latency') {
      const m = /^(\d+)(?:-(\d+))?$/.exec(value);
      if (!m) throw new Error(`Неверный параметр сбоев «${raw}»: ожидается latency=MIN-MAX (мс)`);
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : Number(m[2]);
      if (max < min) throw new Error(`Неверный параметр сбоев «${raw}»: MAX меньше MIN`);
      out.latencyMs = [min, max];
    } else if (name === 'hang') out.hangMs = num(0, 600_000, true);
    else if (name === 'burst') out.burst = num(1, 10_000, true);
    else if (name === 'retry-after') out.retryAfterMs = num(0, 600_000, true);
    else if (name === 'seed') out.seed = num(0, 2 ** 32 - 1, true);
    else if (name === 'refuse-pin') out.refusePin = value === '' || value === '1' || value === 'true';
    else if (name === 'scope') {
      if (value !== 'documents' && value !== 'all') throw new Error(`Неверный параметр сбоев «${raw}»: scope=documents|all`);
      out.scope = value;
    } else throw new Error(`Неизвестный вид сбоя «${name}»`);
  }
  return out;
}

/** mulberry32: small, seeded, good enough to pick faults. */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export type FaultStats = {
  requests: number;
  latencyMs: number;
  timeouts: number;
  serverErrors: number;
  drops: number;
  rateLimited: number;
  bursts: number;
  expiredTokens: number;
  refusedPins: number;
};

/** What to do to one request, decided when it arrives. */
export type FaultPlan = {
  readonly latencyMs: number;
  readonly rateLimited: boolean;
  readonly serverError: 500 | 502 | 503 | null;
  readonly hangMs: number;
  readonly expireToken: boolean;
  readonly drop: boolean;
};

export type Faults = {
  spec(): FaultSpec;
  set(spec: FaultSpec): void;
  plan(kind: 'document' | 'auth' | 'other'): FaultPlan;
  readonly stats: FaultStats;
};

export function createFaults(initial: FaultSpec): Faults {
  let spec = initial;
  let random = seededUniform(spec.seed);
  let burstLeft = 0;
  const stats: FaultStats = { requests: 0, latencyMs: 0, timeouts: 0, serverErrors: 0, drops: 0, rateLimited: 0, bursts: 0, expiredTokens: 0, refusedPins: 0 };
  const chance = (p: number) => p > 0 && random() < p;
  return {
    spec: () => spec,
    set(next) {
      spec = next;
      random = seededUniform(next.seed);
      burstLeft = 0;
    },
    stats,
    plan(kind) {
      stats.requests++;
      const [min, max] = spec.latencyMs;
      const latencyMs = min + Math.floor(random() * (max - min + 1));
      stats.latencyMs += latencyMs;
      const none: FaultPlan = { latencyMs, rateLimited: false, serverError: null, hangMs: 0, expireToken: false, drop: false };
      if (kind === 'other' || (spec.scope === 'documents' && kind !== 'document')) return none;
      if (burstLeft === 0 && chance(spec.rateLimit)) {
        burstLeft = spec.burst;
        stats.bursts++;
      }
      if (burstLeft > 0) {
        burstLeft--;
        stats.rateLimited++;
        return { ...none, rateLimited: true };
      }
      if (chance(spec.serverError)) {
        stats.serverErrors++;
        return { ...none, serverError: ([500, 502, 503] as const)[Math.floor(random() * 3)]! };
      }
      const hang = chance(spec.timeout);
      if (hang) stats.timeouts++;
      // Counted by the server when they actually happen (an unauthenticated request has no token
      // to expire; a refused request has no committed answer to cut).
      const expireToken = chance(spec.expireTokens);
      const drop = !hang && chance(spec.drop);
      return { ...none, hangMs: hang ? spec.hangMs : 0, expireToken, drop };
    },
  };
}
