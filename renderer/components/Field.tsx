import { forwardRef, type InputHTMLAttributes } from 'react';

type Props = InputHTMLAttributes<HTMLInputElement> & {
  readonly label: string;
  readonly hint?: string;
};

/** A labelled text input, large enough for a finger. */
export const Field = forwardRef<HTMLInputElement, Props>(function Field({ label, hint, className, id, ...rest }, ref) {
  const inputId = id ?? `f-${label.replace(/\s+/g, '-')}`;
  return (
    <label className="field" htmlFor={inputId}>
      <span className="field-label">{label}</span>
      <input ref={ref} id={inputId} className={['input', className].filter(Boolean).join(' ')} autoComplete="off" spellCheck={false} {...rest} />
      {hint && <span className="field-hint">{hint}</span>}
    </label>
  );
});
