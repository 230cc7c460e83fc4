/**
 * kassa-admin as a Node program (dist/main/admin.js, `npm run admin -- <command>`). The installed
 * app runs the same commands as its `admin` sub-command (main/index.ts), since its Electron binary
 * cannot be turned into Node (the RunAsNode fuse is off).
 */
import { runAdmin } from './admin.js';

const code = await runAdmin({ argv: process.argv.slice(2), defaultDataDir: process.env.KASSA_DATA_DIR ?? '.kassa-data' });
process.exit(code);
