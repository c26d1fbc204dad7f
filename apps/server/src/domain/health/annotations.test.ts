import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandles } from '@ops/db';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { createTestDatabase } from '@ops/db/testing';
import { chartAnnotations } from './annotations.js';

const NOW = new Date('2026-11-20T18:00:00Z');
const HOUR = 3_600_000;
const ALERT = 'WebhookFailuresHigh';

let dbs: DbHandles;
let drop: () => Promise<void>;
let shortId: string;
let bookingId: string;
let deployId: string;

beforeAll(async () => {
  ({ dbs, drop } = await createTestDatabase());
  const db = dbs.api;
  const student = await seedStudent(db);
  const { user: instructor } = await seedInstructor(db);
  const { booking } = await seedBooking(db, { studentId: student.id, instructorId: instructor.id, now: NOW });
  shortId = booking.short_id;
  bookingId = booking.id;
  const at = new Date(NOW.getTime() - HOUR).toISOString();
  const audit = (action: string, resource_type: string, resource_id: string) => ({
    occurred_at: at,
    actor_email: 'oncall@ops.example',
    action,
    resource_type,
    resource_id,
  });
  await db
    .insertInto('audit_log')
    .values([audit('alerts.silence', 'alert', ALERT), audit('bookings.cancel', 'booking', booking.id)])
    .execute();
  const deploy = await db
    .insertInto('deploys')
    .values({ service: 'api', version: '2026.11.20', sha: 'abcdef1234567', deployed_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  deployId = deploy.id;
});

afterAll(async () => {
  await drop();
});

describe('chart markers', () => {
  const read = () => chartAnnotations(dbs.api, new Date(NOW.getTime() - 2 * HOUR), NOW, ['alerts.silence', 'bookings.cancel']);

  it('names a booking by its short id and any other resource in full', async () => {
    const labels = (await read()).filter((a) => a.kind === 'audit').map((a) => a.label);
    expect(labels).toContain(`alerts.silence on alert ${ALERT} by oncall@ops.example`);
    expect(labels).toContain(`bookings.cancel on booking ${shortId} by oncall@ops.example`);
    expect(labels.join(' ')).not.toContain(bookingId.slice(0, 8));
  });

  it('links a deploy marker to the deploys page with the deploy it marks, and an action to its audit entry', async () => {
    const markers = await read();
    const deploy = markers.find((a) => a.kind === 'deploy');
    expect(deploy).toMatchObject({ deployId, href: `/deploys?deploy=${deployId}` });
    const audits = markers.flatMap((a) => (a.kind === 'audit' ? [a] : []));
    expect(audits).toHaveLength(2);
    for (const a of audits) expect(a.href).toBe(`/audit/${a.auditId}`);
  });
});
