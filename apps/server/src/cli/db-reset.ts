import { rmSync } from 'node:fs';
import { sql } from 'kysely';
import { openDatabase } from '@ops/db';
import { dbTarget, prepareDatabase } from '../bootstrap.js';
import { ConfigError, loadConfig } from '../env.js';
import { guardWriteTarget } from './production-guard.js';

/**
 * `npm run db:reset [-- --i-know-this-is-production]`: recreates the database (the embedded one with fresh sample
 * data; on DATABASE_URL every table is dropped and the migrations run again). It first says which database it is
 * about to touch, and refuses one whose `console_environment` marker says production unless given the flag.
 */
try {
  const config = loadConfig();
  const target = dbTarget(config);
  const argv = process.argv.slice(2);
  const probe = await openDatabase(target);
  const allowed = await guardWriteTarget(probe.api, target, argv, 'db:reset');
  if (!allowed) {
    await probe.close();
    process.exit(3);
  }
  if (target.kind === 'pglite') {
    await probe.close();
    if (target.dataDir) rmSync(target.dataDir, { recursive: true, force: true });
  } else {
    await sql`drop schema public cascade; create schema public`.execute(probe.api);
    await probe.close();
  }
  const dbs = await openDatabase(dbTarget(config));
  const result = await prepareDatabase(dbs, config);
  await dbs.close();
  process.stdout.write(
    `Database recreated (${result.migrated.length} migrations${result.seededMs !== null ? `, sample data in ${result.seededMs} ms` : ''}; marked ${config.environment}).\n`,
  );
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
