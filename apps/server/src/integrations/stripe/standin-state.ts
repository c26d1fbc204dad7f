import type Stripe from 'stripe';
import type { Db } from '@ops/db';

export type RefundStatusName = 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';

/** A refund made through the stand-in (a `stripe_standin_refunds` row). */
export interface StandinRefund {
  id: string;
  intentId: string;
  amount: number;
  reason: string | null;
  status: RefundStatusName;
  failureReason: string | null;
  metadata: Record<string, string>;
  created: number;
}

/** What a capture or cancellation made of an intent, over what its payments row says. */
export interface IntentOverlay {
  status: Stripe.PaymentIntent.Status;
  amountReceived: number;
  cancellationReason?: Stripe.PaymentIntent.CancellationReason;
}

/** The outcome the next refunds get in place of `succeeded` (the `nextRefund` test hook). */
interface RefundOutcome {
  status: RefundStatusName;
  failureReason: string | null;
}

const selectStandinRefunds = (db: Db) =>
  db
    .selectFrom('stripe_standin_refunds')
    .select(['id', 'payment_intent', 'amount', 'status', 'reason', 'failure_reason', 'metadata', 'created']);
type StandinRefundRow = Awaited<ReturnType<ReturnType<typeof selectStandinRefunds>['executeTakeFirstOrThrow']>>;

const fromRow = (r: StandinRefundRow): StandinRefund => ({
  id: r.id,
  intentId: r.payment_intent,
  amount: r.amount,
  reason: r.reason,
  status: r.status,
  failureReason: r.failure_reason,
  metadata: typeof r.metadata === 'string' ? (JSON.parse(r.metadata) as Record<string, string>) : r.metadata,
  created: r.created,
});

/**
 * What the stand-in remembers beyond the payments rows: the refunds made through it, the captures and cancellations
 * laid over the rows' intents, the customers deleted through it, and the test hooks' queued refund outcomes.
 */
export class StandinState {
  /** Customers deleted through DELETE /v1/customers/:id (Stripe then answers retrieve with `deleted: true`). */
  readonly deletedCustomers = new Set<string>();
  readonly overlays = new Map<string, IntentOverlay>();
  /** Refunds created through this stand-in since it started (replays do not count). */
  refundsCreated = 0;
  private readonly outcomes: Array<RefundOutcome & { remaining: number }> = [];
  private writeChain: Promise<unknown> = Promise.resolve();

  /**
   * `refunds` is read once at start and written through on every change: the table is what survives a restart, the
   * map keeps reads (every charge and refund list) as cheap as Stripe's.
   */
  private constructor(
    readonly db: Db,
    private readonly refunds: Map<string, StandinRefund>,
  ) {}

  static async load(db: Db): Promise<StandinState> {
    const rows = await selectStandinRefunds(db).orderBy('created').orderBy('id').execute();
    return new StandinState(db, new Map(rows.map((r) => [r.id, fromRow(r)])));
  }

  /** Writes run one at a time so per-intent accounting cannot be raced by two keys at once. */
  serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writeChain.then(fn, fn);
    this.writeChain = run.catch(() => undefined);
    return run;
  }

  refund(id: string): StandinRefund | undefined {
    return this.refunds.get(id);
  }

  /** The refunds made here for one payment intent, oldest first. */
  refundsOf(intentId: string): StandinRefund[] {
    return [...this.refunds.values()].filter((r) => r.intentId === intentId);
  }

  /** The refunds made here, newest first. */
  newestRefunds(limit: number): StandinRefund[] {
    return [...this.refunds.values()].sort((a, b) => b.created - a.created || b.id.localeCompare(a.id)).slice(0, limit);
  }

  async addRefund(refund: StandinRefund): Promise<void> {
    await this.db
      .insertInto('stripe_standin_refunds')
      .values({
        id: refund.id,
        payment_intent: refund.intentId,
        amount: refund.amount,
        status: refund.status,
        reason: refund.reason,
        failure_reason: refund.failureReason,
        metadata: JSON.stringify(refund.metadata),
        created: refund.created,
      })
      .execute();
    this.refunds.set(refund.id, refund);
  }

  async moveRefund(moved: StandinRefund): Promise<void> {
    await this.db
      .updateTable('stripe_standin_refunds')
      .set({ status: moved.status, failure_reason: moved.failureReason })
      .where('id', '=', moved.id)
      .execute();
    this.refunds.set(moved.id, moved);
  }

  queueRefundOutcome(status: RefundStatusName, failureReason: string | null, count: number): void {
    this.outcomes.push({ status, failureReason, remaining: count });
  }

  /** The queued outcome for the refund being made now, if any. */
  takeRefundOutcome(): RefundOutcome | undefined {
    return takeCounted(this.outcomes);
  }
}

/** The head of a queue of entries each good for `remaining` uses, using one up. */
export function takeCounted<T extends { remaining: number }>(queue: T[]): T | undefined {
  const head = queue[0];
  if (!head) return undefined;
  head.remaining -= 1;
  if (head.remaining <= 0) queue.shift();
  return head;
}
