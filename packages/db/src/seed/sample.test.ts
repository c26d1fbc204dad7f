import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  COMMISSION_BPS,
  DEFAULT_MESSAGE_APPROVAL_THRESHOLD,
  DEFAULT_TIME_ZONE,
  MARKETPLACE_BEAT,
  SAMPLE_STAFF,
  addDays,
  localDate,
  startOfDayInstant,
} from '@ops/shared';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import type { Db } from '../connection.js';
import { msOf } from './factories.js';
import { generateSampleRows, loadSampleData, type SampleSummary } from './sample.js';
import { FAILED_WEBHOOKS, FRAUD_STUDENT, FUNNEL_DIP, MARCUS, REVENUE_SPIKE, SARAH, STUCK_PAYMENTS } from './stories.js';

const NOW = new Date('2026-11-22T15:30:00Z');
const HOUR = 3_600_000;
const STAFF = [
  { email: 'admin@ops.example', name: 'Ada Admin', role: 'admin' as const, passwordHash: 'hash' },
  { email: 'support@ops.example', name: 'Sam Support', role: 'support' as const, passwordHash: 'hash' },
  { email: 'oncall@ops.example', name: 'Omar Oncall', role: 'oncall' as const, passwordHash: 'hash' },
];

let t: TestDatabase;
let db: Db;
let summary: SampleSummary;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.dbs.api;
  summary = await loadSampleData(db, { now: NOW, seed: 7, staff: STAFF });
}, 600_000);

afterAll(async () => {
  await t.drop();
});

