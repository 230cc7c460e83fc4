/**
 * The sections directory (admin): code 0–255, a name, a VAT rate. Sum-mode sales take the name and
 * the rate of their section at the moment of sale; a section that documents, goods or an open
 * check refer to is hidden, never removed, so old checks and reports keep its name.
 */
import type { Section, SectionRecord, VatRate } from '../../preload/contract/index.js';
import { KassaError } from '../domain/errors.js';
import { audit } from './audit.js';
import type { Ctx } from './context.js';

type Row = { code: number; name: string; vatRate: VatRate; hidden: number; used: number };

const SELECT = `
  SELECT s.code, s.name, s.vat_rate AS vatRate, s.hidden,
         (EXISTS (SELECT 1 FROM document_lines l WHERE l.section = s.code)
          OR EXISTS (SELECT 1 FROM items i WHERE i.section = s.code)
          OR EXISTS (SELECT 1 FROM open_check_lines o WHERE o.section = s.code)) AS used
  FROM sections s`;

const record = (r: Row): SectionRecord => ({ code: r.code, name: r.name, vatRate: r.vatRate, hidden: r.hidden === 1, used: r.used === 1 });

/** What the sale screen offers: the sections not hidden. */
export function saleSections(ctx: Ctx): Section[] {
  return ctx.db.all<Section>('SELECT code, name, vat_rate AS vatRate FROM sections WHERE hidden = 0 ORDER BY code');
}

export function sectionDirectory(ctx: Ctx): SectionRecord[] {
  return ctx.db.all<Row>(`${SELECT} ORDER BY s.code`).map(record);
}

function sectionOf(ctx: Ctx, code: number): SectionRecord | null {
  const row = ctx.db.one<Row>(`${SELECT} WHERE s.code = ?`, code);
  return row ? record(row) : null;
}

/** Sum mode needs somewhere to sell: the last section offered for sale stays. */
function requireAnotherVisible(ctx: Ctx, code: number): void {
  const others = ctx.db.value<number>('SELECT count(*) FROM sections WHERE hidden = 0 AND code <> ?', code)!;
  if (others === 0) throw new KassaError('CONFLICT', 'Должна остаться хотя бы одна секция для продажи');
}

export function addSection(ctx: Ctx, input: { code: number; name: string; vatRate: VatRate }): SectionRecord {
  return ctx.db.transaction(() => {
    const existing = sectionOf(ctx, input.code);
    if (existing) {
      const message = `Код ${input.code} уже занят секцией «${existing.name}»`;
      throw new KassaError('CONFLICT', message, { issues: [{ path: ['code'], message }] });
    }
    ctx.db.run('INSERT INTO sections (code, name, vat_rate, hidden) VALUES (?, ?, ?, 0)', input.code, input.name, input.vatRate);
    audit(ctx, 'sections.add', { ...input });
    return sectionOf(ctx, input.code)!;
  })();
}

export function updateSection(ctx: Ctx, input: { code: number; name: string; vatRate: VatRate; hidden: boolean }): SectionRecord {
  return ctx.db.transaction(() => {
    const before = sectionOf(ctx, input.code);
    if (!before) throw new KassaError('NOT_FOUND', `Секция ${input.code} не найдена`);
    if (input.hidden && !before.hidden) requireAnotherVisible(ctx, input.code);
    ctx.db.run('UPDATE sections SET name = ?, vat_rate = ?, hidden = ? WHERE code = ?', input.name, input.vatRate, input.hidden ? 1 : 0, input.code);
    audit(ctx, 'sections.update', {
      code: input.code,
      before: { name: before.name, vatRate: before.vatRate, hidden: before.hidden },
      after: { name: input.name, vatRate: input.vatRate, hidden: input.hidden },
    });
    return sectionOf(ctx, input.code)!;
  })();
}

export function removeSection(ctx: Ctx, code: number): void {
  ctx.db.transaction(() => {
    const section = sectionOf(ctx, code);
    if (!section) throw new KassaError('NOT_FOUND', `Секция ${code} не найдена`);
    if (section.used) throw new KassaError('CONFLICT', `Секция «${section.name}» уже есть в чеках или в каталоге: её можно только скрыть`);
    if (!section.hidden) requireAnotherVisible(ctx, code);
    ctx.db.run('DELETE FROM sections WHERE code = ?', code);
    audit(ctx, 'sections.remove', { code, name: section.name, vatRate: section.vatRate });
  })();
}
