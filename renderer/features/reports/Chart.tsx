/**
 * A chart drawn by uPlot (README «Отчёты»: small, fast, canvas, no dependencies): bars or a line
 * over named points — days, hours, payment forms, goods. Values in kopecks are shown in roubles.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

type Props = {
  readonly title: string;
  readonly labels: readonly string[];
  readonly values: readonly number[];
  readonly kind?: 'bars' | 'line';
  /** Values are kopecks (shown in roubles); otherwise shown as they are. */
  readonly money?: boolean;
  readonly height?: number;
  readonly testId: string;
};

export function Chart({ title, labels, values, kind = 'bars', money = true, height = 200, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const n = labels.length;
    const step = Math.max(1, Math.ceil(n / 9));
    const xs = labels.map((_, i) => i);
    const ys = values.map((v) => (money ? v / 100 : v));
    const plot = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: [-0.6, n - 0.4] }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.08 : 1] } },
        axes: [
          { splits: () => xs.filter((i) => i % step === 0), values: (_u, splits) => splits.map((i) => labels[i] ?? ''), grid: { show: false }, size: 30 },
          { values: (_u, splits) => splits.map((v) => v.toLocaleString('ru-RU')), size: 64 },
        ],
        series: [
          {},
          kind === 'bars'
            ? { label: title, fill: 'rgba(43, 108, 176, 0.75)', stroke: '#2b6cb0', width: 0, paths: uPlot.paths.bars!({ size: [0.7, 48] }), points: { show: false } }
            : { label: title, stroke: '#2b6cb0', width: 2, fill: 'rgba(43, 108, 176, 0.12)', points: { show: n <= 40 } },
        ],
      },
      [xs, ys],
      el,
    );
    return () => plot.destroy();
  }, [labels, values, kind, money, height, title]);
  return (
    <figure className="report-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div ref={box} className="report-chart-plot" />
    </figure>
  );
}
