import { SAMPLE_PASSWORD, SAMPLE_STAFF } from '@ops/shared';
import { startConsole } from './bootstrap.js';
import { ConfigError, loadConfig } from './env.js';

try {
  const config = loadConfig();
  const running = await startConsole(config);
  const lines = [`Ops console on ${running.url}`];
  if (config.sampleMode) {
    lines.push('Sample mode: embedded database and stand-ins for every vendor. Sign in with any of:');
    for (const s of SAMPLE_STAFF) lines.push(`  ${s.role.padEnd(8)} ${s.email}  /  ${SAMPLE_PASSWORD}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const shutdown = (): void => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
