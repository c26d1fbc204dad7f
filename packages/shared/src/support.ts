import { z } from 'zod';
import { bookingIdSchema, CURSOR_DESCRIPTION, isUuid, reasonSchema, userIdSchema, type SourceStatus } from './common.js';
import type { FraudSignal } from './fraud.js';

/**
 * Where a page of name matches ended: (tier, key, key, key, id), opaque to the web. The keys are the tier's own
 * order: (name length, name, other name) for exact and prefix matches, (distance, first, last) for similar names.
 */
export type NameCursor = [number, number, string, string, string];

function base64UrlToText(raw: string): string {
  const b64 = raw.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function encodeSearchCursor(c: NameCursor): string {
  const bytes = new TextEncoder().encode(JSON.stringify(c));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The cursor, or null when the text is not one this server wrote. */
export function decodeSearchCursor(raw: string): NameCursor | null {
  let value: unknown;
  try {
    value = JSON.parse(base64UrlToText(raw));
  } catch {
    return null;
  }
  const ok =
    Array.isArray(value) &&
    value.length === 5 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'number' &&
    typeof value[2] === 'string' &&
    typeof value[3] === 'string' &&
    typeof value[4] === 'string' &&
    isUuid(value[4]);
  return ok ? (value as NameCursor) : null;
}

/** Support cockpit: the one-box lookup, the user 360, the booking timeline, notes, resends, the cross-source trail. */

export const supportSearchInputSchema = z.object({
  q: z
    .string({ message: 'q: type an email, phone, user id, booking id or name' })
    .trim()
    .min(2, { message: 'Type at least 2 characters' })
    .max(200, { message: 'Search text must be at most 200 characters' })
    .describe(
      'What to look for (at least 2 characters): an email, phone, user id, booking id, 8-character short booking id, Stripe id (cus_, acct_, pi_, ch_, re_, tr_) or a name.',
    ),
  /** "Show more": the `nextCursor` of the previous page (name matches page by relevance, keyset). */
  cursor: z
    .string()
    .max(400, { message: 'cursor: not a search cursor' })
    .refine((c) => decodeSearchCursor(c) !== null, { message: 'cursor: not a search cursor' })
    .optional()
    .describe(CURSOR_DESCRIPTION),
});
export type SupportSearchInput = z.infer<typeof supportSearchInputSchema>;

export type SearchMatchedOn = 'user_id' | 'booking_id' | 'email' | 'phone' | 'short_id' | 'stripe_id' | 'name';

export interface SearchResult {
  /** `user` opens the user 360; `booking` opens the booking page. */
  kind: 'user' | 'booking';
  /** The person (for a booking: its student). */
  userId: string;
  bookingId: string | null;
  shortId: string | null;
  role: 'student' | 'instructor';
  /** The person's account status (for a booking: its student's). */
  status: string;
  /** For a booking: the booking's own status (confirmed, cancelled…); null for a person. */
  bookingStatus: string | null;
  displayName: string;
  maskedEmail: string;
  maskedPhone: string | null;
  matchedOn: SearchMatchedOn;
  /** Exact id, email, phone or short id (ranked first); false for prefixes and names. */
  exact: boolean;
  /** What tells two "Samuel M." apart: an instructor's city, when they joined, their latest lesson. */
  city: string | null;
  joinedAt: string;
  lastBookingAt: string | null;
}

export interface SearchResponse {
  q: string;
  /** What the text was read as, e.g. ["email"] or ["short_id", "name"]. */
  readAs: SearchMatchedOn[];
  results: SearchResult[];
  /** Every match, not just this page; when `totalCapped`, at least this many (the count stopped there). */
  total: number;
  /** The count stopped at its cap: show "1,000+", not an exact figure. */
  totalCapped: boolean;
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export const userIdInputSchema = z.object({ userId: userIdSchema });
export const bookingIdInputSchema = z.object({ bookingId: bookingIdSchema });

export const revealPiiInputSchema = z.object({ userId: userIdSchema, reason: reasonSchema });
export type RevealPiiInput = z.infer<typeof revealPiiInputSchema>;
export interface RevealedPii {
  userId: string;
  email: string;
  phone: string | null;
  firstName: string;
  lastName: string;
  auditId: number;
}

export const NOTE_KINDS = ['support_interaction', 'dispute', 'fraud_flag', 'internal', 'escalation'] as const;
export type NoteKindName = (typeof NOTE_KINDS)[number];
export const NOTE_KIND_LABELS: Record<NoteKindName, string> = {
  support_interaction: 'Support interaction',
  dispute: 'Dispute',
  fraud_flag: 'Fraud flag',
  internal: 'Internal',
  escalation: 'Escalation',
};

export const addNoteInputSchema = z.object({
  userId: userIdSchema.describe(
    "The person the note is about (their user id, a uuid). Required for a note on a booking too: that booking's student or instructor.",
  ),
  bookingId: bookingIdSchema
    .nullish()
    .describe("The booking the note is about (its id, a uuid), one of the person's own; omit it for a note on the person."),
  kind: z
    .enum(NOTE_KINDS, { message: `kind must be one of ${NOTE_KINDS.join(', ')}` })
    .describe(
      'What the note records: support_interaction (a contact with the person), dispute, fraud_flag, internal or escalation.',
    ),
  body: z
    .string({ message: 'Note is required' })
    .trim()
    .min(3, { message: 'Note must be at least 3 characters' })
    .max(4_000, { message: 'Note must be at most 4,000 characters' })
    .describe("The note as staff will read it (3 to 4,000 characters); its first 200 characters are the audit row's reason."),
});
export type AddNoteInput = z.infer<typeof addNoteInputSchema>;

export const RESEND_TEMPLATES = ['booking_confirmation', 'lesson_reminder', 'lesson_completed'] as const;
export type ResendTemplate = (typeof RESEND_TEMPLATES)[number];
export const RESEND_TEMPLATE_LABELS: Record<ResendTemplate, string> = {
  booking_confirmation: 'Booking confirmation',
  lesson_reminder: 'Lesson reminder',
  lesson_completed: 'Lesson completed',
};
/**
 * The booking states each message is true of, and what it would tell the student otherwise: a confirmation or a
 * reminder of a lesson that will not happen (or is over), or thanks for a lesson that did not take place, is false.
 */
const RESEND_TEMPLATE_FITS: Record<ResendTemplate, { statuses: readonly string[]; says: string }> = {
  booking_confirmation: { statuses: ['confirmed'], says: 'says the lesson is confirmed' },
  lesson_reminder: { statuses: ['confirmed'], says: 'says the lesson is coming up' },
  lesson_completed: { statuses: ['completed'], says: 'thanks the student for a lesson that took place' },
};

/** Whether the message fits a booking in this state; the refusal names the field, as the server refuses it. */
export function resendTemplateRefusal(template: ResendTemplate, bookingStatus: string): string | null {
  const fits = RESEND_TEMPLATE_FITS[template];
  if (fits.statuses.includes(bookingStatus)) return null;
  return `template: the booking is ${bookingStatus.replace('_', '-')}, and "${RESEND_TEMPLATE_LABELS[template]}" ${fits.says}; it is sent only for a ${fits.statuses.join(' or ')} booking.`;
}

/** The messages that fit a booking in this state (none for a cancelled booking or a no-show). */
export function resendTemplatesFor(bookingStatus: string): ResendTemplate[] {
  return RESEND_TEMPLATES.filter((t) => resendTemplateRefusal(t, bookingStatus) === null);
}

export const resendNotificationInputSchema = z.object({
  bookingId: bookingIdSchema,
  template: z
    .enum(RESEND_TEMPLATES, { message: `template must be one of ${RESEND_TEMPLATES.join(', ')}` })
    .describe(
      "Which message to send the booking's student again: booking_confirmation or lesson_reminder (a confirmed booking only), lesson_completed (a completed booking only).",
    ),
});
export type ResendNotificationInput = z.infer<typeof resendNotificationInputSchema>;

export const trailInputSchema = z.union(
  [z.object({ userId: userIdSchema }).strict(), z.object({ bookingId: bookingIdSchema }).strict()],
  {
    message: 'Give either userId or bookingId',
  },
);
export type TrailInput = z.infer<typeof trailInputSchema>;

// ---- outputs ----

export interface AccountFlag {
  code:
    | 'unverified_email'
    | 'failed_payment'
    | 'suspended'
    | 'deactivated'
    | 'payout_hold'
    | 'dispute'
    | 'background_check'
    | 'fraud';
  label: string;
  severity: 'info' | 'warning' | 'danger';
}

export interface SuggestedAction {
  label: string;
  /** Why the agent is told this. */
  why: string;
}

export interface SupportBookingRow {
  id: string;
  shortId: string;
  status: string;
  /** The other party's masked name. */
  counterpartName: string;
  serviceId: string;
  /** The catalogue's name of the service ("SAT prep"), as students see it. */
  serviceName: string;
  lessonStart: string;
  priceCents: number;
  paymentStatus: string | null;
  amountCents: number | null;
  amountRefundedCents: number | null;
  disputed: boolean;
  createdAt: string;
}

export interface SupportRefundRow {
  id: string;
  bookingId: string;
  shortId: string;
  amountCents: number;
  method: string;
  status: string;
  policyRule: string;
  overrideCode: string | null;
  reason: string;
  createdAt: string;
  /** `release`: an authorization cancelled before it was charged (no money moved) — not a refund. */
  kind: 'refund' | 'release';
  /** Who asked: `student_request`, `staff`, `cascade` (a staff action's follow-up) or `stripe` (made in Stripe). */
  origin: string;
  /** Why a refund failed or still waits at Stripe, when it did. */
  error: string | null;
}

export interface SupportNoteRow {
  id: string;
  bookingId: string | null;
  shortId: string | null;
  kind: NoteKindName;
  body: string;
  authorEmail: string | null;
  createdAt: string;
}

export interface SupportNotificationRow {
  id: string;
  bookingId: string | null;
  channel: string;
  template: string;
  subject: string;
  status: string;
  createdByStaff: boolean;
  createdAt: string;
  sentAt: string | null;
}

export interface SupportAuditRow {
  id: number;
  occurredAt: string;
  actorEmail: string;
  action: string;
  resourceType: string;
  resourceId: string;
  reason: string;
  /** What the action's recorded refund was, when it recorded one: a release moved no money (see auditActionLabel). */
  refundKind: 'refund' | 'release' | null;
}

export interface SupportLedgerRow {
  id: string;
  amountCents: number;
  kind: string;
  reason: string;
  bookingId: string | null;
  createdAt: string;
}

export interface SupportPayoutRow {
  id: string;
  bookingId: string | null;
  amountCents: number;
  status: string;
  scheduledFor: string;
  paidAt: string | null;
  holdReason: string | null;
  /**
   * Still pending once the business day it was scheduled for has passed (in the business time zone): the instructor
   * is waiting for money that should have gone.
   */
  overdue: boolean;
}

/** An action requested on a record and waiting for a second admin's decision. */
export interface PendingApprovalRow {
  id: string;
  action: string;
  summary: string;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
}

export interface User360 {
  profile: {
    id: string;
    role: 'student' | 'instructor';
    status: string;
    displayName: string;
    maskedEmail: string;
    maskedPhone: string | null;
    verified: boolean;
    createdAt: string;
    suspendedAt: string | null;
    suspensionReason: string | null;
    /** When the person was erased: their record is a tombstone, and no action may be taken on them any more. */
    erasedAt: string | null;
    hasStripeCustomer: boolean;
    instructor: {
      backgroundCheckStatus: string;
      commissionTier: string;
      payoutHold: boolean;
      payoutHoldReason: string | null;
      verificationOverride: boolean;
      city: string;
    } | null;
  };
  stats: {
    /** Every booking, in exactly one of the states below: they add up to it. */
    bookingsTotal: number;
    completed: number;
    cancelled: number;
    noShows: number;
    upcoming: number;
    /** Pending or confirmed bookings whose lesson time has passed: not marked completed or no-show yet. */
    notMarked: number;
    failedPayments: number;
    disputes: number;
    completedValueCents: number;
    refundedCents: number;
  };
  flags: AccountFlag[];
  fraudSignals: FraudSignal[];
  suggestedActions: SuggestedAction[];
  warnings: string[];
  bookings: SupportBookingRow[];
  /** Actions on this person or their bookings waiting for a second admin: asked for, not done yet. */
  pendingApprovals: PendingApprovalRow[];
  refunds: SupportRefundRow[];
  creditBalanceCents: number;
  ledger: SupportLedgerRow[];
  payouts: SupportPayoutRow[];
  notes: SupportNoteRow[];
  notifications: SupportNotificationRow[];
  audit: SupportAuditRow[];
  /** How many rows each list shows at most (the page says "latest N"). */
  listLimit: number;
}

export interface TimelineEvent {
  at: string;
  kind:
    | 'created'
    | 'confirmed'
    | 'authorize_scheduled'
    | 'authorized'
    | 'lesson'
    | 'capture_scheduled'
    | 'captured'
    | 'settled'
    | 'failed'
    | 'refund'
    /** The card authorization was released (or the scheduled one called off): no money will be taken. */
    | 'released'
    | 'cancelled'
    | 'completed'
    | 'dispute'
    | 'webhook'
    | 'note'
    | 'audit'
    | 'notification';
  label: string;
  detail: string | null;
  /** Scheduled steps that have not happened yet. */
  scheduled: boolean;
}

export interface BookingDetail {
  booking: {
    id: string;
    shortId: string;
    status: string;
    serviceId: string;
    serviceName: string;
    lessonStart: string;
    durationMinutes: number;
    priceCents: number;
    platformFeeCents: number;
    instructorPayoutCents: number;
    creditsAppliedCents: number;
    createdAt: string;
    confirmedAt: string | null;
    completedAt: string | null;
    cancelledAt: string | null;
    cancelledBy: string | null;
    cancellationReason: string | null;
  };
  /** `erasedAt`: the student was erased; nothing may be sent to them or noted of them any more. */
  student: { id: string; displayName: string; maskedEmail: string; status: string; erasedAt: string | null };
  instructor: { id: string; displayName: string; status: string };
  payment: {
    id: string;
    status: string;
    amountCents: number;
    amountRefundedCents: number;
    authorizeAt: string | null;
    captureAt: string | null;
    authorizedAt: string | null;
    capturedAt: string | null;
    failedAt: string | null;
    failureCode: string | null;
    failureMessage: string | null;
    cardBrand: string | null;
    cardLast4: string | null;
    disputedAt: string | null;
    disputeStatus: string | null;
    /** Stripe's deadline for the dispute's evidence; past it the dispute is lost by default. */
    disputeEvidenceDueBy: string | null;
  } | null;
  refunds: SupportRefundRow[];
  /** Actions on this booking waiting for a second admin (a refund over the requester's limit): not done yet. */
  pendingApprovals: PendingApprovalRow[];
  notes: SupportNoteRow[];
  notifications: SupportNotificationRow[];
  webhooks: Array<{ id: string; source: string; type: string; status: string; receivedAt: string; error: string | null }>;
  audit: SupportAuditRow[];
  timeline: TimelineEvent[];
  suggestedActions: SuggestedAction[];
}

export type TrailSource = 'postgres' | 'stripe' | 'sentry' | 'axiom';

export interface TrailEntry {
  at: string;
  source: TrailSource;
  kind: string;
  label: string;
  detail: string | null;
  /** A link within the console (booking page) or to the vendor (Sentry permalink); null when none. */
  href: string | null;
}

export interface TrailResponse {
  entries: TrailEntry[];
  sources: SourceStatus[];
  /** The window each source was asked about. */
  from: string;
  to: string;
}

export interface StripePanel {
  status: SourceStatus;
  customerId: string | null;
  paymentMethods: Array<{
    id: string;
    type: string;
    brand: string | null;
    last4: string | null;
    expMonth: number | null;
    expYear: number | null;
  }>;
  charges: Array<{
    id: string;
    status: string;
    amountCents: number;
    /** What was captured (Stripe's `amount_captured`): less than `amountCents` after a partial release. */
    amountCapturedCents: number;
    amountRefundedCents: number;
    captured: boolean;
    disputed: boolean;
    paymentIntentId: string | null;
    card: string | null;
    failureCode: string | null;
    createdAt: string;
    /** The console's booking this charge paid for, when the payment row or the intent's metadata names it. */
    booking: { id: string; shortId: string } | null;
  }>;
  /** Why the panel is empty or partial, in words. */
  message: string | null;
}

/** An instructor's Stripe Connect account, as the payout panel shows it. */
export interface PayoutAccountSummary {
  id: string;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
  /**
   * `requirements.currently_due` plus `past_due`: what Stripe still needs before it pays out, in its own field names
   * (`individual.verification.document`, …).
   */
  requirementsDue: string[];
  disabledReason: string | null;
}

/** One Stripe payout to an instructor's bank, as the payout panel shows it. */
export interface PayoutSummary {
  id: string;
  amountCents: number;
  currency: string;
  /** paid | pending | in_transit | canceled | failed */
  status: string;
  arrivalDate: string;
  failureCode: string | null;
}

/** An instructor's Stripe Connect account, balance and recent payouts, read live (support.payoutAccount). */
export interface PayoutAccountPanel {
  status: SourceStatus;
  accountId: string | null;
  account: PayoutAccountSummary | null;
  /** Cents in USD (other currencies are listed apart by Stripe; the marketplace pays out in USD). */
  balance: { availableCents: number; pendingCents: number; currency: string } | null;
  payouts: PayoutSummary[];
  /** Why the panel is empty or partial, in words. */
  message: string | null;
}
