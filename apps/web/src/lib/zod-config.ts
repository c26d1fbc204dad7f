import { z } from 'zod';

/**
 * zod compiles object parsers with `new Function` when it can, and probes for that at schema creation; under the
 * console's Content-Security-Policy (no 'unsafe-eval') the probe is a reported violation. Imported first by
 * main.tsx, so every schema is built in zod's interpreted mode.
 */
z.config({ jitless: true });
