/**
 * Must be the first import of the renderer: zod probes `new Function` when the contract's schemas
 * are built, and our CSP (no 'unsafe-eval') reports that probe as a violation. Jitless skips it.
 */
import { z } from 'zod';

z.config({ jitless: true });
