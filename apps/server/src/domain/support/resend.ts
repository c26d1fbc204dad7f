import {
  formatCents,
  formatInZone,
  maskEmail,
  maskName,
  renderText,
  RESEND_TEMPLATE_LABELS,
  resendNotificationInputSchema,
  resendTemplateRefusal,
  type BookingMessageVariable,
  type ResendNotificationInput,
} from '@ops/shared';
import type { DbOrTx } from '@ops/db';
import { DomainError } from '../errors.js';
import { refuseErased } from '../erased.js';
import { defineAction, type ActionPlan } from '../actions/define.js';
import { bookingWithParties } from '../bookings/with-parties.js';

export interface ResendState {
  userId: string;
  bookingId: string;
  template: string;
  subject: string;
  body: string;
}

function lessonTimeText(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleString('en-US', {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
}

/**
 * What a resend would send: the booking's student, the template from message_templates rendered with the
 * booking's facts. The recipient is masked in what the agent sees; the row written holds the real message.
 */
export async function planResend(
  db: DbOrTx,
  input: ResendNotificationInput,
  opts: { timeZone: string; now: Date; lock: boolean },
): Promise<ActionPlan<ResendState>> {
  let bookingQuery = bookingWithParties(db)
    .select([
      'b.id',
      'b.short_id',
      'b.status',
      'b.lesson_start',
      'b.price_cents',
      'b.credits_applied_cents',
      's.id as student_id',
      's.email',
      's.first_name',
      's.last_name',
      's.status as student_status',
      's.erased_at as student_erased_at',
      'i.first_name as i_first',
      'i.last_name as i_last',
      'sv.name as service_name',
    ])
    .where('b.id', '=', input.bookingId);
  if (opts.lock) bookingQuery = bookingQuery.forUpdate('b');
  const [booking, template, payment, previous] = await Promise.all([
    bookingQuery.executeTakeFirst(),
    db
      .selectFrom('message_templates')
      .select(['subject', 'body', 'channel'])
      .where('key', '=', input.template)
      .executeTakeFirst(),
    db
      .selectFrom('payments')
      .select(['amount_cents', 'status'])
      .where('booking_id', '=', input.bookingId)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('notifications')
      .select(['created_at', 'status'])
      .where('booking_id', '=', input.bookingId)
      .where('template', '=', input.template)
      .orderBy('created_at', 'desc')
      .execute(),
  ]);
  if (!booking) throw new DomainError('NOT_FOUND', 'bookingId: no such booking');
  refuseErased({ erasedAt: booking.student_erased_at }, opts.timeZone);
  if (!template) {
    throw new DomainError(
      'PRECONDITION_FAILED',
      `template: no message template "${input.template}" exists; create it under Communications first`,
    );
  }
  const unfit = resendTemplateRefusal(input.template, booking.status);
  if (unfit) throw new DomainError('PRECONDITION_FAILED', unfit);
  const vars: Record<BookingMessageVariable, string> = {
    firstName: booking.first_name,
    instructorName: `${booking.i_first} ${booking.i_last}`,
    serviceName: booking.service_name,
    lessonTime: lessonTimeText(booking.lesson_start, opts.timeZone),
    shortId: booking.short_id,
    amount: formatCents(payment?.amount_cents ?? booking.price_cents - booking.credits_applied_cents),
  };
  const subject = renderText(template.subject, vars);
  const body = renderText(template.body, vars);
  const label = RESEND_TEMPLATE_LABELS[input.template];
  const recipient = maskEmail(booking.email);

  const warnings: string[] = [];
  if (booking.student_status !== 'active') warnings.push(`The student is ${booking.student_status}.`);
  // A confirmed booking whose lesson time has passed is not marked completed yet: the message still fits, but late.
  const lessonPast = Date.parse(booking.lesson_start) <= opts.now.getTime();
  if (input.template === 'lesson_reminder' && lessonPast) warnings.push('The lesson has already started: a reminder is late.');
  if (input.template === 'booking_confirmation' && lessonPast)
    warnings.push(
      `The lesson has already taken place (${formatInZone(booking.lesson_start, opts.timeZone)}): a confirmation now reads as a new booking.`,
    );
  const charged = payment !== undefined && ['captured', 'partially_refunded', 'refunded'].includes(payment.status);
  if (input.template === 'lesson_completed' && !charged && template.body.includes('{{amount}}'))
    warnings.push(
      `The card was not charged${payment ? ` (payment ${payment.status})` : ''}: the message tells the student it was charged ${vars.amount}.`,
    );
  const last = previous[0];
  if (last) {
    warnings.push(
      `Already sent ${previous.length === 1 ? 'once' : `${previous.length} times`}; last on ${formatInZone(last.created_at, opts.timeZone)} (${last.status}).`,
    );
  }

  return {
    resourceType: 'booking',
    resourceId: booking.id,
    summary: `Resend "${label}" for booking ${booking.short_id} to ${maskName(booking.first_name, booking.last_name)}`,
    effects: [
      { kind: 'notify', label: `Email to ${recipient}: "${subject}"`, count: 1 },
      { kind: 'info', label: `Message: ${body.replace(/\s*\n+\s*/g, ' ')}` },
    ],
    warnings,
    typeToConfirm: null,
    requiresApproval: false,
    state: { userId: booking.student_id, bookingId: booking.id, template: input.template, subject, body },
  };
}

/** Writes the message into the notifications outbox; with no mailer in sample mode the row is marked sent at once. */
export async function recordResend(
  tx: DbOrTx,
  state: ResendState,
  opts: { staffId: string; idempotencyKey: string; deliverNow: boolean; now: Date },
): Promise<{ notificationId: string; status: 'queued' | 'sent' }> {
  const status = opts.deliverNow ? ('sent' as const) : ('queued' as const);
  const row = await tx
    .insertInto('notifications')
    .values({
      user_id: state.userId,
      booking_id: state.bookingId,
      channel: 'email',
      template: state.template,
      subject: state.subject,
      body_text: state.body,
      status,
      dedupe_key: `${state.template}:${state.bookingId}:email:${opts.idempotencyKey}`,
      created_by_staff_id: opts.staffId,
      sent_at: opts.deliverNow ? opts.now : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { notificationId: row.id, status };
}

/** Sends one of the person's booking messages again (confirmation, reminder, receipt…), through the outbox. */
export const resendNotification = defineAction({
  name: 'support.resendNotification',
  title: 'Resend notification',
  description:
    "Resend one of a booking's messages to its student: the confirmation or a reminder of a confirmed booking, or the lesson-completed message of a completed one (refused for a booking in another state, whose message would be false).",
  destructive: false,
  permission: 'notifications.resend',
  input: resendNotificationInputSchema,
  plan: ({ db, input, ctx, lock }) => planResend(db, input, { timeZone: ctx.config.BUSINESS_TIME_ZONE, now: ctx.now(), lock }),
  async apply({ tx, plan, ctx, idempotencyKey }) {
    const sent = await recordResend(tx, plan.state, {
      staffId: ctx.staff.id,
      idempotencyKey,
      deliverNow: ctx.config.sampleMode,
      now: ctx.now(),
    });
    return {
      before: null,
      after: {
        notificationId: sent.notificationId,
        template: plan.state.template,
        userId: plan.state.userId,
        status: sent.status,
      },
      message:
        sent.status === 'sent'
          ? 'The message was sent (sample mode delivers at once).'
          : 'The message is queued in the notifications outbox.',
    };
  },
});
