import { rmSync } from 'node:fs';
import { openDatabase } from '@ops/db';
import { dbTarget, prepareDatabase } from '../bootstrap.js';
import { loadConfig } from '../env.js';

/** `npm run db:reset`: recreates the embedded database with fresh sample data. Refuses to touch DATABASE_URL. */
const config = loadConfig();
if (config.DATABASE_URL) {
  process.stderr.write('db:reset only resets the embedded database; unset DATABASE_URL.\n');
  process.exit(2);
}
const target = dbTarget(config);
if (target.kind === 'pglite' && target.dataDir) rmSync(target.dataDir, { recursive: true, force: true });
const dbs = await openDatabase(dbTarget(config));
const result = await prepareDatabase(dbs, config);
await dbs.close();
process.stdout.write(
  `Embedded database recreated in ${config.DATA_DIR} (${result.migrated.length} migrations, sample data in ${result.seededMs ?? 0} ms).\n`,
);
