import { openDatabase } from '@ops/db';
import { dbTarget } from '../bootstrap.js';
import { formatAnchor, parseAnchor, recordAnchor, verifyWithAnchors, type Anchor } from '../domain/audit/chain.js';
import { ConfigError, loadConfig } from '../env.js';

/**
 * `npm run audit:verify [-- --from <id>] [--expect "<anchor line>"]... [--anchor]`: recomputes every audit row's
 * hash from its predecessor in SQL, in batches, then checks every signed checkpoint (and each anchor given with
 * --expect, e.g. one taken from the log sink) against the rows. Exits 1 naming the first edited row. With
 * --anchor, a clean chain's head is signed, recorded and printed as one line to keep outside the database.
 */
function usage(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { fromId?: number; expect: Anchor[]; anchor: boolean } {
  const out: { fromId?: number; expect: Anchor[]; anchor: boolean } = { expect: [], anchor: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--from') {
      const n = Number(argv[++i]);
      if (!Number.isSafeInteger(n) || n < 1) usage('--from must be an audit entry number (a positive integer)');
      out.fromId = n;
    } else if (arg === '--expect') {
      const anchor = parseAnchor(argv[++i] ?? '');
      if (!anchor) usage('--expect takes an anchor line: "audit-anchor v1 <id> <hash> <signature>"');
      out.expect.push(anchor);
    } else if (arg === '--anchor') {
      out.anchor = true;
    } else {
      usage(`unknown argument ${arg ?? ''}`);
    }
  }
  return out;
}

try {
  const config = loadConfig();
  const args = parseArgs(process.argv.slice(2));
  const dbs = await openDatabase(dbTarget(config));
  const started = performance.now();
  const result = await verifyWithAnchors(dbs.api, config.auditSigningKey, {
    ...(args.fromId !== undefined ? { fromId: args.fromId } : {}),
    external: args.expect,
    onBatch: (p) => process.stderr.write(`  checked ${p.checked.toLocaleString('en-US')} rows (to #${p.verifiedToId ?? '-'})\n`),
  });
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  if (result.brokenAtId !== null) {
    await dbs.close();
    process.stdout.write(
      `Audit chain BROKEN at #${result.brokenAtId}: ${result.problem ?? 'hash mismatch'} (verified to #${result.verifiedToId ?? '-'}; ${result.checked} rows checked in ${secs} s)\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`Audit chain verified to #${result.verifiedToId ?? '-'} (${result.checked} rows in ${secs} s)\n`);
  if (args.anchor && result.verifiedToId !== null) {
    const anchor = await recordAnchor(dbs.api, config.auditSigningKey, result.verifiedToId, result.checked);
    const line = formatAnchor(anchor);
    process.stdout.write(`${line}\n`);
  }
  await dbs.close();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
