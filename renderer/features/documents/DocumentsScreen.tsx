import { useState } from 'react';
import { ScreenHead } from '../../components/ScreenHead.js';
import { Tabs } from '../../components/Tabs.js';
import { ru } from '../../i18n/ru.js';
import { DocumentDetailPane } from './DocumentDetailPane.js';
import { DocumentList } from './DocumentList.js';
import { ShiftList } from './ShiftList.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';

type Tab = 'docs' | 'shifts';

/** Lists of checks and shifts with filters; a document's detail with copy, print, annulment and return. */
export function DocumentsScreen() {
  const [tab, setTab] = useState<Tab>('docs');
  const [shiftNumber, setShiftNumber] = useState<number | null>(null);
  const [selected, setSelected] = useState<number | null>(null);

  useEscapeToMenu();

  return (
    <div className="screen documents-screen" data-testid="screen-documents">
      <section className="card documents-main">
        <ScreenHead title={ru.documents.title} testId="documents">
          <Tabs
            tabs={['docs', 'shifts'] as const}
            value={tab}
            onChange={setTab}
            label={(t) => (t === 'docs' ? ru.documents.tabDocs : ru.documents.tabShifts)}
            testId={(t) => `documents-tab-${t}`}
          />
        </ScreenHead>
        {tab === 'docs' ? (
          <DocumentList key={shiftNumber ?? 'all'} shiftNumber={shiftNumber} selectedId={selected} onSelect={setSelected} />
        ) : (
          <ShiftList
            onDocuments={(n) => {
              setShiftNumber(n);
              setSelected(null);
              setTab('docs');
            }}
          />
        )}
      </section>
      {tab === 'docs' && (
        <section className="documents-detail">
          {selected === null ? <p className="muted documents-pick">{ru.documents.pick}</p> : <DocumentDetailPane id={selected} />}
        </section>
      )}
    </div>
  );
}
