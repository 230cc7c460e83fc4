import { useState } from 'react';
import type { SkoComparison } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { LoadError } from '../../components/Loaded.js';
import { canCall } from '../../app/access.js';
import { formatDateTime } from '../../app/dates.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch, useAppSelector } from '../../app/store.js';
import { fiscalText } from './text.js';

const t = fiscalText.doc;

/**
 * The СКО side of one document in check detail: its СКО id, when the СКО accepted it, the
 * verification URL of the QR, whether the operator's signature verifies now — and «Сверить с
 * СКО», which asks the СКО for its copy and compares.
 */
export function DocumentFiscal({ id }: { readonly id: number }) {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);
  const read = useRead('fiscal.document', { id });
  const [comparison, setComparison] = useState<SkoComparison | null>(null);
  const [busy, setBusy] = useState(false);

  const info = read.data?.documentId === id ? read.data : undefined;
  if (!info) return read.error && !read.isFetching ? <LoadError message={read.error.message} onRetry={read.refetch} /> : null;
  const compare = async () => {
    setBusy(true);
    const r = await dispatch(call('fiscal.compare', { id }));
    setBusy(false);
    if (r.ok) setComparison(r.value);
  };
  const rows: [string, string, string?][] = [[t.state, t.states[info.state], `doc-fiscal-state`]];
  if (info.skoDocId) rows.push([t.skoDocId, info.skoDocId, 'doc-fiscal-id']);
  if (info.acceptedAt) rows.push([t.acceptedAt, formatDateTime(info.acceptedAt), 'doc-fiscal-accepted']);
  if (info.verifyUrl) rows.push([t.verifyUrl, info.verifyUrl, 'doc-fiscal-url']);
  if (info.refusal) rows.push([t.refusal, `${info.refusal.code}: ${info.refusal.message}`, 'doc-fiscal-refusal']);
  if (info.state === 'waiting' && info.lastError) rows.push([t.lastError, info.lastError, 'doc-fiscal-error']);
  return (
    <section className="doc-fiscal" data-testid="doc-fiscal" data-state={info.state}>
      <dl>
        {rows.map(([label, value, testId]) => (
          <div key={label} style={{ display: 'contents' }}>
            <dt>{label}</dt>
            <dd data-testid={testId}>{value}</dd>
          </div>
        ))}
        {info.signature && (
          <>
            <dt>{t.signature}</dt>
            <dd data-testid="doc-fiscal-signature" data-verified={info.signature.verified} className={info.signature.verified ? 'doc-fiscal-ok' : 'doc-fiscal-bad'}>
              {info.signature.verified ? t.signatureOk(info.keyId) : t.signatureBad(info.signature.problem)}
            </dd>
          </>
        )}
      </dl>
      <div className="doc-fiscal-compare">
        <Button onClick={() => void compare()} verdict={canCall('fiscal.compare', status)} disabled={busy} data-testid="doc-compare">
          {t.compare}
        </Button>
        {comparison && (
          <span className={comparison.matches ? 'doc-fiscal-ok' : 'doc-fiscal-bad'} data-testid="doc-compare-result" data-matches={comparison.matches}>
            {comparison.matches ? t.matches(formatDateTime(comparison.checkedAt)) : t.differs(comparison.differences.length)}
          </span>
        )}
        {comparison && !comparison.matches && (
          <ul data-testid="doc-compare-differences">
            {comparison.differences.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
