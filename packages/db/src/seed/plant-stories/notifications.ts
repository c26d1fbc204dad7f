import { DAY, HOUR, buildNotification, formatUsd, lessonTimeText, msOf } from '../factories.js';
import { ELENA, SARAH } from '../stories.js';
import type { StoryKit } from './kit.js';

/** The confirmations, reminders and lesson-completed messages Sarah was sent. */
export function plantSarahNotifications(kit: StoryKit): void {
  const { nowMs, rows, nextId, built } = kit;
  for (const b of built.values()) {
    if (b.booking.student_id !== SARAH.userId) continue;
    const startMs = msOf(b.booking.lesson_start);
    const teacherName = b.booking.instructor_id === ELENA.userId ? 'Elena Petrova' : 'David Okafor';
    const vars = {
      firstName: 'Sarah',
      instructorName: teacherName,
      serviceName: b.booking.service_id === 'sat-prep' ? 'SAT prep' : b.booking.service_id === 'piano' ? 'Piano' : 'Spanish',
      lessonTime: lessonTimeText(startMs),
      shortId: b.booking.short_id,
      amount: formatUsd(b.payment.amount_cents),
    };
    rows.notifications.push(
      buildNotification({
        id: nextId(),
        userId: SARAH.userId,
        bookingId: b.booking.id,
        template: 'booking_confirmation',
        vars,
        createdAtMs: msOf(b.booking.created_at) + 5 * 60_000,
      }),
    );
    if (startMs - DAY <= nowMs)
      rows.notifications.push(
        buildNotification({
          id: nextId(),
          userId: SARAH.userId,
          bookingId: b.booking.id,
          template: 'lesson_reminder',
          vars,
          createdAtMs: Math.max(startMs - DAY, msOf(b.booking.created_at) + 10 * 60_000),
        }),
      );
    if (b.booking.status === 'completed')
      rows.notifications.push(
        buildNotification({
          id: nextId(),
          userId: SARAH.userId,
          bookingId: b.booking.id,
          template: 'lesson_completed',
          vars,
          createdAtMs: startMs + 2 * HOUR,
        }),
      );
  }
}
