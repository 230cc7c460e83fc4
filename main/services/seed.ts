/** A fresh till runs the whole job: default admin, sections, requisites and the sample catalogue. */
import { z } from 'zod';
import sample from '../../resources/sample-catalogue.json' with { type: 'json' };
import { importItems, ImportItem } from './catalogue.js';
import { defaultSetting } from './settings.js';
import { ensureDefaultAdmin } from './users.js';
import type { Ctx } from './context.js';

export function seedFirstRun(ctx: Ctx): void {
  ctx.db.transaction(() => {
    const insertSection = ctx.db.prepare('INSERT INTO sections (code, name, vat_rate) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
    for (const s of defaultSetting('sections')) insertSection.run(s.code, s.name, s.vatRate);
    ensureDefaultAdmin(ctx);
    const items = ctx.db.value<number>('SELECT count(*) FROM items')!;
    if (items === 0) importItems(ctx, z.array(ImportItem).parse(sample));
  })();
}
