import type { StorageTargetView } from '../../preload/contract/index.js';

/** The choice of a saved storage target (folder, FTP, WebDAV) by its name. */
export function TargetSelect({
  label,
  targets,
  value,
  onChange,
  testId,
}: {
  label: string;
  targets: readonly StorageTargetView[];
  value: string;
  onChange: (id: string) => void;
  testId: string;
}) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select className="input" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {targets.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
    </label>
  );
}
