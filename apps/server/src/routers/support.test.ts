import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import type { Db } from '@ops/db';
import { TEMPLATES } from '@ops/db/seed/factories';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import type { User360 } from '@ops/shared';
import { auditRowById, createHarness, rejection, SARAH, statementsOf, type TestHarness } from '../testing.js';
import { createSentryClient } from '../integrations/sentry/client.js';
import { startSentryStandin } from '../integrations/sentry/standin.js';

let h: TestHarness;
let db: Db;
let sarahId: string;
let instructorId: string;
let disputedId: string;
let upcomingId: string;
let upcomingLessonDay: string;
const DISPUTED_SHORT = 'SCD1SPTE';
const UPCOMING_SHORT = 'SCUPC0M1';

async function codeOf(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
}

/** Many bookings with their payments in two statements, so a long history costs the test no time. */
async function bulkBookings(studentId: string, count: number, tag: string): Promise<void> {
  const now = Date.now();
  const rows = Array.from({ length: count }, (_, i) => ({
    short_id: `${tag}${String(i).padStart(8 - tag.length, '0')}`,
    student_id: studentId,
    instructor_id: instructorId,
    service_id: 'piano',
    status: 'completed' as const,
    lesson_start: new Date(now - (i + 2) * 86_400_000),
    duration_minutes: 60,
    price_cents: 8_000,
    platform_fee_cents: 1_200,
    instructor_payout_cents: 6_800,
  }));
  const inserted = await db.insertInto('bookings').values(rows).returning(['id', 'short_id']).execute();
  await db
    .insertInto('payments')
    .values(
      inserted.map((b) => ({
        booking_id: b.id,
        stripe_payment_intent_id: `pi_${b.short_id}`,
        amount_cents: 8_000,
        status: 'captured' as const,
      })),
    )
    .execute();
  const refundRows = inserted.slice(0, 3).map((b) => ({
    booking_id: b.id,
    student_id: studentId,
    amount_cents: 1_000,
    method: 'credit' as const,
    policy_rule: 'test',
    status: 'succeeded' as const,
  }));
  await db.insertInto('refunds').values(refundRows).execute();
}

beforeAll(async () => {
  h = await createHarness();
  db = h.dbs.api;
  const sarah = await seedStudent(db, {
    ...SARAH,
    phone: '+1 (212) 555-0142',
    created_at: new Date(Date.now() - 365 * 86_400_000),
  });
  sarahId = sarah.id;
  const teacher = await seedInstructor(db, { first_name: 'Elena', last_name: 'Petrova' });
  instructorId = teacher.user.id;
  const disputed = await seedBooking(db, {
    studentId: sarahId,
    instructorId,
    status: 'completed',
    lessonStart: new Date(Date.now() - 40 * 86_400_000),
    shortId: DISPUTED_SHORT,
  });
  disputedId = disputed.booking.id;
  await db
    .updateTable('payments')
    .set({
      disputed_at: new Date(Date.now() - 6 * 86_400_000),
      dispute_status: 'needs_response',
      dispute_evidence_due_by: new Date(Date.now() + 86_400_000),
    })
    .where('id', '=', disputed.payment.id)
    .execute();
  await db
    .insertInto('webhook_events')
    .values({
      source: 'stripe',
      event_id: 'evt_dispute_1',
      type: 'charge.dispute.created',
      status: 'processed',
      headers: {},
      booking_id: disputedId,
      user_id: sarahId,
      received_at: new Date(Date.now() - 6 * 86_400_000),
    })
    .execute();
  const upcoming = await seedBooking(db, {
    studentId: sarahId,
    instructorId,
    status: 'confirmed',
    lessonStart: new Date(Date.now() + 3 * 86_400_000),
    shortId: UPCOMING_SHORT,
  });
  upcomingId = upcoming.booking.id;
  upcomingLessonDay = new Date(upcoming.booking.lesson_start).toISOString().slice(0, 10);
  // Another Sarah, to check ranking and name search.
  await seedStudent(db, {
    email: 'sarah.chenoweth@example.com',
    first_name: 'Sarah',
    last_name: 'Chenoweth',
    phone: '+1 917 555 0100',
  });
  await db
    .insertInto('message_templates')
    .values(
      Object.entries(TEMPLATES).map(([key, t]) => ({
        key,
        name: t.name,
        channel: 'email' as const,
        subject: t.subject,
        body: t.body,
      })),
    )
    .execute();
});
afterAll(async () => {
  await h.close();
});

