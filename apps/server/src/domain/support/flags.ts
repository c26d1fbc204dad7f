import {
  auditActionLabel,
  disputeAwaitsEvidence,
  disputeIsOpen,
  formatCents,
  label,
  plural,
  type AccountFlag,
  type BookingDetail,
  type FraudSignal,
  type SuggestedAction,
  type TimelineEvent,
  type User360,
} from '@ops/shared';

/**
 * The agent's reading of a person and of a booking: account flags, warnings and suggested next steps. Pure
 * functions of rows already loaded, so they cost no query and are tested without a database.
 */

export function accountFlags(profile: User360['profile'], stats: User360['stats'], fraud: FraudSignal[]): AccountFlag[] {
  const flags: AccountFlag[] = [];
  if (profile.status === 'suspended') flags.push({ code: 'suspended', label: 'Suspended', severity: 'danger' });
  if (profile.status === 'deactivated') flags.push({ code: 'deactivated', label: 'Deactivated', severity: 'warning' });
  if (!profile.verified) flags.push({ code: 'unverified_email', label: 'Email not verified', severity: 'warning' });
  if (stats.failedPayments > 0) {
    // An instructor pays nothing: the payments counted on their account are their students'.
    const whose = profile.role === 'instructor' ? 'student ' : '';
    flags.push({
      code: 'failed_payment',
      label: `${stats.failedPayments} failed ${whose}${stats.failedPayments === 1 ? 'payment' : 'payments'}`,
      severity: 'warning',
    });
  }
  if (stats.disputes > 0)
    flags.push({
      code: 'dispute',
      label: `${stats.disputes} disputed ${stats.disputes === 1 ? 'charge' : 'charges'}`,
      severity: 'danger',
    });
  if (profile.instructor?.payoutHold) flags.push({ code: 'payout_hold', label: 'Payouts on hold', severity: 'warning' });
  if (profile.instructor && profile.instructor.backgroundCheckStatus !== 'passed') {
    flags.push({
      code: 'background_check',
      label: `Background check ${profile.instructor.backgroundCheckStatus.replace('_', ' ')}`,
      severity: 'warning',
    });
  }
  if (fraud.length > 0) flags.push({ code: 'fraud', label: 'Fraud signals', severity: 'danger' });
  return flags;
}

export function userSuggestions(view: Pick<User360, 'profile' | 'stats' | 'bookings' | 'fraudSignals' | 'creditBalanceCents'>): {
  suggestions: SuggestedAction[];
  warnings: string[];
} {
  const suggestions: SuggestedAction[] = [];
  const warnings: string[] = [];
  const { profile, stats } = view;
  // A suspended or deactivated account cannot book: a nudge towards booking would contradict its status.
  const canBook = profile.status === 'active';
  const fraud = fraudWarning(view.fraudSignals);
  if (fraud !== null) {
    warnings.push(fraud);
    suggestions.push({
      label: 'Add a fraud flag note and escalate before any further refund',
      why: view.fraudSignals.map((s) => s.label).join('; '),
    });
  }
  const disputed = view.bookings.filter((b) => b.disputed);
  for (const b of disputed) {
    suggestions.push({
      label: `Gather evidence for the dispute on booking ${b.shortId}`,
      why: 'A disputed charge needs a response (lesson record, messages) before the issuer deadline.',
    });
  }
  if (stats.failedPayments > 0 && profile.role === 'instructor') {
    suggestions.push(failedStudentPayments(stats.failedPayments, view.bookings));
  } else if (stats.failedPayments > 0) {
    suggestions.push({
      label: 'Ask the person to update their card',
      why: `${stats.failedPayments} payment${stats.failedPayments === 1 ? '' : 's'} failed; the booking stays unpaid until a card works.`,
    });
  }
  if (!profile.verified && canBook) {
    suggestions.push({
      label: 'Resend the verification email from the product',
      why: 'Unverified accounts cannot book; most tickets from them are about this.',
    });
  }
  if (profile.status === 'suspended') {
    warnings.push(
      `Suspended${profile.suspensionReason ? `: ${profile.suspensionReason}` : ''}. Do not promise anything before an admin reviews it.`,
    );
  }
  if (profile.instructor?.payoutHold) {
    warnings.push(`Payouts are held${profile.instructor.payoutHoldReason ? `: ${profile.instructor.payoutHoldReason}` : ''}.`);
  }
  if (view.creditBalanceCents > 0 && profile.role === 'student' && canBook) {
    suggestions.push({
      label: `Remind them of their ${formatCents(view.creditBalanceCents)} credit`,
      why: 'Credit applies automatically to the next booking.',
    });
  }
  // Erasure deletes the Stripe customer on purpose: nothing is missing.
  if (!profile.hasStripeCustomer && profile.erasedAt === null && profile.role === 'student' && stats.bookingsTotal > 0) {
    warnings.push('No Stripe customer on file although the person has bookings: the Stripe panel cannot be read.');
  }
  // Nobody can be contacted or credited after an erasure: there is nothing to suggest.
  return { suggestions: profile.erasedAt === null ? suggestions : [], warnings };
}

