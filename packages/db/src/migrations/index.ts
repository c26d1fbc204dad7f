import type { Migration } from 'kysely';
import * as init from './2026-11-22-0001-init.js';
import * as analyticsRollups from './2026-11-22-0300-analytics-rollups.js';
import * as auditChain from './2026-11-22-0500-audit-chain.js';
import * as communications from './2026-11-22-0600-communications.js';
import * as busyAccountIndexes from './2026-11-23-0700-busy-account-indexes.js';
import * as refundLedger from './2026-11-30-1200-refund-ledger.js';
import * as loginThrottle from './2026-11-30-1300-login-throttle.js';
import * as auditCanonicalHash from './2026-11-30-1301-audit-canonical-hash.js';
import * as nameSearch from './2026-11-30-1400-name-search.js';
import * as jobDiscard from './2026-11-30-1500-job-discard.js';
import * as execInsightRollups from './2026-11-30-1600-exec-insight-rollups.js';
import * as personKeys from './2026-11-30-1700-person-keys.js';
import * as accessTokens from './2026-11-30-1800-access-tokens.js';
import * as auditChannelHash from './2026-11-30-1801-audit-channel-hash.js';
import * as privacy from './2026-11-30-2000-privacy.js';
import * as rateWindowsUnlogged from './2026-11-30-2100-rate-windows-unlogged.js';
import * as nameSearchOrder from './2026-11-30-2230-name-search-order.js';
import * as disputeEvidenceDue from './2026-12-01-1400-dispute-evidence-due.js';
import * as auditIdsInStep from './2026-12-01-1900-audit-ids-in-step.js';
import * as releasesNotRefunds from './2026-12-02-1400-releases-not-refunds.js';
import * as loginThrottleClock from './2026-12-02-1800-login-throttle-clock.js';
import * as payoutCancelled from './2026-12-03-1000-payout-cancelled.js';
import * as paymentCapturedAmount from './2026-12-03-1100-payment-captured-amount.js';
import * as refundPayoutCuts from './2026-12-03-1200-refund-payout-cuts.js';
import * as approvalWarnings from './2026-12-03-1400-approval-warnings.js';
import * as transferSearch from './2026-12-03-1500-transfer-search.js';
import * as noShowTotals from './2026-12-04-1000-no-show-totals.js';
import * as connectAccountSearch from './2026-12-03-1300-connect-account-search.js';

/** Every migration, by sortable name. Add new ones here; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '2026-11-22-0001-init': init,
  '2026-11-22-0300-analytics-rollups': analyticsRollups,
  '2026-11-22-0500-audit-chain': auditChain,
  '2026-11-22-0600-communications': communications,
  '2026-11-23-0700-busy-account-indexes': busyAccountIndexes,
  '2026-11-30-1200-refund-ledger': refundLedger,
  '2026-11-30-1300-login-throttle': loginThrottle,
  '2026-11-30-1301-audit-canonical-hash': auditCanonicalHash,
  '2026-11-30-1400-name-search': nameSearch,
  '2026-11-30-1500-job-discard': jobDiscard,
  '2026-11-30-1600-exec-insight-rollups': execInsightRollups,
  '2026-11-30-1700-person-keys': personKeys,
  '2026-11-30-1800-access-tokens': accessTokens,
  '2026-11-30-1801-audit-channel-hash': auditChannelHash,
  '2026-11-30-2000-privacy': privacy,
  '2026-11-30-2100-rate-windows-unlogged': rateWindowsUnlogged,
  '2026-11-30-2230-name-search-order': nameSearchOrder,
  '2026-12-01-1400-dispute-evidence-due': disputeEvidenceDue,
  '2026-12-01-1900-audit-ids-in-step': auditIdsInStep,
  '2026-12-02-1400-releases-not-refunds': releasesNotRefunds,
  '2026-12-02-1800-login-throttle-clock': loginThrottleClock,
  '2026-12-03-1000-payout-cancelled': payoutCancelled,
  '2026-12-03-1100-payment-captured-amount': paymentCapturedAmount,
  '2026-12-03-1200-refund-payout-cuts': refundPayoutCuts,
  '2026-12-03-1300-connect-account-search': connectAccountSearch,
  '2026-12-03-1400-approval-warnings': approvalWarnings,
  '2026-12-03-1500-transfer-search': transferSearch,
  '2026-12-04-1000-no-show-totals': noShowTotals,
};
