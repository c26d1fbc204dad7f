import { describe, expect, it } from 'vitest';
import { maskEmail, maskName, maskPhone, normalizePhone } from './pii.js';

describe('PII masking', () => {
  it('masks emails to first and last letter of the local part', () => {
    expect(maskEmail('sarah.chen@example.com')).toBe('s***n@example.com');
    expect(maskEmail('a@example.com')).toBe('a***@example.com');
    expect(maskEmail('not-an-email')).toBe('***');
  });

  it('masks phones to the last four digits', () => {
    expect(maskPhone('+1 (212) 555-0142')).toBe('***-***-0142');
    expect(maskPhone(null)).toBeNull();
  });

  it('shows a first name and an initial', () => {
    expect(maskName('Sarah', 'Chen')).toBe('Sarah C.');
    expect(maskName('Cher', '')).toBe('Cher');
  });
});

describe('normalizePhone', () => {
  it('accepts any common formatting of the same number', () => {
    for (const input of ['(212) 555-0142', '212.555.0142', '+1 212 555 0142', '1-212-555-0142', '2125550142']) {
      expect(normalizePhone(input)).toBe('12125550142');
    }
  });

  it('refuses what is not a phone number', () => {
    expect(normalizePhone('sarah')).toBeNull();
    expect(normalizePhone('555-01')).toBeNull();
    expect(normalizePhone('b3f1c2d4-0000-4000-8000-000000000000')).toBeNull();
  });
});