describe('sample data set', () => {
  it('is deterministic for a seed and a now, and differs for another seed', () => {
    const a = generateSampleRows({ now: NOW, seed: 7, staff: STAFF });
    const b = generateSampleRows({ now: NOW, seed: 7, staff: STAFF });
    const c = generateSampleRows({ now: NOW, seed: 8, staff: STAFF });
    const key = (r: typeof a): string =>
      JSON.stringify([r.bookings?.map((x) => [x.id, x.short_id, x.price_cents]), r.users?.map((u) => u.email)]);
    expect(key(a)).toBe(key(b));
    expect(key(a)).not.toBe(key(c));
    expect(Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v.length]))).toEqual(summary.counts);
  }, 300_000);

  it('has the documented scale', async () => {
    const count = async (table: 'users' | 'bookings' | 'payments' | 'funnel_events'): Promise<number> =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('bookings')).toBeGreaterThanOrEqual(19_500);
    expect(await count('payments')).toBe(await count('bookings'));
    expect(await count('users')).toBeGreaterThanOrEqual(15_000);
    expect(await count('funnel_events')).toBeGreaterThan(50_000);
    expect(summary.counts.bookings).toBe(await count('bookings'));
  });

  it("gives nobody else a planted person's phone ending: Sarah's last four digits are hers alone", async () => {
    const shared = await sql<{ n: number }>`
      select count(*)::int as n from users a join users b
        on b.id <> a.id and right(b.phone_normalized, 4) = right(a.phone_normalized, 4)
      where a.id = ${SARAH.userId}`.execute(db);
    expect(shared.rows[0]?.n).toBe(0);
  });

  it("makes the funnel of the sample's people: each month's signups are its new students, confirmations are first bookings", async () => {
    const strangers = await sql<{ n: number }>`
      select count(*)::int as n from funnel_events f where not exists (select 1 from users u where u.id = f.user_id)`.execute(db);
    expect(strangers.rows[0]?.n).toBe(0);
    // The brief's signups and the cohorts' sizes count the same people.
    const months = await sql<{ month: string; accounts: number; signups: number }>`
      select to_char(date_trunc('month', u.created_at), 'YYYY-MM') as month, count(*)::int as accounts,
        count(*) filter (where exists (select 1 from funnel_events f where f.user_id = u.id and f.stage = 'signup'
          and f.occurred_at = u.created_at))::int as signups
      from users u where u.role = 'student' group by 1 order by 1`.execute(db);
    expect(months.rows.length).toBeGreaterThanOrEqual(12);
    for (const m of months.rows) expect(m.signups, m.month).toBe(m.accounts);
    const extraSignups = await sql<{ n: number }>`
      select count(*)::int as n from funnel_events f join users u on u.id = f.user_id
      where f.stage = 'signup' and u.role <> 'student'`.execute(db);
    expect(extraSignups.rows[0]?.n).toBe(0);
    // A confirmed booking in the funnel is that person's first booking, confirmed when the booking says.
    const confirmations = await sql<{ total: number; first: number }>`
      select count(*)::int as total,
        count(*) filter (where b.confirmed_at = f.occurred_at and not exists (
          select 1 from bookings e where e.student_id = b.student_id and e.created_at < b.created_at))::int as first
      from funnel_events f join bookings b on b.id = f.booking_id and b.student_id = f.user_id
      where f.stage = 'booking_confirmed'`.execute(db);
    const allConfirmations = await db
      .selectFrom('funnel_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('stage', '=', 'booking_confirmed')
      .executeTakeFirstOrThrow();
    expect(confirmations.rows[0]?.total).toBeGreaterThan(1_000);
    expect(confirmations.rows[0]?.total).toBe(Number(allConfirmations.n));
    expect(confirmations.rows[0]?.first).toBe(confirmations.rows[0]?.total);
  });

  it('keeps money consistent: fee + payout = price, fee rounds up by tier, payment = price - credits', async () => {
    const bad = await sql<{ n: number }>`
      select count(*)::int as n
      from bookings b
      join payments p on p.booking_id = b.id
      join instructor_profiles ip on ip.user_id = b.instructor_id
      where b.platform_fee_cents + b.instructor_payout_cents <> b.price_cents
         or p.amount_cents <> b.price_cents - b.credits_applied_cents
         or b.platform_fee_cents <> ceil(b.price_cents * (case ip.commission_tier
              when 'standard' then ${COMMISSION_BPS.standard}::int when 'preferred' then ${COMMISSION_BPS.preferred}::int
              else ${COMMISSION_BPS.founding}::int end) / 10000.0)
         or p.amount_refunded_cents > p.amount_cents`.execute(db);
    expect(bad.rows[0]?.n).toBe(0);
    const paymentsPerBooking = await sql<{ n: number }>`
      select count(*)::int as n from bookings b where (select count(*) from payments p where p.booking_id = b.id) <> 1`.execute(
      db,
    );
    expect(paymentsPerBooking.rows[0]?.n).toBe(0);
    const refundedMismatch = await sql<{ n: number }>`
      select count(*)::int as n from payments p
      where p.amount_refunded_cents <> coalesce((select sum(r.amount_cents) from refunds r
        where r.payment_id = p.id and r.method = 'card' and r.status = 'succeeded'), 0)`.execute(db);
    expect(refundedMismatch.rows[0]?.n).toBe(0);
    const negativeBalances = await sql<{ n: number }>`
      select count(*)::int as n from (select user_id from credit_ledger group by user_id having sum(amount_cents) < 0) x`.execute(
      db,
    );
    expect(negativeBalances.rows[0]?.n).toBe(0);
    const noCustomer = await sql<{ n: number }>`
      select count(*)::int as n from users u where u.stripe_customer_id is null
        and exists (select 1 from bookings b where b.student_id = u.id)`.execute(db);
    expect(noCustomer.rows[0]?.n).toBe(0);
  });

  it('keeps statuses consistent with lesson time', async () => {
    const now = NOW.toISOString();
    const futureDone = await sql<{ n: number }>`
      select count(*)::int as n from bookings where lesson_start > ${now}::timestamptz and status in ('completed', 'no_show')`.execute(
      db,
    );
    expect(futureDone.rows[0]?.n).toBe(0);
    const upcoming = await db
      .selectFrom('bookings as b')
      .innerJoin('payments as p', 'p.booking_id', 'b.id')
      .select(['p.status'])
      .where('b.lesson_start', '>', now)
      .where('b.status', '=', 'confirmed')
      .execute();
    expect(upcoming.length).toBeGreaterThan(200);
    expect(upcoming.every((r) => r.status === 'authorized' || r.status === 'pending')).toBe(true);
  });

  it('has instructors join over time: each month of the last year has new ones, booked only after they joined', async () => {
    const since = new Date(NOW.getTime() - 365 * 24 * HOUR).toISOString();
    const joined = await sql<{ month: string; n: number }>`
      select to_char(date_trunc('month', created_at), 'YYYY-MM') as month, count(*)::int as n from users
      where role = 'instructor' and created_at >= ${since}::timestamptz group by 1 order by 1`.execute(db);
    // The exec's instructor cohorts read these months; an empty year would leave that table blank.
    expect(joined.rows.filter((r) => r.n > 0).length).toBeGreaterThanOrEqual(11);
    const early = await sql<{ n: number }>`
      select count(*)::int as n from bookings b join users u on u.id = b.instructor_id where b.created_at < u.created_at`.execute(
      db,
    );
    expect(early.rows[0]?.n).toBe(0);
  });

  it('has each student pay with the cards they keep on file: at most two, the same ones booking after booking', async () => {
    const cards = await sql<{ student_id: string; cards: number; payments: number }>`
      select b.student_id, count(distinct (p.card_brand, p.card_last4))::int as cards, count(*)::int as payments
      from payments p join bookings b on b.id = p.booking_id group by b.student_id`.execute(db);
    expect(Math.max(...cards.rows.map((r) => r.cards))).toBeLessThanOrEqual(2);
    // Most regulars pay with one card; and the cards are their own, not a few shared across the marketplace.
    const regulars = cards.rows.filter((r) => r.payments >= 5);
    expect(regulars.filter((r) => r.cards === 1).length).toBeGreaterThan(regulars.length / 10);
    const distinct = await sql<{ n: number }>`select count(distinct (card_brand, card_last4))::int as n from payments`.execute(
      db,
    );
    expect(distinct.rows[0]?.n).toBeGreaterThan(cards.rows.length);
  });

  it('plants Sarah Chen', async () => {
    const sarah = await db.selectFrom('users').selectAll().where('email', '=', SARAH.email).executeTakeFirstOrThrow();
    expect(sarah.id).toBe(SARAH.userId);
    expect(sarah.phone_normalized).toBe('12125550142');
    expect(sarah.verified_at).not.toBeNull();
    const bookings = await db.selectFrom('bookings').selectAll().where('student_id', '=', SARAH.userId).execute();
    expect(bookings).toHaveLength(SARAH.bookingCount);

    const disputed = await db
      .selectFrom('payments')
      .selectAll()
      .where('booking_id', '=', SARAH.disputedBookingId)
      .executeTakeFirstOrThrow();
    expect(disputed.disputed_at).not.toBeNull();
    expect(disputed.dispute_status).toBe('needs_response');
    const notes = await db.selectFrom('booking_notes').select('kind').where('booking_id', '=', SARAH.disputedBookingId).execute();
    expect(notes.filter((n) => n.kind === 'dispute')).toHaveLength(1);
    const hook = await db
      .selectFrom('webhook_events')
      .select(['type', 'status', 'payload'])
      .where('event_id', '=', SARAH.disputeWebhookEventId)
      .executeTakeFirstOrThrow();
    expect(hook.type).toBe('charge.dispute.created');
    expect(hook.status).toBe('processed');
    expect(hook.payload).toMatchObject({ object: 'event', type: 'charge.dispute.created', livemode: false });

    const refund = await db.selectFrom('refunds').selectAll().where('id', '=', SARAH.refundId).executeTakeFirstOrThrow();
    expect(refund).toMatchObject({
      booking_id: SARAH.refundedBookingId,
      method: 'card',
      status: 'succeeded',
      stripe_refund_id: SARAH.stripeRefundId,
    });

    const soon = bookings.find((b) => b.id === SARAH.soonBookingId);
    const hoursAway = (Date.parse(soon?.lesson_start ?? '') - NOW.getTime()) / HOUR;
    expect(soon?.status).toBe('confirmed');
    expect(hoursAway).toBeGreaterThanOrEqual(6);
    expect(hoursAway).toBeLessThanOrEqual(10);
    const big = bookings.find((b) => b.id === SARAH.bigBookingId);
    expect(big?.status).toBe('confirmed');
    expect(big?.price_cents).toBeGreaterThanOrEqual(60_000);
    expect(Date.parse(big?.lesson_start ?? '') - NOW.getTime()).toBeGreaterThanOrEqual(72 * HOUR);
    expect(big?.short_id).toBe(SARAH.bigShortId);
  });

  it('plants a student whose refunds trip the fraud signals', async () => {
    const bookings = await db.selectFrom('bookings').select('id').where('student_id', '=', FRAUD_STUDENT.userId).execute();
    const refunds = await db
      .selectFrom('refunds')
      .select(['amount_cents', 'created_at'])
      .where('student_id', '=', FRAUD_STUDENT.userId)
      .orderBy('created_at')
      .execute();
    expect(refunds.length / bookings.length).toBeGreaterThan(0.3);
    expect(refunds.reduce((s, r) => s + r.amount_cents, 0)).toBeGreaterThan(50_000);
    const gaps = refunds.slice(1).map((r, i) => msOf(r.created_at) - msOf(refunds[i]?.created_at));
    expect(gaps.filter((g) => g < 24 * HOUR).length).toBeGreaterThanOrEqual(2);
  });

  it('plants Marcus Reid with upcoming bookings and pending payouts', async () => {
    const marcus = await db
      .selectFrom('users')
      .innerJoin('instructor_profiles', 'user_id', 'id')
      .selectAll()
      .where('email', '=', MARCUS.email)
      .executeTakeFirstOrThrow();
    expect(marcus.status).toBe('active');
    expect(marcus.background_check_status).toBe('passed');
    const upcoming = await db
      .selectFrom('bookings as b')
      .innerJoin('payments as p', 'p.booking_id', 'b.id')
      .select(['b.student_id', 'p.status'])
      .where('b.instructor_id', '=', MARCUS.userId)
      .where('b.status', '=', 'confirmed')
      .where('b.lesson_start', '>', NOW.toISOString())
      .execute();
    expect(upcoming.length).toBeGreaterThanOrEqual(4);
    expect(upcoming.length).toBeLessThanOrEqual(6);
    expect(new Set(upcoming.map((u) => u.student_id)).size).toBe(upcoming.length);
    expect(upcoming.every((u) => u.status === 'authorized' || u.status === 'pending')).toBe(true);
    const pending = await db
      .selectFrom('payouts')
      .select(['id', 'scheduled_for'])
      .where('instructor_id', '=', MARCUS.userId)
      .where('status', '=', 'pending')
      .execute();
    expect(pending.length).toBeGreaterThanOrEqual(2);
    expect(pending.length).toBeLessThanOrEqual(3);
    // Pending, not overdue: each falls due after now.
    expect(pending.filter((p) => new Date(p.scheduled_for).getTime() <= NOW.getTime())).toEqual([]);
  });

  it('plants failed webhooks, stuck payments and a failed payment', async () => {
    const since = new Date(NOW.getTime() - 24 * HOUR).toISOString();
    const failed = await db
      .selectFrom('webhook_events')
      .select(['event_id', 'attempts', 'error', 'type'])
      .where('status', '=', 'failed')
      .where(sql<string>`received_at`, '>=', since)
      .execute();
    expect(failed.length).toBeGreaterThanOrEqual(FAILED_WEBHOOKS.count);
    expect(
      failed.every((f) => f.attempts === 3 && /payment not found for pi_|timeout updating payment/.test(f.error ?? '')),
    ).toBe(true);
    const stuck = await db
      .selectFrom('payments')
      .select('id')
      .where('status', '=', 'authorized')
      .where('capture_at', '<', NOW.toISOString())
      .execute();
    expect(stuck.map((s) => s.id)).toEqual(expect.arrayContaining([...STUCK_PAYMENTS.paymentIds]));
    const recentFailed = await db
      .selectFrom('payments')
      .select('id')
      .where('status', '=', 'failed')
      .where('failed_at', '>=', since)
      .execute();
    expect(recentFailed.length).toBeGreaterThanOrEqual(1);
  });

  it('dips booking_started → booking_confirmed last week and spikes revenue on one day', async () => {
    const today = localDate(NOW, DEFAULT_TIME_ZONE);
    const day = (offset: number): string => startOfDayInstant(addDays(today, offset), DEFAULT_TIME_ZONE).toISOString();
    const conversion = async (from: string, to: string): Promise<number> => {
      const rows = await db
        .selectFrom('funnel_events')
        .select(['stage', (eb) => eb.fn.countAll<number>().as('n')])
        .where('occurred_at', '>=', from)
        .where('occurred_at', '<', to)
        .groupBy('stage')
        .execute();
      const n = (s: string): number => Number(rows.find((r) => r.stage === s)?.n ?? 0);
      return n('booking_confirmed') / n('booking_started');
    };
    const dip = await conversion(day(-FUNNEL_DIP.daysAgoFrom), day(-FUNNEL_DIP.daysAgoTo + 1));
    const before = await conversion(day(-FUNNEL_DIP.daysAgoFrom - 28), day(-FUNNEL_DIP.daysAgoFrom));
    expect(before).toBeGreaterThan(0.6);
    expect(dip).toBeLessThan(0.55);

    const gmv = await sql<{ d: string; gmv: number }>`
      select to_char(lesson_start at time zone ${DEFAULT_TIME_ZONE}, 'YYYY-MM-DD') as d, sum(price_cents)::int as gmv
      from bookings where status = 'completed' and lesson_start >= ${day(-40)}::timestamptz and lesson_start < ${day(-1)}::timestamptz
      group by 1 order by 1`.execute(db);
    const spikeDate = addDays(today, -REVENUE_SPIKE.daysAgo);
    const spike = gmv.rows.find((r) => r.d === spikeDate)?.gmv ?? 0;
    const others = gmv.rows
      .filter((r) => r.d !== spikeDate)
      .map((r) => r.gmv)
      .sort((a, b) => a - b);
    const median = others[Math.floor(others.length / 2)] ?? 1;
    expect(spike / median).toBeGreaterThan(2.4);
  });

  it('chains the audit log and uses the staff accounts', async () => {
    const rows = await db.selectFrom('audit_log').select(['id', 'prev_hash', 'hash', 'actor_email']).orderBy('id').execute();
    expect(rows.length).toBeGreaterThan(500);
    expect(rows[0]?.prev_hash).toBe('genesis');
    expect(rows.slice(1).every((r, i) => r.prev_hash === rows[i]?.hash)).toBe(true);
    expect(new Set(rows.map((r) => r.actor_email)).size).toBeLessThanOrEqual(STAFF.length);
    const staff = await db.selectFrom('staff_users').select('email').execute();
    expect(staff.map((s) => s.email).sort()).toEqual(STAFF.map((s) => s.email).sort());
  });

  it('has jobs, deploys, templates and notifications for the command center and communications', async () => {
    const jobs = await db
      .selectFrom('background_jobs')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const n = (s: string): number => Number(jobs.find((j) => j.status === s)?.n ?? 0);
    expect(n('succeeded')).toBeGreaterThan(n('failed'));
    expect(n('dead')).toBeGreaterThanOrEqual(1);
    expect(n('dead')).toBeLessThanOrEqual(3);
    // On-call's dead-letter story does not depend on chance: a capture gave up about two hours ago.
    const deadCaptures = await db
      .selectFrom('background_jobs')
      .select(['scheduled_at', 'attempts'])
      .where('status', '=', 'dead')
      .where('task', '=', 'capture_payment')
      .execute();
    expect(deadCaptures.some((j) => j.attempts === 5 && NOW.getTime() - new Date(j.scheduled_at).getTime() < 3 * 3_600_000)).toBe(
      true,
    );
    expect(n('queued') + n('running')).toBeGreaterThan(0);
    // The beat ran on its schedule up to now: the jobs page opens with no periodic task late.
    const beat = await db
      .selectFrom('background_jobs')
      .select(['task', (eb) => eb.fn.countAll<number>().as('runs'), (eb) => eb.fn.max('scheduled_at').as('last')])
      .where(
        'task',
        'in',
        MARKETPLACE_BEAT.map((t) => t.task),
      )
      .groupBy('task')
      .execute();
    for (const t of MARKETPLACE_BEAT) {
      const row = beat.find((b) => b.task === t.task);
      expect(Number(row?.runs), t.task).toBe((3 * 86_400) / t.everySeconds);
      expect(NOW.getTime() - new Date(row?.last ?? 0).getTime(), t.task).toBeLessThan(t.everySeconds * 1000);
    }
    const today = await db
      .selectFrom('deploys')
      .select('id')
      .where('deployed_at', '>=', new Date(NOW.getTime() - 24 * HOUR).toISOString())
      .execute();
    expect(today.length).toBeGreaterThanOrEqual(1);
    const keys = (await db.selectFrom('message_templates').select('key').execute()).map((r) => r.key);
    expect(keys).toEqual(
      expect.arrayContaining(['booking_confirmation', 'lesson_reminder', 'lesson_completed', 'announcement_general']),
    );
    const note = await db
      .selectFrom('notifications')
      .select(['subject', 'body_text'])
      .where('template', '=', 'booking_confirmation')
      .executeTakeFirstOrThrow();
    expect(note.body_text).not.toContain('{{');
  });

  it('gives each past campaign the outbox rows its figures count, addressed to people its audience allowed', async () => {
    const campaigns = await db
      .selectFrom('campaigns as c')
      .select([
        'c.name',
        'c.recipients_total',
        'c.sent_count',
        'c.failed_count',
        'c.excluded_count',
        sql<number>`(select count(distinct n.user_id)::int from notifications n where n.campaign_id = c.id)`.as('people'),
        sql<number>`(select count(*)::int from notifications n where n.campaign_id = c.id and n.status = 'sent')`.as('sent'),
        sql<number>`(select count(*)::int from notifications n where n.campaign_id = c.id and n.status = 'failed')`.as('failed'),
        sql<number>`(select count(*)::int from notifications n join users u on u.id = n.user_id
          where n.campaign_id = c.id and (u.status <> 'active' or u.marketing_opt_out or u.role <> 'student'))`.as('ineligible'),
        sql<number>`(select count(*)::int from notifications n where n.campaign_id = c.id and n.body_text like '%{{%')`.as(
          'unfilled',
        ),
      ])
      .orderBy('c.created_at')
      .execute();
    expect(campaigns.map((c) => c.name)).toEqual(['Spring lessons week', 'New coding instructors for recent students']);
    for (const c of campaigns) {
      expect(c.people, c.name).toBeGreaterThan(100);
      expect(c.recipients_total, c.name).toBe(c.people);
      expect(c.sent_count, c.name).toBe(c.sent);
      expect(c.failed_count, c.name).toBe(c.failed);
      expect(c.excluded_count, c.name).toBeGreaterThan(0);
      expect(c.ineligible, c.name).toBe(0);
      expect(c.unfilled, c.name).toBe(0);
    }
  });

  it('records a second admin as the approver of each past campaign over the approval threshold, as the console requires', () => {
    const rows = generateSampleRows({ now: NOW, seed: 7, staff: SAMPLE_STAFF.map((s) => ({ ...s, passwordHash: 'hash' })) });
    const idOf = (email: string) => rows.staff_users?.find((s) => s.email === email)?.id;
    const campaigns = rows.campaigns ?? [];
    expect(campaigns.some((c) => (c.recipients_total ?? 0) > DEFAULT_MESSAGE_APPROVAL_THRESHOLD)).toBe(true);
    for (const c of campaigns) {
      const over = (c.recipients_total ?? 0) > DEFAULT_MESSAGE_APPROVAL_THRESHOLD;
      expect(c.approved_by_staff_id, c.name).toBe(over ? idOf('admin2@ops.example') : null);
      expect(c.created_by_staff_id, c.name).toBe(idOf('admin@ops.example'));
    }
  });
});
