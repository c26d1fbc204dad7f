/**
 * The one CSV writer (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or line break quoted).
 * Every export goes through it, so every export is safe to open in a spreadsheet: a text cell that starts with
 * = + - @ or a tab/CR would run as a formula there, so it gets a leading apostrophe. Plain numbers and amounts
 * ("-12", "-$5.00", "3.5%", "+1.4 pts") are left as they are.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_AMOUNT = /^[-+]?\$?[\d,]*\.?\d+(?:\s?(?:%|pts|[a-z]{1,3}))?$/i;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
        ? String(value)
        : (JSON.stringify(value) ?? '');
  const safe = typeof value === 'string' && FORMULA_START.test(text) && !PLAIN_AMOUNT.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<unknown>>): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
