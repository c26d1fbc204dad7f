import { WORKERS } from '../../workers.js';
import { approvalExpiryWorker } from '../approvals/approvals.js';
import { webhookSweeperWorker } from '../webhooks/ledger.js';
import { refundReconciliationWorker } from './settle.js';

// Imported once by bootstrap: the console's own loops for money, approvals and webhooks left half-way.
WORKERS.push(refundReconciliationWorker, approvalExpiryWorker, webhookSweeperWorker);
