import { stringifySearchWith } from '@tanstack/react-router';

/**
 * The value of one search param as written: JSON where it is structured (an object, a list, true or false, quoted
 * text); throws for anything else, which is plain text.
 */
function structuredValue(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (typeof value === 'number' || value === null) throw new TypeError('plain text');
  return value;
}

function searchValue(text: string): unknown {
  try {
    return structuredValue(text);
  } catch {
    return text;
  }
}

/**
 * How the console reads its address's search params: structured values as JSON, everything else as the text itself.
 * The router's default reads `?q=4867` as the number 4867 (which the support box's text schema then drops, so a
 * pasted link to a phone-tail search opened an empty box) and `?release=2026.11` as 2026.11; a page that wants a
 * number coerces it in its own schema.
 */
export function parseSearch(searchText: string): Record<string, unknown> {
  const search: Record<string, unknown> = {};
  for (const [key, text] of new URLSearchParams(searchText)) search[key] = searchValue(text);
  return search;
}

/** Quotes only the text that would otherwise read back as something else ("true", `{…}`): `?q=4867` stays as typed. */
export const stringifySearch = stringifySearchWith(JSON.stringify, structuredValue);
