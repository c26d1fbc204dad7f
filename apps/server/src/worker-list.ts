import { rollupWorker } from './domain/analytics/worker.js';
import { approvalExpiryWorker } from './domain/approvals/approvals.js';
import { campaignSenderWorker, outboxWorker } from './domain/communications/worker.js';
import { sampleBeatWorker } from './domain/jobs/sample-beat.js';
import { privacyExportWorker, retentionWorker } from './domain/privacy/workers.js';
import { refundReconciliationWorker } from './domain/refunds/settle.js';
import { webhookSweeperWorker } from './domain/webhooks/ledger.js';
import { auditAnchorWorker, sessionPruneWorker } from './domain/security-workers.js';
import type { Worker } from './workers.js';

/** Every background loop the console runs, in one explicit list (no registration by import side effects). */
export const CONSOLE_WORKERS: readonly Worker[] = [
  refundReconciliationWorker,
  approvalExpiryWorker,
  webhookSweeperWorker,
  campaignSenderWorker,
  outboxWorker,
  rollupWorker,
  sessionPruneWorker,
  auditAnchorWorker,
  privacyExportWorker,
  retentionWorker,
];

/** Sample mode only: what the marketplace itself would keep doing while the console runs on sample data. */
export const SAMPLE_WORKERS: readonly Worker[] = [sampleBeatWorker];
