import { useState, type FormEvent } from 'react';
import type { PaymentForm } from '../../../preload/contract/index.js';
import { Button } from '../../components/Button.js';
import { KeypadField } from '../../components/KeypadField.js';
import { canCall } from '../../app/access.js';
import { parseMoney } from '../../../common/money.js';
import { useAppDispatch, useAppSelector } from '../../app/store.js';
import { ru } from '../../i18n/ru.js';
import { makeReturn } from './actions.js';
import type { ReturnDone } from './ReturnDoneView.js';

const FORMS: readonly PaymentForm[] = ['cash', 'card', 'oplati', 'gift', 'noncash', 'advance'];

/** Return without a check: an amount, the form it is paid back in, a section, and the reason (required). */
export function ReturnFree({ onDone }: { readonly onDone: (done: ReturnDone) => void }) {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);
  const sections = useAppSelector((s) => s.workflow.sections);
  const [text, setText] = useState('');
  const [form, setForm] = useState<PaymentForm>('cash');
  const [section, setSection] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const amount = parseMoney(text);
  const ready = amount !== null && amount > 0 && reason.trim().length >= 3;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready || busy || amount === null) return;
    setBusy(true);
    const done = await dispatch(makeReturn('returns.free', { amount, form, reason: reason.trim(), ...(section === null ? {} : { section }) }));
    setBusy(false);
    if (done) onDone(done);
  };

  return (
    <form className="return-free" onSubmit={(e) => void submit(e)} data-testid="return-free">
      <div className="return-free-fields">
        <h2>{ru.returns.freeTitle}</h2>
        <span className="field-label">{ru.returns.form}</span>
        <div className="segmented segmented-wrap" role="radiogroup" aria-label={ru.returns.form}>
          {FORMS.map((f) => (
            <button
              key={f}
              type="button"
              role="radio"
              aria-checked={form === f}
              className={`segment ${form === f ? 'segment-on' : ''}`}
              onClick={() => setForm(f)}
              data-testid={`return-form-${f}`}
            >
              {ru.paymentForms[f]}
            </button>
          ))}
        </div>
        {sections.length > 0 && (
          <>
            <span className="field-label">{ru.returns.section}</span>
            <div className="segmented segmented-wrap" role="radiogroup" aria-label={ru.returns.section}>
              {sections.map((s) => (
                <button
                  key={s.code}
                  type="button"
                  role="radio"
                  aria-checked={section === s.code}
                  className={`segment ${section === s.code ? 'segment-on' : ''}`}
                  onClick={() => setSection(section === s.code ? null : s.code)}
                  data-testid={`return-section-${s.code}`}
                >
                  {s.code} · {s.name}
                </button>
              ))}
            </div>
          </>
        )}
        <label className="field">
          <span className="field-label">{ru.returns.reason}</span>
          <input className="input" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} data-testid="return-reason" />
          <span className="field-hint">{ru.returns.reasonHint}</span>
        </label>
      </div>
      <div className="return-free-amount">
        <KeypadField
          label={ru.returns.amount}
          value={text}
          onChange={setText}
          testId="return-free-amount"
          error={text !== '' && (amount === null || amount <= 0) ? ru.cash.badAmount : null}
        />
        <Button type="submit" variant="primary" size="large" verdict={canCall('returns.free', status)} disabled={!ready || busy} data-testid="return-free-submit">
          {ru.returns.submitFree}
        </Button>
      </div>
    </form>
  );
}
