/**
 * Long tasks (imports, exports, period reports, archives, cleanup) running in a worker thread:
 * their progress as an event, the list of the running and recent ones, and «Отменить».
 */
import { z } from 'zod';
import { ADMIN, BOTH, Empty, command, query } from './method.js';
import { ErrorCode } from './shapes.js';
import { lazy } from '../../common/lazy.js';

export const TaskState = lazy(() =>
  z.object({
    id: z.string(),
    /** The job's name, e.g. `reports.goods`. */
    job: z.string(),
    /** What the screens show, in Russian («Импорт прайс-листа»). */
    label: z.string(),
    state: z.enum(['running', 'done', 'failed', 'cancelled']),
    done: z.number(),
    total: z.number(),
    note: z.string().optional(),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    error: z.object({ code: ErrorCode, message: z.string() }).optional(),
  }),
);
export type TaskState = z.infer<typeof TaskState>;

export const tasksMethods = {
  'tasks.list': query(
    Empty,
    lazy(() => z.array(TaskState)),
    { kind: 'user', roles: BOTH, shift: 'any' },
  ),
  'tasks.cancel': command(
    lazy(() => z.object({ id: z.string().min(1).max(64) }).strict()),
    lazy(() => z.object({ cancelled: z.boolean() })),
    {
      kind: 'user',
      roles: ADMIN,
      shift: 'any',
    },
  ),
} as const;

export const tasksEvents = {
  /** A task started, moved on, or ended. */
  'task.progress': TaskState,
} as const;
