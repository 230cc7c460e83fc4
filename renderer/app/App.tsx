import { lazy, Suspense, useEffect } from 'react';
import { Notices } from '../components/Notices.js';
import { StatusBar } from '../components/StatusBar.js';
import { LoginScreen } from '../features/login/LoginScreen.js';
import { MenuScreen } from '../features/menu/MenuScreen.js';
import { PasswordScreen } from '../features/password/PasswordScreen.js';
import { SaleScreen } from '../features/sale/SaleScreen.js';
import { SetupDoneScreen, SetupScreen } from '../features/setup/SetupScreen.js';
import { ru } from '../i18n/ru.js';
import { canCall } from './access.js';
import { useWorkflow } from './load-workflow.js';
import { setupMessageCleared } from './session.js';
import { refreshStatus, useAppDispatch, useAppSelector } from './store.js';

// Everything before and at the till (setup, login, password, menu, sale and payment) is in the
// first chunk, so neither the first screen nor a scan waits for a download; every other screen
// loads when it is first opened.
const CashScreen = lazy(() => import('../features/cash/CashScreen.js').then((m) => ({ default: m.CashScreen })));
const DocumentsScreen = lazy(() => import('../features/documents/DocumentsScreen.js').then((m) => ({ default: m.DocumentsScreen })));
const ReturnsScreen = lazy(() => import('../features/returns/ReturnsScreen.js').then((m) => ({ default: m.ReturnsScreen })));
const ReportScreen = lazy(() => import('../features/shift/ReportScreen.js').then((m) => ({ default: m.ReportScreen })));
const UsersScreen = lazy(() => import('../features/users/UsersScreen.js').then((m) => ({ default: m.UsersScreen })));
const DevicesScreen = lazy(() => import('../features/devices/DevicesScreen.js').then((m) => ({ default: m.DevicesScreen })));
const DiagnosticsScreen = lazy(() => import('../features/devices/DiagnosticsScreen.js').then((m) => ({ default: m.DiagnosticsScreen })));
const FiscalScreen = lazy(() => import('../features/fiscal/FiscalScreen.js').then((m) => ({ default: m.FiscalScreen })));
const PriceListScreen = lazy(() => import('../features/price-list/PriceListScreen.js').then((m) => ({ default: m.PriceListScreen })));
const StorageScreen = lazy(() => import('../features/storage/StorageScreen.js').then((m) => ({ default: m.StorageScreen })));
const GoLiveScreen = lazy(() => import('../features/golive/GoLiveScreen.js').then((m) => ({ default: m.GoLiveScreen })));
const SetupWizard = lazy(() => import('../features/golive/SetupWizard.js').then((m) => ({ default: m.SetupWizard })));
const MaintenanceScreen = lazy(() => import('../features/maintenance/MaintenanceScreen.js').then((m) => ({ default: m.MaintenanceScreen })));
const JournalScreen = lazy(() => import('../features/maintenance/JournalScreen.js').then((m) => ({ default: m.JournalScreen })));
const ReportsScreen = lazy(() => import('../features/reports/ReportsScreen.js').then((m) => ({ default: m.ReportsScreen })));
const SettingsScreen = lazy(() => import('../features/settings/SettingsScreen.js').then((m) => ({ default: m.SettingsScreen })));
const StockScreen = lazy(() => import('../features/stock/StockScreen.js').then((m) => ({ default: m.StockScreen })));
const DiscountCardsScreen = lazy(() => import('../features/discount-cards/DiscountCardsScreen.js').then((m) => ({ default: m.DiscountCardsScreen })));
const GoodsScreen = lazy(() => import('../features/goods/GoodsScreen.js').then((m) => ({ default: m.GoodsScreen })));
const ExportsScreen = lazy(() => import('../features/exports/ExportsScreen.js').then((m) => ({ default: m.ExportsScreen })));

