import { describe, expect, it } from 'vitest';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { recordingMailer } from '../../testing.js';
import { useStripeHarness } from '../../testing-hooks.js';
import type { OutgoingMail } from './mailer.js';
import { deliverOutbox, OUTBOX_STALE_MS } from './outbox.js';
import { Pacer } from './pacing.js';

const HOUR = 3_600_000;
const t = useStripeHarness({ timeoutMs: 5_000 });

function pass(log: OutgoingMail[], opts: { now?: () => Date; batchSize?: number } = {}) {
  return deliverOutbox(t.h.dbs.worker, {
    mailer: recordingMailer(log),
    pacer: new Pacer(Infinity),
    now: opts.now ?? (() => new Date()),
    batchSize: opts.batchSize,
  });
}

describe('the outbox of messages sent outside campaigns', () => {
  it("delivers a force cancel's notices once, to each person's address, and the preview and message say what happens", async () => {
    const db = t.h.dbs.api;
    const student = await seedStudent(db);
    const teacher = await seedInstructor(db);
    const { booking } = await seedBooking(db, {
      studentId: student.id,
      instructorId: teacher.user.id,
      lessonStart: new Date(Date.now() + 72 * HOUR),
      priceCents: 9_000,
      paymentStatus: 'pending',
    });
    const admin = t.h.caller('admin');
    const preview = await admin.bookings.cancel.preview({ bookingId: booking.id });
    expect(preview.effects.map((e) => e.label)).toContain('Email 2 people (the student and the instructor)');
    const done = await admin.bookings.cancel.execute({ confirmToken: preview.confirmToken, reason: 'Instructor is ill' });
    expect(done.message).toMatch(/ Email to 2 people queued for sending\./);
    const rows = () =>
      db
        .selectFrom('notifications')
        .select(['user_id', 'status', 'sent_at', 'error'])
        .where('booking_id', '=', booking.id)
        .where('template', '=', 'booking_cancelled')
        .execute();
    expect((await rows()).map((r) => r.status)).toEqual(['queued', 'queued']);

    const log: OutgoingMail[] = [];
    // Other tests' rows may share the outbox: passes run until it is empty.
    while ((await pass(log, { batchSize: 50 })) > 0);
    const after = await rows();
    expect(after.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(after.every((r) => r.sent_at !== null && r.error === null)).toBe(true);
    const ours = log.filter((m) => m.text.includes(`Your lesson ${booking.short_id} was cancelled`)).map((m) => m.to);
    expect(ours.sort()).toEqual([student.email, teacher.user.email].sort());

    // A second pass sends nothing again.
    const again: OutgoingMail[] = [];
    await pass(again);
    expect(again.filter((m) => m.text.includes(booking.short_id))).toEqual([]);
  });

  it('skips a notice that waited past its time, and leaves campaign rows and other channels to their own senders', async () => {
    const db = t.h.dbs.api;
    const student = await seedStudent(db);
    const old = new Date(Date.now() - OUTBOX_STALE_MS - HOUR).toISOString();
    const row = (template: string, channel: 'email' | 'sms', createdAt?: string) => ({
      user_id: student.id,
      channel,
      template,
      subject: template,
      body_text: template,
      status: 'queued' as const,
      ...(createdAt ? { created_at: createdAt } : {}),
    });
    await db
      .insertInto('notifications')
      .values([row('outbox_stale', 'email', old), row('outbox_sms', 'sms'), row('outbox_fresh', 'email')])
      .execute();
    const log: OutgoingMail[] = [];
    while ((await pass(log, { batchSize: 50 })) > 0);
    const rows = await db
      .selectFrom('notifications')
      .select(['template', 'status', 'error'])
      .where('user_id', '=', student.id)
      .orderBy('template')
      .execute();
    expect(rows.map((r) => [r.template, r.status])).toEqual([
      ['outbox_fresh', 'sent'],
      ['outbox_sms', 'queued'],
      ['outbox_stale', 'skipped'],
    ]);
    expect(rows.find((r) => r.template === 'outbox_stale')?.error).toMatch(/more than 48 hours/);
    expect(log.filter((m) => m.to === student.email).map((m) => m.subject)).toEqual(['outbox_fresh']);
  });
});