/**
 * What the person's page, and every preview that gives a student money (a refund, a force cancel's refund, credit
 * added by hand), warns of a student with fraud signals; null without any. `listSignals`: name them, for a reader
 * that does not have the page's list of signals beside it (a preview, an assistant).
 */
export function fraudWarning(signals: readonly FraudSignal[], opts: { listSignals?: boolean } = {}): string | null {
  if (signals.length === 0) return null;
  const which = opts.listSignals ? ` (${signals.map((s) => s.label).join('; ')})` : '';
  return `Fraud signals on this account${which}: check the refund history before approving another refund.`;
}

/**
 * On an instructor's page a failed payment is a student's, on one of their lessons: point to the bookings (those
 * among the latest listed) and leave the card to the student, not the instructor.
 */
function failedStudentPayments(count: number, bookings: User360['bookings']): SuggestedAction {
  const failed = bookings.filter((b) => b.paymentStatus === 'failed').map((b) => b.shortId);
  const where = failed.length === 0 ? '' : ` on ${failed.length === 1 ? 'booking' : 'bookings'} ${failed.join(', ')}`;
  return {
    label: `Check the failed student ${count === 1 ? 'payment' : 'payments'}${where}`,
    why: `${count === 1 ? "A student's payment" : `${count} student payments`} on this instructor's lessons failed; the student updates their card from the booking, nothing is asked of the instructor.`,
  };
}

type BookingParts = Pick<BookingDetail, 'booking' | 'payment' | 'refunds' | 'notes' | 'webhooks' | 'audit' | 'notifications'>;

