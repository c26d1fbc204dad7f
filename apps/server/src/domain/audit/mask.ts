import { maskEmail, maskPhone } from '@ops/shared';

const EMAIL_KEY = /email/i;
const PHONE_KEY = /phone/i;
const LAST_NAME_KEY = /^(last_?name|lastName)$/i;
const FULL_NAME_KEY = /^(full_?name|fullName|name|displayName)$/;

function maskFullName(value: string): string {
  const [first = '', ...rest] = value.trim().split(/\s+/);
  const last = rest.at(-1);
  return last ? `${first} ${last.charAt(0).toUpperCase()}.` : first;
}

/**
 * Masks PII inside an audit row's before/after by key name (emails, phones, last and full names), the same rules
 * as everywhere else (DESIGN.md "PII"). Staff emails live in actor_email, not here, and stay readable.
 */
export function maskPiiDeep(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => maskPiiDeep(v, key));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskPiiDeep(v, k)]));
  }
  if (typeof value !== 'string' || key === '') return value;
  if (EMAIL_KEY.test(key) && value.includes('@')) return maskEmail(value);
  if (PHONE_KEY.test(key)) return maskPhone(value);
  if (LAST_NAME_KEY.test(key)) return value ? `${value.charAt(0).toUpperCase()}.` : value;
  if (FULL_NAME_KEY.test(key)) return maskFullName(value);
  return value;
}
