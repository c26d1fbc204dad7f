import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@ops/db';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { createHarness, SARAH, type TestHarness } from '../testing.js';

let h: TestHarness;
let db: Db;
let sarahId: string;
let teacherId: string;
let bookingId: string;
let paymentIntent: string;
let charge: string;
let webhookId: string;
let campaignId: string;

beforeAll(async () => {
  h = await createHarness();
  db = h.dbs.api;
  const sarah = await seedStudent(db, { ...SARAH, stripe_customer_id: 'cus_SarahSpot' });
  sarahId = sarah.id;
  const teacher = await seedInstructor(db, {
    first_name: 'Elena',
    last_name: 'Petrova',
    profile: { stripe_account_id: 'acct_ElenaSpot01' },
  });
  teacherId = teacher.user.id;
  const seeded = await seedBooking(db, {
    studentId: sarahId,
    instructorId: teacher.user.id,
    status: 'completed',
    lessonStart: new Date(Date.now() - 10 * 86_400_000),
    shortId: 'SPOT0001',
  });
  bookingId = seeded.booking.id;
  paymentIntent = seeded.payment.stripe_payment_intent_id;
  charge = seeded.payment.stripe_charge_id ?? '';
  await db
    .insertInto('refunds')
    .values({
      booking_id: bookingId,
      student_id: sarahId,
      amount_cents: 1_000,
      method: 'card',
      policy_rule: 'card_24h_plus',
      status: 'succeeded',
      stripe_refund_id: 're_SpotRefund1',
    })
    .execute();
  const hook = await db
    .insertInto('webhook_events')
    .values({ source: 'stripe', event_id: 'evt_SpotEvent1', type: 'charge.refunded', status: 'processed', headers: {} })
    .returning('id')
    .executeTakeFirstOrThrow();
  webhookId = hook.id;
  const campaign = await db
    .insertInto('campaigns')
    .values({
      kind: 'announcement',
      name: 'Spring recital reminder',
      body: 'Hello',
      audience: JSON.stringify({}),
      channels: JSON.stringify(['email']),
      status: 'draft',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  campaignId = campaign.id;
});
afterAll(async () => {
  await h.close();
});

describe('spotlight.find (Ctrl-K)', () => {
  it('opens the booking behind a Stripe payment intent, charge or refund id, and the person behind a customer id', async () => {
    for (const q of [paymentIntent, charge, 're_SpotRefund1']) {
      const res = await h.caller('support').spotlight.find({ q });
      expect(res.hits[0], q).toMatchObject({ kind: 'booking', path: `/bookings/${bookingId}`, ref: { bookingId }, exact: true });
    }
    // Its second line is the booking's state, not its student's account status.
    const byIntent = await h.caller('support').spotlight.find({ q: paymentIntent });
    expect(byIntent.hits[0]?.description).toBe(`Stripe ${paymentIntent} · Completed · s***n@example.com`);
    const customer = await h.caller('support').spotlight.find({ q: 'cus_SarahSpot' });
    expect(customer.hits[0]).toMatchObject({
      kind: 'person',
      path: `/support/users/${sarahId}`,
      ref: { userId: sarahId },
      label: 'Sarah C.',
    });
  });

  it("opens the instructor behind a Stripe connected account id, as shown on the instructor's page", async () => {
    const res = await h.caller('support').spotlight.find({ q: 'acct_ElenaSpot01' });
    expect(res.hits[0]).toMatchObject({ kind: 'person', path: `/support/users/${teacherId}`, exact: true });
    expect(res.hits[0]?.description).toContain('Stripe acct_ElenaSpot01');
  });

  it('finds a webhook by its event id or row id', async () => {
    for (const q of ['evt_SpotEvent1', webhookId]) {
      const res = await h.caller('oncall').spotlight.find({ q });
      expect(res.hits[0], q).toMatchObject({ kind: 'webhook', path: `/webhooks/${webhookId}`, ref: { id: webhookId } });
    }
  });

  it('finds an audit entry by number and a campaign by the start of its name', async () => {
    const note = await h.caller('support').support.addNote({ userId: sarahId, kind: 'internal', body: 'called back' });
    const audit = await h.caller('admin').spotlight.find({ q: `#${note.auditId}` });
    expect(audit.hits[0]).toMatchObject({ kind: 'audit', path: `/audit/${note.auditId}`, ref: { id: note.auditId } });
    const campaign = await h.caller('admin').spotlight.find({ q: 'spring rec' });
    expect(campaign.hits.find((x) => x.kind === 'campaign')).toMatchObject({
      path: `/communications/${campaignId}`,
      ref: { campaignId },
    });
  });

  it('sends a request id and a Sentry event id to the logs page', async () => {
    const request = await h.caller('oncall').spotlight.find({ q: 'req_4f9a2c81d0e7' });
    expect(request.hits[0]).toMatchObject({
      kind: 'request',
      path: '/logs?requestId=req_4f9a2c81d0e7',
      ref: { requestId: 'req_4f9a2c81d0e7' },
      exact: true,
    });
    const event = await h.caller('exec').spotlight.find({ q: 'A'.repeat(32) });
    expect(event.hits[0]).toMatchObject({
      kind: 'error-event',
      path: `/logs?eventId=${'a'.repeat(32)}`,
      ref: { eventId: 'a'.repeat(32) },
      exact: true,
    });
  });

  it('puts the exact person first when an email is pasted', async () => {
    const res = await h.caller('support').spotlight.find({ q: 'sarah.chen@example.com' });
    expect(res.hits[0]).toMatchObject({ kind: 'person', path: `/support/users/${sarahId}`, exact: true });
  });

  it('only looks up what the role may open', async () => {
    const exec = await h.caller('exec').spotlight.find({ q: 'sarah.chen@example.com' });
    expect(exec.hits).toEqual([]);
    const support = await h.caller('support').spotlight.find({ q: 'spring rec' });
    expect(support.hits.some((x) => x.kind === 'campaign')).toBe(false);
    await expect(h.caller(null).spotlight.find({ q: 'sarah' })).rejects.toThrow(/Sign in/);
  });
});
