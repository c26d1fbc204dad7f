import { describe, expect, it } from 'vitest';
import { refundProblem } from './health.js';
import { sentence } from './labels.js';

describe('refundProblem', () => {
  it('says a refund no attempt has reached Stripe with is not sent yet, not "pending at Stripe after 0 attempts"', () => {
    expect(refundProblem({ kind: 'stuck', attempts: 0, error: null })).toBe('not sent to Stripe yet');
    expect(refundProblem({ kind: 'stuck', attempts: 1, error: null })).toBe('still pending at Stripe after 1 attempt');
    expect(refundProblem({ kind: 'stuck', attempts: 5, error: null })).toBe('still pending at Stripe after 5 attempts');
  });

  it("gives a failed refund's recorded error, or says Stripe could not complete it", () => {
    expect(refundProblem({ kind: 'failed', attempts: 1, error: 'charge_already_refunded' })).toBe(
      'failed: charge_already_refunded',
    );
    expect(refundProblem({ kind: 'failed', attempts: 1, error: null })).toBe('failed: Stripe could not complete it');
  });

  it('stands alone as a sentence on the payments page', () => {
    expect(sentence(refundProblem({ kind: 'stuck', attempts: 0, error: null }))).toBe('Not sent to Stripe yet');
  });
});
