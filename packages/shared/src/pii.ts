/** PII masking: the same rules on screen, in CSV exports and in the server's logs. */

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const first = local[0] ?? '';
  const last = local.length > 1 ? local[local.length - 1] : '';
  return `${first}***${last}@${domain}`;
}

export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 4) return '***';
  return `***-***-${digits.slice(-4)}`;
}

export function maskName(firstName: string, lastName: string): string {
  const initial = lastName.trim()[0];
  return initial ? `${firstName} ${initial.toUpperCase()}.` : firstName;
}

/**
 * Digits only, with the North American country code made explicit, so "(212) 555-0142", "212.555.0142" and
 * "+1 212 555 0142" all become "12125550142". Null when it cannot be a phone number.
 */
export function normalizePhone(input: string): string | null {
  const trimmed = input.trim();
  if (!/^[+\d\s().-]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length === 10) return `1${digits}`;
  if (digits.length >= 11 && digits.length <= 15) return digits;
  return null;
}

/** Field names whose values the server's logger redacts. */
export const PII_LOG_PATHS = ['email', 'phone', 'password', 'first_name', 'last_name', 'firstName', 'lastName'];
