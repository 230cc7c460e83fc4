import { useState } from 'react';
import { Button } from '../../components/Button.js';
import { ScreenHead } from '../../components/ScreenHead.js';
import { Tabs } from '../../components/Tabs.js';
import { useAppDispatch } from '../../app/store.js';
import { navigated } from '../../app/ui.js';
import { SectionsDirectory } from '../sections/SectionsDirectory.js';
import { RequisitesForm } from './RequisitesForm.js';
import { TerminalUnknownOps } from './TerminalUnknownOps.js';
import { st } from './text.js';
import { WorkflowForm } from './WorkflowForm.js';
import { wz } from '../golive/wizard-text.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';

type Tab = keyof typeof st.tabs;
const TABS = Object.keys(st.tabs) as Tab[];

/** Admin: the till's workflow settings, its requisites and the sections directory. */
export function SettingsScreen() {
  const dispatch = useAppDispatch();
  const [tab, setTab] = useState<Tab>('workflow');

  // Esc in a field or a dialog is theirs; on the screen it goes back to the menu.
  useEscapeToMenu({ fromFields: false });

  return (
    <div className="screen settings-screen" data-testid="screen-settings">
      <div className="settings-scroll">
        <ScreenHead title={st.title} testId="settings">
          <Tabs tabs={TABS} value={tab} onChange={setTab} label={(t) => st.tabs[t]} testId={(t) => `settings-tab-${t}`} />
          <Button onClick={() => dispatch(navigated('wizard'))} data-testid="settings-wizard">
            {wz.open}
          </Button>
        </ScreenHead>
        {tab === 'workflow' && <WorkflowForm />}
        {tab === 'requisites' && <RequisitesForm />}
        {tab === 'sections' && <SectionsDirectory />}
        {tab === 'terminal' && <TerminalUnknownOps />}
      </div>
    </div>
  );
}
