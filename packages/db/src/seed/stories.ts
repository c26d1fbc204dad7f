/**
 * Identifiers of the planted stories (DESIGN.md "Data"), the same in every data set so tests, e2e and demos can
 * find them. The rows themselves are built relative to "now" by plant-stories.ts.
 */

const storyId = (n: number): string => `00005eed-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export const SARAH = {
  userId: storyId(0x101),
  email: 'sarah.chen@example.com',
  firstName: 'Sarah',
  lastName: 'Chen',
  phone: '+1 (212) 555-0142',
  phoneNormalized: '12125550142',
  stripeCustomerId: 'cus_SarahChen0142Sample',
  bookingCount: 8,
  /** A past lesson whose charge is disputed (needs_response). */
  disputedBookingId: storyId(0x111),
  disputedShortId: 'SCD1SPTE',
  disputedPaymentId: storyId(0x121),
  disputeWebhookEventId: 'evt_SarahChenDisputeCreated01',
  /** A past lesson refunded to card. */
  refundedBookingId: storyId(0x112),
  refundedShortId: 'SCREFND2',
  refundId: storyId(0x131),
  stripeRefundId: 're_SarahChenRefund0000000001',
  /** Confirmed, 6–10 hours from now: a refund now falls under the < 12 h 50/50 rule. */
  soonBookingId: storyId(0x113),
  soonShortId: 'SCS00N3H',
  /** Confirmed, 3+ days out, priced at least $600: a full refund needs a second admin's approval. */
  bigBookingId: storyId(0x114),
  bigShortId: 'SCB1G4XP',
  bigBookingPriceCents: 64_000,
} as const;

export const FRAUD_STUDENT = {
  userId: storyId(0x201),
  email: 'fraud.signal@example.com',
  firstName: 'Tyler',
  lastName: 'Voss',
  bookingCount: 8,
  refundCount: 4,
  refundedTotalCents: 66_000,
  bookingIds: Array.from({ length: 8 }, (_, i) => storyId(0x210 + i)),
  refundIds: Array.from({ length: 4 }, (_, i) => storyId(0x230 + i)),
} as const;

export const MARCUS = {
  userId: storyId(0x301),
  email: 'marcus.reid@example.com',
  firstName: 'Marcus',
  lastName: 'Reid',
  instructorServiceId: storyId(0x302),
  upcomingBookingIds: Array.from({ length: 5 }, (_, i) => storyId(0x310 + i)),
  upcomingShortIds: ['MR1NXT0A', 'MR2NXT0B', 'MR3NXT0C', 'MR4NXT0D', 'MR5NXT0E'],
  /** The five students (one per upcoming booking). */
  studentIds: Array.from({ length: 5 }, (_, i) => storyId(0x320 + i)),
  pendingPayoutIds: Array.from({ length: 3 }, (_, i) => storyId(0x330 + i)),
} as const;

/** Other story instructors: Elena teaches Sarah; David has his payouts on hold. */
export const ELENA = {
  userId: storyId(0x401),
  email: 'elena.petrova@example.com',
  instructorServiceId: storyId(0x402),
  satServiceId: storyId(0x403),
} as const;
export const PAYOUT_HOLD_INSTRUCTOR = {
  userId: storyId(0x501),
  email: 'david.okafor@example.com',
  instructorServiceId: storyId(0x502),
} as const;

export const FAILED_WEBHOOKS = {
  count: 12,
  webhookIds: Array.from({ length: 12 }, (_, i) => storyId(0x601 + i)),
  eventIds: Array.from({ length: 12 }, (_, i) => `evt_FailedStory${String(i + 1).padStart(2, '0')}Sample0000`),
} as const;

export const SUSPENDED_STUDENT = { userId: storyId(0x701), email: 'blake.turner@example.com' } as const;
export const UNVERIFIED_STUDENTS = {
  userIds: [storyId(0x711), storyId(0x712), storyId(0x713)],
  emails: ['new.learner1@example.com', 'new.learner2@example.com', 'new.learner3@example.com'],
} as const;

/** A payment whose authorization failed within the last hours (card declined). */
export const FAILED_PAYMENT = { bookingId: storyId(0x721), paymentId: storyId(0x722), shortId: 'FA1DPAY0' } as const;

/** Payments still 'authorized' although their capture_at has passed (the command center's stuck payments). */
export const STUCK_PAYMENTS = {
  bookingIds: [storyId(0x731), storyId(0x732)],
  paymentIds: [storyId(0x733), storyId(0x734)],
  shortIds: ['STCK01AP', 'STCK02BQ'],
} as const;

/** Last week (7–13 days before now) booking_started → booking_confirmed converts at ~45 % instead of ~70 %. */
export const FUNNEL_DIP = {
  fromStage: 'booking_started',
  toStage: 'booking_confirmed',
  daysAgoFrom: 13,
  daysAgoTo: 7,
  normalRate: 0.7,
  dipRate: 0.45,
} as const;

/** One day about 12 days ago has about three times the normal completed-booking GMV. */
export const REVENUE_SPIKE = { daysAgo: 12, factor: 3 } as const;

/** Searches that find no instructor: the queries students try in each category (the search-demand page's story). */
export const ZERO_RESULT_SEARCHES = {
  music: ['harp', 'bagpipes', 'theremin'],
  languages: ['cantonese', 'icelandic', 'sign language'],
  academics: ['organic chemistry', 'latin'],
  'test-prep': ['lsat', 'mcat'],
  sports: ['lacrosse', 'fencing'],
  arts: ['pottery wheel', 'calligraphy'],
  tech: ['rust programming', 'unreal engine'],
} as const;
