/** Returns as main makes them: find the sale, return lines of it or an amount, or return without a check. */
import type { MethodInput } from '../../../preload/contract/index.js';
import { call, type AppThunk } from '../../app/store.js';
import type { ReturnDone } from './ReturnDoneView.js';

export function makeReturn(
  method: 'returns.byCheck' | 'returns.free',
  input: MethodInput<'returns.byCheck'> | MethodInput<'returns.free'>,
): AppThunk<Promise<ReturnDone | null>> {
  return async (dispatch) => {
    const r =
      method === 'returns.byCheck'
        ? await dispatch(call('returns.byCheck', input as MethodInput<'returns.byCheck'>))
        : await dispatch(call('returns.free', input as MethodInput<'returns.free'>));
    return r.ok ? r.value : null;
  };
}
