import type { CardRefundSlip, CardSlip } from '../../../preload/contract/index.js';
import { pay } from './text.js';

export type SlipText = { readonly authCode: string; readonly rrn: string };
export const EMPTY_SLIP: SlipText = { authCode: '', rrn: '' };

/** The slip as the contract takes it (main checks the format and says what is wrong). */
export function slipOf(t: SlipText): CardSlip {
  const rrn = t.rrn.trim();
  return { authCode: t.authCode.trim(), ...(rrn ? { rrn } : {}) };
}

/** The code (and RRN) typed from a standalone terminal's slip. */
export function CardSlipFields({
  value,
  onChange,
  codeLabel = pay.authCode,
  testId,
}: {
  readonly value: SlipText;
  readonly onChange: (v: SlipText) => void;
  readonly codeLabel?: string;
  readonly testId: string;
}) {
  return (
    <div className="card-slip-fields">
      <label className="field">
        <span className="field-label">{codeLabel}</span>
        <input
          className="input"
          autoComplete="off"
          maxLength={12}
          value={value.authCode}
          onChange={(e) => onChange({ ...value, authCode: e.target.value.toUpperCase() })}
          data-testid={`${testId}-code`}
        />
      </label>
      <label className="field">
        <span className="field-label">{pay.rrn}</span>
        <input
          className="input"
          inputMode="numeric"
          autoComplete="off"
          maxLength={20}
          value={value.rrn}
          onChange={(e) => onChange({ ...value, rrn: e.target.value.replace(/\D/g, '') })}
          data-testid={`${testId}-rrn`}
        />
      </label>
    </div>
  );
}

export type RefundText = { readonly originalCode: string; readonly slip: SlipText };
export const EMPTY_REFUND: RefundText = { originalCode: '', slip: EMPTY_SLIP };
export const refundOf = (t: RefundText): CardRefundSlip => ({ originalCode: t.originalCode.trim(), slip: slipOf(t.slip) });

/** A return or an annulment of a card payment on a standalone terminal: the sale's code and the refund's slip. */
export function CardRefundFields({
  value,
  onChange,
  hint,
  codeLabel,
  testId,
}: {
  readonly value: RefundText;
  readonly onChange: (v: RefundText) => void;
  readonly hint: string;
  readonly codeLabel: string;
  readonly testId: string;
}) {
  return (
    <fieldset className="card-refund" data-testid={testId}>
      <legend>{pay.refundTitle}</legend>
      <p className="muted small">{hint}</p>
      <label className="field">
        <span className="field-label">{pay.originalCode}</span>
        <input
          className="input"
          autoComplete="off"
          maxLength={12}
          value={value.originalCode}
          onChange={(e) => onChange({ ...value, originalCode: e.target.value.toUpperCase() })}
          data-testid={`${testId}-original`}
        />
      </label>
      <CardSlipFields value={value.slip} onChange={(slip) => onChange({ ...value, slip })} codeLabel={codeLabel} testId={`${testId}-slip`} />
    </fieldset>
  );
}
