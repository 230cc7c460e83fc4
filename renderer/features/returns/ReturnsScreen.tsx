import { useCallback, useState } from 'react';
import type { DocumentDetail } from '../../../preload/contract/index.js';
import { ScreenHead } from '../../components/ScreenHead.js';
import { Tabs } from '../../components/Tabs.js';
import { ReadState } from '../../components/Loaded.js';
import { useRead } from '../../app/server.js';
import { useAppSelector } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { FindOriginal, FoundList } from './FindOriginal.js';
import { ReturnByCheck } from './ReturnByCheck.js';
import { ReturnDoneView, type ReturnDone } from './ReturnDoneView.js';
import { ReturnFree } from './ReturnFree.js';
import { useEscapeToMenu } from '../../app/useEscapeToMenu.js';

type Tab = 'check' | 'free';

/** Returns: by the original check (QR, number, date) — whole, partial or an amount — or without a check. */
export function ReturnsScreen() {
  const returnOf = useAppSelector((s) => s.ui.returnOf);
  const [tab, setTab] = useState<Tab>('check');
  const [found, setFound] = useState<readonly DocumentDetail[] | null>(null);
  // undefined until the cashier finds or picks one: then the sale the screen was opened on, if any.
  const [picked, setDoc] = useState<DocumentDetail | null | undefined>(undefined);
  const [done, setDone] = useState<ReturnDone | null>(null);

  // Opened from the documents screen on one sale.
  const preset = useRead('documents.get', { id: returnOf ?? 0 }, { skip: returnOf === null || picked !== undefined });
  const doc = picked === undefined ? (preset.data ?? null) : picked;

  useEscapeToMenu({ enabled: !done });

  const onFound = (docs: readonly DocumentDetail[]) => {
    setFound(docs);
    setDoc(docs.length === 1 ? docs[0]! : null);
  };
  const next = useCallback(() => {
    setDone(null);
    setDoc(null);
    setFound(null);
  }, []);

  if (done) return <ReturnDoneView done={done} onNext={next} />;

  return (
    <div className="screen returns-screen" data-testid="screen-returns">
      <section className="card returns-main">
        <ScreenHead title={ru.returns.title} testId="returns">
          <Tabs
            tabs={['check', 'free'] as const}
            value={tab}
            onChange={setTab}
            label={(t) => (t === 'check' ? ru.returns.tabCheck : ru.returns.tabFree)}
            testId={(t) => `returns-tab-${t}`}
          />
        </ScreenHead>
        {tab === 'free' ? (
          <ReturnFree onDone={setDone} />
        ) : (
          <div className="returns-by-check">
            <aside className="returns-find">
              <h2>{ru.returns.findTitle}</h2>
              <FindOriginal onFound={onFound} />
              {found && found.length !== 1 && <FoundList docs={found} onPick={setDoc} />}
            </aside>
            <div className="returns-doc">
              {doc ? (
                <ReturnByCheck key={doc.id} doc={doc} onDone={setDone} />
              ) : returnOf !== null && picked === undefined ? (
                <ReadState read={preset} testId="returns-doc" />
              ) : (
                <p className="muted returns-pick">{ru.returns.pick}</p>
              )}
            </div>
          </div>
        )}
      </section>
    </div>
  );
}
