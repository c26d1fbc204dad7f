import type { AddNoteInput, RevealedPii, SupportNoteRow } from '@ops/shared';
import { DomainError } from '../errors.js';
import { refuseErased } from '../erased.js';
import type { ActionContext } from '../actions/define.js';
import { writeAudit } from '../audit/write.js';

/** Adds a note to a person (optionally about one of their bookings); the note and its audit row commit together. */
export async function addNote(ctx: ActionContext, input: AddNoteInput): Promise<SupportNoteRow & { auditId: number }> {
  return ctx.db.transaction().execute(async (tx) => {
    const user = await tx
      .selectFrom('users')
      .select(['id', 'erased_at'])
      .where('id', '=', input.userId)
      .forShare()
      .executeTakeFirst();
    if (!user) throw new DomainError('NOT_FOUND', 'userId: no such user');
    refuseErased({ erasedAt: user.erased_at }, ctx.config.BUSINESS_TIME_ZONE);
    let shortId: string | null = null;
    if (input.bookingId) {
      const booking = await tx
        .selectFrom('bookings')
        .select(['short_id', 'student_id', 'instructor_id'])
        .where('id', '=', input.bookingId)
        .executeTakeFirst();
      if (!booking) throw new DomainError('NOT_FOUND', 'bookingId: no such booking');
      if (booking.student_id !== input.userId && booking.instructor_id !== input.userId) {
        throw new DomainError('BAD_REQUEST', 'bookingId: this booking does not belong to this person');
      }
      shortId = booking.short_id;
    }
    const note = await tx
      .insertInto('booking_notes')
      .values({
        user_id: input.userId,
        booking_id: input.bookingId ?? null,
        kind: input.kind,
        body: input.body,
        author_staff_id: ctx.staff.id,
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    const auditId = await writeAudit(tx, ctx.staff, ctx.request, {
      action: 'bookings.note',
      resourceType: input.bookingId ? 'booking' : 'user',
      resourceId: input.bookingId ?? input.userId,
      after: { noteId: note.id, kind: input.kind, userId: input.userId, bookingId: input.bookingId ?? null },
      reason: input.body.length > 200 ? `${input.body.slice(0, 199)}…` : input.body,
    });
    return {
      id: note.id,
      bookingId: input.bookingId ?? null,
      shortId,
      kind: input.kind,
      body: input.body,
      authorEmail: ctx.staff.email,
      createdAt: note.created_at,
      auditId,
    };
  });
}

/** Full email, phone and name of one person, for a stated reason; the reveal is audited in the same transaction. */
export async function revealPii(ctx: ActionContext, userId: string, reason: string): Promise<RevealedPii> {
  return ctx.db.transaction().execute(async (tx) => {
    const user = await tx
      .selectFrom('users')
      .select(['id', 'email', 'phone', 'first_name', 'last_name', 'erased_at'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user) throw new DomainError('NOT_FOUND', 'userId: no such user');
    refuseErased({ erasedAt: user.erased_at }, ctx.config.BUSINESS_TIME_ZONE);
    // The audit row records which fields were shown, never their values.
    const auditId = await writeAudit(tx, ctx.staff, ctx.request, {
      action: 'users.pii.reveal',
      resourceType: 'user',
      resourceId: user.id,
      after: { fields: ['email', 'phone', 'name'] },
      reason,
    });
    return {
      userId: user.id,
      email: user.email,
      phone: user.phone,
      firstName: user.first_name,
      lastName: user.last_name,
      auditId,
    };
  });
}
