import { describe, expect, it } from 'vitest';
import { evidenceDue } from './flags.js';

const HOUR = 3_600_000;

describe('evidenceDue', () => {
  it('says how long is left in words that read right at every size', () => {
    expect(evidenceDue(-1)).toBe('the evidence deadline has passed');
    expect(evidenceDue(0)).toBe('the evidence deadline has passed');
    expect(evidenceDue(HOUR / 2)).toBe('evidence due within the hour');
    expect(evidenceDue(1.5 * HOUR)).toBe('evidence due in 1 hour');
    expect(evidenceDue(47.9 * HOUR)).toBe('evidence due in 47 hours');
    expect(evidenceDue(72 * HOUR)).toBe('evidence due in 3 days');
  });
});
