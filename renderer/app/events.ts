/** Main's events keep the status bar and the screens current without polling. */
import { fiscalQueueChanged, shiftChanged, statusLoaded } from './session.js';
import { refreshStatus, type AppStore } from './store.js';

export function subscribeToEvents(store: AppStore): () => void {
  const offs = [
    window.kassa.on('session.changed', (status) => store.dispatch(statusLoaded(status))),
    window.kassa.on('shift.changed', (shift) => store.dispatch(shiftChanged(shift))),
    window.kassa.on('fiscal.queue', (queue) => store.dispatch(fiscalQueueChanged(queue))),
  ];
  // A missed event (dropped connection, sleeping laptop) is caught up when the window comes back.
  const onVisible = () => {
    if (document.visibilityState === 'visible') void store.dispatch(refreshStatus());
  };
  document.addEventListener('visibilitychange', onVisible);
  return () => {
    for (const off of offs) off();
    document.removeEventListener('visibilitychange', onVisible);
  };
}
