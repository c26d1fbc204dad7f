import type { Services } from '../context.js';
import type { Worker } from '../workers.js';
import { advanceAuditChain, formatAnchor } from './audit/chain.js';
import { pruneSessionsAndAttempts } from './sessions.js';

/** Expired sessions and old login attempts are deleted every ten minutes. */
export const sessionPruneWorker: Worker = {
  name: 'sessions.prune',
  intervalMs: 10 * 60_000,
  tick: (services: Services) =>
    pruneSessionsAndAttempts(services.dbs.worker, services.now(), services.config.LOGIN_ATTEMPT_RETENTION_HOURS),
};

/**
 * Every fifteen minutes the audit chain is verified from the last signed checkpoint and its new head signed; the
 * anchor line goes to the log (shipped to the log sink when Axiom is configured), outside the database's reach.
 */
export const auditAnchorWorker: Worker = {
  name: 'audit.anchor',
  intervalMs: 15 * 60_000,
  async tick(services: Services) {
    const { status, anchor, problem } = await advanceAuditChain(services.dbs.worker, {
      signingKey: services.config.auditSigningKey,
      now: services.now(),
    });
    if (status.brokenAtId !== null) {
      services.logger.error({ brokenAtId: status.brokenAtId, problem }, 'audit chain verification FAILED');
      return 0;
    }
    if (anchor) services.logger.info({ auditAnchor: formatAnchor(anchor) }, 'audit chain anchor');
    return anchor ? 1 : 0;
  },
};
