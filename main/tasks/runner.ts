/**
 * Runs jobs in worker threads for the till (ARCHITECTURE.md «Long work off the main thread»):
 * each task in a thread of its own with the thread's own SQLite connection, `task.progress` events
 * for the screens, «Отменить». The till's own thread only passes messages on, so a sale is never
 * behind a report; the job itself must keep its write transactions short.
 *
 * The threads are pooled: starting one (a thread, the worker bundle, a connection) takes hundreds
 * of milliseconds on a till, far more than a small report, so a thread whose job ended waits for
 * the next one (one kept, idle and unref'd: it never keeps the process alive). Tasks at the same time
 * get threads of their own. A thread ended for ignoring «Отменить» is replaced; the pool is
 * closed with the core, its connections closed before `stop` returns (an import swaps the file
 * next), and a thread notices a file swapped under it and opens the new one.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { KassaError } from '../domain/errors.js';
import type { TaskState } from '../../preload/contract/index.js';
import type { JobInput, JobName, JobOutput } from './jobs.js';
import type { ToWorker, WorkerMessage, WorkerStart } from './protocol.js';

export type TaskHandle<O> = {
  readonly id: string;
  /** The job's value; rejects with a KassaError (code CANCELLED once cancelled). */
  readonly done: Promise<O>;
};

export type Tasks = {
  run<J extends JobName>(job: J, input: JobInput<J>, options: { readonly label: string }): TaskHandle<JobOutput<J>>;
  /**
   * A thread made ready for the next task — started, its bundle loaded and its connection open —
   * while the admin still looks at a screen (a price list just opened): the task then starts at
   * once instead of hundreds of milliseconds later. Resolves with the thread's id; nothing when the
   * pool already has an idle thread, or cannot start one (the task will say why).
   */
  warm(): Promise<number | null>;
  /** Asks the task to stop; false when no such task is running. */
  cancel(id: string): boolean;
  /** The running tasks and the last finished ones, newest first. */
  list(): TaskState[];
  /**
   * Ends every task (the core closes): their transactions roll back. The idle threads' connections
   * (and those of jobs that stop within a moment) are closed when it returns; the promise is the threads' end.
   */
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
  /** How long a cancelled job may take to notice before its thread is ended (default 5 s; tests shorten it). */
  readonly cancelGraceMs?: number;
  /** The till connection's write gate (db/database.ts `newWriteGate`), handed to every thread's connection. */
  readonly writeGate?: SharedArrayBuffer;
};

/** Finished tasks kept for `tasks.list`. */
const KEEP_FINISHED = 20;
/** How long a cancelled job may take to notice before its thread is ended (its transaction rolls back). */
const CANCEL_GRACE_MS = 5_000;
/** Threads kept waiting for the next task. */
const IDLE_KEPT = 1;
/** How long `stop` waits for the threads to close their connections (a job stops at its next progress). */
const CLOSE_WAIT_MS = 2_000;

/**
 * Where the worker bundle is: beside this bundle in dist/main (inside app.asar in the desktop app — Electron
 * loads worker scripts from the asar since v18 —, or an unpacked copy if the packaging put one), else
 * dist/main from the sources (tests).
 */
export function defaultWorkerFile(): string {
  return workerBundle('task-worker.js');
}

/** A worker bundle of dist/main (`task-worker.js`, `price-list-reader.js`), found as `defaultWorkerFile` says. */
export function workerBundle(name: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = resolve(here, name);
  const unpacked = beside.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  for (const file of [unpacked, beside]) if (existsSync(file)) return file;
  return resolve(here, '../../dist/main', name);
}

type Thread = {
  readonly worker: Worker;
  /** Int32 [0] set to 1 by the thread once its connection is closed. */
  readonly closed: Int32Array;
  task: Running | null;
  /** Ended by the till after the cancel's grace: replaced by a fresh one. */
  killed: boolean;
  /** Waiting for its answer to `warm` (a thread is warmed once, when `warm` starts it). */
  warmed: ((threadId: number | null) => void) | null;
};

type Running = {
  state: TaskState;
  readonly thread: Thread;
  readonly flag: Int32Array;
  killTimer?: NodeJS.Timeout;
  settle(outcome: Pick<TaskState, 'state' | 'error'>, value?: unknown): void;
};

