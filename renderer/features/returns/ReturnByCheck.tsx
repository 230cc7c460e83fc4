import { useState } from 'react';
import type { DocumentDetail, DocumentLine, MethodInput } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { canCall } from '../../app/access.js';
import { parseQuantity } from '../../app/codes.js';
import { formatMoney, formatQuantity, parseMoney } from '../../../common/money.js';
import { formatDateTime } from '../../app/dates.js';
import { useAppDispatch, useAppSelector } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { makeReturn } from './actions.js';
import type { ReturnDone } from './ReturnDoneView.js';
import { ReturnConfirm } from './ReturnConfirm.js';

type Props = { readonly doc: DocumentDetail; readonly onDone: (done: ReturnDone) => void };

const leftOf = (l: DocumentLine) => l.quantity - l.returnedQuantity;

/**
 * Return by the original check: each line shows what was sold, what earlier returns took and what
 * is left; the cashier types how much comes back (or «Всё»). Or an amount without itemization.
 */
export function ReturnByCheck({ doc, onDone }: Props) {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);
  const [texts, setTexts] = useState<Record<number, string>>({});
  const [sum, setSum] = useState('');
  const [busy, setBusy] = useState(false);
  // A return by the check is shown (amount, refund forms) and confirmed before it is issued.
  const [asked, setAsked] = useState<MethodInput<'returns.preview'> | null>(null);
  const [sumAsked, setSumAsked] = useState<number | null>(null);

  const chosen = doc.lines.map((l) => ({ line: l, q: texts[l.lineNo]?.trim() ? parseQuantity(texts[l.lineNo]!) : 0 })).filter((c) => c.q !== 0);
  const bad = chosen.some((c) => c.q === null || c.q > leftOf(c.line) || (c.line.unit === 'шт' && c.q % 1000 !== 0));
  const left = doc.total - doc.returnedTotal;
  const allReturned = doc.lines.every((l) => leftOf(l) <= 0) || left <= 0;
  const annulled = doc.annulledBy !== null;
  const verdict = canCall('returns.byCheck', status);
  const sumValue = parseMoney(sum);

  const run = async (input: Parameters<typeof makeReturn>[1], method: 'returns.byCheck' | 'returns.free') => {
    if (busy) return;
    setBusy(true);
    const done = await dispatch(makeReturn(method, input));
    setBusy(false);
    if (done) onDone(done);
    return Boolean(done);
  };

  return (
    <div className="return-check" data-testid="return-check" data-document-id={doc.id}>
      <div className="return-head">
        <h2 data-testid="return-doc-title">{ru.docName(doc.kind, doc.numberInShift, doc.shiftNumber)}</h2>
        <span className="muted">{formatDateTime(doc.createdAt)}</span>
        <span className="return-head-total num">{formatMoney(doc.total)}</span>
      </div>
      <p className="muted small">
        {ru.returns.paidBy}: {doc.payments.map((p) => `${ru.paymentForms[p.form]} ${formatMoney(p.amount)}`).join(' · ')}
        {doc.returnedTotal > 0 && <> · {ru.returns.alreadyReturned(formatMoney(doc.returnedTotal))}</>}
      </p>
      {annulled && <p className="till-warn">{ru.returns.annulled}</p>}
      {!annulled && allReturned && (
        <p className="till-warn" data-testid="return-all-returned">
          {ru.returns.fullyReturned}
        </p>
      )}
      <div className="table-scroll return-lines">
        <table className="table table-compact">
          <thead>
            <tr>
              <th className="col-n">{ru.returns.col.n}</th>
              <th>{ru.returns.col.name}</th>
              <th className="num">{ru.returns.col.sold}</th>
              <th className="num">{ru.returns.col.returned}</th>
              <th className="num">{ru.returns.col.amount}</th>
              <th className="num col-back">{ru.returns.col.back}</th>
            </tr>
          </thead>
          <tbody>
            {doc.lines.map((l) => {
              const rest = leftOf(l);
              const t = texts[l.lineNo] ?? '';
              const q = t.trim() ? parseQuantity(t) : 0;
              const wrong = q === null || q > rest || (q !== 0 && l.unit === 'шт' && q % 1000 !== 0);
              return (
                <tr key={l.lineNo} data-testid="return-line" data-line-no={l.lineNo}>
                  <td className="col-n muted">{l.lineNo}</td>
                  <td>{l.name}</td>
                  <td className="num">
                    {formatQuantity(l.quantity)} {l.unit}
                  </td>
                  <td className="num" data-testid="return-line-returned">
                    {l.returnedQuantity > 0 ? `${formatQuantity(l.returnedQuantity)} ${l.unit}` : '—'}
                  </td>
                  <td className="num">{formatMoney(l.amount)}</td>
                  <td className="num col-back">
                    <div className="return-qty">
                      <input
                        className={`input input-small ${wrong ? 'input-bad' : ''}`}
                        inputMode="decimal"
                        disabled={rest <= 0 || annulled}
                        placeholder={rest > 0 ? `≤ ${formatQuantity(rest)}` : '—'}
                        title={wrong ? ru.returns.tooMuch : undefined}
                        value={t}
                        onChange={(e) => setTexts((x) => ({ ...x, [l.lineNo]: e.target.value.replace(',', '.') }))}
                        data-testid={`return-qty-${l.lineNo}`}
                      />
                      <button
                        type="button"
                        className="btn btn-ghost btn-mini"
                        disabled={rest <= 0 || annulled}
                        onClick={() => setTexts((x) => ({ ...x, [l.lineNo]: formatQuantity(rest) }))}
                        data-testid={`return-all-${l.lineNo}`}
                      >
                        {ru.returns.allLeft}
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {bad && <p className="field-error">{ru.returns.tooMuch}</p>}
      <div className="return-actions">
        <Button
          variant="primary"
          size="large"
          verdict={verdict}
          disabled={busy || annulled || chosen.length === 0 || bad}
          title={chosen.length === 0 ? ru.returns.nothingSelected : undefined}
          onClick={() => setAsked({ documentId: doc.id, lines: chosen.map((c) => ({ lineNo: c.line.lineNo, quantity: c.q! })) })}
          data-testid="return-selected"
        >
          {ru.returns.returnSelected(chosen.length)}
        </Button>
        <Button
          size="large"
          verdict={verdict}
          disabled={busy || annulled || allReturned}
          onClick={() => setAsked({ documentId: doc.id })}
          data-testid="return-whole"
        >
          {ru.returns.returnAll}
        </Button>
      </div>
      {asked && (
        <ReturnConfirm
          input={asked}
          busy={busy}
          onCancel={() => setAsked(null)}
          onConfirm={(refunds, cardRefund) => {
            // With a standalone terminal's codes the dialog stays open on a refusal (a mistyped code).
            if (!cardRefund) setAsked(null);
            void run({ ...asked, refunds, ...(cardRefund ? { cardRefund } : {}) }, 'returns.byCheck').then((ok) => ok && setAsked(null));
          }}
        />
      )}
      {sumAsked !== null && (
        <ConfirmDialog
          title={ru.returns.confirmTitle}
          text={ru.returns.confirmSum(formatMoney(sumAsked))}
          confirm={ru.returns.confirmOk}
          busy={busy}
          testId="return-sum-confirm"
          onCancel={() => setSumAsked(null)}
          onConfirm={() => {
            setSumAsked(null);
            void run({ documentId: doc.id, amount: sumAsked }, 'returns.free');
          }}
        />
      )}
      <form
        className="return-sum"
        onSubmit={(e) => {
          e.preventDefault();
          if (sumValue !== null && sumValue > 0) setSumAsked(sumValue);
        }}
      >
        <label className="field">
          <span className="field-label">{ru.returns.noItemsTitle}</span>
          <input
            className="input"
            inputMode="decimal"
            value={sum}
            onChange={(e) => setSum(e.target.value.replace(',', '.'))}
            disabled={annulled || left <= 0}
            maxLength={12}
            data-testid="return-sum"
          />
          <span className="field-hint">{ru.returns.noItemsHint(formatMoney(Math.max(0, left)))}</span>
        </label>
        <Button
          type="submit"
          verdict={canCall('returns.free', status)}
          disabled={busy || sumValue === null || sumValue <= 0 || sumValue > left}
          data-testid="return-sum-submit"
        >
          {ru.returns.submitNoItems}
        </Button>
      </form>
    </div>
  );
}
