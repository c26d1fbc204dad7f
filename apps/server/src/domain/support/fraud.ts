import { fraudSignals, type FraudSignal } from '@ops/shared';
import type { DbOrTx } from '@ops/db';
import { fraudWarning } from './flags.js';
import { REFUND_LIMIT } from './user-360.js';

/**
 * A student's fraud signals read as the person's page reads them (their booking count, their latest refunds), for
 * an action that did not load the page: two small indexed reads.
 */
export async function loadFraudSignals(db: DbOrTx, studentId: string): Promise<FraudSignal[]> {
  const [totals, refunds] = await Promise.all([
    db.selectFrom('user_booking_totals').select('bookings').where('user_id', '=', studentId).executeTakeFirst(),
    db
      .selectFrom('refunds')
      .select(['booking_id as bookingId', 'amount_cents as amountCents', 'created_at as createdAt', 'status', 'kind', 'origin'])
      .where('student_id', '=', studentId)
      .orderBy('created_at', 'desc')
      .limit(REFUND_LIMIT)
      .execute(),
  ]);
  return fraudSignals({ bookingCount: totals?.bookings ?? 0, refunds });
}

/** The fraud warning a preview giving `studentId` money carries, naming the signals; empty without any. */
export async function fraudWarnings(db: DbOrTx, studentId: string): Promise<string[]> {
  const warning = fraudWarning(await loadFraudSignals(db, studentId), { listSignals: true });
  return warning === null ? [] : [warning];
}
