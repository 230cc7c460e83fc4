/** A row of tabs (the segmented control on the settings, stock, reports, documents and returns screens). */
export function Tabs<T extends string>({
  tabs,
  value,
  onChange,
  label,
  testId,
}: {
  readonly tabs: readonly T[];
  readonly value: T;
  readonly onChange: (tab: T) => void;
  readonly label: (tab: T) => string;
  readonly testId: (tab: T) => string;
}) {
  return (
    <div className="segmented tabs" role="tablist">
      {tabs.map((t) => (
        <button
          key={t}
          type="button"
          role="tab"
          aria-selected={value === t}
          className={`segment ${value === t ? 'segment-on' : ''}`}
          onClick={() => onChange(t)}
          data-testid={testId(t)}
        >
          {label(t)}
        </button>
      ))}
    </div>
  );
}