describe('support.search (one box)', () => {
  beforeAll(async () => {
    for (let i = 0; i < 25; i++) {
      await seedStudent(db, { email: `samuel${i}@example.com`, first_name: 'Samuel', last_name: `Miller${i}` });
    }
  });

  it('finds a person by email in any case, exact match first, with masked contact', async () => {
    for (const q of ['sarah.chen@example.com', 'SARAH.CHEN@EXAMPLE.COM', '  Sarah.Chen@Example.com ']) {
      const res = await h.caller('support').support.search({ q });
      expect(res.results[0]).toMatchObject({
        kind: 'user',
        userId: sarahId,
        exact: true,
        matchedOn: 'email',
        role: 'student',
        status: 'active',
      });
      expect(res.results[0]?.maskedEmail).toBe('s***n@example.com');
      expect(res.results[0]?.maskedPhone).toBe('***-***-0142');
      expect(res.results[0]?.displayName).toBe('Sarah C.');
      expect(JSON.stringify(res.results)).not.toContain('sarah.chen@example.com'.slice(1));
    }
  });

  it('lists every email starting with a prefix, the exact one first', async () => {
    const res = await h.caller('support').support.search({ q: 'sarah.chen' });
    expect(res.results.map((r) => r.maskedEmail)).toEqual(['s***n@example.com', 's***h@example.com']);
  });

  it('finds a person by phone in any formatting', async () => {
    for (const q of ['(212) 555-0142', '212.555.0142', '+1 212 555 0142', '2125550142']) {
      const res = await h.caller('support').support.search({ q });
      expect(res.results.map((r) => r.userId)).toEqual([sarahId]);
      expect(res.results[0]?.matchedOn).toBe('phone');
    }
  });

  it('finds a person by user id and a booking by id, short id (with #, any case) or unique prefix', async () => {
    expect((await h.caller('support').support.search({ q: sarahId })).results[0]).toMatchObject({
      kind: 'user',
      userId: sarahId,
      exact: true,
    });
    expect((await h.caller('support').support.search({ q: disputedId })).results[0]).toMatchObject({
      kind: 'booking',
      bookingId: disputedId,
      userId: sarahId,
    });
    for (const q of [DISPUTED_SHORT, `#${DISPUTED_SHORT}`, DISPUTED_SHORT.toLowerCase()]) {
      const res = await h.caller('support').support.search({ q });
      expect(res.results[0]).toMatchObject({ kind: 'booking', bookingId: disputedId, shortId: DISPUTED_SHORT, exact: true });
    }
    const prefix = await h.caller('support').support.search({ q: '#SCD1' });
    expect(prefix.results).toHaveLength(1);
    expect(prefix.results[0]).toMatchObject({ bookingId: disputedId, exact: false });
  });

  it('finds people by name prefix (first, or first and last)', async () => {
    const both = await h.caller('support').support.search({ q: 'sarah' });
    expect(both.results.map((r) => r.displayName).sort()).toEqual(['Sarah C.', 'Sarah C.']);
    // The one prefix match first; a merely similar full name (trigram) may follow it.
    const one = await h.caller('support').support.search({ q: 'Sarah Chenow' });
    expect(one.results[0]?.maskedEmail).toBe('s***h@example.com');
    expect(one.results.slice(1).every((r) => r.userId === sarahId)).toBe(true);
  });

  it('ranks names by relevance: the name the text covers most first, either word order, the display form', async () => {
    // 25 Samuels crowd an alphabetical list; "sa" still puts Sarah (the shorter, closer name) first.
    for (const q of ['sa', 'Sarah C.', 'chen sarah', 'Chen, Sarah', 'sarah chen']) {
      const res = await h.caller('support').support.search({ q });
      expect(res.results[0]?.userId, q).toBe(sarahId);
    }
    const exact = await h.caller('support').support.search({ q: 'Sarah Chen' });
    expect(exact.results.map((r) => r.maskedEmail)).toEqual(['s***n@example.com', 's***h@example.com']);
  });

  it('finds a person by the last 4+ digits of their phone', async () => {
    for (const q of ['0142', '555-0142', '5550142']) {
      const res = await h.caller('support').support.search({ q });
      expect(res.results[0], q).toMatchObject({ userId: sarahId, matchedOn: 'phone', exact: false });
    }
  });

  it('gives the true total and the rest through keyset "show more", each person once', async () => {
    const first = await h.caller('support').support.search({ q: 'samuel' });
    expect(first.total).toBe(25);
    expect(first.results).toHaveLength(20);
    expect(first.nextCursor).not.toBeNull();
    const more = await h.caller('support').support.search({ q: 'samuel', cursor: first.nextCursor ?? '' });
    expect(more.results).toHaveLength(5);
    expect(more.nextCursor).toBeNull();
    const ids = [...first.results, ...more.results].map((r) => r.userId);
    expect(new Set(ids).size).toBe(25);
    await expect(h.caller('support').support.search({ q: 'samuel', cursor: 'nonsense' })).rejects.toThrow(/cursor/);
  });

  it('tells people apart: joined date, latest lesson, masked contact', async () => {
    const res = await h.caller('support').support.search({ q: 'sarah' });
    const sarah = res.results.find((r) => r.userId === sarahId);
    expect(sarah?.joinedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(sarah?.lastBookingAt).not.toBeNull();
    const other = res.results.find((r) => r.userId !== sarahId);
    expect(other?.lastBookingAt).toBeNull();
  });

  it('answers a lookup with one statement a reading, with the details that tell people apart', async () => {
    // An id is read as a person's and as a booking's, in the same statement.
    const readings = { 'sarah.chen@example.com': 1, [sarahId]: 1, [disputedId]: 1, [DISPUTED_SHORT]: 1 };
    for (const [q, statements] of Object.entries(readings)) {
      const sent = await statementsOf(h.dbs, async () => {
        const res = await h.caller('support').support.search({ q });
        expect(res.results[0], q).toMatchObject({ userId: sarahId, city: null });
        expect(res.results[0]?.joinedAt, q).toMatch(/^\d{4}-\d{2}-\d{2}T/);
        expect(res.results[0]?.lastBookingAt?.slice(0, 10), q).toBe(upcomingLessonDay);
      });
      expect(sent, q).toHaveLength(statements);
    }
    const teacher = await h.caller('support').support.search({ q: instructorId });
    expect(teacher.results[0]).toMatchObject({ userId: instructorId, role: 'instructor' });
    expect(teacher.results[0]?.lastBookingAt?.slice(0, 10)).toBe(upcomingLessonDay);
  });

  it('reads the latest lesson from bookings that happen or happened: a cancelled one is no lesson', async () => {
    const student = await seedStudent(db, { first_name: 'Cancelled', last_name: 'Later', status: 'suspended' });
    const teacher = await seedInstructor(db, { first_name: 'Only', last_name: 'Cancelled' });
    const held = await seedBooking(db, {
      studentId: student.id,
      instructorId,
      status: 'completed',
      lessonStart: new Date(Date.now() - 10 * 86_400_000),
    });
    // Cancelled when the student was suspended, and later than the lesson they had.
    await seedBooking(db, {
      studentId: student.id,
      instructorId: teacher.user.id,
      status: 'cancelled',
      lessonStart: new Date(Date.now() + 5 * 86_400_000),
    });
    const found = await h.caller('support').support.search({ q: student.id });
    expect(found.results[0]?.lastBookingAt).toBe(new Date(held.booking.lesson_start).toISOString());
    const instructor = await h.caller('support').support.search({ q: teacher.user.id });
    expect(instructor.results[0]).toMatchObject({ userId: teacher.user.id, lastBookingAt: null });
  });

  it('tolerates a typo in a full name (trigram similarity)', async () => {
    const res = await h.caller('support').support.search({ q: 'Sarha Chen' });
    expect(res.results[0]?.userId).toBe(sarahId);
  });

  it('treats LIKE wildcards literally and refuses too-short input naming the field', async () => {
    expect((await h.caller('support').support.search({ q: '%@example.com' })).results).toEqual([]);
    await expect(h.caller('support').support.search({ q: 'a' })).rejects.toThrow(/q: Type at least 2 characters/);
  });

  it('is refused to a role without users.read', async () => {
    expect(await codeOf(h.caller('exec').support.search({ q: 'sarah' }))).toBe('FORBIDDEN');
    expect(await codeOf(h.caller(null).support.search({ q: 'sarah' }))).toBe('UNAUTHORIZED');
  });
});

describe('support.user (the 360)', () => {
  it('shows masked profile, bookings with payment status, flags and suggestions', async () => {
    const view = await h.caller('support').support.user({ userId: sarahId });
    expect(view.profile).toMatchObject({
      displayName: 'Sarah C.',
      maskedEmail: 's***n@example.com',
      maskedPhone: '***-***-0142',
      role: 'student',
    });
    expect(JSON.stringify(view)).not.toContain('sarah.chen@');
    expect(view.stats.bookingsTotal).toBe(2);
    expect(view.stats.disputes).toBe(1);
    const disputed = view.bookings.find((b) => b.id === disputedId);
    expect(disputed).toMatchObject({
      shortId: DISPUTED_SHORT,
      paymentStatus: 'captured',
      disputed: true,
      counterpartName: 'Elena P.',
    });
    expect(view.flags.map((f) => f.code)).toContain('dispute');
    expect(view.suggestedActions.map((a) => a.label)).toContain(`Gather evidence for the dispute on booking ${DISPUTED_SHORT}`);
  });

  it('names each lesson\'s service as the catalogue does ("SAT prep", not its id made into words)', async () => {
    const student = await seedStudent(db, { first_name: 'Tomás', last_name: 'Reyes' });
    const booked = await seedBooking(db, {
      studentId: student.id,
      instructorId,
      serviceId: 'sat-prep',
      status: 'confirmed',
      lessonStart: new Date(Date.now() + 5 * 86_400_000),
    });
    const view = await h.caller('support').support.user({ userId: student.id });
    expect(view.bookings.map((b) => [b.serviceId, b.serviceName])).toEqual([['sat-prep', 'SAT prep']]);
    const detail = await h.caller('support').bookings.detail({ bookingId: booked.booking.id });
    expect(detail.booking).toMatchObject({ serviceId: 'sat-prep', serviceName: 'SAT prep' });
  });

  it('runs the same number of queries for a history of 5 and of 500 bookings', async () => {
    const small = await seedStudent(db, { first_name: 'Small', last_name: 'History' });
    const big = await seedStudent(db, { first_name: 'Big', last_name: 'History' });
    await bulkBookings(small.id, 5, 'SM');
    await bulkBookings(big.id, 500, 'BG');
    const count = async (userId: string) => {
      let view: User360 | undefined;
      const sent = await statementsOf(h.dbs, async () => {
        view = await h.caller('support').support.user({ userId });
      });
      if (view === undefined) throw new Error('no 360 view');
      return { n: sent.length, view };
    };
    const a = await count(small.id);
    const b = await count(big.id);
    expect(a.view.stats.bookingsTotal).toBe(5);
    expect(b.view.stats.bookingsTotal).toBe(500);
    expect(b.view.bookings).toHaveLength(b.view.listLimit);
    expect(b.view.refunds).toHaveLength(3);
    expect(Object.keys(b.view.refunds[0] ?? {}).sort()).toEqual(
      [
        'id',
        'bookingId',
        'shortId',
        'amountCents',
        'method',
        'status',
        'policyRule',
        'overrideCode',
        'reason',
        'createdAt',
        'kind',
        'origin',
        'error',
      ].sort(),
    );
    expect(b.view.refunds[0]?.shortId).toMatch(/^BG/);
    expect(a.n).toBe(b.n);
    // One statement per panel (the approvals waiting on this person made it eleven), whatever the history.
    expect(a.n).toBeLessThanOrEqual(11);
  });

  it('raises the fraud signals for a student whose refunds trip them', async () => {
    const tyler = await seedStudent(db, { first_name: 'Tyler', last_name: 'Voss' });
    const times = [10 * 24, 10 * 24 - 9, 9 * 24 - 2, 3 * 24].map((hAgo) => new Date(Date.now() - hAgo * 3_600_000));
    for (let i = 0; i < 8; i++) {
      const { booking, payment } = await seedBooking(db, {
        studentId: tyler.id,
        instructorId,
        status: 'completed',
        lessonStart: new Date(Date.now() - (50 - i * 5) * 86_400_000),
        priceCents: 16_500,
      });
      const at = times[i];
      if (at) {
        await db
          .insertInto('refunds')
          .values({
            booking_id: booking.id,
            payment_id: payment.id,
            student_id: tyler.id,
            amount_cents: 16_500,
            method: 'card',
            policy_rule: 'override',
            status: 'succeeded',
            created_at: at,
          })
          .execute();
      }
    }
    const view = await h.caller('support').support.user({ userId: tyler.id });
    expect(view.fraudSignals.map((s) => s.code)).toEqual(['refund_rate', 'rapid_refunds', 'refund_total']);
    expect(view.flags.map((f) => f.code)).toContain('fraud');
    expect(view.warnings.join(' ')).toContain('Fraud signals');
  });

  it('answers NOT_FOUND for an unknown person', async () => {
    expect(await codeOf(h.caller('support').support.user({ userId: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
  });
});

describe('support.revealPii', () => {
  it('returns the full details and writes the reveal to the audit trail in the same call', async () => {
    const pii = await h
      .caller('support')
      .support.revealPii({ userId: sarahId, reason: 'Caller verified identity for the dispute' });
    expect(pii).toMatchObject({
      email: 'sarah.chen@example.com',
      phone: '+1 (212) 555-0142',
      firstName: 'Sarah',
      lastName: 'Chen',
    });
    const row = await auditRowById(db, pii.auditId);
    expect(row).toMatchObject({
      action: 'users.pii.reveal',
      resource_type: 'user',
      resource_id: sarahId,
      actor_email: 'support@test.example',
      reason: 'Caller verified identity for the dispute',
    });
    expect(JSON.stringify(row.after)).not.toContain('sarah.chen@example.com');
    const view = await h.caller('support').support.user({ userId: sarahId });
    expect(view.audit[0]).toMatchObject({ action: 'users.pii.reveal', reason: 'Caller verified identity for the dispute' });
  });

  it('needs a reason, and is refused to roles without users.pii.reveal; neither writes anything', async () => {
    const before = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(h.caller('support').support.revealPii({ userId: sarahId, reason: ' ' })).rejects.toThrow(
      /reason: Reason is required/,
    );
    expect(await codeOf(h.caller('oncall').support.revealPii({ userId: sarahId, reason: 'curious about this' }))).toBe(
      'FORBIDDEN',
    );
    const after = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe('support.addNote', () => {
  it('adds an audited note about a booking that shows on the 360 and the booking page', async () => {
    const note = await h.caller('support').support.addNote({
      userId: sarahId,
      bookingId: disputedId,
      kind: 'dispute',
      body: 'Student confirms the lesson happened; sending evidence.',
    });
    const audit = await auditRowById(db, note.auditId);
    expect(audit).toMatchObject({ action: 'bookings.note', resource_type: 'booking', resource_id: disputedId });
    const view = await h.caller('support').support.user({ userId: sarahId });
    expect(view.notes[0]).toMatchObject({ kind: 'dispute', shortId: DISPUTED_SHORT, authorEmail: 'support@test.example' });
    const booking = await h.caller('support').bookings.detail({ bookingId: disputedId });
    expect(booking.notes[0]?.body).toContain('sending evidence');
    expect(booking.timeline.some((e) => e.kind === 'note')).toBe(true);
  });

  it('refuses a booking of somebody else, a bad kind and an empty body, writing nothing', async () => {
    const other = await seedStudent(db);
    const before = await db
      .selectFrom('booking_notes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      h.caller('support').support.addNote({ userId: other.id, bookingId: disputedId, kind: 'internal', body: 'wrong person' }),
    ).rejects.toThrow(/bookingId: this booking does not belong/);
    await expect(
      h.caller('support').support.addNote({ userId: sarahId, kind: 'gossip' as 'internal', body: 'hello there' }),
    ).rejects.toThrow(/kind: kind must be one of/);
    await expect(h.caller('support').support.addNote({ userId: sarahId, kind: 'internal', body: '  ' })).rejects.toThrow(
      /body: Note must be at least 3/,
    );
    expect(await codeOf(h.caller('exec').support.addNote({ userId: sarahId, kind: 'internal', body: 'exec note' }))).toBe(
      'FORBIDDEN',
    );
    const after = await db
      .selectFrom('booking_notes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe('support.resendNotification (preview / confirm)', () => {
  it('previews the masked recipient and the rendered message, and execute writes the outbox row and the audit', async () => {
    const preview = await h
      .caller('support')
      .support.resendNotification.preview({ bookingId: upcomingId, template: 'booking_confirmation' });
    expect(preview.effects[0]?.label).toBe('Email to s***n@example.com: "Your Piano lesson is booked"');
    expect(preview.effects[1]?.label).toContain(`Hi Sarah, Your Piano lesson with Elena Petrova`);
    expect(preview.effects[1]?.label).toContain(`(booking ${UPCOMING_SHORT})`);
    const before = await db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('booking_id', '=', upcomingId)
      .executeTakeFirstOrThrow();
    const result = await h
      .caller('support')
      .support.resendNotification.execute({ confirmToken: preview.confirmToken, reason: 'Student cannot find the email' });
    expect(result.auditId).not.toBeNull();
    const rows = await db.selectFrom('notifications').selectAll().where('booking_id', '=', upcomingId).execute();
    expect(rows.length).toBe(before.n + 1);
    const sent = rows.find((r) => r.created_by_staff_id === h.staff.support.id);
    expect(sent).toMatchObject({
      user_id: sarahId,
      template: 'booking_confirmation',
      channel: 'email',
      subject: 'Your Piano lesson is booked',
    });
    expect(sent?.status === 'queued' || sent?.status === 'sent').toBe(true);
    const audit = await auditRowById(db, result.auditId);
    expect(audit).toMatchObject({
      action: 'support.resendNotification',
      resource_type: 'booking',
      resource_id: upcomingId,
      reason: 'Student cannot find the email',
    });
    const again = await h
      .caller('support')
      .support.resendNotification.preview({ bookingId: upcomingId, template: 'booking_confirmation' });
    expect(again.warnings.join(' ')).toMatch(
      /Already sent once; last on [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M E[SD]T \(\w+\)\./,
    );
  });

  it('refuses a message the booking state would make false, naming the field, and is refused without notifications.resend', async () => {
    const support = h.caller('support');
    // Thanks for a lesson still to come, or a confirmation of one long past: false, refused before any preview.
    expect(
      await rejection(support.support.resendNotification.preview({ bookingId: upcomingId, template: 'lesson_completed' })),
    ).toEqual({
      code: 'PRECONDITION_FAILED',
      message:
        'template: the booking is confirmed, and "Lesson completed" thanks the student for a lesson that took place; it is sent only for a completed booking.',
    });
    expect(
      await rejection(support.support.resendNotification.preview({ bookingId: disputedId, template: 'booking_confirmation' })),
    ).toEqual({
      code: 'PRECONDITION_FAILED',
      message:
        'template: the booking is completed, and "Booking confirmation" says the lesson is confirmed; it is sent only for a confirmed booking.',
    });
    // A cancelled booking gets neither a confirmation nor a reminder.
    const cancelled = await seedBooking(db, {
      studentId: sarahId,
      instructorId,
      status: 'cancelled',
      lessonStart: new Date(Date.now() + 5 * 86_400_000),
    });
    for (const template of ['booking_confirmation', 'lesson_reminder'] as const) {
      const refused = await rejection(support.support.resendNotification.preview({ bookingId: cancelled.booking.id, template }));
      expect(refused.code).toBe('PRECONDITION_FAILED');
      expect(refused.message).toMatch(/^template: the booking is cancelled, and "[A-Z][a-z]+ [a-z]+" says the lesson is /);
    }
    // A confirmed lesson whose time has passed (not marked completed yet) still gets its confirmation, with a warning.
    const unmarked = await seedBooking(db, {
      studentId: sarahId,
      instructorId,
      status: 'confirmed',
      lessonStart: new Date(Date.now() - 2 * 86_400_000),
    });
    const past = await support.support.resendNotification.preview({
      bookingId: unmarked.booking.id,
      template: 'booking_confirmation',
    });
    expect(past.warnings.join(' ')).toMatch(
      /The lesson has already taken place \([A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M E[SD]T\): a confirmation now reads as a new booking\./,
    );
    const upcoming = await support.support.resendNotification.preview({
      bookingId: upcomingId,
      template: 'booking_confirmation',
    });
    expect(upcoming.warnings.join(' ')).not.toContain('already taken place');
    // A completed lesson whose card was not charged: the message would say it was.
    const uncharged = await seedBooking(db, {
      studentId: sarahId,
      instructorId,
      status: 'completed',
      lessonStart: new Date(Date.now() - 3 * 86_400_000),
    });
    await db.updateTable('payments').set({ status: 'authorized' }).where('id', '=', uncharged.payment.id).execute();
    const thanks = await support.support.resendNotification.preview({
      bookingId: uncharged.booking.id,
      template: 'lesson_completed',
    });
    expect(thanks.warnings.join(' ')).toMatch(
      /The card was not charged \(payment authorized\): the message tells the student it was charged \$/,
    );
    expect(
      await codeOf(
        h.caller('oncall').support.resendNotification.preview({ bookingId: upcomingId, template: 'booking_confirmation' }),
      ),
    ).toBe('FORBIDDEN');
  });

  it('refuses to send a confirmation previewed before the booking was cancelled, and sends nothing', async () => {
    const booking = await seedBooking(db, {
      studentId: sarahId,
      instructorId,
      status: 'confirmed',
      lessonStart: new Date(Date.now() + 4 * 86_400_000),
    });
    const support = h.caller('support');
    const preview = await support.support.resendNotification.preview({
      bookingId: booking.booking.id,
      template: 'booking_confirmation',
    });
    await db.updateTable('bookings').set({ status: 'cancelled' }).where('id', '=', booking.booking.id).execute();
    const refused = await rejection(
      support.support.resendNotification.execute({ confirmToken: preview.confirmToken, reason: 'Student cannot find it' }),
    );
    expect(refused.code).toBe('PRECONDITION_FAILED');
    expect(refused.message).toMatch(/^template: the booking is cancelled/);
    const sent = await db.selectFrom('notifications').select('id').where('booking_id', '=', booking.booking.id).execute();
    expect(sent).toEqual([]);
  });
});

describe('bookings.detail', () => {
  it('lists the refunds newest first, as every other list', async () => {
    const seeded = await seedBooking(db, {
      studentId: sarahId,
      instructorId,
      status: 'completed',
      lessonStart: new Date(Date.now() - 20 * 86_400_000),
    });
    const refund = (reason: string, daysAgo: number) => ({
      booking_id: seeded.booking.id,
      student_id: sarahId,
      amount_cents: 1_000,
      method: 'credit' as const,
      policy_rule: 'test',
      status: 'succeeded' as const,
      reason,
      created_at: new Date(Date.now() - daysAgo * 86_400_000),
    });
    await db
      .insertInto('refunds')
      .values([refund('middle', 5), refund('oldest', 9), refund('newest', 1)])
      .execute();
    const detail = await h.caller('support').bookings.detail({ bookingId: seeded.booking.id });
    expect(detail.refunds.map((r) => r.reason)).toEqual(['newest', 'middle', 'oldest']);
  });

  it('dates the disputed booking from creation to settlement with its webhook and dispute', async () => {
    const detail = await h.caller('support').bookings.detail({ bookingId: disputedId });
    const kinds = detail.timeline.map((e) => e.kind);
    for (const k of ['created', 'authorized', 'lesson', 'captured', 'settled', 'dispute', 'webhook'] as const)
      expect(kinds).toContain(k);
    expect(kinds.indexOf('created')).toBeLessThan(kinds.indexOf('authorized'));
    expect(kinds.indexOf('lesson')).toBeLessThan(kinds.indexOf('captured'));
    expect(detail.timeline.every((e, i, all) => i === 0 || (all[i - 1]?.at ?? '') <= e.at)).toBe(true);
    // Stripe gave seven days for evidence six days ago: the deadline is a day away, said in hours.
    expect(detail.suggestedActions[0]?.label).toMatch(
      /^Respond to the dispute with the lesson record: evidence due in (2[0-4]|1\d) hours$/,
    );
    expect(Date.parse(detail.payment?.disputeEvidenceDueBy ?? '')).toBeGreaterThan(Date.now());
    expect(detail.suggestedActions[0]?.why).toMatch(/^The card issuer opened a dispute \(dispute needs response\);/);
    expect(detail.student.maskedEmail).toBe('s***n@example.com');
    // The booking, its payment and its webhooks carry exactly the fields the page reads.
    expect(Object.keys(detail.booking).sort()).toEqual(
      [
        'id',
        'shortId',
        'status',
        'serviceId',
        'serviceName',
        'lessonStart',
        'durationMinutes',
        'priceCents',
        'platformFeeCents',
        'instructorPayoutCents',
        'creditsAppliedCents',
        'createdAt',
        'confirmedAt',
        'completedAt',
        'cancelledAt',
        'cancelledBy',
        'cancellationReason',
      ].sort(),
    );
    expect(detail.payment).toMatchObject({ status: 'captured', disputeStatus: 'needs_response', cardLast4: '4242' });
    expect(Object.keys(detail.payment ?? {}).sort()).toEqual(
      [
        'id',
        'status',
        'amountCents',
        'amountRefundedCents',
        'authorizeAt',
        'captureAt',
        'authorizedAt',
        'capturedAt',
        'failedAt',
        'failureCode',
        'failureMessage',
        'cardBrand',
        'cardLast4',
        'disputedAt',
        'disputeStatus',
        'disputeEvidenceDueBy',
      ].sort(),
    );
    expect(Object.keys(detail.webhooks[0] ?? {}).sort()).toEqual(['error', 'id', 'receivedAt', 'source', 'status', 'type']);
  });

  it('shows the scheduled authorize and capture of an upcoming lesson', async () => {
    const detail = await h.caller('support').bookings.detail({ bookingId: upcomingId });
    const scheduled = detail.timeline.filter((e) => e.scheduled).map((e) => e.kind);
    expect(scheduled).toEqual(['authorize_scheduled', 'lesson', 'capture_scheduled']);
  });
});

describe('support.trail without vendors configured', () => {
  it('merges our rows and marks every vendor as not configured', async () => {
    const trail = await h.caller('support').support.trail({ userId: sarahId });
    expect(trail.sources.map((s) => [s.source, s.state])).toEqual([
      ['postgres', 'ok'],
      ['stripe', 'not_configured'],
      ['sentry', 'not_configured'],
      ['axiom', 'not_configured'],
    ]);
    expect(trail.entries.some((e) => e.kind === 'webhook' && e.label.includes('charge.dispute.created'))).toBe(true);
    expect(trail.entries.every((e, i, all) => i === 0 || (all[i - 1]?.at ?? '') >= e.at)).toBe(true);
    await expect(h.caller('support').support.trail({ userId: sarahId, bookingId: disputedId })).rejects.toThrow(
      /userId or bookingId/,
    );
  });

  it("lists the person's Sentry issues with their times read in the business zone, like every time on the page", async () => {
    const standin = await startSentryStandin({ db });
    h.services.integrations.sentry = createSentryClient({
      url: standin.url,
      org: standin.org,
      token: standin.token,
      timeoutMs: 15_000,
    });
    try {
      const trail = await h.caller('support').support.trail({ userId: sarahId });
      expect(trail.sources.find((s) => s.source === 'sentry')?.state).toBe('ok');
      const errors = trail.entries.filter((e) => e.source === 'sentry');
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) {
        expect(e.detail).toMatch(/^\d+ events? · first seen [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M E[SD]T( · |$)/);
      }
      expect(errors.every((e) => e.href?.startsWith(standin.url))).toBe(true);
      // Served by a stand-in over sample data, an issue has no Sentry page to open: its entry is not a link.
      h.services.integrations.sample.sentry = true;
      const sample = await h.caller('support').support.trail({ userId: sarahId });
      const sampleErrors = sample.entries.filter((e) => e.source === 'sentry');
      expect(sampleErrors.length).toBe(errors.length);
      expect(sampleErrors.every((e) => e.href === null)).toBe(true);
    } finally {
      h.services.integrations.sample.sentry = false;
      h.services.integrations.sentry = null;
      await standin.close();
    }
  });

  it('says Stripe is not configured in the Stripe panel instead of failing', async () => {
    const panel = await h.caller('support').support.stripe({ userId: sarahId });
    expect(panel.status.state).toBe('not_configured');
    expect(panel.message).toContain('not configured');
  });
});

describe('admin actions stay with admins', () => {
  it('refuses a support account the admin actions on the pages it can open', async () => {
    const support = h.caller('support');
    expect(await codeOf(support.students.adjustCredit.preview({ userId: sarahId, amountCents: 500 }))).toBe('FORBIDDEN');
    expect(await codeOf(support.bookings.cancel.preview({ bookingId: upcomingId }))).toBe('FORBIDDEN');
    expect(await codeOf(support.bookings.complete.preview({ bookingId: upcomingId }))).toBe('FORBIDDEN');
    expect(await codeOf(support.students.suspend.preview({ userId: sarahId }))).toBe('FORBIDDEN');
    expect(await codeOf(support.instructors.suspend.preview({ userId: instructorId }))).toBe('FORBIDDEN');
  });
});
