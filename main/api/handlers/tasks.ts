/** Long tasks: the running and recent ones, and «Отменить». */
import type { tasksMethods } from '../../../preload/contract/index.js';
import type { Handlers } from './handler.js';

export const tasksHandlers: Handlers<keyof typeof tasksMethods> = {
  'tasks.list': (_, ctx) => ctx.tasks.list(),
  'tasks.cancel': ({ id }, ctx) => ({ cancelled: ctx.tasks.cancel(id) }),
};
