import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { QUIET_HEALTH_READINGS, type HealthSnapshot } from '@ops/shared';
import type { StripeStandin } from '../../integrations/stripe/standin.js';
import { createHarness, plugStripeStandin, type TestHarness } from '../../testing.js';
import { paymentsPipeline } from '../payments/pipeline.js';
import { settleRefund } from '../refunds/settle.js';
import { assessOverall } from './assess.js';
import { paymentsHealth, REFUND_STUCK_ATTEMPTS } from './postgres-sources.js';

/**
 * A refund that Stripe keeps pending, or that failed, is a problem a person must see on the command center, each
 * linking to its booking; the reconciler's retries are not where it ends.
 */
const HOUR = 3_600_000;
let h: TestHarness;
let standin: StripeStandin;

beforeAll(async () => {
  h = await createHarness();
  standin = await plugStripeStandin(h, { timeoutMs: 5_000 });
}, 600_000);
afterAll(async () => {
  if (standin !== undefined) await standin.close();
  if (h !== undefined) await h.close();
});

async function capturedBooking(priceCents: number) {
  const student = await seedStudent(h.dbs.api);
  const teacher = await seedInstructor(h.dbs.api);
  return seedBooking(h.dbs.api, { studentId: student.id, instructorId: teacher.user.id, priceCents, paymentStatus: 'captured' });
}

