import type { QueryFilters } from '@tanstack/react-query';
import { queryClient, trpc } from './trpc';

/**
 * What each action changes, as the queries that show it. After an action succeeds, exactly these are refetched
 * (those on screen at once, the rest when next opened) — never the whole cache, so unrelated pages keep their data.
 */
export const CHANGED_BY = {
  /** Credit card and ledger on the 360, the student page's balance, the audit list. */
  creditAdjusted: (userId: string): QueryFilters[] => [
    { queryKey: trpc.support.user.queryKey({ userId }) },
    { queryKey: trpc.students.byId.queryKey({ userId }) },
    trpc.audit.pathFilter(),
  ],
  /** Suspending can cancel upcoming bookings: the person, their bookings and the audit list change. */
  studentStatus: (userId: string): QueryFilters[] => [
    { queryKey: trpc.support.user.queryKey({ userId }) },
    { queryKey: trpc.students.byId.queryKey({ userId }) },
    trpc.support.booking.pathFilter(),
    trpc.bookings.pathFilter(),
    trpc.audit.pathFilter(),
  ],
  /** Suspension, verification, commission and payout holds: the instructor, their bookings and payouts. */
  instructorChanged: (userId: string): QueryFilters[] => [
    { queryKey: trpc.support.user.queryKey({ userId }) },
    trpc.instructors.pathFilter(),
    trpc.support.booking.pathFilter(),
    trpc.bookings.pathFilter(),
    trpc.audit.pathFilter(),
  ],
  /**
   * Refund, cancel, complete, release: the booking (state, timeline, suggestions), both people's 360 (bookings,
   * refunds, credit), the booking's trail and the audit list.
   */
  bookingChanged: (bookingId: string): QueryFilters[] => [
    { queryKey: trpc.bookings.byId.queryKey({ bookingId }) },
    { queryKey: trpc.support.booking.queryKey({ bookingId }) },
    trpc.support.user.pathFilter(),
    trpc.students.byId.pathFilter(),
    { queryKey: trpc.support.trail.queryKey({ bookingId }) },
    trpc.audit.pathFilter(),
  ],
} as const;

/** Refetches what an action changed. */
export function refreshAfter(filters: QueryFilters[]): Promise<void> {
  return Promise.all(filters.map((f) => queryClient.invalidateQueries(f))).then(() => undefined);
}
