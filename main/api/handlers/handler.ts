/** What a handler is: the parsed input of one contract method in, that method's output out. */
import type { MethodName, MethodOutput, MethodParsedInput } from '../../../preload/contract/index.js';
import type { Ctx } from '../../services/context.js';

/** The handlers of a set of methods (an area's): exactly one each, typed from the contract. */
export type Handlers<Names extends MethodName> = {
  readonly [M in Names]: (input: MethodParsedInput<M>, ctx: Ctx) => MethodOutput<M> | Promise<MethodOutput<M>>;
};
