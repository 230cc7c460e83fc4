/**
 * Every job the worker thread can run, by name. Append one line per job; the job lives with its
 * area's service (e.g. `main/services/reports/…`). The worker bundle imports this list, so a job
 * must not import anything that needs the till's main thread (devices, the router, Electron).
 */
import type { Job } from './job.js';
import { busyJob, countRows, sleepJob } from './sample-jobs.js';
import { reportJobs } from '../services/reports/jobs.js';

export const jobs = {
  /** Counts the rows of a table in chunks (tests and diagnostics). */
  'diagnostics.countRows': countRows,
  /** Waits in small steps (tests: progress and cancel). */
  'diagnostics.sleep': sleepJob,
  /** Spins without yielding (tests: cancel reaches a synchronous loop). */
  'diagnostics.busy': busyJob,
  ...reportJobs,
} satisfies Record<string, Job<never, unknown>>;

export type JobName = keyof typeof jobs;
export type JobInput<J extends JobName> = Parameters<(typeof jobs)[J]>[1];
export type JobOutput<J extends JobName> = Awaited<ReturnType<(typeof jobs)[J]>>;
