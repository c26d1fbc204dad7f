// zod probes for `new Function` when it builds a schema; under the Content-Security-Policy (no 'unsafe-eval') the
// probe is a reported violation. zod reads this global config, so it must exist before any module loads: an
// external classic script (allowed by script-src 'self') that runs before the module scripts.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
