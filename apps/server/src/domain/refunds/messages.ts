import { hoursBeforeLesson, plural } from '@ops/shared';

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
export function settleNote(result: { succeeded: number; pending: number; failed: number }): string | void {
  const parts: string[] = [];
  if (result.succeeded > 0) parts.push(`${plural(result.succeeded, 'refund')} settled`);
  if (result.pending > 0)
    parts.push(
      `${plural(result.pending, 'refund')} still pending (reconciliation will finish ${result.pending === 1 ? 'it' : 'them'})`,
    );
  if (result.failed > 0) parts.push(`${plural(result.failed, 'refund')} refused (see the refund's error)`);
  return parts.length > 0 ? `Stripe: ${parts.join(', ')}.` : undefined;
}
