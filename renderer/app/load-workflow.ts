/** Keeps the workflow settings and sections of the till current while someone is logged in (see workflow.ts). */
import { useRead } from './server.js';

export function useWorkflow(): void {
  useRead('settings.workflow');
  useRead('sections.list');
}
