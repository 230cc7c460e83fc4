/**
 * The settings forms keep what the admin typed as text; these turn it into the contract's numbers
 * and back, and put each refusal (the contract's zod issues, or main's) next to its field.
 */
import type { z } from 'zod';

/** Field path → the Russian message shown under that field. */
export type FieldErrors = Readonly<Record<string, string>>;

type Issue = { readonly path: readonly PropertyKey[]; readonly message: string };

export function errorsOf(issues: readonly Issue[]): FieldErrors {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = i.path.map(String).join('.');
    out[key] ??= i.message;
  }
  return out;
}

/** The issues main sent with a refusal (router VALIDATION, or a service's own), if it named fields. */
function issuesOfDetails(details: unknown): Issue[] {
  const issues = (details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter((i): i is Issue => typeof i === 'object' && i !== null && Array.isArray((i as Issue).path) && typeof (i as Issue).message === 'string');
}

/**
 * A refusal from main as the form shows it: under the fields it names, or — when it names none —
 * as the form's own problem line.
 */
export function refusalOf(error: { readonly message: string; readonly details?: unknown }): { errors: FieldErrors; problem: string | null } {
  const errors = errorsOf(issuesOfDetails(error.details));
  return { errors, problem: Object.keys(errors).length > 0 ? null : error.message };
}

/** The message of a field, or of anything inside it (`weightBarcode.prefixes.1` shows under the prefixes). */
export function errorAt(errors: FieldErrors, key: string): string | undefined {
  if (errors[key]) return errors[key];
  const inner = Object.keys(errors).find((k) => k.startsWith(`${key}.`));
  return inner === undefined ? undefined : errors[inner];
}

/** Checks a candidate against a contract schema; the field errors, or none. */
export function validate(schema: z.ZodType, value: unknown): FieldErrors {
  const r = schema.safeParse(value);
  return r.success ? {} : errorsOf(r.error.issues);
}

/** "24" → 24; anything but digits → null. */
export function parseInteger(text: string): number | null {
  const t = text.trim();
  return /^\d{1,9}$/.test(t) ? Number(t) : null;
}

/** Milliseconds → "60" or "0,5" seconds. */
export function formatSeconds(ms: number): string {
  return String(ms / 1000).replace('.', ',');
}

/** "60", "0,5" seconds → milliseconds; null when not a number. */
export function parseSeconds(text: string): number | null {
  const m = /^(\d{1,4})(?:[.,](\d{1,3}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
}

/** ["20", …, "29"] → "20–29"; runs become ranges, the rest is listed. */
export function formatPrefixes(prefixes: readonly string[]): string {
  const nums = prefixes.map(Number);
  const parts: string[] = [];
  for (let i = 0; i < nums.length;) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${prefixes[i]}–${prefixes[j]}` : prefixes.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return parts.join(', ');
}

/** "20–29" or "20, 21, 27-28" → two-digit prefixes in order; null when a part is not NN or NN–NN. */
export function parsePrefixes(text: string): string[] | null {
  const out: string[] = [];
  const parts = text.split(/[,;\s]+/).filter(Boolean);
  if (parts.length === 0) return [];
  for (const part of parts) {
    const m = /^(\d{2})(?:[-–—](\d{2}))?$/.exec(part);
    if (!m) return null;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from || to - from > 20) return null;
    for (let n = from; n <= to; n++) out.push(String(n).padStart(2, '0'));
  }
  return out;
}
