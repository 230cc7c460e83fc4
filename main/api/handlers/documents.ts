/** Documents: the list, one in full, copies, annulment, printing again. */
import type { documentsMethods } from '../../../preload/contract/index.js';
import { annulDocument } from '../../services/annulment.js';
import { documentCopy, documentDetail, listDocuments } from '../../services/documents.js';
import { printDocument } from '../../services/printing.js';
import type { Handlers } from './handler.js';

export const documentsHandlers: Handlers<keyof typeof documentsMethods> = {
  'documents.annul': ({ documentId, reason, cardRefund }, ctx) => annulDocument(ctx, documentId, reason, cardRefund),
  'documents.get': ({ id }, ctx) => documentDetail(ctx, id),
  'documents.copy': (input, ctx) => documentCopy(ctx, input),
  'documents.list': (filter, ctx) => listDocuments(ctx, filter),
  'documents.print': ({ id, copy }, ctx) => printDocument(ctx, id, copy),
};