/** Which screen shows follows the session: setup → login → password change → the chosen screen. */
export function App() {
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.session.status);
  const loadFailed = useAppSelector((s) => s.session.loadFailed);
  const setupMessage = useAppSelector((s) => s.session.setupMessage);
  const screen = useAppSelector((s) => s.ui.screen);

  useEffect(() => {
    void dispatch(refreshStatus());
  }, [dispatch]);

  let body;
  if (!status) {
    body = (
      <div className="center-screen" data-testid="screen-loading">
        {loadFailed ? (
          <button type="button" className="btn btn-primary btn-large" onClick={() => void dispatch(refreshStatus())}>
            {ru.errors.reload}
          </button>
        ) : (
          <p className="muted">{ru.loading}</p>
        )}
      </div>
    );
  } else if (setupMessage !== null) {
    body = <SetupDoneScreen message={setupMessage} onContinue={() => dispatch(setupMessageCleared())} />;
  } else if (!status.setupDone) {
    body = <SetupScreen />;
  } else if (!status.user) {
    body = <LoginScreen />;
  } else if (status.user.mustChangePassword) {
    body = <PasswordScreen />;
  } else {
    body = <LoggedIn screen={screen} />;
  }

  return (
    <div className="app">
      <StatusBar />
      <Notices />
      <main className="app-body">
        <Suspense fallback={<p className="muted load-state">{ru.loading}</p>}>{body}</Suspense>
      </main>
    </div>
  );
}

function LoggedIn({ screen }: { readonly screen: string }) {
  const status = useAppSelector((s) => s.session.status);
  const report = useAppSelector((s) => s.ui.report);
  // The accounting mode, currencies and discount limits of this till, read on login and after a change.
  useWorkflow();
  // A screen the user may no longer use (shift closed meanwhile, other role) falls back to the menu.
  if (screen === 'sale' && canCall('sale.current', status).allowed) return <SaleScreen />;
  if (screen === 'users' && canCall('users.list', status).allowed) return <UsersScreen />;
  if (screen === 'returns' && canCall('returns.findOriginal', status).allowed) return <ReturnsScreen />;
  if (screen === 'cash' && canCall('cash.balance', status).allowed) return <CashScreen />;
  if (screen === 'documents' && canCall('documents.list', status).allowed) return <DocumentsScreen />;
  if (screen === 'report' && report) return <ReportScreen />;
  if (screen === 'devices' && canCall('devices.getSettings', status).allowed) return <DevicesScreen />;
  if (screen === 'diagnostics' && canCall('devices.diagnostics', status).allowed) return <DiagnosticsScreen />;
  if (screen === 'fiscal' && canCall('fiscal.status', status).allowed) return <FiscalScreen />;
  if (screen === 'settings' && canCall('settings.saveWorkflow', status).allowed) return <SettingsScreen />;
  if (screen === 'stock' && canCall('stock.documents', status).allowed) return <StockScreen />;
  if (screen === 'discountCards' && canCall('discountCards.list', status).allowed) return <DiscountCardsScreen />;
  if (screen === 'goods' && canCall('goods.list', status).allowed) return <GoodsScreen />;
  if (screen === 'priceList' && canCall('priceList.preview', status).allowed) return <PriceListScreen />;
  if (screen === 'storage' && canCall('storage.targets', status).allowed) return <StorageScreen />;
  if (screen === 'golive' && canCall('golive.status', status).allowed) return <GoLiveScreen />;
  if (screen === 'wizard' && canCall('golive.hardware', status).allowed) return <SetupWizard />;
  if (screen === 'maintenance' && canCall('maintenance.status', status).allowed) return <MaintenanceScreen />;
  if (screen === 'journal' && canCall('maintenance.journal', status).allowed) return <JournalScreen />;
  if (screen === 'reports' && canCall('reports.goods', status).allowed) return <ReportsScreen />;
  if (screen === 'exports' && canCall('exports.journal', status).allowed) return <ExportsScreen />;
  return <MenuScreen />;
}
