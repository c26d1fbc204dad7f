import { z } from 'zod';
import { uuid } from './common.js';

export const COMMISSION_TIERS = ['standard', 'preferred', 'founding'] as const;

export const instructorIdInputSchema = z.object({ userId: uuid });
export const instructorSuspendInputSchema = instructorIdInputSchema;
export const instructorUnsuspendInputSchema = instructorIdInputSchema;
export const verificationOverrideInputSchema = z.object({
  userId: uuid,
  /** true: bypass the background check; false: remove the bypass. */
  enabled: z.boolean({ message: 'enabled must be true or false' }),
});
export const commissionTierInputSchema = z.object({
  userId: uuid,
  tier: z.enum(COMMISSION_TIERS, { message: `tier must be one of ${COMMISSION_TIERS.join(', ')}` }),
});
export const payoutHoldInputSchema = z.object({
  userId: uuid,
  /** true: hold pending payouts; false: release held ones. */
  hold: z.boolean({ message: 'hold must be true or false' }),
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
  /** Still pending after the day it was scheduled for. */
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
