import { describe, expect, it } from 'vitest';
import { decideRefund, refundCreateInputSchema } from './refunds.js';

const now = new Date('2026-03-01T12:00:00.000Z');
const at = (hours: number, extraMs = 0) => new Date(now.getTime() + hours * 3_600_000 + extraMs);

describe('refund policy', () => {
  it('exactly 24 h before the lesson: 100 % back to the card, instructor $0', () => {
    const d = decideRefund({ lessonStart: at(24), now, amountCents: 9_000 });
    expect(d).toMatchObject({ rule: 'card_24h_plus', method: 'card', studentCents: 9_000, instructorCents: 0 });
  });
  it('one millisecond under 24 h: 100 % as credit', () => {
    const d = decideRefund({ lessonStart: at(24, -1), now, amountCents: 9_000 });
    expect(d).toMatchObject({ rule: 'credit_12_to_24h', method: 'credit', studentCents: 9_000, instructorCents: 0 });
  });
  it('exactly 12 h before the lesson: still 100 % as credit', () => {
    const d = decideRefund({ lessonStart: at(12), now, amountCents: 9_000 });
    expect(d).toMatchObject({ rule: 'credit_12_to_24h', method: 'credit', studentCents: 9_000, instructorCents: 0 });
  });
  it('one millisecond under 12 h: 50 % credit, 50 % to the instructor, explained', () => {
    const d = decideRefund({ lessonStart: at(12, -1), now, amountCents: 9_000 });
    expect(d).toMatchObject({ rule: 'split_under_12h', method: 'credit', studentCents: 4_500, instructorCents: 4_500 });
    expect(d.explanation).toContain('50 % as credit ($45.00), 50 % paid to the instructor ($45.00)');
  });
  it('a lesson cancelled because its instructor was suspended: 100 % back to the card at any timing, instructor $0', () => {
    for (const hours of [72, 18, 1]) {
      const d = decideRefund({ lessonStart: at(hours), now, amountCents: 9_001, instructorSuspended: true });
      expect(d).toMatchObject({ rule: 'instructor_suspended', method: 'card', studentCents: 9_001, instructorCents: 0 });
    }
  });
  it('an odd cent goes to the student and nothing is lost', () => {
    const d = decideRefund({ lessonStart: at(1), now, amountCents: 9_001 });
    expect(d.studentCents + d.instructorCents).toBe(9_001);
    expect(d.studentCents).toBe(4_501);
  });
  it('after the lesson started the < 12 h rule still applies', () => {
    expect(decideRefund({ lessonStart: at(-3), now, amountCents: 1_000 }).rule).toBe('split_under_12h');
  });
  it.each(['DUPLICATE', 'INSTRUCTOR_NO_SHOW', 'PLATFORM_ERROR', 'FRAUD'] as const)(
    'override %s: full card refund whatever the timing',
    (code) => {
      const d = decideRefund({ lessonStart: at(2), now, amountCents: 12_345, overrideCode: code });
      expect(d).toMatchObject({ rule: 'override', method: 'card', studentCents: 12_345, instructorCents: 0 });
      expect(d.explanation).toContain(code);
    },
  );
  it('refuses a non-positive amount', () => {
    expect(() => decideRefund({ lessonStart: at(30), now, amountCents: 0 })).toThrow(/amountCents/);
  });
});

describe('refund input', () => {
  const bookingId = '00005eed-0000-4000-8000-000000000113';
  it('names the field of a negative amount', () => {
    const r = refundCreateInputSchema.safeParse({ bookingId, amountCents: -100 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['amountCents']);
  });
  it('names the field of an unknown override code', () => {
    const r = refundCreateInputSchema.safeParse({ bookingId, overrideCode: 'GOODWILL' });
    expect(r.error?.issues[0]?.path).toEqual(['overrideCode']);
    expect(r.error?.issues[0]?.message).toContain('DUPLICATE');
  });
  it('refuses fractional cents', () => {
    expect(refundCreateInputSchema.safeParse({ bookingId, amountCents: 10.5 }).success).toBe(false);
  });
});
