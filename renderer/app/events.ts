/**
 * Main's events keep the status bar and the screens current without polling: each one marks the
 * server data it concerns as changed, so screens showing it read it again; `sale.changed` brings
 * the open check itself, so every window on the till shows main's check.
 */
import type { EventName } from '../../preload/contract/index.js';
import { checkLoaded } from './sale.js';
import { EVENT_CHANGES, server } from './server.js';
import { fiscalQueueChanged, shiftChanged, statusLoaded } from './session.js';
import { refreshStatus, type AppStore } from './store.js';

export function subscribeToEvents(store: AppStore): () => void {
  const changed = (event: EventName) => {
    const tags = EVENT_CHANGES[event];
    if (tags.length > 0) store.dispatch(server.util.invalidateTags([...tags]));
  };
  const offs = [
    window.kassa.on('session.changed', (status) => {
      store.dispatch(statusLoaded(status));
      changed('session.changed');
    }),
    window.kassa.on('shift.changed', (shift) => {
      store.dispatch(shiftChanged(shift));
      changed('shift.changed');
    }),
    window.kassa.on('fiscal.queue', (queue) => {
      store.dispatch(fiscalQueueChanged(queue));
      changed('fiscal.queue');
    }),
    window.kassa.on('sale.changed', (check) => {
      // Only while someone is logged in: the check belongs to the cashier's session.
      if (!store.getState().session.status?.user) return;
      // Straight into the sale state, not through the query cache: nothing shows the cached
      // `sale.current` (it is read on each mount), and the line is drawn in this very task.
      store.dispatch(checkLoaded(check));
      changed('sale.changed');
    }),
    window.kassa.on('device.status', () => changed('device.status')),
    window.kassa.on('exports.changed', () => changed('exports.changed')),
  ];
  // A missed event (dropped connection, sleeping laptop) is caught up when the window comes back.
  const onVisible = () => {
    if (document.visibilityState !== 'visible') return;
    void store.dispatch(refreshStatus());
    // The open check too, unless a paid check is on screen (reading it resets the customer's display).
    const check = store.getState().sale.paid ? [] : (['sale'] as const);
    store.dispatch(server.util.invalidateTags([...new Set(Object.values(EVENT_CHANGES).flat()), ...check]));
  };
  document.addEventListener('visibilitychange', onVisible);
  return () => {
    for (const off of offs) off();
    document.removeEventListener('visibilitychange', onVisible);
  };
}
