import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyAuditChain } from '../domain/audit/chain.js';
import { reconcilePendingRefunds, refundReconciliationWorker } from '../domain/refunds/settle.js';
import { startWorkers } from '../workers.js';
import type { StripeStandin } from '../integrations/stripe/standin.js';
import {
  auditedRow,
  auditRowById,
  createHarness,
  plugStripeStandin,
  rejection,
  seedLesson,
  type TestHarness,
} from '../testing.js';

let h: TestHarness;
let stripe: StripeStandin;
/** The console's clock: the wall clock unless a test pins it. */
let clock: Date | null = null;

beforeAll(async () => {
  h = await createHarness({ now: () => clock ?? new Date() });
  // The callers read services at call time: every action below reaches the stand-in through the real SDK.
  stripe = await plugStripeStandin(h, { timeoutMs: 400, maxNetworkRetries: 1 });
});

afterAll(async () => {
  // A harness that never started (a hook timeout) has nothing to close.
  if (stripe !== undefined) await stripe.close();
  if (h !== undefined) await h.close();
});

const booking = (opts: Parameters<typeof seedLesson>[1]) => seedLesson(h.dbs.api, opts);

/** An admin's whole refund of a captured lesson four days out, over the approval threshold: filed, not executed. */
async function requestedRefund(priceCents: number, reason: string) {
  const { booking: b } = await booking({ hoursAhead: 96, priceCents, paymentStatus: 'captured' });
  const preview = await h.caller('admin').refunds.create.preview({ bookingId: b.id });
  const { approvalId } = await h.caller('admin').refunds.create.execute({ confirmToken: preview.confirmToken, reason });
  if (approvalId === null) throw new Error('the refund was executed, not filed for a second admin');
  return { b, approvalId };
}

const refundRows = (bookingId: string) =>
  h.dbs.api
    .selectFrom('refunds')
    .select(['id', 'status', 'amount_cents', 'method', 'stripe_refund_id', 'idempotency_key'])
    .where('booking_id', '=', bookingId)
    .execute();

