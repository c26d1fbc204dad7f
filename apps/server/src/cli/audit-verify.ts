import { openDatabase } from '@ops/db';
import { dbTarget } from '../bootstrap.js';
import { verifyAuditChain } from '../domain/audit-views/chain.js';
import { ConfigError, loadConfig } from '../env.js';

/**
 * `npm run audit:verify [-- --from <id>]`: recomputes every audit row's hash from its predecessor in SQL, in
 * batches, and exits 1 naming the first broken row (a row changed or removed behind the append-only trigger).
 */
function fromArg(argv: string[]): number | undefined {
  const i = argv.indexOf('--from');
  if (i === -1) return undefined;
  const n = Number(argv[i + 1]);
  if (!Number.isSafeInteger(n) || n < 1) {
    process.stderr.write('--from must be an audit entry number (a positive integer)\n');
    process.exit(2);
  }
  return n;
}

try {
  const config = loadConfig();
  const fromId = fromArg(process.argv.slice(2));
  const dbs = await openDatabase(dbTarget(config));
  const started = performance.now();
  const result = await verifyAuditChain(dbs.api, {
    ...(fromId !== undefined ? { fromId } : {}),
    onBatch: (p) => process.stderr.write(`  checked ${p.checked.toLocaleString('en-US')} rows (to #${p.verifiedToId ?? '-'})\n`),
  });
  await dbs.close();
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  if (result.brokenAtId !== null) {
    process.stdout.write(
      `Audit chain BROKEN at #${result.brokenAtId} (verified to #${result.verifiedToId ?? '-'}; ${result.checked} rows checked in ${secs} s)\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`Audit chain verified to #${result.verifiedToId ?? '-'} (${result.checked} rows in ${secs} s)\n`);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
