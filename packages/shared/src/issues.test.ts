import { describe, expect, it } from 'vitest';
import { supportSearchInputSchema } from './support.js';
import { describeIssues } from './issues.js';

describe('describeIssues', () => {
  it('names each field once, whether or not the schema message already names it', () => {
    expect(
      describeIssues([
        { path: ['q'], message: 'q: type an email, phone, user id, booking id or name' },
        { path: ['amountCents'], message: 'Amount must be a number of cents' },
        { path: ['matchers', 0, 'name'], message: 'is required' },
        { path: [], message: 'Expected an object' },
      ]),
    ).toBe(
      'q: type an email, phone, user id, booking id or name; amountCents: Amount must be a number of cents; ' +
        'matchers.0.name: is required; input: Expected an object',
    );
  });

  it('prefixes a message that only starts with a longer word sharing the field name', () => {
    expect(describeIssues([{ path: ['q'], message: 'quantity: odd wording' }])).toBe('q: quantity: odd wording');
  });

  it("reads the support lookup's own refusal of a missing q with q named once", () => {
    const parsed = supportSearchInputSchema.safeParse({});
    expect(parsed.success).toBe(false);
    expect(describeIssues(parsed.error?.issues ?? [])).toBe('q: type an email, phone, user id, booking id or name');
  });
});
