import { formatCents, hoursBeforeLesson, plural } from '@ops/shared';
import type { RefundComputation } from './compute.js';

/**
 * How a preview places the lesson relative to now: to the tenth of an hour within two days, where the refund
 * policy's 24-hour line falls ("lesson in 23.5 h", "lesson 2.0 h ago"); in days beyond ("lesson 10 days ago").
 */
export function describeLessonTime(lessonStart: string, now: Date): string {
  const hours = hoursBeforeLesson(new Date(lessonStart), now);
  const span = Math.abs(hours);
  const text = span < 48 ? `${span.toFixed(1)} h` : `${Math.floor(span / 24)} days`;
  return hours >= 0 ? `lesson in ${text}` : `lesson ${text} ago`;
}

/** Summarises what settling after commit did, for the person who confirmed: "Stripe: 1 refund settled." */
export function settleNote(
  result: { succeeded: number; pending: number; failed: number },
  noun: 'refund' | 'release' = 'refund',
): string | void {
  const parts: string[] = [];
  if (result.succeeded > 0) parts.push(`${plural(result.succeeded, noun)} settled`);
  if (result.pending > 0)
    parts.push(
      `${plural(result.pending, noun)} still pending (reconciliation will finish ${result.pending === 1 ? 'it' : 'them'})`,
    );
  if (result.failed > 0) parts.push(`${plural(result.failed, noun)} refused (see the ${noun}'s error)`);
  return parts.length > 0 ? `Stripe: ${parts.join(', ')}.` : undefined;
}

/**
 * What a refund recorded, in the words its preview used: a card refund, credit, or a release of money that was only
 * authorized (never charged, so not a refund); then the instructor's share, if any.
 */
export function refundRecorded(r: RefundComputation): string {
  const student = formatCents(r.decision.studentCents);
  const what =
    r.decision.method === 'credit'
      ? `Refund recorded: ${student} as credit${r.capturesFirst ? `, after capturing ${formatCents(r.captureCents)}` : ''}`
      : !r.releasesPayment
        ? `Refund recorded: ${student} to the card`
        : r.captureCents > 0
          ? `Release recorded: ${student} of the authorization released (never charged), ${formatCents(r.captureCents)} captured`
          : `Release recorded: the ${student} payment is cancelled before it is charged (no refund)`;
  const instructor = r.decision.instructorCents > 0 ? `, ${formatCents(r.decision.instructorCents)} to the instructor` : '';
  return `${what}${instructor}.`;
}
