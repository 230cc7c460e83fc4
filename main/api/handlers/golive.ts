/** Going live: the mode switch both ways and the checklist. */
import type { goliveMethods } from '../../../preload/contract/index.js';
import { hardwareSurvey, wizardDone } from '../../services/first-run.js';
import { goLiveChecklist, goLiveStatus, goTraining, goWorking, saveUpdateSettings, updateSettings } from '../../services/golive.js';
import type { Handlers } from './handler.js';

export const goliveHandlers: Handlers<keyof typeof goliveMethods> = {
  'golive.status': (_, ctx) => goLiveStatus(ctx),
  'golive.checklist': (_, ctx) => goLiveChecklist(ctx),
  'golive.toWorking': (input, ctx) => goWorking(ctx, input),
  'golive.toTraining': ({ confirmed }, ctx) => goTraining(ctx, confirmed === true),
  'golive.updates': (_, ctx) => updateSettings(ctx),
  'golive.saveUpdates': (input, ctx) => saveUpdateSettings(ctx, input),
  'golive.hardware': (_, ctx) => hardwareSurvey(ctx),
  'golive.wizardDone': ({ skipped }, ctx) => wizardDone(ctx, skipped),
};
