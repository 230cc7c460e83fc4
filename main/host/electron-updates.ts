/**
 * Program updates of the desktop till (electron-updater, generic provider). Off unless the admin
 * turned them on («Рабочий режим» → «Обновления»): store PCs are often offline, and a till must
 * not change under the cashier. When on: a look at start-up and every 6 hours on the chosen
 * channel; a found version downloads in the background and installs when the till is closed.
 *
 * What is trusted: electron-updater checks every download against the sha512 in the channel's
 * latest*.yml, and on Windows — when the build was signed, electron-builder records the
 * certificate's publisher in app-update.yml — refuses an installer not signed by that publisher.
 */
import { app } from 'electron';
import type { Core } from '../core.js';
import type { Logger } from '../log/logger.js';
import { getSetting } from '../services/settings.js';

const CHECK_EVERY_MS = 6 * 60 * 60_000;
const FIRST_CHECK_AFTER_MS = 60_000;
/** Where the channels live (electron-builder.yml `publish`); KASSA_UPDATE_URL for a shop's own mirror. */
const UPDATE_BASE = (process.env.KASSA_UPDATE_URL ?? 'https://updates.kassadesk.by').replace(/\/+$/, '');

export function startUpdates(core: Core, log: Logger): () => void {
  // An unpacked run (npm start, tests) has no app-update.yml and nothing to replace.
  if (!app.isPackaged) return () => {};
  let busy = false;
  const check = async () => {
    const settings = getSetting(core.ctx, 'updates');
    if (!settings.enabled || busy) return;
    busy = true;
    try {
      // Loaded only when updates are on: the start of a till that never updates stays as light as the web host's.
      const { autoUpdater } = (await import('electron-updater')).default;
      autoUpdater.logger = {
        info: (m: unknown) => log.info({ m }, 'updates'),
        warn: (m: unknown) => log.warn({ m }, 'updates'),
        error: (m: unknown) => log.error({ m }, 'updates'),
        debug: () => {},
      };
      autoUpdater.setFeedURL({ provider: 'generic', url: `${UPDATE_BASE}/${settings.channel}`, channel: 'latest' });
      autoUpdater.allowDowngrade = false;
      autoUpdater.allowPrerelease = settings.channel === 'beta';
      autoUpdater.autoDownload = true;
      autoUpdater.autoInstallOnAppQuit = true;
      const result = await autoUpdater.checkForUpdates();
      log.info({ channel: settings.channel, found: result?.updateInfo.version ?? null, running: app.getVersion() }, 'updates: checked');
    } catch (err) {
      log.warn({ err }, 'updates: the check failed (the till works on; the next look is in 6 hours)');
    } finally {
      busy = false;
    }
  };
  const first = setTimeout(() => void check(), FIRST_CHECK_AFTER_MS);
  const every = setInterval(() => void check(), CHECK_EVERY_MS);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
