/** The labelled inputs of the device forms (scale, scanner, display, printer). */

export function Select<K extends string>({
  label,
  id,
  value,
  options,
  onChange,
}: {
  label: string;
  id: string;
  value: K;
  options: Record<K, string>;
  onChange: (v: K) => void;
}) {
  return (
    <label className="field" htmlFor={id}>
      <span className="field-label">{label}</span>
      <select id={id} className="input" value={value} onChange={(e) => onChange(e.target.value as K)} data-testid={id}>
        {(Object.keys(options) as K[]).map((k) => (
          <option key={k} value={k}>
            {options[k]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** `list`: the id of a <datalist> to pick from (the serial ports the till found). */
export function TextField({
  label,
  id,
  value,
  hint,
  list,
  onChange,
}: {
  label: string;
  id: string;
  value: string;
  hint?: string;
  list?: string;
  onChange: (v: string) => void;
}) {
  return (
    <label className="field" htmlFor={id}>
      <span className="field-label">{label}</span>
      <input id={id} className="input" value={value} list={list} onChange={(e) => onChange(e.target.value)} autoComplete="off" spellCheck={false} data-testid={id} />
      {hint && <span className="field-hint">{hint}</span>}
    </label>
  );
}

export function NumberField({ label, id, value, onChange }: { label: string; id: string; value: number; onChange: (v: number) => void }) {
  return (
    <label className="field" htmlFor={id}>
      <span className="field-label">{label}</span>
      <input
        id={id}
        className="input"
        inputMode="numeric"
        value={String(value)}
        onChange={(e) => onChange(Number(e.target.value.replace(/\D/g, '')) || 0)}
        data-testid={id}
      />
    </label>
  );
}
