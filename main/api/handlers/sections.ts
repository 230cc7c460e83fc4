/** Sections: those offered for sale, and the admin's directory. */
import type { sectionsMethods } from '../../../preload/contract/index.js';
import { addSection, removeSection, saleSections, sectionDirectory, updateSection } from '../../services/sections.js';
import type { Handlers } from './handler.js';

export const sectionsHandlers: Handlers<keyof typeof sectionsMethods> = {
  'sections.list': (_, ctx) => saleSections(ctx),
  'sections.directory': (_, ctx) => sectionDirectory(ctx),
  'sections.add': (input, ctx) => addSection(ctx, input),
  'sections.update': (input, ctx) => updateSection(ctx, input),
  'sections.remove': ({ code }, ctx) => {
    removeSection(ctx, code);
    return null;
  },
};
