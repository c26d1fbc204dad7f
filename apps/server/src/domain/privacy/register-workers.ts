import { WORKERS } from '../../workers.js';
import { privacyExportWorker, retentionWorker } from './workers.js';

// Imported once by bootstrap: large exports and the daily retention run.
WORKERS.push(privacyExportWorker, retentionWorker);
