/** Every scale protocol by its settings id. */
import { casRequest, casStream } from './cas.js';
import { massaK } from './massa-k.js';
import { mtSics } from './mt-sics.js';
import type { ScaleProtocol, ScaleProtocolId } from './protocol.js';
import { shtrihPos2 } from './shtrih-pos2.js';

export const SCALE_PROTOCOLS: Readonly<Record<ScaleProtocolId, ScaleProtocol>> = {
  'massa-k': massaK,
  cas: casRequest,
  'cas-stream': casStream,
  'shtrih-pos2': shtrihPos2,
  'mt-sics': mtSics,
};
