import { useEffect, useState } from 'react';
import type { WeightReading } from '../../../preload/contract/index.js';
import { useRead } from '../../app/server.js';
import { call, useAppDispatch, useAppSelector } from '../../app/store.js';
import { dev, formatKg, weightText } from './text.js';

/** Loads the trainee can put on the simulated scale. */
const TRAINING_LOADS = [485, 1250] as const;

/**
 * The scale's weight on the sale screen, live from the `scale.weight` event: big digits, green
 * when stable, the scale's own message when it is not. A weighted item added now takes this
 * stable weight. On the simulated scale of training mode, buttons put goods on it.
 */
export function WeightIndicator() {
  const dispatch = useAppDispatch();
  const [live, setLive] = useState<WeightReading | null>(null);
  const devices = useRead('devices.diagnostics').data;
  const profile = devices ? (devices.find((d) => d.device === 'scale')?.profile ?? 'none') : null;
  // The weight now, until the scale's own events take over.
  const firstRead = useRead('scale.read');
  const reading = live ?? firstRead.data ?? null;
  const weighing = useAppSelector((s) => s.sale.check?.lines.some((l) => l.unit === 'кг') ?? false);

  useEffect(() => window.kassa.on('scale.weight', setLive), []);

  if (profile === null || profile === 'none') return null;
  // Until the first reading comes the scale is being asked, not silent: no alarm colour for it.
  const state = reading?.state ?? (firstRead.isFetching ? 'reading' : 'no-answer');
  const simulated = profile === 'simulated';
  // Nothing on the scale and nothing weighed in the check: a one-line strip, the lines get the room.
  // Folded while the first reading comes too, so an empty scale's answer moves nothing on the screen
  // (a button pressed as the card jumped would miss: the press and the release land on two places).
  const idle = (reading ? reading.grams === 0 : state === 'reading') && !weighing;

  return (
    <section className={`card weight-card weight-${state}${idle ? ' weight-idle' : ''}`} data-testid="weight-indicator" data-state={state} aria-live="polite">
      <span className="weight-label">{simulated ? dev.trainingScale : dev.weight}</span>
      <span className="weight-value num" data-testid="weight-value">
        {weightText(reading)}
      </span>
      <span className="weight-message" data-testid="weight-message">
        {reading === null ? '…' : reading.stable ? dev.weightStable : (reading.message ?? '')}
      </span>
      {simulated && (
        <div className="weight-training">
          {TRAINING_LOADS.map((g) => (
            <button
              key={g}
              type="button"
              className="btn btn-secondary btn-normal"
              data-testid={`weight-put-${g}`}
              onClick={() => void dispatch(call('scale.simulate', { grams: g }))}
            >
              {dev.putOn(formatKg(g))}
            </button>
          ))}
          <button
            type="button"
            className="btn btn-secondary btn-normal"
            data-testid="weight-take-off"
            onClick={() => void dispatch(call('scale.simulate', { grams: 0 }))}
          >
            {dev.takeOff}
          </button>
        </div>
      )}
    </section>
  );
}
