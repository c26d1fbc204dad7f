/**
 * The payments pipeline (feature word `payments`): what the command center counts, listed with a link to each
 * booking — overdue authorisations and captures, recent failures, refunds still pending at Stripe, and the refunds
 * that need a person.
 */
import type { RefundAttention } from './health.js';

export interface OverduePaymentRow {
  paymentId: string;
  bookingId: string;
  shortId: string;
  kind: 'authorize' | 'capture';
  dueAt: string;
  amountCents: number;
  paymentIntentId: string;
}

export interface FailedPaymentRow {
  paymentId: string;
  bookingId: string;
  shortId: string;
  failedAt: string;
  amountCents: number;
  failureCode: string | null;
  failureMessage: string | null;
  paymentIntentId: string;
}

export interface PendingRefundRow {
  refundId: string;
  bookingId: string;
  shortId: string;
  createdAt: string;
  amountCents: number;
  method: string;
  /** `release`: an authorization let go before it was charged (Stripe cancels or captures less; no money moves). */
  kind: 'refund' | 'release';
  stripeRefundId: string | null;
  error: string | null;
}

export interface PaymentsPipeline {
  /** A scheduled step counts as overdue this long after its time. */
  graceMinutes: number;
  overdue: OverduePaymentRow[];
  failures: FailedPaymentRow[];
  pendingRefunds: PendingRefundRow[];
  /**
   * Refunds that need a person, by the command center's rule: how many are stuck pending at Stripe and how many failed
   * and were not redone since, and the first of each (at most 10 of a kind).
   */
  refundsNeedingAttention: { stuck: number; failed: number; items: RefundAttention[] };
  /** Each list shows at most this many rows (oldest overdue first, newest failures first). */
  limit: number;
}

/** Dispute statuses after which there is nothing more to answer (Stripe's): won, lost, or an inquiry closed. */
export const CLOSED_DISPUTE_STATUSES = ['won', 'lost', 'warning_closed'] as const;

/** Whether a disputed charge is still being fought; a dispute whose status is not known yet counts as open. */
export function disputeIsOpen(status: string | null): boolean {
  return !CLOSED_DISPUTE_STATUSES.some((closed) => closed === status);
}

/** Whether Stripe still waits for evidence (the dispute needs a response): only then does its deadline matter. */
export function disputeAwaitsEvidence(status: string | null): boolean {
  return status === null || status === 'needs_response' || status === 'warning_needs_response';
}
