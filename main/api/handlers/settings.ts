/** The workflow settings and the requisites (typed, or filled from the СКО). */
import type { settingsMethods } from '../../../preload/contract/index.js';
import { fillRequisitesFromSko } from '../../services/fiscal.js';
import { requisitesState, saveRequisites } from '../../services/requisites.js';
import { saveWorkflow, workflowSettings } from '../../services/workflow-settings.js';
import type { Handlers } from './handler.js';

export const settingsHandlers: Handlers<keyof typeof settingsMethods> = {
  'settings.workflow': (_, ctx) => workflowSettings(ctx),
  'settings.saveWorkflow': (patch, ctx) => saveWorkflow(ctx, patch),
  'settings.fillRequisitesFromSko': (_, ctx) => fillRequisitesFromSko(ctx),
  'settings.requisites': (_, ctx) => requisitesState(ctx),
  'settings.saveRequisites': (input, ctx) => saveRequisites(ctx, input),
};
