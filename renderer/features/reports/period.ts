/** The period chooser's presets, in local days (pure). */
export type Period = { readonly from: string; readonly to: string };
export type Preset = 'today' | 'yesterday' | 'week' | 'month' | 'lastMonth';

export const iso = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

export function presetPeriod(preset: Preset, now: Date): Period {
  const y = now.getFullYear();
  const m = now.getMonth();
  const d = now.getDate();
  switch (preset) {
    case 'today':
      return { from: iso(now), to: iso(now) };
    case 'yesterday': {
      const day = iso(new Date(y, m, d - 1));
      return { from: day, to: day };
    }
    case 'week': {
      // The week starts on Monday.
      const back = (now.getDay() + 6) % 7;
      return { from: iso(new Date(y, m, d - back)), to: iso(now) };
    }
    case 'month':
      return { from: iso(new Date(y, m, 1)), to: iso(now) };
    case 'lastMonth':
      return { from: iso(new Date(y, m - 1, 1)), to: iso(new Date(y, m, 0)) };
  }
}
