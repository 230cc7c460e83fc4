/** Devices: settings and diagnostics, the scale, the customer display, the receipt printer. */
import type { devicesMethods } from '../../../preload/contract/index.js';
import { drawerAccess, openDrawer, printerPreview, printerStatus, testPrint } from '../../services/printing.js';
import type { Handlers } from './handler.js';

export const devicesHandlers: Handlers<keyof typeof devicesMethods> = {
  'devices.listPorts': (_, ctx) => ctx.devices.listPorts(),
  'devices.getSettings': (_, ctx) => ctx.devices.settings(),
  'devices.saveSettings': (patch, ctx) => ctx.devices.save(patch),
  'devices.diagnostics': (_, ctx) => ctx.devices.diagnostics(),
  'scale.read': (_, ctx) => ctx.devices.readWeight(),
  'scale.simulate': ({ grams }, ctx) => {
    ctx.devices.simulate(grams);
    return null;
  },
  'display.test': (_, ctx) => ctx.devices.testDisplay(),
  'printer.status': (_, ctx) => printerStatus(ctx),
  'printer.testPrint': (_, ctx) => testPrint(ctx),
  'printer.openDrawer': (_, ctx) => openDrawer(ctx),
  'printer.drawerAccess': (_, ctx) => drawerAccess(ctx),
  'printer.preview': (_, ctx) => printerPreview(ctx),
};
