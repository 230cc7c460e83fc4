/**
 * Long tasks in worker threads (main/tasks/): the real bundled worker (dist/main/task-worker.js,
 * built by `npm test` / `npm run test:integration`), its own connection to a real till file, progress
 * events, the outcome, and «Отменить» — for a job that waits and for one that never yields; the pool
 * that keeps a thread and its connection for the next task.
 */
import { spawn } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/db/database.js';
import { KassaError } from '../../main/domain/errors.js';
import { createTasks, type Tasks, type TasksDeps } from '../../main/tasks/runner.js';
import type { EventPayload } from '../../preload/contract/index.js';
import { closedPort } from '../fixtures/storage-servers.js';
import { useTempDir } from '../fixtures/temp-dir.js';

const tmp = useTempDir('kassa-tasks-');
let db: Db | null = null;
let tasks: Tasks | null = null;

afterEach(async () => {
  await tasks?.stop();
  db?.close();
  tasks = null;
  db = null;
});

type Progress = EventPayload<'task.progress'>;

function till(extra: Partial<TasksDeps> = {}): { tasks: Tasks; events: Progress[]; db: Db; seen: (match: (e: Progress) => boolean) => Promise<void> } {
  const events: Progress[] = [];
  const waiting: { match: (e: Progress) => boolean; resolve: () => void }[] = [];
  const dbFile = join(tmp.dir(), 'kassa.sqlite');
  db = openDatabase(dbFile);
  tasks = createTasks({
    dbFile,
    dataDir: tmp.dir(),
    clock: () => new Date(),
    emit: (event, payload) => {
      if (event !== 'task.progress') return;
      events.push(payload);
      for (const w of waiting.splice(0))
        if (w.match(payload)) w.resolve();
        else waiting.push(w);
    },
    log: () => {},
    ...extra,
  });
  // Resolves once an event matching `match` has come (a worker starts slowly on a loaded machine: no deadline but the test's).
  const seen = (match: (e: Progress) => boolean) => (events.some(match) ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ match, resolve })));
  return { tasks, events, db, seen };
}

async function refusal(promise: Promise<unknown>): Promise<KassaError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KassaError);
  return err as KassaError;
}

