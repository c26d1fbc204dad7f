import { formatCents, hoursBeforeLesson, plural } from '@ops/shared';
import type { RefundKind } from '@ops/db';
import type { RefundComputation } from './compute.js';
import type { SettleTally } from './settle.js';

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

/**
 * Summarises what settling after commit did, for the person who confirmed, calling each row what it is:
 * "Stripe: 1 refund settled." / "Stripe: 1 release settled." (a release of money never charged is not a refund) /
 * "Stripe: 1 payment captured; its credit is granted." (a credit refund of an only-authorized payment).
 */
export function settleNote(tally: SettleTally): string | void {
  const parts = (['refund', 'release', 'capture'] as const).flatMap((noun) => {
    const { succeeded, pending, failed } = tally[noun];
    return [
      ...(succeeded > 0
        ? [
            noun === 'capture'
              ? `${plural(succeeded, 'payment')} captured; ${succeeded === 1 ? 'its' : 'their'} credit is granted`
              : `${plural(succeeded, noun)} settled`,
          ]
        : []),
      ...(pending > 0
        ? [`${plural(pending, noun)} still pending (reconciliation will finish ${pending === 1 ? 'it' : 'them'})`]
        : []),
      ...(failed > 0 ? [`${plural(failed, noun)} refused (see the ${noun}'s error)`] : []),
    ];
  });
  return parts.length > 0 ? `Stripe: ${parts.join(', ')}.` : undefined;
}

/**
 * What a refund recorded, in the words its preview used: a card refund, credit, or a release of money that was only
 * authorized (never charged, so not a refund); then the instructor's share, if any.
 */
export function refundRecorded(r: RefundComputation): string {
  const instructor = r.decision.instructorCents > 0 ? `, ${formatCents(r.decision.instructorCents)} to the instructor` : '';
  const credit = r.creditBackCents > 0 ? `, ${formatCents(r.creditBackCents)} of spent credit returned to the balance` : '';
  return `${whatWasRecorded(r)}${instructor}${credit}.`;
}

function whatWasRecorded(r: RefundComputation): string {
  const student = formatCents(r.decision.studentCents);
  if (r.decision.method === 'credit') {
    const capture = r.capturesFirst ? `, after capturing ${formatCents(r.captureCents)}` : '';
    return `Refund recorded: ${student} as credit${capture}`;
  }
  if (!r.releasesPayment) return `Refund recorded: ${student} to the card`;
  if (r.captureCents > 0)
    return `Release recorded: ${student} of the authorization released (never charged), ${formatCents(r.captureCents)} captured`;
  return `Release recorded: the ${student} payment is cancelled before it is charged (no refund)`;
}

export interface MoneyBack {
  kind: RefundKind;
  count: number;
  cents: number;
  /** "2 refunds totalling $120.00", "1 release of $640.00 (never charged)". */
  text: string;
}

/**
 * What a set of refunds gives back, one entry a kind present: refunds and releases are counted apart, since a release
 * moved no money (the card was only authorized). Empty when there is nothing to give back.
 */
export function moneyBack(refunds: ReadonlyArray<Pick<RefundComputation, 'kind' | 'decision'>>): MoneyBack[] {
  return (['refund', 'release'] as const).flatMap((kind) => {
    const rows = refunds.filter((r) => r.kind === kind);
    if (rows.length === 0) return [];
    const cents = rows.reduce((s, r) => s + r.decision.studentCents, 0);
    const amount = rows.length === 1 ? `of ${formatCents(cents)}` : `totalling ${formatCents(cents)}`;
    const text = `${plural(rows.length, kind)} ${amount}${kind === 'release' ? ' (never charged)' : ''}`;
    return [{ kind, count: rows.length, cents, text }];
  });
}

/** moneyBack as one phrase: "2 refunds totalling $120.00 and 1 release of $60.00 (never charged)", or "nothing to refund". */
export function moneyBackText(refunds: ReadonlyArray<Pick<RefundComputation, 'kind' | 'decision'>>): string {
  const parts = moneyBack(refunds);
  return parts.length > 0 ? parts.map((p) => p.text).join(' and ') : 'nothing to refund';
}