export function createTasks(deps: TasksDeps): Tasks {
  const workerFile = deps.workerFile ?? defaultWorkerFile();
  const running = new Map<string, Running>();
  const finished: TaskState[] = [];
  const threads = new Set<Thread>();
  const idle: Thread[] = [];
  let stopped = false;
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

  function spawn(): Thread {
    const closed = new SharedArrayBuffer(4);
    const start: WorkerStart = { dbFile: deps.dbFile, dataDir: deps.dataDir, closed, ...(deps.writeGate && { writeGate: deps.writeGate }) };
    const thread: Thread = { worker: new Worker(workerFile, { workerData: start }), closed: new Int32Array(closed), task: null, killed: false, warmed: null };
    threads.add(thread);
    thread.worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'warmed') {
        thread.warmed?.(message.threadId);
        thread.warmed = null;
        return;
      }
      const task = thread.task;
      if (!task || message.task !== task.state.id) return;
      if (message.type === 'progress') {
        task.state = { ...task.state, done: message.done, total: message.total, ...(message.note !== undefined && { note: message.note }) };
        tell(task.state);
        return;
      }
      thread.task = null;
      if (message.type === 'done') task.settle({ state: 'done' }, message.value);
      else if (message.type === 'cancelled') task.settle({ state: 'cancelled' });
      else task.settle({ state: 'failed', error: { code: message.code, message: message.message } });
      release(thread);
    });
    thread.worker.on('error', (err) => {
      deps.log(`задача ${thread.task?.state.id ?? '(нет)'}: сбой потока`, err);
      const task = thread.task;
      thread.task = null;
      task?.settle({ state: 'failed', error: { code: 'INTERNAL', message: `${task.state.label}: внутренняя ошибка (${err.message})` } });
    });
    thread.worker.on('exit', () => {
      threads.delete(thread);
      thread.warmed?.(null);
      thread.warmed = null;
      const at = idle.indexOf(thread);
      if (at >= 0) idle.splice(at, 1);
      const task = thread.task;
      thread.task = null;
      // Ended without an answer: cancelled and killed, or the core stopped it.
      if (task && Atomics.load(task.flag, 0) === 1) task.settle({ state: 'cancelled' });
      else task?.settle({ state: 'failed', error: { code: 'INTERNAL', message: `${task.state.label}: задача прервана` } });
      if (thread.killed && !stopped && idle.length < IDLE_KEPT) keepIdle(spawn());
    });
    return thread;
  }

  function keepIdle(thread: Thread): void {
    idle.push(thread);
    thread.worker.unref(); // a thread waiting for work never keeps the process alive
  }

  function close(thread: Thread): void {
    thread.worker.postMessage({ type: 'close' } satisfies ToWorker);
  }

  /** A thread whose job answered: kept for the next task, or closed when enough wait already. */
  function release(thread: Thread): void {
    if (!stopped && !thread.killed && idle.length < IDLE_KEPT) keepIdle(thread);
    else close(thread);
  }

  return {
    run(job, input, options) {
      if (stopped) throw new KassaError('CONFLICT', 'Касса закрывается: задача не запущена. Повторите её после запуска.');
      if (!existsSync(workerFile)) {
        throw new KassaError('INTERNAL', `Нет файла фоновых задач ${workerFile} — соберите программу (npm run build)`);
      }
      const id = `${job}-${deps.clock().getTime().toString(36)}-${++counter}`;
      const cancelFlag = new SharedArrayBuffer(4);
      const startedAt = deps.clock().toISOString();
      const thread = idle.pop() ?? spawn();
      thread.worker.ref(); // a running task keeps the process alive, as it always did
      let settleTask!: Running['settle'];
      const task: Running = {
        state: { id, job, label: options.label, state: 'running', done: 0, total: 0, startedAt },
        thread,
        flag: new Int32Array(cancelFlag),
        settle: (outcome, value) => settleTask(outcome, value),
      };
      const done = new Promise<JobOutput<typeof job>>((resolveDone, reject) => {
        let settled = false;
        settleTask = (outcome, value) => {
          if (settled) return;
          settled = true;
          finish(task, outcome);
          if (outcome.state === 'done') resolveDone(value as JobOutput<typeof job>);
          else if (outcome.state === 'cancelled') reject(new KassaError('CANCELLED', `${options.label}: отменено, ничего не изменилось`));
          else reject(new KassaError(outcome.error!.code, outcome.error!.message));
        };
      });
      done.catch(() => {}); // the caller may not wait; the outcome is in the event and the list
      thread.task = task;
      running.set(id, task);
      tell(task.state);
      thread.worker.postMessage({ type: 'run', task: id, job, input, startedAt, cancelFlag } satisfies ToWorker);
      return { id, done };
    },
    warm() {
      if (stopped || idle.length > 0 || !existsSync(workerFile)) return Promise.resolve(null);
      const thread = spawn();
      keepIdle(thread);
      const answer = new Promise<number | null>((resolve) => (thread.warmed = resolve));
      thread.worker.postMessage({ type: 'warm' } satisfies ToWorker);
      return answer;
    },
    cancel(id) {
      const task = running.get(id);
      if (!task) return false;
      Atomics.store(task.flag, 0, 1);
      task.thread.worker.postMessage({ type: 'cancel', task: id } satisfies ToWorker);
      task.killTimer ??= setTimeout(() => {
        task.thread.killed = true;
        void task.thread.worker.terminate();
      }, deps.cancelGraceMs ?? CANCEL_GRACE_MS);
      return true;
    },
    list() {
      return [...[...running.values()].map((t) => t.state).reverse(), ...finished];
    },
    stop() {
      stopped = true;
      const all = [...threads];
      for (const thread of all) {
        if (thread.task) {
          Atomics.store(thread.task.flag, 0, 1);
          thread.worker.postMessage({ type: 'cancel', task: thread.task.state.id } satisfies ToWorker);
        }
        close(thread);
      }
      // Waits here, not in the promise: the core's close is synchronous and an import renames the file right after it.
      const until = Date.now() + CLOSE_WAIT_MS;
      for (const thread of all) {
        for (let left = until - Date.now(); Atomics.load(thread.closed, 0) === 0 && left > 0; left = until - Date.now()) {
          try {
            Atomics.wait(thread.closed, 0, 0, left);
          } catch {
            break; // a thread that may not block (none of the till's) does not wait
          }
        }
      }
      return Promise.all(all.map((t) => t.worker.terminate())).then(() => {});
    },
  };
}
