/** Entry of the renderer: take window.kassa from the Electron preload, or install the web transport. */
import '../preload/zod-jitless.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import { installWebTransport } from '../preload/web-transport.js';
import { App } from './app/App.js';
import { subscribeToEvents } from './app/events.js';
import { noticeShown } from './app/notices.js';
import { routeSerialScans } from './app/serialScans.js';
import { store } from './app/store.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { CustomerWindow } from './features/devices/CustomerWindow.js';
import { ru } from './i18n/ru.js';

if (!('kassa' in window)) installWebTransport();

subscribeToEvents(store);

// A failure outside React (a stray promise) is reported, not swallowed and not a blank screen.
window.addEventListener('unhandledrejection', (e) => {
  console.error('kassa: unhandled', e.reason);
  store.dispatch(noticeShown('error', ru.errors.unexpected));
});

/** `?view=customer`: the customer-facing window on a second monitor, which only listens. */
const customerView = new URLSearchParams(window.location.search).get('view') === 'customer';
if (!customerView) routeSerialScans(store);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing in index.html');
createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>
      <Provider store={store}>{customerView ? <CustomerWindow /> : <App />}</Provider>
    </ErrorBoundary>
  </StrictMode>,
);
