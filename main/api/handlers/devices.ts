/** Devices: settings and diagnostics, the scale, the customer display, the receipt printer. */
import type { devicesMethods } from '../../../preload/contract/index.js';
import { devicesOf } from '../../services/devices.js';
import { drawerAccess, openDrawer, printerPreview, printerStatus, testPrint } from '../../services/printing.js';
import type { Handlers } from './handler.js';

export const devicesHandlers: Handlers<keyof typeof devicesMethods> = {
  'devices.listPorts': (_, ctx) => devicesOf(ctx).listPorts(),
  'devices.getSettings': (_, ctx) => devicesOf(ctx).settings(),
  'devices.saveSettings': (patch, ctx) => devicesOf(ctx).save(patch),
  'devices.diagnostics': (_, ctx) => devicesOf(ctx).diagnostics(),
  'scale.read': (_, ctx) => devicesOf(ctx).readWeight(),
  'scale.simulate': ({ grams }, ctx) => {
    devicesOf(ctx).simulate(grams);
    return null;
  },
  'display.test': (_, ctx) => devicesOf(ctx).testDisplay(),
  'printer.status': (_, ctx) => printerStatus(ctx),
  'printer.testPrint': (_, ctx) => testPrint(ctx),
  'printer.openDrawer': (_, ctx) => openDrawer(ctx),
  'printer.drawerAccess': (_, ctx) => drawerAccess(ctx),
  'printer.preview': (_, ctx) => printerPreview(ctx),
};
