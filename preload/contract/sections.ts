/**
 * Sections: those offered for sale, and the directory the admin keeps.
 */
import { z } from 'zod';
import { ADMIN, BOTH, command, Empty, query } from './method.js';
import { VatRate } from './shapes.js';
import { lazy } from '../../common/lazy.js';

export const Section = lazy(() => z.object({ code: z.number().int(), name: z.string(), vatRate: VatRate }));
export type Section = z.infer<typeof Section>;

/** A row of the sections directory (admin): hidden sections are not offered for sale. */
export const SectionRecord = lazy(() =>
  Section.extend({
    hidden: z.boolean(),
    /** Documents, goods or an open check refer to it: it can be hidden, not removed. */
    used: z.boolean(),
  }),
);
export type SectionRecord = z.infer<typeof SectionRecord>;

/** A section as the admin types it: code 0–255, a name, a VAT rate. */
export const SectionInput = lazy(() =>
  z
    .object({
      code: z.number().int('Код секции — целое число').min(0, 'Код секции — от 0 до 255').max(255, 'Код секции — от 0 до 255'),
      name: z.string().trim().min(1, 'Введите название секции').max(40, 'Название секции — до 40 символов'),
      vatRate: z.union([z.literal(2000), z.literal(1000), z.literal(0), z.literal(2500), z.null()], { error: 'Ставка НДС — 20, 10, 0, 25 % или без НДС' }),
    })
    .strict(),
);

export const sectionsMethods = {
  /** The sections offered for sale (hidden ones are left out). */
  'sections.list': query(
    Empty,
    lazy(() => z.array(Section)),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  /** The sections directory (admin): every section, hidden ones too, and whether anything refers to it. */
  'sections.directory': query(
    Empty,
    lazy(() => z.array(SectionRecord)),
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** A new section; refused when the code is taken. */
  'sections.add': command(SectionInput, SectionRecord, { kind: 'user', roles: ADMIN, shift: 'any' }),
  /** Renames a section, sets its VAT rate, hides or shows it; sales already made keep their rate. */
  'sections.update': command(
    lazy(() => SectionInput.extend({ hidden: z.boolean() }).strict()),
    SectionRecord,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** Removes a section nothing refers to; one that documents or goods use can only be hidden. */
  'sections.remove': command(
    lazy(() => z.object({ code: SectionInput.shape.code }).strict()),
    z.null(),
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
} as const;