/** created → authorized → lesson → captured → settled, with the scheduled times of what has not happened yet. */
export function bookingTimeline(parts: BookingParts, now: Date): TimelineEvent[] {
  const { booking, payment } = parts;
  const events: TimelineEvent[] = [];
  const add = (
    at: string | null,
    kind: TimelineEvent['kind'],
    label: string,
    detail: string | null = null,
    scheduled = false,
  ) => {
    if (at) events.push({ at, kind, label, detail, scheduled });
  };
  const nowMs = now.getTime();
  // A full release cancels the payment intent: nothing is authorized or captured any more, nothing will be.
  const released = payment?.status === 'cancelled';
  add(booking.createdAt, 'created', 'Booking created', `${formatCents(booking.priceCents)} for ${booking.durationMinutes} min`);
  add(booking.confirmedAt, 'confirmed', 'Booking confirmed');
  if (payment) {
    if (payment.authorizedAt)
      add(
        payment.authorizedAt,
        'authorized',
        'Payment authorized',
        `${formatCents(payment.amountCents)}${payment.cardLast4 ? ` on ${payment.cardBrand ?? 'card'} ····${payment.cardLast4}` : ''}`,
      );
    else if (payment.authorizeAt && booking.status !== 'cancelled' && payment.status !== 'failed' && !released)
      add(payment.authorizeAt, 'authorize_scheduled', 'Authorization scheduled', null, true);
    if (payment.failedAt)
      add(
        payment.failedAt,
        'failed',
        'Payment failed',
        [payment.failureCode, payment.failureMessage].filter(Boolean).join(': ') || null,
      );
  }
  if (booking.status !== 'cancelled') {
    const lessonPast = Date.parse(booking.lessonStart) <= nowMs;
    add(
      booking.lessonStart,
      'lesson',
      lessonPast ? 'Lesson' : 'Lesson (upcoming)',
      `${booking.durationMinutes} min`,
      !lessonPast,
    );
  }
  add(booking.completedAt, 'completed', 'Lesson marked completed');
  if (payment) {
    if (payment.capturedAt) add(payment.capturedAt, 'captured', 'Payment captured', formatCents(payment.amountCents));
    else if (payment.captureAt && booking.status !== 'cancelled' && ['pending', 'authorized'].includes(payment.status)) {
      const overdue = Date.parse(payment.captureAt) <= nowMs;
      add(
        payment.captureAt,
        'capture_scheduled',
        overdue ? 'Capture overdue (still authorized)' : 'Capture scheduled',
        null,
        !overdue,
      );
    }
    if (payment.capturedAt && ['captured', 'partially_refunded', 'refunded'].includes(payment.status)) {
      // Stripe pays out captured funds on a rolling two-day schedule.
      const settledMs = Date.parse(payment.capturedAt) + 2 * 24 * 3_600_000;
      add(
        new Date(settledMs).toISOString(),
        'settled',
        settledMs <= nowMs ? 'Settled' : 'Settlement expected',
        null,
        settledMs > nowMs,
      );
    }
    if (payment.disputedAt)
      add(payment.disputedAt, 'dispute', 'Charge disputed', payment.disputeStatus ? label(payment.disputeStatus) : null);
  }
  add(
    booking.cancelledAt,
    'cancelled',
    'Booking cancelled',
    [booking.cancelledBy ? `by ${booking.cancelledBy}` : null, booking.cancellationReason].filter(Boolean).join(': ') || null,
  );
  const wasAuthorized = payment?.authorizedAt !== null && payment?.authorizedAt !== undefined;
  for (const r of parts.refunds) {
    const full = released && r.kind === 'release' && r.status === 'succeeded';
    if (full) {
      add(
        r.createdAt,
        'released',
        wasAuthorized ? 'Card authorization released' : 'Scheduled authorization cancelled',
        `${wasAuthorized ? `${formatCents(r.amountCents)} back to the student's card limit` : `Nothing of the ${formatCents(r.amountCents)} was held on the card`}; the card was never charged.${r.reason ? ` ${r.reason}` : ''}`,
      );
      continue;
    }
    add(
      r.createdAt,
      'refund',
      r.kind === 'release'
        ? `Release ${formatCents(r.amountCents)} of the card authorization (${label(r.status).toLowerCase()}; no money moved)`
        : `Refund ${formatCents(r.amountCents)} ${label(r.method).toLowerCase()} (${label(r.status).toLowerCase()})`,
      r.error ?? (r.reason || (r.policyRule ? label(r.policyRule) : null)),
    );
  }
  if (released && !parts.refunds.some((r) => r.kind === 'release' && r.status === 'succeeded') && booking.cancelledAt)
    add(
      booking.cancelledAt,
      'released',
      wasAuthorized ? 'Card authorization released' : 'Scheduled authorization cancelled',
      'The payment was cancelled with the booking; the card was never charged.',
    );
  for (const w of parts.webhooks) add(w.receivedAt, 'webhook', `Webhook ${w.source} ${w.type} (${w.status})`, w.error);
  for (const n of parts.notes) add(n.createdAt, 'note', `Note (${label(n.kind).toLowerCase()})`, n.body);
  for (const n of parts.notifications)
    add(
      n.createdAt,
      'notification',
      `${label(n.template)} by ${label(n.channel).toLowerCase()} (${label(n.status).toLowerCase()})`,
      n.subject,
    );
  for (const a of parts.audit) add(a.occurredAt, 'audit', `${auditActionLabel(a)} by ${a.actorEmail}`, a.reason || null);
  return events.sort((a, b) => a.at.localeCompare(b.at));
}

