import type { QueryFilters } from '@tanstack/react-query';
import { queryClient, trpc } from './trpc';

/**
 * What each action changes, as the queries that show it. After an action succeeds, exactly these are refetched
 * (those on screen at once, the rest when next opened) — never the whole cache, so unrelated pages keep their data.
 * Every action writes an audit row, so every entry refreshes the audit list and the trails that show audit rows.
 */
export const CHANGED_BY = {
  /** Credit card and ledger on the person page (and its audit trail), the trail, the audit list. */
  creditAdjusted: (userId: string): QueryFilters[] => [
    { queryKey: trpc.support.user.queryKey({ userId }) },
    { queryKey: trpc.support.trail.queryKey({ userId }) },
    trpc.audit.pathFilter(),
  ],
  /** Suspending can cancel upcoming bookings: the person, their bookings, trails and the audit list change. */
  studentStatus: (userId: string): QueryFilters[] => [
    { queryKey: trpc.support.user.queryKey({ userId }) },
    trpc.bookings.pathFilter(),
    trpc.support.trail.pathFilter(),
    trpc.audit.pathFilter(),
  ],
  /**
   * Suspension, verification, commission and payout holds: the instructor, their bookings and payouts (a hold
   * keeps money in the Stripe balance, so the payout-account panel changes too).
   */
  instructorChanged: (userId: string): QueryFilters[] => [
    { queryKey: trpc.support.user.queryKey({ userId }) },
    { queryKey: trpc.support.payoutAccount.queryKey({ userId }) },
    trpc.instructors.pathFilter(),
    trpc.bookings.pathFilter(),
    trpc.support.trail.pathFilter(),
    trpc.audit.pathFilter(),
  ],
  /**
   * Refund, cancel, complete, release: the booking (state, timeline, suggestions), both people's 360 (bookings,
   * refunds, credit), what Stripe shows of the charge (refunded amount) and of the instructor's payouts, the trails
   * and the audit list.
   */
  bookingChanged: (bookingId: string): QueryFilters[] => [
    { queryKey: trpc.bookings.byId.queryKey({ bookingId }) },
    { queryKey: trpc.bookings.detail.queryKey({ bookingId }) },
    trpc.support.user.pathFilter(),
    trpc.support.stripe.pathFilter(),
    trpc.support.payoutAccount.pathFilter(),
    trpc.support.trail.pathFilter(),
    trpc.audit.pathFilter(),
  ],
  /** A note shows on the person's 360, on the booking it is about, in both trails and in the audit list. */
  noteAdded: (userId: string, bookingId: string | null): QueryFilters[] => [
    { queryKey: trpc.support.user.queryKey({ userId }) },
    { queryKey: trpc.support.trail.queryKey({ userId }) },
    ...(bookingId
      ? [{ queryKey: trpc.bookings.detail.queryKey({ bookingId }) }, { queryKey: trpc.support.trail.queryKey({ bookingId }) }]
      : []),
    trpc.audit.pathFilter(),
  ],
  /** A resent message: the booking's timeline, the recipient's notifications (a 360), the trails, the audit list. */
  notificationResent: (bookingId: string): QueryFilters[] => [
    { queryKey: trpc.bookings.detail.queryKey({ bookingId }) },
    trpc.support.user.pathFilter(),
    trpc.support.trail.pathFilter(),
    trpc.audit.pathFilter(),
  ],
  /** Revealing writes an audit row only: the person's audit trail and trail, and the audit list. */
  piiRevealed: (userId: string): QueryFilters[] => [
    { queryKey: trpc.support.user.queryKey({ userId }) },
    { queryKey: trpc.support.trail.queryKey({ userId }) },
    trpc.audit.pathFilter(),
  ],
  /** A data export or an erasure request: the person's exports, their 360 (audit trail, status), approvals, audit. */
  privacyRequested: (userId: string): QueryFilters[] => [
    { queryKey: trpc.privacy.exports.queryKey({ userId }) },
    { queryKey: trpc.support.user.queryKey({ userId }) },
    trpc.approvals.pathFilter(),
    trpc.audit.pathFilter(),
  ],
  /** A campaign sent or cancelled: its own page, the campaign list and the audit list; templates and audiences do not. */
  campaignChanged: (campaignId: string): QueryFilters[] => [
    { queryKey: trpc.communications.byId.queryKey({ campaignId }) },
    trpc.communications.list.pathFilter(),
    trpc.audit.pathFilter(),
  ],
  /** A silence set or expired: the alerts page (states, silences), the command center's alerts, the audit list. */
  alertsChanged: (): QueryFilters[] => [
    trpc.alerts.pathFilter(),
    { queryKey: trpc.health.snapshot.queryKey() },
    trpc.audit.pathFilter(),
  ],
} as const;

