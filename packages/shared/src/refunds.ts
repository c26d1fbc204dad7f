import { z } from 'zod';
import { bookingIdSchema, centsSchema } from './common.js';
import { formatCents } from './money.js';

/**
 * The refund policy (DESIGN.md, issue "Money and account actions"): a pure function of the lesson time, the clock
 * and what is left to refund, unit-tested at its boundaries without a database.
 */
export const OVERRIDE_CODES = ['DUPLICATE', 'INSTRUCTOR_NO_SHOW', 'PLATFORM_ERROR', 'FRAUD'] as const;
export type OverrideCode = (typeof OVERRIDE_CODES)[number];

export const OVERRIDE_LABELS: Record<OverrideCode, string> = {
  DUPLICATE: 'Duplicate charge',
  INSTRUCTOR_NO_SHOW: 'Instructor did not show',
  PLATFORM_ERROR: 'Platform error',
  FRAUD: 'Fraud',
};

export type RefundRule = 'card_24h_plus' | 'credit_12_to_24h' | 'split_under_12h' | 'override' | 'instructor_suspended';
export type RefundMethodName = 'card' | 'credit';

const HOUR_MS = 3_600_000;
/** At or beyond this many hours before the lesson the student gets the card refund. */
export const FULL_CARD_REFUND_HOURS = 24;
/** At or beyond this many hours (and under 24) the refund is all credit; under it, half goes to the instructor. */
export const CREDIT_REFUND_HOURS = 12;

export interface RefundDecision {
  rule: RefundRule;
  method: RefundMethodName;
  /** What goes back to the student (card or credit). */
  studentCents: number;
  /** What the instructor is paid out of the refunded amount (the late-cancellation share). */
  instructorCents: number;
  /** One sentence a person reads in the preview: which rule applied and why. */
  explanation: string;
}

export interface RefundPolicyInput {
  lessonStart: Date;
  now: Date;
  /** The part of the booking's payment this refund covers (already bounded by what is left). */
  amountCents: number;
  overrideCode?: OverrideCode | null | undefined;
  /**
   * The lesson is cancelled because the platform suspended its instructor: the student is not at fault, so the timing
   * rules (which price a student's late cancellation) do not apply.
   */
  instructorSuspended?: boolean;
}

export function hoursBeforeLesson(lessonStart: Date, now: Date): number {
  return (lessonStart.getTime() - now.getTime()) / HOUR_MS;
}

/** Every rule but the late split: the whole amount goes back to the student, nothing to the instructor. */
function wholeToStudent(rule: RefundRule, method: RefundMethodName, amount: number, explanation: string): RefundDecision {
  return { rule, method, studentCents: amount, instructorCents: 0, explanation };
}

/** Which rule applies and how the amount splits between the student and the instructor. */
export function decideRefund(input: RefundPolicyInput): RefundDecision {
  const amount = input.amountCents;
  if (!Number.isSafeInteger(amount) || amount <= 0)
    throw new RangeError(`amountCents must be a positive whole number, got ${amount}`);
  if (input.overrideCode)
    return wholeToStudent(
      'override',
      'card',
      amount,
      `Override ${input.overrideCode} (${OVERRIDE_LABELS[input.overrideCode]}): 100 % back to the card, none of it to the instructor, whatever the timing.`,
    );
  if (input.instructorSuspended)
    return wholeToStudent(
      'instructor_suspended',
      'card',
      amount,
      'The instructor was suspended: 100 % back to the card, none of it to the instructor, whatever the timing.',
    );
  const msBefore = input.lessonStart.getTime() - input.now.getTime();
  if (msBefore >= FULL_CARD_REFUND_HOURS * HOUR_MS)
    return wholeToStudent(
      'card_24h_plus',
      'card',
      amount,
      '24 hours or more before the lesson: 100 % back to the card, none of it to the instructor.',
    );
  if (msBefore >= CREDIT_REFUND_HOURS * HOUR_MS)
    return wholeToStudent(
      'credit_12_to_24h',
      'credit',
      amount,
      'Between 12 and 24 hours before the lesson: 100 % as account credit, none of it to the instructor.',
    );
  // The odd cent goes to the student.
  const student = Math.ceil(amount / 2);
  return {
    rule: 'split_under_12h',
    method: 'credit',
    studentCents: student,
    instructorCents: amount - student,
    explanation: `Less than 12 hours before the lesson: 50 % as credit (${formatCents(student)}), 50 % paid to the instructor (${formatCents(amount - student)}).`,
  };
}

export const overrideCodeSchema = z.enum(OVERRIDE_CODES, {
  message: `overrideCode must be one of ${OVERRIDE_CODES.join(', ')}`,
});

export const refundCreateInputSchema = z.object({
  bookingId: bookingIdSchema,
  /** Omitted: everything left to refund. */
  amountCents: centsSchema
    .positive({ message: 'Amount must be more than $0.00' })
    .max(10_000_000, { message: 'Amount must be at most $100,000.00' })
    .optional()
    .describe(
      "How much of the booking's payment to refund, in integer cents (4500 is $45.00), more than 0; omit it to refund all that is left. The policy decides by the lesson's time whether it goes to the card, to credit or half to the instructor.",
    ),
  overrideCode: overrideCodeSchema
    .optional()
    .describe(
      'Only to go beyond the policy: the whole amount back to the card, none to the instructor, whatever the timing (needed once the lesson has taken place). It says why: DUPLICATE (charged twice), INSTRUCTOR_NO_SHOW, PLATFORM_ERROR or FRAUD.',
    ),
});
export type RefundCreateInput = z.infer<typeof refundCreateInputSchema>;

export interface RefundRow {
  id: string;
  bookingId: string;
  amountCents: number;
  instructorCents: number;
  method: RefundMethodName;
  policyRule: string;
  overrideCode: string | null;
  status: 'pending' | 'succeeded' | 'failed';
  stripeRefundId: string | null;
  error: string | null;
  createdAt: string;
  settledAt: string | null;
}
