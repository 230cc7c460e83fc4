/**
 * Runs jobs in worker threads for the till (ARCHITECTURE.md «Long work off the main thread»):
 * one worker per task with its own SQLite connection, `task.progress` events for the screens,
 * «Отменить». The till's own thread only starts the worker and passes messages on, so a sale is
 * never behind a report; the job itself must keep its write transactions short.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { KassaError } from '../domain/errors.js';
import type { TaskState } from '../../preload/contract/index.js';
import type { JobInput, JobName, JobOutput } from './jobs.js';
import type { TaskStart, WorkerMessage } from './protocol.js';

export type TaskHandle<O> = {
  readonly id: string;
  /** The job's value; rejects with a KassaError (code CANCELLED once cancelled). */
  readonly done: Promise<O>;
};

export type Tasks = {
  run<J extends JobName>(job: J, input: JobInput<J>, options: { readonly label: string }): TaskHandle<JobOutput<J>>;
  /** Asks the task to stop; false when no such task is running. */
  cancel(id: string): boolean;
  /** The running tasks and the last finished ones, newest first. */
  list(): TaskState[];
  /** Ends every running task (the core closes): their transactions roll back. */
  stop(): Promise<void>;
};

export type TasksDeps = {
  readonly dbFile: string;
  readonly dataDir: string;
  readonly clock: () => Date;
  readonly emit: (event: 'task.progress', payload: TaskState) => void;
  readonly log: (msg: string, err?: unknown) => void;
  /** The bundled worker (default: task-worker.js beside the running bundle, or dist/main/ from the sources). */
  readonly workerFile?: string;
};

/** Finished tasks kept for `tasks.list`. */
const KEEP_FINISHED = 20;
/** How long a cancelled job may take to notice before its thread is ended (its transaction rolls back). */
const CANCEL_GRACE_MS = 5_000;

/** Where the worker bundle is: beside this bundle in dist/main (unpacked from the asar in the desktop app), else dist/main from the sources. */
export function defaultWorkerFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = resolve(here, 'task-worker.js');
  const unpacked = beside.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  for (const file of [unpacked, beside]) if (existsSync(file)) return file;
  return resolve(here, '../../dist/main/task-worker.js');
}

type Running = { state: TaskState; worker: Worker; flag: Int32Array; killTimer?: NodeJS.Timeout };

export function createTasks(deps: TasksDeps): Tasks {
  const workerFile = deps.workerFile ?? defaultWorkerFile();
  const running = new Map<string, Running>();
  const finished: TaskState[] = [];
  let counter = 0;

  const tell = (state: TaskState) => deps.emit('task.progress', { ...state });

  function finish(task: Running, outcome: Pick<TaskState, 'state' | 'error'>): void {
    clearTimeout(task.killTimer);
    running.delete(task.state.id);
    task.state = { ...task.state, ...outcome, finishedAt: deps.clock().toISOString() };
    finished.unshift(task.state);
    finished.splice(KEEP_FINISHED);
    tell(task.state);
  }

  return {
    run(job, input, options) {
      if (!existsSync(workerFile)) {
        throw new KassaError('INTERNAL', `Нет файла фоновых задач ${workerFile} — соберите программу (npm run build)`);
      }
      const id = `${job}-${deps.clock().getTime().toString(36)}-${++counter}`;
      const cancelFlag = new SharedArrayBuffer(4);
      const startedAt = deps.clock().toISOString();
      const start: TaskStart = { job, input, dbFile: deps.dbFile, dataDir: deps.dataDir, startedAt, cancelFlag };
      const worker = new Worker(workerFile, { workerData: start });
      const task: Running = {
        state: { id, job, label: options.label, state: 'running', done: 0, total: 0, startedAt },
        worker,
        flag: new Int32Array(cancelFlag),
      };
      running.set(id, task);
      tell(task.state);
      const done = new Promise<JobOutput<typeof job>>((resolveDone, reject) => {
        let settled = false;
        const settle = (outcome: Pick<TaskState, 'state' | 'error'>, value?: unknown) => {
          if (settled) return;
          settled = true;
          finish(task, outcome);
          if (outcome.state === 'done') resolveDone(value as JobOutput<typeof job>);
          else if (outcome.state === 'cancelled') reject(new KassaError('CANCELLED', `${options.label}: отменено, ничего не изменилось`));
          else reject(new KassaError(outcome.error!.code, outcome.error!.message));
        };
        worker.on('message', (message: WorkerMessage) => {
          if (message.type === 'progress') {
            task.state = { ...task.state, done: message.done, total: message.total, ...(message.note !== undefined && { note: message.note }) };
            tell(task.state);
          } else if (message.type === 'done') settle({ state: 'done' }, message.value);
          else if (message.type === 'cancelled') settle({ state: 'cancelled' });
          else settle({ state: 'failed', error: { code: message.code, message: message.message } });
        });
        worker.on('error', (err) => {
          deps.log(`задача ${id}: сбой потока`, err);
          settle({ state: 'failed', error: { code: 'INTERNAL', message: `${options.label}: внутренняя ошибка (${err.message})` } });
        });
        worker.on('exit', () => {
          // Ended without an answer: cancelled and killed, or the core stopped it.
          if (Atomics.load(task.flag, 0) === 1) settle({ state: 'cancelled' });
          else settle({ state: 'failed', error: { code: 'INTERNAL', message: `${options.label}: задача прервана` } });
        });
      });
      done.catch(() => {}); // the caller may not wait; the outcome is in the event and the list
      return { id, done };
    },
    cancel(id) {
      const task = running.get(id);
      if (!task) return false;
      Atomics.store(task.flag, 0, 1);
      task.worker.postMessage({ type: 'cancel' });
      task.killTimer ??= setTimeout(() => void task.worker.terminate(), CANCEL_GRACE_MS);
      return true;
    },
    list() {
      return [...[...running.values()].map((t) => t.state).reverse(), ...finished];
    },
    async stop() {
      await Promise.all(
        [...running.values()].map((t) => {
          Atomics.store(t.flag, 0, 1);
          return t.worker.terminate();
        }),
      );
    },
  };
}
