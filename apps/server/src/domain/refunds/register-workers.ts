import { WORKERS } from '../../workers.js';
import { approvalExpiryWorker } from '../approvals/approvals.js';
import { refundReconciliationWorker } from './settle.js';

// Imported once by bootstrap: the console's own loops for money and approvals.
WORKERS.push(refundReconciliationWorker, approvalExpiryWorker);
