/** Loads the workflow settings and sections after login; screens use defaults until they arrive. */
import { call, type AppThunk } from './store.js';
import { workflowLoaded } from './workflow.js';

export function loadWorkflow(): AppThunk<Promise<void>> {
  return async (dispatch) => {
    const [settings, sections] = await Promise.all([
      dispatch(call('settings.workflow', undefined, { quiet: true })),
      dispatch(call('sections.list', undefined, { quiet: true })),
    ]);
    if (settings.ok) dispatch(workflowLoaded({ settings: settings.value, sections: sections.ok ? sections.value : [] }));
  };
}