/** How long is left to send a dispute's evidence, in words that do not need a time zone. */
export function evidenceDue(msLeft: number): string {
  if (msLeft <= 0) return 'the evidence deadline has passed';
  const hours = Math.floor(msLeft / 3_600_000);
  if (hours < 48) return hours < 1 ? 'evidence due within the hour' : `evidence due in ${plural(hours, 'hour')}`;
  return `evidence due in ${Math.floor(hours / 24)} days`;
}

export function bookingSuggestions(
  parts: Pick<BookingDetail, 'booking' | 'payment' | 'refunds' | 'student'>,
  now: Date,
): SuggestedAction[] {
  const { booking, payment } = parts;
  const out: SuggestedAction[] = [];
  // A suspended, deactivated or erased student is not asked to pay for or find a lesson they cannot have.
  const studentCanBook = parts.student.status === 'active' && parts.student.erasedAt === null;
  const nowMs = now.getTime();
  const startMs = Date.parse(booking.lessonStart);
  if (payment?.disputedAt && disputeIsOpen(payment.disputeStatus)) {
    const due =
      payment.disputeEvidenceDueBy === null || !disputeAwaitsEvidence(payment.disputeStatus)
        ? null
        : Date.parse(payment.disputeEvidenceDueBy) - nowMs;
    out.push({
      label: `Respond to the dispute with the lesson record${due === null ? '' : `: ${evidenceDue(due)}`}`,
      why: `The card issuer opened a dispute (${payment.disputeStatus ? label(payment.disputeStatus).toLowerCase() : 'open'}); do not refund while it is open, or the money goes back twice.`,
    });
  }
  if (payment?.status === 'failed' && studentCanBook) {
    out.push({
      label: 'Ask the student to update their card, then resend the confirmation',
      why: 'The authorization failed; the lesson stays unpaid.',
    });
  }
  if (payment?.status === 'authorized' && payment.captureAt && Date.parse(payment.captureAt) < nowMs) {
    out.push({
      label: 'Escalate the stuck capture to on-call',
      why: 'The capture time has passed and the payment is still only authorized.',
    });
  }
  // A full release called off the payment while the booking stands: the lesson is unpaid, nothing is refundable.
  const released = payment?.status === 'cancelled' && booking.status !== 'cancelled';
  if (released) {
    out.push({
      label: 'Cancel the booking, or ask the student to pay for it again',
      why: 'The card authorization was released, so nothing will be captured and the lesson is unpaid; there is nothing left to refund.',
    });
  }
  if (booking.status === 'confirmed' && startMs > nowMs && !released && studentCanBook) {
    const hours = (startMs - nowMs) / 3_600_000;
    out.push({
      label: 'Resend the booking confirmation if the student cannot find it',
      why:
        hours < 24
          ? 'The lesson is within 24 hours; a cancellation now is only partly refundable.'
          : 'The lesson is upcoming; a cancellation now is fully refundable.',
    });
  }
  if (
    booking.status === 'completed' &&
    payment &&
    ['captured', 'partially_refunded'].includes(payment.status) &&
    !payment.disputedAt
  ) {
    out.push({
      label: 'Refunds of a completed lesson need an override reason',
      why: 'Only instructor no-show, platform error, duplicate or fraud justify refunding a lesson that happened.',
    });
  }
  if (booking.status === 'cancelled' && payment && payment.status === 'captured' && parts.refunds.length === 0) {
    out.push({
      label: 'Check the refund owed for this cancellation',
      why: 'The booking is cancelled but the payment is captured and nothing was refunded.',
    });
  }
  return out;
}
