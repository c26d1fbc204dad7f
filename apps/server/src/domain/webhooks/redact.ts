/** Header names whose values prove identity; the ledger keeps that they were sent, never their value. */
const SECRET_HEADERS = new Set([
  'stripe-signature',
  'x-checkr-signature',
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
]);
export const REDACTED = '[redacted]';

/** Lower-cased headers as strings, with signatures and authorisation replaced by "[redacted]". */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    out[key] = SECRET_HEADERS.has(key) ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