async function refundRow(
  b: Awaited<ReturnType<typeof capturedBooking>>,
  row: {
    status: 'pending' | 'failed' | 'succeeded';
    amountCents: number;
    createdMsAgo: number;
    attempts?: number;
    error?: string;
  },
) {
  return h.dbs.api
    .insertInto('refunds')
    .values({
      booking_id: b.booking.id,
      payment_id: b.payment.id,
      student_id: b.booking.student_id,
      amount_cents: row.amountCents,
      method: 'card',
      policy_rule: 'test',
      status: row.status,
      attempts: row.attempts ?? 1,
      error: row.error ?? null,
      created_at: new Date(Date.now() - row.createdMsAgo),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

function verdict(payments: HealthSnapshot['money']['payments'], timeZone?: string): HealthSnapshot['overall'] {
  return assessOverall({ ...QUIET_HEALTH_READINGS, money: { payments, webhooks: null } }, timeZone);
}

describe('refunds that need a person on the command center', () => {
  it('a refund Stripe keeps pending becomes a problem after the fifth attempt, linked to its booking', async () => {
    const b = await capturedBooking(4_200);
    const admin = h.caller('admin');
    const preview = await admin.refunds.create.preview({ bookingId: b.booking.id });
    standin.nextRefund({ status: 'pending' });
    await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Held at the bank' });
    const row = await h.dbs.api
      .selectFrom('refunds')
      .select(['id', 'status', 'attempts'])
      .where('booking_id', '=', b.booking.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    const stuckOf = async () =>
      (await paymentsHealth(h.dbs.api, new Date())).refundsNeedingAttention.items.filter((i) => i.refundId === row.id);
    expect(await stuckOf()).toEqual([]);

    // The reconciler asks Stripe again and again; Stripe still says pending.
    for (let attempt = 2; attempt <= REFUND_STUCK_ATTEMPTS; attempt += 1)
      expect(await settleRefund(h.services, row.id)).toBe('pending');
    const [stuck] = await stuckOf();
    expect(stuck).toMatchObject({ kind: 'stuck', attempts: REFUND_STUCK_ATTEMPTS, bookingId: b.booking.id, amountCents: 4_200 });

    const overall = verdict(await paymentsHealth(h.dbs.api, new Date()));
    expect(overall.level).toBe('warning');
    const problem = overall.problems.find((p) => p.href === `/bookings/${b.booking.id}`);
    expect(problem?.message).toContain(
      `Refund of $42.00 on booking ${b.booking.short_id} still pending at Stripe after 5 attempts`,
    );
  });

  it('a refund never sent to Stripe says so, with the time it has waited since in the business time zone', async () => {
    const b = await capturedBooking(2_500);
    const { id } = await refundRow(b, { status: 'pending', amountCents: 2_500, createdMsAgo: 3 * HOUR, attempts: 0 });
    const payments = await paymentsHealth(h.dbs.api, new Date());
    const item = payments.refundsNeedingAttention.items.find((i) => i.refundId === id);
    expect(item).toMatchObject({ kind: 'stuck', attempts: 0 });
    // Tokyo's wall clock (nine hours ahead of UTC, no daylight saving), written as every time in the console is.
    const tokyo = new Date(new Date(item?.createdAt ?? '').getTime() + 9 * HOUR);
    const clock = `${tokyo.getUTCHours() % 12 || 12}:${String(tokyo.getUTCMinutes()).padStart(2, '0')} ${tokyo.getUTCHours() < 12 ? 'AM' : 'PM'}`;
    const day = `${tokyo.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' })} ${tokyo.getUTCDate()}, ${tokyo.getUTCFullYear()}`;
    const messages = verdict(payments, 'Asia/Tokyo').problems.map((p) => p.message);
    expect(messages).toContain(
      `Refund of $25.00 on booking ${b.booking.short_id} not sent to Stripe yet, requested ${day}, ${clock} GMT+9`,
    );
  });

  it('a refund pending for over an hour is a problem after its first attempt; a younger one is not', async () => {
    const old = await capturedBooking(3_000);
    const young = await capturedBooking(3_000);
    const oldRow = await refundRow(old, { status: 'pending', amountCents: 1_000, createdMsAgo: 2 * HOUR });
    const youngRow = await refundRow(young, { status: 'pending', amountCents: 1_000, createdMsAgo: 10 * 60_000 });
    const { items } = (await paymentsHealth(h.dbs.api, new Date())).refundsNeedingAttention;
    expect(items.find((i) => i.refundId === oldRow.id)).toMatchObject({ kind: 'stuck', bookingId: old.booking.id });
    expect(items.find((i) => i.refundId === youngRow.id)).toBeUndefined();
  });

  it('a failed refund is a problem with its reason in words until the booking is refunded again', async () => {
    const failedOnly = await capturedBooking(5_000);
    const redone = await capturedBooking(5_000);
    const longAgo = await capturedBooking(5_000);
    const error =
      'Stripe could not return the money: the card it was going back to has expired or was canceled (expired_or_canceled_card).';
    const failed = await refundRow(failedOnly, { status: 'failed', amountCents: 5_000, createdMsAgo: 3 * HOUR, error });
    const failedThenRedone = await refundRow(redone, { status: 'failed', amountCents: 5_000, createdMsAgo: 3 * HOUR, error });
    await refundRow(redone, { status: 'succeeded', amountCents: 5_000, createdMsAgo: HOUR });
    const old = await refundRow(longAgo, { status: 'failed', amountCents: 5_000, createdMsAgo: 10 * 24 * HOUR, error });

    const payments = await paymentsHealth(h.dbs.api, new Date());
    const ids = payments.refundsNeedingAttention.items.map((i) => i.refundId);
    expect(ids).toContain(failed.id);
    expect(ids).not.toContain(failedThenRedone.id);
    expect(ids).not.toContain(old.id);
    const problem = verdict(payments).problems.find((p) => p.href === `/bookings/${failedOnly.booking.id}`);
    expect(problem).toMatchObject({ level: 'warning' });
    expect(problem?.message).toBe(`Refund of $50.00 on booking ${failedOnly.booking.short_id} failed: ${error}`);
  });

  it('lists five refund problems one by one and counts the rest in one line', async () => {
    for (let i = 0; i < 7; i += 1)
      await refundRow(await capturedBooking(2_000), { status: 'pending', amountCents: 500, createdMsAgo: 5 * HOUR });
    const payments = await paymentsHealth(h.dbs.api, new Date());
    const total = payments.refundsNeedingAttention.stuck + payments.refundsNeedingAttention.failed;
    const problems = verdict(payments).problems;
    expect(problems.filter((p) => p.href?.startsWith('/bookings/'))).toHaveLength(5);
    expect(problems.find((p) => p.href === '/payments')?.message).toBe(`${total - 5} more refunds stuck or failed`);
  });

  it('the payments page the "more" line links to lists the same refunds under the same counts', async () => {
    const b = await capturedBooking(2_000);
    const failed = await refundRow(b, { status: 'failed', amountCents: 2_000, createdMsAgo: HOUR, error: 'Bank refused' });
    const now = new Date();
    const [health, pipeline] = await Promise.all([paymentsHealth(h.dbs.api, now), paymentsPipeline(h.dbs.api, now)]);
    expect(pipeline.refundsNeedingAttention).toEqual(health.refundsNeedingAttention);
    expect(pipeline.refundsNeedingAttention.items.find((i) => i.refundId === failed.id)).toMatchObject({
      kind: 'failed',
      error: 'Bank refused',
      bookingId: b.booking.id,
    });
  });
});