describe('refunds.create', () => {
  it('50 concurrent executes of one token make one refund row and one Stripe refund', async () => {
    const { booking: b } = await booking({ hoursAhead: 72, priceCents: 8_000, paymentStatus: 'captured' });
    const admin = h.caller('admin');
    const preview = await admin.refunds.create.preview({ bookingId: b.id });
    expect(preview.effects.map((e) => e.label)).toContain('Refund $80.00 to the card ending 4242');
    const before = stripe.refundsCreated();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        h.caller('admin').refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Student cancelled early' }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rows = await refundRows(b.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe('succeeded');
    expect(rows[0]?.stripe_refund_id).toMatch(/^re_/);
    expect(stripe.refundsCreated() - before).toBe(1);
    const payment = await h.dbs.api
      .selectFrom('payments')
      .select(['status', 'amount_refunded_cents'])
      .where('booking_id', '=', b.id)
      .executeTakeFirstOrThrow();
    expect(payment).toEqual({ status: 'refunded', amount_refunded_cents: 8_000 });
  });

  it('a preview made stale by another refund is refused with CONFLICT and changes nothing', async () => {
    const { booking: b } = await booking({ hoursAhead: 72, priceCents: 9_000, paymentStatus: 'captured' });
    const admin = h.caller('admin');
    const stale = await admin.refunds.create.preview({ bookingId: b.id });
    const other = await h.caller('admin2').refunds.create.preview({ bookingId: b.id, amountCents: 1_000 });
    await h.caller('admin2').refunds.create.execute({ confirmToken: other.confirmToken, reason: 'Partial goodwill' });
    const before = stripe.refundsCreated();
    const err = await rejection(admin.refunds.create.execute({ confirmToken: stale.confirmToken, reason: 'Full refund' }));
    expect(err.code).toBe('CONFLICT');
    expect((await refundRows(b.id)).map((r) => r.amount_cents)).toEqual([1_000]);
    expect(stripe.refundsCreated()).toBe(before);
  });

  it('Stripe answering 500 leaves a pending refund that reconciliation completes exactly once', async () => {
    const { booking: b } = await booking({ hoursAhead: 48, priceCents: 7_000, paymentStatus: 'captured' });
    const admin = h.caller('admin');
    const preview = await admin.refunds.create.preview({ bookingId: b.id });
    const before = stripe.refundsCreated();
    stripe.failNext({ status: 500, count: 2 }); // the first attempt and the SDK's one retry
    const result = await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Cancelled by student' });
    expect(result.message).toContain('reconciliation');
    const [pending] = await refundRows(b.id);
    expect(pending?.status).toBe('pending');
    expect(pending?.idempotency_key).toBeTruthy();
    expect(stripe.refundsCreated()).toBe(before);

    expect(await reconcilePendingRefunds(h.services, { olderThanMs: 0 })).toBeGreaterThanOrEqual(1);
    expect(await reconcilePendingRefunds(h.services, { olderThanMs: 0 })).toBe(0);
    const [settled] = await refundRows(b.id);
    expect(settled?.status).toBe('succeeded');
    expect(stripe.refundsCreated() - before).toBe(1);
  });

  it('a refund a stopped console left pending goes to Stripe as the workers start, not a pass later', async () => {
    const { booking: b } = await booking({ hoursAhead: 48, priceCents: 5_000, paymentStatus: 'captured' });
    const admin = h.caller('admin');
    const preview = await admin.refunds.create.preview({ bookingId: b.id });
    stripe.failNext({ status: 500, count: 2 });
    await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Cancelled by student' });
    // Recorded a minute ago by a console that stopped before reconciliation took it.
    await h.dbs.api
      .updateTable('refunds')
      .set({ created_at: new Date(Date.now() - 60_000).toISOString() })
      .where('booking_id', '=', b.id)
      .execute();
    const loop = startWorkers(h.services, [refundReconciliationWorker]);
    try {
      await vi.waitFor(async () => expect((await refundRows(b.id))[0]?.status).toBe('succeeded'), { timeout: 10_000 });
    } finally {
      await loop.stop();
    }
  });

  it('a Stripe timeout leaves it pending; the retry with the same key settles it once', async () => {
    const { booking: b } = await booking({ hoursAhead: 48, priceCents: 6_000, paymentStatus: 'captured' });
    const admin = h.caller('admin');
    const preview = await admin.refunds.create.preview({ bookingId: b.id });
    const before = stripe.refundsCreated();
    stripe.delayNext(1_200); // longer than the client's 400 ms timeout; Stripe still executes it
    const result = await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Cancelled by student' });
    expect(result.message).toContain('pending');
    expect((await refundRows(b.id))[0]?.status).toBe('pending');
    await new Promise((r) => setTimeout(r, 1_500));
    await reconcilePendingRefunds(h.services, { olderThanMs: 0 });
    await reconcilePendingRefunds(h.services, { olderThanMs: 0 });
    const rows = await refundRows(b.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe('succeeded');
    expect(stripe.refundsCreated() - before).toBe(1);
  });

  it("the refund's audit row states what Stripe will do; the settle step's own row records what it did, linked to it", async () => {
    const { booking: b } = await booking({ hoursAhead: 72, priceCents: 4_000, paymentStatus: 'captured' });
    const admin = h.caller('admin');
    const preview = await admin.refunds.create.preview({ bookingId: b.id, amountCents: 1_500 });
    const done = await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Partial goodwill' });
    const row = await auditRowById(h.dbs.api, done.auditId);
    expect(row.before).toMatchObject({ payment: { status: 'captured', refundedCents: 0 } });
    // Written before Stripe is called: what the payment will be, and what is asked of Stripe.
    expect(row.after).toMatchObject({
      refund: { method: 'card', amountCents: 1_500, rule: 'card_24h_plus', stripe: { refund: 'pending', amountCents: 1_500 } },
      payment: { status: 'partially_refunded', refundedCents: 1_500 },
      refundableCents: 2_500,
    });
    const refundId = (await refundRows(b.id))[0]?.id;
    const settled = await auditedRow(h.dbs.api, 'refunds.settle', b.id);
    expect(settled.id).toBeGreaterThan(row.id);
    expect(settled).toMatchObject({
      actor_email: 'system',
      resource_type: 'booking',
      reason: 'Stripe refunded $15.00 to the card.',
    });
    expect(settled.before).toMatchObject({ refund: { id: refundId, status: 'pending' }, payment: { status: 'captured' } });
    expect(settled.after).toMatchObject({
      refund: { id: refundId, status: 'succeeded', amountCents: 1_500 },
      stripe: { request: 'refund', refundId: expect.stringMatching(/^re_/), status: 'succeeded' },
      payment: { status: 'partially_refunded', refundedCents: 1_500 },
      recordedByAuditId: row.id,
    });
    // The booking's trail reads it in words.
    const detail = await admin.bookings.detail({ bookingId: b.id });
    expect(detail.audit.map((a) => a.action)).toContain('refunds.settle');
    expect(detail.timeline.map((e) => e.label)).toContain('Settled at Stripe by system');
    expect((await verifyAuditChain(h.dbs.api)).brokenAtId).toBeNull();
  });

  it('a refund Stripe refuses for good: the settle step audits the refusal, linked to the refund', async () => {
    const { booking: b } = await booking({ hoursAhead: 72, priceCents: 5_500, paymentStatus: 'captured' });
    const admin = h.caller('admin');
    const preview = await admin.refunds.create.preview({ bookingId: b.id });
    stripe.failNext({ status: 400, where: 'api', code: 'charge_disputed', message: 'This charge has been disputed.' });
    const done = await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Student cancelled early' });
    const settled = await auditedRow(h.dbs.api, 'refunds.settle', b.id);
    expect(settled.reason).toBe('Stripe refused it for good; what the refund cut or returned is undone.');
    expect(settled.after).toMatchObject({
      refund: { status: 'failed', amountCents: 5_500 },
      stripe: { request: 'refund', error: expect.stringContaining('disputed') },
      payment: { status: 'captured', refundedCents: 0 },
      recordedByAuditId: done.auditId,
    });
  });

  it('a credit refund of an authorised payment audits the capture it waits for, and the settle step the capture done', async () => {
    const { booking: b } = await booking({ hoursAhead: 18, priceCents: 12_000, paymentStatus: 'authorized' });
    const admin = h.caller('admin');
    const preview = await admin.refunds.create.preview({ bookingId: b.id });
    const done = await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Student cancelled' });
    const row = await auditRowById(h.dbs.api, done.auditId);
    expect(row.before).toMatchObject({ payment: { status: 'authorized', capturedCents: null } });
    expect(row.after).toMatchObject({
      refund: {
        method: 'credit',
        amountCents: 12_000,
        captureCents: 12_000,
        stripe: { capture: 'pending', amountCents: 12_000, then: 'grant the credit' },
      },
      payment: { status: 'captured', capturedCents: 12_000 },
    });
    const settled = await auditedRow(h.dbs.api, 'refunds.settle', b.id);
    expect(settled.reason).toBe('Stripe captured $120.00; $120.00 of credit is granted.');
    expect(settled.before).toMatchObject({ payment: { status: 'authorized' } });
    expect(settled.after).toMatchObject({
      refund: { status: 'succeeded', method: 'credit' },
      stripe: { request: 'capture' },
      payment: { status: 'captured', capturedCents: 12_000 },
      recordedByAuditId: row.id,
    });
  });

  it("stamps a card refund Stripe settles after the commit with the request's time, not the wall clock", async () => {
    const { booking: b } = await booking({ hoursAhead: 72, priceCents: 4_500, paymentStatus: 'captured' });
    const admin = h.caller('admin');
    // An hour back: far enough from the wall clock that a write reading it instead cannot pass.
    const pinned = new Date(Date.now() - 3_600_000);
    clock = pinned;
    try {
      const preview = await admin.refunds.create.preview({ bookingId: b.id });
      await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Student cancelled early' });
    } finally {
      clock = null;
    }
    const rows = await h.dbs.api.selectFrom('refunds').select(['status', 'settled_at']).where('booking_id', '=', b.id).execute();
    expect(rows.map((r) => ({ status: r.status, settledAt: r.settled_at && new Date(r.settled_at).toISOString() }))).toEqual([
      { status: 'succeeded', settledAt: pinned.toISOString() },
    ]);
  });

  it('explains the < 12 h 50/50 split and grants credit plus the instructor share', async () => {
    const { booking: b } = await booking({ hoursAhead: 6, priceCents: 9_000, paymentStatus: 'captured' });
    const admin = h.caller('admin');
    const preview = await admin.refunds.create.preview({ bookingId: b.id });
    expect(preview.effects[0]?.label).toContain(
      'Less than 12 hours before the lesson: 50 % as credit ($45.00), 50 % paid to the instructor ($45.00)',
    );
    expect(preview.effects.map((e) => e.label)).toContain(
      'Schedule a payout of $45.00 to the instructor (late-cancellation share), paid in 2 days',
    );
    await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Late cancellation' });
    const credit = await h.dbs.api.selectFrom('credit_ledger').select('amount_cents').where('booking_id', '=', b.id).execute();
    const payout = await h.dbs.api
      .selectFrom('payouts')
      .select(['amount_cents', 'status'])
      .where('booking_id', '=', b.id)
      .execute();
    expect(credit.map((c) => c.amount_cents)).toEqual([4_500]);
    expect(payout).toEqual([{ amount_cents: 4_500, status: 'pending' }]);
  });

  it("says the instructor's share is held when their payouts are on hold, holds it, and refuses a preview made before the hold", async () => {
    const { booking: b } = await booking({ hoursAhead: 6, priceCents: 9_000, paymentStatus: 'captured' });
    const admin = h.caller('admin');
    const before = await admin.refunds.create.preview({ bookingId: b.id });
    const holdPayouts = (hold: boolean) =>
      h.dbs.api.updateTable('instructor_profiles').set({ payout_hold: hold }).where('user_id', '=', b.instructor_id).execute();
    await holdPayouts(true);
    // The preview said "paid in 2 days"; execute would hold the share, so it refuses and nothing moves.
    expect(await rejection(admin.refunds.create.execute({ confirmToken: before.confirmToken, reason: 'Late' }))).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await refundRows(b.id)).toHaveLength(0);

    const preview = await admin.refunds.create.preview({ bookingId: b.id });
    expect(preview.effects.map((e) => e.label)).toContain(
      'Schedule a payout of $45.00 to the instructor (late-cancellation share), held: their payouts are on hold',
    );
    await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Late cancellation' });
    const payout = await h.dbs.api
      .selectFrom('payouts')
      .select(['amount_cents', 'status'])
      .where('booking_id', '=', b.id)
      .execute();
    expect(payout).toEqual([{ amount_cents: 4_500, status: 'held' }]);
  });

  it('refuses bad inputs with the field named and changes nothing', async () => {
    const { booking: b } = await booking({ hoursAhead: 72, priceCents: 5_000, paymentStatus: 'captured' });
    const admin = h.caller('admin');
    expect(await rejection(admin.refunds.create.preview({ bookingId: b.id, amountCents: -100 }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('amountCents'),
    });
    expect(await rejection(admin.refunds.create.preview({ bookingId: b.id, amountCents: 5_001 }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('amountCents: at most $50.00'),
    });
    // An unknown override code, as a client could send it over HTTP (the type would not allow it here).
    const unknownCode = JSON.parse('{"overrideCode":"GOODWILL"}') as { overrideCode: 'DUPLICATE' };
    expect(await rejection(admin.refunds.create.preview({ bookingId: b.id, ...unknownCode }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('overrideCode'),
    });
    const ok = await admin.refunds.create.preview({ bookingId: b.id, overrideCode: 'DUPLICATE' });
    expect(await rejection(admin.refunds.create.execute({ confirmToken: ok.confirmToken, reason: '' }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('reason'),
    });
    expect(await refundRows(b.id)).toHaveLength(0);
  });

  it('support over its $100 limit gets an approval request instead of a refund', async () => {
    const { booking: b } = await booking({ hoursAhead: 72, priceCents: 15_000, paymentStatus: 'captured' });
    const support = h.caller('support');
    const preview = await support.refunds.create.preview({ bookingId: b.id });
    // Said once: the preview lists the refusal among its warnings, not a second copy of it.
    expect(preview.warnings.filter((w) => w.includes('up to $100.00'))).toHaveLength(1);
    expect(preview.requiresApproval).toBe(true);
    const requested = await support.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Customer asked' });
    expect(requested.approvalId).toBeTruthy();
    expect(await refundRows(b.id)).toHaveLength(0);
    // The booking's page says the refund waits, with who asked; it is not among the refunds made.
    const detail = await support.bookings.detail({ bookingId: b.id });
    expect(detail.refunds).toEqual([]);
    expect(detail.pendingApprovals).toEqual([
      expect.objectContaining({ id: requested.approvalId, action: 'refunds.create', requestedBy: h.staff.support.email }),
    ]);
    // So does the student's page, and the instructor's: it is their booking.
    for (const userId of [b.student_id, b.instructor_id])
      expect((await support.support.user({ userId })).pendingApprovals.map((p) => p.id)).toEqual([requested.approvalId]);
    const small = await support.refunds.create.preview({ bookingId: b.id, amountCents: 10_000 });
    await support.refunds.create.execute({ confirmToken: small.confirmToken, reason: 'Customer asked' });
    expect((await refundRows(b.id)).map((r) => r.amount_cents)).toEqual([10_000]);
  });

  it('a $600 refund waits for a second admin; the requester cannot approve; admin2 executes it once', async () => {
    const { booking: b } = await booking({ hoursAhead: 96, priceCents: 60_000, paymentStatus: 'captured' });
    const admin = h.caller('admin');
    const preview = await admin.refunds.create.preview({ bookingId: b.id });
    expect(preview.requiresApproval).toBe(true);
    const requested = await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Lesson never happened' });
    expect(requested.approvalId).toBeTruthy();
    expect(await refundRows(b.id)).toHaveLength(0);
    const approvalId = requested.approvalId ?? '';
    const inbox = await h.caller('admin2').approvals.list({ view: 'pending' });
    expect(inbox.find((a) => a.id === approvalId)).toMatchObject({ canDecide: true, action: 'refunds.create' });
    // The admin who decides reads why it waits, in the words the requester's preview used.
    expect(inbox.find((a) => a.id === approvalId)?.warnings).toEqual(preview.warnings);
    expect(preview.warnings.join(' ')).toContain('over the $500.00 approval threshold');
    expect((await admin.approvals.list({ view: 'pending' })).find((a) => a.id === approvalId)?.canDecide).toBe(false);
    expect((await rejection(admin.approvals.approve({ approvalId, reason: 'Looks right' }))).code).toBe('FORBIDDEN');
    const before = stripe.refundsCreated();
    await h.caller('admin2').approvals.approve({ approvalId, reason: 'Checked the booking' });
    expect((await rejection(h.caller('admin2').approvals.approve({ approvalId, reason: 'Again' }))).code).toBe('CONFLICT');
    const rows = await refundRows(b.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'succeeded', amount_cents: 60_000 });
    expect(stripe.refundsCreated() - before).toBe(1);
  });

  it('approving a request that no longer matches its booking moves nothing and closes the request as failed, audited', async () => {
    const { b, approvalId } = await requestedRefund(60_000, 'Lesson never happened');
    // Meanwhile support refunds $100 of it: "refund everything left" would now refund $500, not the $600 requested.
    const small = await h.caller('support').refunds.create.preview({ bookingId: b.id, amountCents: 10_000 });
    await h.caller('support').refunds.create.execute({ confirmToken: small.confirmToken, reason: 'Customer asked' });
    const refused = await rejection(h.caller('admin2').approvals.approve({ approvalId, reason: 'Checked' }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('has changed since it was made');
    expect(refused.message).toContain('the request is closed as failed: ask the requester to preview and request again');
    expect((await refundRows(b.id)).map((r) => r.amount_cents)).toEqual([10_000]);
    // It leaves the inbox (it would refuse on every try) and reads, among the decided, as failed and why.
    const pending = await h.caller('admin2').approvals.list({ view: 'pending' });
    expect(pending.map((a) => a.id)).not.toContain(approvalId);
    const recent = await h.caller('admin').approvals.list({ view: 'recent' });
    expect(recent.find((a) => a.id === approvalId)).toMatchObject({
      status: 'failed',
      decidedBy: h.staff.admin2.name,
      decisionReason: expect.stringMatching(/^Could not run: What this request would do has changed/),
    });
    const audit = await auditedRow(h.dbs.api, 'approvals.failed', b.id);
    expect(audit).toMatchObject({ actor_staff_id: h.staff.admin2.id, resource_type: 'booking' });
    expect(audit.reason).toContain('Lesson never happened (approved: Checked; Could not run:');
    expect((await rejection(h.caller('admin2').approvals.reject({ approvalId, reason: 'Late' }))).message).toBe(
      'This request was already failed.',
    );
  });

  it('of two requests to refund one booking in full, the second approved fails in the refund rule’s own words', async () => {
    const { b, approvalId } = await requestedRefund(60_000, 'Lesson never happened');
    // The same money asked another way (the amount spelled out): another request, so it is filed.
    const twin = await h.caller('admin2').refunds.create.preview({ bookingId: b.id, amountCents: 60_000 });
    const filed = await h
      .caller('admin2')
      .refunds.create.execute({ confirmToken: twin.confirmToken, reason: 'Student wrote in' });
    await h.caller('admin').approvals.approve({ approvalId: filed.approvalId ?? '', reason: 'Checked' });
    const refused = await rejection(h.caller('admin2').approvals.approve({ approvalId, reason: 'Checked' }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(
      /^bookingId: nothing is left to refund on booking \w+\. Nothing was done; the request is closed as failed/,
    );
    expect((await refundRows(b.id)).map((r) => r.amount_cents)).toEqual([60_000]);
    expect((await h.caller('admin2').approvals.list({ view: 'pending' })).map((a) => a.id)).not.toContain(approvalId);
  });

  it('a request past its 24 hours leaves the inbox and reads as expired, and can no longer be rejected; listing writes nothing', async () => {
    const { approvalId } = await requestedRefund(65_000, 'Asked by student');
    clock = new Date(Date.now() + 25 * 3_600_000);
    try {
      expect((await h.caller('admin2').approvals.list({ view: 'pending' })).map((a) => a.id)).not.toContain(approvalId);
      const recent = await h.caller('admin2').approvals.list({ view: 'recent' });
      expect(recent.find((a) => a.id === approvalId)).toMatchObject({ status: 'expired', canDecide: false, decidedBy: null });
      const refused = await rejection(h.caller('admin2').approvals.reject({ approvalId, reason: 'Not eligible' }));
      expect([refused.code, refused.message]).toEqual(['CONFLICT', 'This request was already expired.']);
    } finally {
      clock = null;
    }
    // The expiry worker marks it; a list is a read.
    const row = await h.dbs.api.selectFrom('approvals').select('status').where('id', '=', approvalId).executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
  });

  it('a rejected request does nothing and records who rejected it', async () => {
    const { b, approvalId } = await requestedRefund(70_000, 'Asked by student');
    const done = await h.caller('admin2').approvals.reject({ approvalId, reason: 'Not eligible' });
    expect(done).toEqual({
      auditId: expect.any(Number),
      approvalId,
      message: 'Request rejected; nothing was done.',
      created: null,
    });
    expect(await refundRows(b.id)).toHaveLength(0);
    const recent = await h.caller('admin2').approvals.list({ view: 'recent' });
    expect(recent.find((a) => a.id === approvalId)).toMatchObject({ status: 'rejected', decisionReason: 'Not eligible' });
  });
});

describe('a request waiting for approval', () => {
  it('is not filed twice: the preview says so, and filing it again is refused, naming the field; another amount is another request', async () => {
    const { b, approvalId } = await requestedRefund(60_000, 'Lesson never happened');
    const admin = h.caller('admin');
    const again = await admin.refunds.create.preview({ bookingId: b.id });
    expect(again.warnings).toContain(
      `The same request is already waiting for approval (request ${approvalId.slice(0, 8)}, asked by Test Admin): requesting it again is refused.`,
    );
    const refused = await rejection(admin.refunds.create.execute({ confirmToken: again.confirmToken, reason: 'Asking again' }));
    expect(refused).toEqual({
      code: 'CONFLICT',
      message: `bookingId: the same request ("Refund booking" of this booking, with the same input) is already waiting for approval (request ${approvalId.slice(0, 8)}, asked by Test Admin); it is not filed twice. Nothing was done.`,
    });
    // Another admin asking the same is refused too; asking for another amount is another request.
    const other = await h.caller('admin2').refunds.create.preview({ bookingId: b.id });
    expect(
      (await rejection(h.caller('admin2').refunds.create.execute({ confirmToken: other.confirmToken, reason: 'Same' }))).code,
    ).toBe('CONFLICT');
    const part = await admin.refunds.create.preview({ bookingId: b.id, amountCents: 55_000 });
    expect(
      (await admin.refunds.create.execute({ confirmToken: part.confirmToken, reason: 'Most of it' })).approvalId,
    ).toBeTruthy();
    const filed = await h.dbs.api.selectFrom('approvals').select('id').where('resource_id', '=', b.id).execute();
    expect(filed).toHaveLength(2);
  });

  it('filed twice at once, it is filed once', async () => {
    const { booking: b } = await booking({ hoursAhead: 96, priceCents: 61_000, paymentStatus: 'captured' });
    const previews = await Promise.all(
      Array.from({ length: 4 }, () => h.caller('admin').refunds.create.preview({ bookingId: b.id })),
    );
    const results = await Promise.allSettled(
      previews.map((p) => h.caller('admin').refunds.create.execute({ confirmToken: p.confirmToken, reason: 'Double click' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const filed = await h.dbs.api.selectFrom('approvals').select('id').where('resource_id', '=', b.id).execute();
    expect(filed).toHaveLength(1);
  });

  it('is marked in the inbox once its booking changed, before anyone approves it', async () => {
    const { b, approvalId } = await requestedRefund(60_000, 'Lesson never happened');
    const untouched = await requestedRefund(62_000, 'Lesson never happened');
    const inbox = async () => h.caller('admin2').approvals.list({ view: 'pending' });
    expect((await inbox()).find((a) => a.id === approvalId)?.changedSinceRequest).toBeUndefined();
    // Someone refunds part of the booking meanwhile: the request would now refund less than it says.
    const part = await h.caller('admin2').refunds.create.preview({ bookingId: b.id, amountCents: 10_000 });
    await h.caller('admin2').refunds.create.execute({ confirmToken: part.confirmToken, reason: 'Goodwill' });
    const listed = await inbox();
    expect(listed.find((a) => a.id === approvalId)?.changedSinceRequest).toMatch(
      /^The booking or person changed since this was requested/,
    );
    expect(listed.find((a) => a.id === untouched.approvalId)?.changedSinceRequest).toBeUndefined();
    // Refunded in full meanwhile: the action's own refusal says why.
    const rest = await h.caller('admin2').refunds.create.preview({ bookingId: b.id, amountCents: 50_000 });
    const requested = await h.caller('admin2').refunds.create.execute({ confirmToken: rest.confirmToken, reason: 'All of it' });
    await h.caller('admin').approvals.approve({ approvalId: requested.approvalId ?? '', reason: 'Checked' });
    expect((await inbox()).find((a) => a.id === approvalId)?.changedSinceRequest).toMatch(
      /^bookingId: nothing is left to refund on booking .+\. Approving it would be refused/,
    );
  });
});
