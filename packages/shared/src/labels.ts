/**
 * Human words for the codes the database and vendors use, so a screen never shows `PARTIALLY_REFUNDED`,
 * `split_under_12h` or `refunds.create`. One map for every page; a code not listed is spelled out from its parts.
 */
export const LABELS: Record<string, string> = {
  // people
  student: 'Student',
  instructor: 'Instructor',
  active: 'Active',
  suspended: 'Suspended',
  deactivated: 'Deactivated',
  // bookings
  pending: 'Pending',
  confirmed: 'Confirmed',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
  // payments and refunds
  requires_payment_method: 'Awaiting card',
  scheduled: 'Scheduled',
  authorized: 'Authorised',
  captured: 'Captured',
  refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
  failed: 'Failed',
  succeeded: 'Succeeded',
  canceled: 'Cancelled',
  disputed: 'Disputed',
  needs_response: 'Dispute needs response',
  under_review: 'Dispute under review',
  won: 'Dispute won',
  lost: 'Dispute lost',
  card: 'To card',
  credit: 'As credit',
  // refund policy rules
  card_24h_plus: 'Full refund to card (24 h or more before the lesson)',
  credit_12_to_24h: 'Credit (12–24 h before the lesson)',
  split_under_12h: 'Half refunded, half paid to the instructor (under 12 h)',
  override: 'Staff override',
  instructor_suspended: 'Full refund to card (instructor suspended)',
  // instructors' checks and payout accounts
  not_started: 'Not started',
  passed: 'Passed',
  account_closed: 'Bank account closed',
  // messages
  email: 'Email',
  sms: 'SMS',
  push: 'Push',
  // payouts
  held: 'On hold',
  paid: 'Paid',
  in_transit: 'In transit',
  // webhooks and jobs
  received: 'Received',
  processed: 'Processed',
  replayed: 'Replayed',
  skipped: 'Skipped',
  queued: 'Queued',
  running: 'Running',
  dead: 'Dead',
  sent: 'Sent',
  // audited actions
  'refunds.create': 'Refund',
  'refunds.settle': 'Settled at Stripe',
  'bookings.cancel': 'Booking cancelled',
  'bookings.cancelledBySuspension': 'Booking cancelled by suspension',
  'bookings.complete': 'Booking completed',
  'bookings.release': 'Payment released',
  'students.suspend': 'Student suspended',
  'students.adjustCredits': 'Credit adjusted',
  'students.adjustCredit': 'Credit adjusted',
  'students.unsuspend': 'Student reinstated',
  'instructors.suspend': 'Instructor suspended',
  'instructors.holdPayouts': 'Payouts held',
  'instructors.payoutHold': 'Payout hold changed',
  'instructors.unsuspend': 'Instructor reinstated',
  'instructors.commissionTier': 'Commission tier changed',
  'instructors.verificationOverride': 'Verification overridden',
  'support.addNote': 'Note added',
  'support.revealPii': 'Revealed personal details',
  'users.pii.reveal': 'Revealed personal details',
  'bookings.note': 'Note added',
  'privacy.export': 'Personal data export requested',
  'privacy.export.download': 'Personal data export downloaded',
  'privacy.export.link': 'Personal data export link made',
  'privacy.erase': 'Personal data erased',
  'approvals.requested': 'Approval requested',
  'approvals.rejected': 'Approval rejected',
  'approvals.failed': 'Approval could not run',
  'support.resendNotification': 'Notification resent',
  'webhooks.replay': 'Webhook replayed',
  'webhooks.replayMany': 'Webhooks replayed',
  'communications.send': 'Campaign sent',
  'communications.cancel': 'Campaign cancelled',
  'alerts.silence': 'Alerts silenced',
  'alerts.expireSilence': 'Silence expired',
  'jobs.retry': 'Dead job retried',
  'jobs.discard': 'Dead job discarded',
};

/** `label('partially_refunded')` → "Partly refunded"; `label('refunds.create.execute')` → "Refund". */
export function label(code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—';
  const known = LABELS[code] ?? LABELS[code.toLowerCase()];
  if (known) return known;
  const action = code.replace(/\.(execute|preview)$/, '');
  if (LABELS[action]) return LABELS[action];
  const words = code
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[._-]+/g, ' ')
    .trim()
    .toLowerCase();
  return sentence(words);
}

/**
 * An audit row's action in words, named for what it did where the name alone would mislead: a refund action that
 * only released an authorization (the card was never charged) reads "Release".
 */
export function auditActionLabel(row: { action: string; refundKind: 'refund' | 'release' | null }): string {
  return row.refundKind === 'release' ? 'Release' : label(row.action);
}

/** How a refund row went back: its method, or for a release the words that say no money moved. */
export function refundMethodLabel(row: { kind: 'refund' | 'release'; method: string }): string {
  return row.kind === 'release' ? 'release (never charged)' : label(row.method);
}

/** `sentence('not sent to Stripe yet')` → "Not sent to Stripe yet": a phrase written to follow a subject, alone. */
export function sentence(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "1 dispute", "3 disputes", "1,204 students": counts that read as English. */
const counts = new Intl.NumberFormat('en-US');

/** "1,234": a count with thousands separators (one formatter for all: `toLocaleString` builds a new one per call). */
export function formatCount(count: number): string {
  return counts.format(count);
}

/** A phrase as one sentence: its own full stop kept (a rule's text has one), else one added. */
export function asSentence(phrase: string): string {
  return /[.!?]$/.test(phrase) ? phrase : `${phrase}.`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}
