import { useState } from 'react';

/** "2025-11-22" → "22.11.2025". */
export function isoToRu(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : '';
}

/** "22.11.2025" (or "22.11.25", "2.3.2025") → "2025-11-22"; null when it is not a date. */
export function ruToIso(text: string): string | null {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/.exec(text.trim());
  if (!m) return null;
  const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  const month = Number(m[2]);
  const day = Number(m[1]);
  const d = new Date(year, month - 1, day);
  if (d.getFullYear() !== year || d.getMonth() !== month - 1 || d.getDate() !== day) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

type Props = {
  /** ISO date or '' for none. */
  readonly value: string;
  readonly onChange: (iso: string) => void;
  readonly testId: string;
  readonly className?: string;
};

/**
 * A date typed the Russian way (ДД.ММ.ГГГГ): the browser's own date picker speaks the OS
 * language, not the till's. Reports an ISO date, or '' while the text is not a date.
 */
export function DateField({ value, onChange, testId, className }: Props) {
  const [text, setText] = useState(isoToRu(value));
  const bad = text.trim() !== '' && ruToIso(text) === null;
  return (
    <input
      className={['input', bad ? 'input-bad' : '', className].filter(Boolean).join(' ')}
      inputMode="numeric"
      placeholder="ДД.ММ.ГГГГ"
      maxLength={10}
      value={text}
      data-testid={testId}
      onChange={(e) => {
        const t = e.target.value.replace(/[,/-]/g, '.');
        setText(t);
        onChange(ruToIso(t) ?? '');
      }}
    />
  );
}
