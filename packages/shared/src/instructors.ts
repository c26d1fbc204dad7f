import { z } from 'zod';
import { userIdSchema } from './common.js';
import { COMMISSION_BPS } from './money.js';

export const COMMISSION_TIERS = ['standard', 'preferred', 'founding'] as const;

/** An instructor by their user id. */
const instructorIdSchema = userIdSchema.describe(
  "The instructor's user id (a uuid), as a search by email, phone or name returns it.",
);
export const instructorIdInputSchema = z.object({ userId: instructorIdSchema });
export const instructorSuspendInputSchema = instructorIdInputSchema;
export const instructorUnsuspendInputSchema = instructorIdInputSchema;
export const verificationOverrideInputSchema = z.object({
  userId: instructorIdSchema,
  /** true: bypass the background check; false: remove the bypass. */
  enabled: z
    .boolean({ message: 'enabled must be true or false' })
    .describe('true treats the instructor as verified whatever their background check says; false stops doing so.'),
});
export const commissionTierInputSchema = z.object({
  userId: instructorIdSchema,
  tier: z
    .enum(COMMISSION_TIERS, { message: `tier must be one of ${COMMISSION_TIERS.join(', ')}` })
    .describe(
      `The commission tier to set, the platform's share of the lesson price: ${COMMISSION_TIERS.map((t) => `${t} ${COMMISSION_BPS[t] / 100} %`).join(', ')}.`,
    ),
});
export const payoutHoldInputSchema = z.object({
  userId: instructorIdSchema,
  /** true: hold pending payouts; false: release held ones. */
  hold: z
    .boolean({ message: 'hold must be true or false' })
    .describe("true holds the instructor's pending payouts and future ones until released; false releases the held ones."),
});
export type VerificationOverrideInput = z.infer<typeof verificationOverrideInputSchema>;
export type CommissionTierInput = z.infer<typeof commissionTierInputSchema>;
export type PayoutHoldInput = z.infer<typeof payoutHoldInputSchema>;

export interface InstructorBookingRow {
  id: string;
  shortId: string;
  status: string;
  lessonStart: string;
  priceCents: number;
  studentName: string;
}
export interface InstructorPayoutRow {
  id: string;
  bookingId: string | null;
  amountCents: number;
  status: string;
  scheduledFor: string;
  holdReason: string | null;
  /** Still pending once the business day it was scheduled for has passed (in the business time zone). */
  overdue: boolean;
}
export interface InstructorDetail {
  id: string;
  displayName: string;
  maskedEmail: string;
  status: 'active' | 'suspended' | 'deactivated';
  suspendedAt: string | null;
  suspensionReason: string | null;
  backgroundCheckStatus: string;
  verificationOverride: boolean;
  verificationOverrideReason: string | null;
  commissionTier: (typeof COMMISSION_TIERS)[number];
  payoutHold: boolean;
  payoutHoldReason: string | null;
  upcomingBookings: InstructorBookingRow[];
  recentBookings: InstructorBookingRow[];
  payouts: InstructorPayoutRow[];
  pendingPayoutCents: number;
  heldPayoutCents: number;
}
