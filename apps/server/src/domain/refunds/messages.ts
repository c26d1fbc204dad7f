import { hoursBeforeLesson } from '@ops/shared';

/** "lesson in 3.5 h" or "lesson 2.0 h ago": how a preview places the lesson relative to now. */
export function describeLessonTime(lessonStart: string, now: Date): string {
  const hours = hoursBeforeLesson(new Date(lessonStart), now);
  return hours >= 0 ? `lesson in ${hours.toFixed(1)} h` : `lesson ${(-hours).toFixed(1)} h ago`;
}

/** Summarises what settling after commit did, for the person who confirmed. */
export function settleNote(result: { succeeded: number; pending: number; failed: number }): string | void {
  const parts: string[] = [];
  if (result.succeeded > 0) parts.push(`${result.succeeded} settled with Stripe`);
  if (result.pending > 0)
    parts.push(`${result.pending} still pending at Stripe (reconciliation will finish ${result.pending === 1 ? 'it' : 'them'})`);
  if (result.failed > 0) parts.push(`${result.failed} refused by Stripe (see the refund's error)`);
  return parts.length > 0 ? `Stripe: ${parts.join(', ')}.` : undefined;
}