describe('tasks in worker threads', () => {
  it('reads the till file through its own connection, tells its progress and ends with the value', async () => {
    const t = till();
    const insert = t.db.prepare("INSERT INTO audit_log (at, action) VALUES ('2026-12-03T10:00:00Z', 'test')");
    t.db.transaction(() => {
      for (let i = 0; i < 2500; i++) insert.run();
    })();
    const handle = t.tasks.run('diagnostics.countRows', { table: 'audit_log', chunk: 1000 }, { label: 'Подсчёт строк' });
    expect(t.tasks.list()[0]).toMatchObject({ id: handle.id, state: 'running', label: 'Подсчёт строк' });
    await expect(handle.done).resolves.toEqual({ rows: 2500 });
    const mine = t.events.filter((e) => e.id === handle.id);
    expect(mine[0]).toMatchObject({ state: 'running', done: 0 });
    expect(mine.at(-1)).toMatchObject({ state: 'done', done: 2500, total: 2500 });
    expect(t.tasks.list()[0]).toMatchObject({ id: handle.id, state: 'done' });
  });

  it('passes a job’s refusal on with its message', async () => {
    const t = till();
    const handle = t.tasks.run('diagnostics.countRows', { table: 'sqlite_master' as 'items', chunk: 10 }, { label: 'Подсчёт строк' });
    const err = await refusal(handle.done);
    expect(err.message).toMatch(/Неизвестная таблица sqlite_master/);
    expect(t.tasks.list()[0]).toMatchObject({ state: 'failed', error: { code: 'INTERNAL' } });
  });

  it('cancels a job that waits between steps: it ends as cancelled and says nothing changed', async () => {
    const t = till();
    const handle = t.tasks.run('diagnostics.sleep', { steps: 200, stepMs: 20 }, { label: 'Ожидание' });
    await t.seen((e) => e.id === handle.id && e.done >= 2);
    expect(t.tasks.cancel(handle.id)).toBe(true);
    const err = await refusal(handle.done);
    expect(err.code).toBe('CANCELLED');
    expect(err.message).toBe('Ожидание: отменено, ничего не изменилось');
    expect(t.events.at(-1)).toMatchObject({ id: handle.id, state: 'cancelled' });
    expect(t.tasks.cancel(handle.id)).toBe(false);
  });

  it('cancels a job busy in a synchronous loop, well before it would end', async () => {
    const t = till();
    const started = Date.now();
    const handle = t.tasks.run('diagnostics.busy', { ms: 60_000 }, { label: 'Расчёт' });
    await t.seen((e) => e.id === handle.id && e.done > 0);
    t.tasks.cancel(handle.id);
    expect((await refusal(handle.done)).code).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('runs two tasks side by side, each with its own outcome', async () => {
    const t = till();
    const a = t.tasks.run('diagnostics.sleep', { steps: 3, stepMs: 10 }, { label: 'A' });
    const b = t.tasks.run('diagnostics.countRows', { table: 'items', chunk: 100 }, { label: 'B' });
    await expect(Promise.all([a.done, b.done])).resolves.toEqual([{ steps: 3 }, { rows: 0 }]);
    expect(new Set(t.tasks.list().map((s) => s.id))).toEqual(new Set([a.id, b.id]));
  });

  it('says plainly when the worker was not built', () => {
    const dbFile = join(tmp.dir(), 'kassa.sqlite');
    const none = createTasks({ dbFile, dataDir: tmp.dir(), clock: () => new Date(), emit: () => {}, log: () => {}, workerFile: join(tmp.dir(), 'none.js') });
    expect(() => none.run('diagnostics.sleep', { steps: 1, stepMs: 1 }, { label: 'x' })).toThrow(/npm run build/);
  });
});

describe('the pool of threads', () => {
  const thread = (t: Tasks) => t.run('diagnostics.thread', {}, { label: 'Поток' }).done;

  it('runs the next task on the thread and connection the last one had', async () => {
    const t = till();
    const first = await thread(t.tasks);
    await expect(t.tasks.run('diagnostics.countRows', { table: 'items', chunk: 10 }, { label: 'Подсчёт' }).done).resolves.toEqual({ rows: 0 });
    await expect(thread(t.tasks)).resolves.toEqual(first);
  });

  it('makes a thread ready before the first task, which then runs on it; with a thread waiting already, makes none', async () => {
    const t = till();
    const warmed = await t.tasks.warm();
    expect(warmed).toEqual(expect.any(Number));
    await expect(t.tasks.warm()).resolves.toBeNull();
    await expect(thread(t.tasks)).resolves.toMatchObject({ threadId: warmed });
  });

  it('gives tasks at the same time threads of their own, and keeps one of them', async () => {
    const t = till();
    const [a, b] = await Promise.all([thread(t.tasks), thread(t.tasks)]);
    expect(a.threadId).not.toBe(b.threadId);
    expect([a.threadId, b.threadId]).toContain((await thread(t.tasks)).threadId);
  });

  it('runs the next task on the thread of a cancelled one, its progress and outcome its own', async () => {
    const t = till();
    const before = await thread(t.tasks);
    const busy = t.tasks.run('diagnostics.busy', { ms: 60_000 }, { label: 'Расчёт' });
    await t.seen((e) => e.id === busy.id && e.done > 0);
    t.tasks.cancel(busy.id);
    expect((await refusal(busy.done)).code).toBe('CANCELLED');
    const next = t.tasks.run('diagnostics.sleep', { steps: 2, stepMs: 5 }, { label: 'Ожидание' });
    await expect(next.done).resolves.toEqual({ steps: 2 });
    expect(t.events.filter((e) => e.id === next.id).map((e) => e.state)).toEqual(['running', 'running', 'running', 'done']);
    await expect(thread(t.tasks)).resolves.toEqual(before);
  });

  it('runs the next task on the thread of an export its target refused while that export’s zip was still being made', async () => {
    const t = till();
    // 48 MB that do not compress: deflating them outlasts the refused connection by far.
    t.db.exec('CREATE TABLE filler (b BLOB)');
    const insert = t.db.prepare('INSERT INTO filler VALUES (randomblob(1048576))');
    t.db.transaction(() => {
      for (let i = 0; i < 48; i++) insert.run();
    })();
    const before = await thread(t.tasks);
    const nobody = await closedPort();
    const connection = { kind: 'ftp', host: '127.0.0.1', port: nobody, secure: 'none', user: '', root: '' } as const;
    const exported = t.tasks.run('maintenance.export', { connection, password: null }, { label: 'Экспорт базы данных' });
    expect((await refusal(exported.done)).message).toMatch(/не принимает подключение/);
    // Its zip, left deflating, must neither report into this task nor take the thread down under it.
    const next = t.tasks.run('diagnostics.sleep', { steps: 40, stepMs: 50 }, { label: 'Ожидание' });
    await expect(next.done).resolves.toEqual({ steps: 40 });
    expect(t.events.filter((e) => e.id === next.id).every((e) => e.note === undefined || /^шаг \d+$/.test(e.note))).toBe(true);
    await expect(thread(t.tasks)).resolves.toEqual(before);
  });

  it('ends a thread whose job ignores «Отменить» after the grace, and the next task gets a fresh thread', async () => {
    const t = till({ cancelGraceMs: 300 });
    const before = await thread(t.tasks);
    const deaf = t.tasks.run('diagnostics.busy', { ms: 120_000, deaf: true }, { label: 'Расчёт' });
    await t.seen((e) => e.id === deaf.id && e.total > 0);
    t.tasks.cancel(deaf.id);
    expect((await refusal(deaf.done)).code).toBe('CANCELLED');
    const after = await thread(t.tasks);
    expect(after.threadId).not.toBe(before.threadId);
  });

  it('opens the new file when one was put in place of the database under a kept thread', async () => {
    const t = till();
    const dbFile = t.db.name;
    t.db.close();
    db = null;
    await expect(t.tasks.run('diagnostics.countRows', { table: 'audit_log', chunk: 100 }, { label: 'Подсчёт' }).done).resolves.toEqual({ rows: 0 });
    // Another till's database, renamed over this one as an import does.
    const other = openDatabase(`${dbFile}.incoming`);
    other.run("INSERT INTO audit_log (at, action) VALUES ('2026-12-03T10:00:00Z', 'test')");
    other.close();
    renameSync(`${dbFile}.incoming`, dbFile);
    await expect(t.tasks.run('diagnostics.countRows', { table: 'audit_log', chunk: 100 }, { label: 'Подсчёт' }).done).resolves.toEqual({ rows: 1 });
  });

  it('has the kept thread’s connection closed when stop returns (the file may be swapped right after)', async () => {
    const t = till();
    const dbFile = t.db.name;
    t.db.close();
    db = null;
    await thread(t.tasks);
    expect(existsSync(`${dbFile}-wal`)).toBe(true); // the kept thread's connection is open
    const ended = t.tasks.stop();
    // The last connection to close takes the WAL with it: gone now, not once the thread has ended.
    expect(existsSync(`${dbFile}-wal`)).toBe(false);
    await ended;
    expect(() => t.tasks.run('diagnostics.thread', {}, { label: 'Поток' })).toThrow(/закрывается/);
  });

  it('a process whose tasks are done ends by itself: the kept thread does not hold it', async () => {
    const script = fileURLToPath(new URL('../fixtures/tasks-process.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, tmp.dir()], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const answered = new Promise<void>((resolve) => child.stdout.on('data', () => out.includes('answered') && resolve()));
    await Promise.race([answered, exited]);
    expect(out).toContain('answered');
    // Once the task has answered there is nothing left to do: the process must be gone within moments, not held by an idle thread.
    const left = await Promise.race([exited.then(() => 'exited'), new Promise((resolve) => setTimeout(() => resolve('still running'), 10_000))]);
    if (left !== 'exited') child.kill('SIGKILL');
    expect(left, out).toBe('exited');
    expect(await exited).toBe(0);
  });
});