export type ChangeKind = keyof typeof CHANGED_BY;

/**
 * Each action a person runs or a second admin approves, and the entry above that says what it changes: every mutation
 * the support pages (the 360, the booking page and the action panels they embed) can run — a test reads those
 * components and fails on one missing here — and the campaigns, which can wait for an approval too.
 */
export const ACTION_CHANGES: Record<string, ChangeKind> = {
  'support.addNote': 'noteAdded',
  'support.revealPii': 'piiRevealed',
  'support.resendNotification': 'notificationResent',
  'refunds.create': 'bookingChanged',
  'bookings.cancel': 'bookingChanged',
  'bookings.complete': 'bookingChanged',
  'students.adjustCredit': 'creditAdjusted',
  'students.suspend': 'studentStatus',
  'students.unsuspend': 'studentStatus',
  'instructors.suspend': 'instructorChanged',
  'instructors.unsuspend': 'instructorChanged',
  'instructors.verificationOverride': 'instructorChanged',
  'instructors.commissionTier': 'instructorChanged',
  'instructors.payoutHold': 'instructorChanged',
  'privacy.export': 'privacyRequested',
  'privacy.erase': 'privacyRequested',
  // Making a download link is audited; the export list itself does not change, the audit does.
  'privacy.downloadLink': 'privacyRequested',
  'communications.send': 'campaignChanged',
  'communications.cancel': 'campaignChanged',
  'alerts.silence': 'alertsChanged',
  'alerts.expireSilence': 'alertsChanged',
};

/**
 * Where a request is shown waiting ("Waiting for a second admin") besides the inbox: its booking's page and both
 * people's, or the person's page; and their trails, which show the decision's audit row.
 */
function waitingOn(item: { resourceType: string; resourceId: string }): QueryFilters[] {
  if (item.resourceType === 'booking')
    return [
      { queryKey: trpc.bookings.detail.queryKey({ bookingId: item.resourceId }) },
      trpc.support.user.pathFilter(),
      trpc.support.trail.pathFilter(),
    ];
  if (item.resourceType === 'user')
    return [{ queryKey: trpc.support.user.queryKey({ userId: item.resourceId }) }, trpc.support.trail.pathFilter()];
  return [];
}

/**
 * What deciding an approval changes: the approvals, the audit list and the pages that showed the request waiting;
 * once approved, also what the action did, to the resource it names (a refund or cancellation to its booking, an
 * erasure to its person, a campaign to its page and the list). An action this map does not know marks every query
 * stale, as it must not leave a page showing the old state.
 */
export function changedByDecision(
  item: { action: string; resourceType: string; resourceId: string },
  approved: boolean,
): QueryFilters[] {
  const decided = [trpc.approvals.pathFilter(), trpc.audit.pathFilter(), ...waitingOn(item)];
  if (!approved) return decided;
  const kind = ACTION_CHANGES[item.action];
  if (kind === undefined) return [{}];
  const changed = kind === 'noteAdded' ? CHANGED_BY.noteAdded(item.resourceId, null) : CHANGED_BY[kind](item.resourceId);
  return [...decided, ...changed];
}

/**
 * Refetches what an action changed on screen, and drops what it changed off screen. Marking an unseen query stale is
 * not enough: a page opened next (a click from the booking through to its student) renders the cached answer at once
 * and refetches behind it, so for a moment it shows the totals from before the refund. Dropped, it is fetched before
 * it is shown. The catch-all filter ({}) only marks everything stale: the whole cache is not thrown away.
 */
export function refreshAfter(filters: QueryFilters[]): Promise<void> {
  for (const f of filters) if (f.queryKey !== undefined) queryClient.removeQueries({ ...f, type: 'inactive' });
  return Promise.all(filters.map((f) => queryClient.invalidateQueries(f))).then(() => undefined);
}
