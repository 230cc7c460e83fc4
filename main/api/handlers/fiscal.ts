/** The СКО: diagnostics, the PIN again, refused documents, one document at the СКО, the offline limits. */
import type { fiscalMethods } from '../../../preload/contract/index.js';
import { compareWithSko, documentFiscal, fiscalSettings, fiscalStatus, resendRefused, saveFiscalSettings, unlockAgain } from '../../services/fiscal.js';
import type { Handlers } from './handler.js';

export const fiscalHandlers: Handlers<keyof typeof fiscalMethods> = {
  'fiscal.status': (_, ctx) => fiscalStatus(ctx),
  'fiscal.unlock': ({ pin }, ctx) => unlockAgain(ctx, pin),
  'fiscal.resend': ({ documentId }, ctx) => resendRefused(ctx, documentId),
  'fiscal.document': ({ id }, ctx) => documentFiscal(ctx, id),
  'fiscal.compare': ({ id }, ctx) => compareWithSko(ctx, id),
  'fiscal.getSettings': (_, ctx) => fiscalSettings(ctx),
  'fiscal.saveSettings': (patch, ctx) => saveFiscalSettings(ctx, patch),
};
