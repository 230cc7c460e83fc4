/** Till settings: typed, with defaults from resources/default-settings.json, stored as JSON values. */
import { z } from 'zod';
import defaults from '../../resources/default-settings.json' with { type: 'json' };
import type { ReceiptRequisites } from '../domain/receipt.js';
import type { Ctx } from './context.js';

const Requisites = z.object({
  organization: z.string(),
  unp: z.string(),
  tradeObject: z.string(),
  address: z.string(),
  registrationNumber: z.string(),
});

export const SettingsSchema = z.object({
  trainingMode: z.boolean(),
  /** The СКО PIN has been accepted on this till (the PIN itself is not kept here). */
  skoUnlocked: z.boolean().default(false),
  maxShiftHours: z.number().int().min(1).max(72),
  requisites: Requisites,
  sections: z.array(z.object({ code: z.number().int().min(0).max(255), name: z.string() })),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse(defaults);

export function getSetting<K extends keyof Settings>(ctx: Ctx, key: K): Settings[K] {
  const row = ctx.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
  if (row === undefined) return DEFAULT_SETTINGS[key];
  return SettingsSchema.shape[key].parse(JSON.parse(row)) as Settings[K];
}

export function setSetting<K extends keyof Settings>(ctx: Ctx, key: K, value: Settings[K]): void {
  const checked = SettingsSchema.shape[key].parse(value);
  ctx.db
    .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
    .run(key, JSON.stringify(checked));
}

export function requisites(ctx: Ctx): ReceiptRequisites {
  return getSetting(ctx, 'requisites');
}
