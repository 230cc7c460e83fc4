import type { ReactNode } from 'react';
import { noticeShown } from '../../app/notices.js';
import { useAppDispatch } from '../../app/store.js';
import { useScanGuard } from '../../components/useScanGuard.js';
import { ru } from '../../i18n/ru.js';

/** A labelled setting with its hint and, in red under it, why it was refused. */
export function Row({
  id,
  label,
  hint,
  error,
  wide = false,
  children,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  /** Across every column of a grid of fields (a list whose choices are long). */
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={`field settings-field${wide ? ' settings-field-wide' : ''}${error ? ' settings-field-bad' : ''}`} data-testid={`field-${id}`}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children}
      {hint && <span className="field-hint">{hint}</span>}
      {error && (
        <p className="field-error" role="alert" data-testid={`error-${id}`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function TextInput({
  id,
  value,
  onChange,
  error,
  readOnly,
  inputMode,
  maxLength,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  readOnly?: boolean;
  inputMode?: 'numeric' | 'decimal' | 'text';
  maxLength?: number;
}) {
  const dispatch = useAppDispatch();
  // A quantity, a price or a sum: a code a scanner typed into it (the next item scanned while a stock
  // document's quantity had the focus) is not taken as the number — the field goes back to what it
  // held, and the notice says so. A numeric field (a document's number, a PIN) may take a scanned code.
  const guard = useScanGuard(value, (before, code) => {
    onChange(before);
    dispatch(noticeShown('error', ru.serialScan.notIntoThisField(code)));
  });
  return (
    <input
      id={id}
      className={['input', error ? 'input-bad' : ''].filter(Boolean).join(' ')}
      value={value}
      readOnly={readOnly}
      inputMode={inputMode}
      maxLength={maxLength}
      aria-invalid={error ? true : undefined}
      autoComplete="off"
      spellCheck={false}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={inputMode === 'decimal' ? guard.onKeyDown : undefined}
      data-testid={id}
    />
  );
}

export function Choice<K extends string>({
  id,
  value,
  options,
  onChange,
  error,
}: {
  id: string;
  value: K;
  options: Readonly<Record<K, string>>;
  onChange: (v: K) => void;
  error?: string | undefined;
}) {
  return (
    <select
      id={id}
      className={['input', error ? 'input-bad' : ''].filter(Boolean).join(' ')}
      value={value}
      onChange={(e) => onChange(e.target.value as K)}
      data-testid={id}
    >
      {(Object.keys(options) as K[]).map((k) => (
        <option key={k} value={k}>
          {options[k]}
        </option>
      ))}
    </select>
  );
}

export function Check({
  id,
  label,
  value,
  onChange,
  disabled,
  note,
}: {
  id: string;
  label: string;
  value: boolean;
  onChange: (v: boolean) => void;
  disabled?: boolean;
  note?: string;
}) {
  return (
    <label className="check-field" htmlFor={id}>
      <input id={id} type="checkbox" checked={value} disabled={disabled} onChange={(e) => onChange(e.target.checked)} data-testid={id} />
      {label}
      {note && <span className="muted small">{note}</span>}
    </label>
  );
}

/** A card of related settings. */
export function Group({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card settings-card" data-testid={`settings-${id}`}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
