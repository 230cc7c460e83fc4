import { useState } from 'react';
import type { NegativeStockPolicy } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { ScreenHead } from '../../components/ScreenHead.js';
import { Tabs } from '../../components/Tabs.js';
import { Loaded } from '../../components/Loaded.js';
import { noticeShown } from '../../app/notices.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch } from '../../app/store.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';
import { Check, Choice, Group, Row } from '../settings/parts.js';
import { StockDocuments } from './StockDocuments.js';
import { StockStatements } from './StockStatements.js';
import { stk } from './text.js';

type Tab = keyof typeof stk.tabs;
const TABS = Object.keys(stk.tabs) as Tab[];

/** Admin: stock documents (receipt, write-off, inventory count), the statements, and the stock setting. */
export function StockScreen() {
  const [tab, setTab] = useState<Tab>('documents');
  const settings = useRead('stock.settings');
  useEscapeToMenu({ fromFields: false });

  return (
    <div className="screen settings-screen stock-screen" data-testid="screen-stock">
      <div className="settings-scroll">
        <ScreenHead title={stk.title} testId="stock">
          <Tabs tabs={TABS} value={tab} onChange={setTab} label={(t) => stk.tabs[t]} testId={(t) => `stock-tab-${t}`} />
        </ScreenHead>
        {settings.data && !settings.data.enabled && tab !== 'settings' && (
          <p className="notice notice-warning" data-testid="stock-off">
            {stk.off}
          </p>
        )}
        {tab === 'documents' && <StockDocuments />}
        {tab === 'statements' && <StockStatements />}
        {tab === 'settings' && <Loaded read={settings}>{(s) => <StockSettingsForm saved={s} />}</Loaded>}
      </div>
    </div>
  );
}

function StockSettingsForm({ saved }: { readonly saved: { enabled: boolean; negative: NegativeStockPolicy } }) {
  const dispatch = useAppDispatch();
  const [enabled, setEnabled] = useState(saved.enabled);
  const [negative, setNegative] = useState<NegativeStockPolicy>(saved.negative);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    const r = await dispatch(call('stock.saveSettings', { enabled, negative }));
    setBusy(false);
    if (r.ok) dispatch(noticeShown('success', stk.saved));
  };
  return (
    <Group id="stock" title={stk.settingsTitle}>
      <Check id="stock-enabled" label={stk.enabled} value={enabled} onChange={setEnabled} note={stk.enabledNote} />
      <Row id="stock-negative" label={stk.negative}>
        <Choice id="stock-negative" value={negative} options={stk.policies} onChange={setNegative} />
      </Row>
      <Button variant="primary" onClick={() => void save()} disabled={busy} data-testid="stock-settings-save">
        {stk.save}
      </Button>
    </Group>
  );
}
