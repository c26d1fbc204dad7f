import { sql } from 'kysely';
import {
  maskEmail,
  maskName,
  maskPhone,
  normalizePhone,
  type SearchMatchedOn,
  type SearchResponse,
  type SearchResult,
} from '@ops/shared';
import type { DbOrTx } from '../../action.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Booking short ids are 8 Crockford base-32 characters; a prefix of 4+ is accepted. */
const SHORT_ID_RE = /^[0-9A-HJKMNP-TV-Z]{4,8}$/;
const NAME_RE = /^[\p{L}][\p{L}' .-]*$/u;
const RESULT_LIMIT = 20;

/** LIKE treats % and _ as wildcards; a person's text must match literally. */
function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

interface UserRow {
  id: string;
  role: 'student' | 'instructor';
  status: string;
  email: string;
  phone: string | null;
  first_name: string;
  last_name: string;
}

/** Who a person is, as every support view lists them. */
export const USER_COLUMNS = [
  'users.id',
  'users.role',
  'users.status',
  'users.email',
  'users.phone',
  'users.first_name',
  'users.last_name',
] as const;

function userResult(u: UserRow, matchedOn: SearchMatchedOn, exact: boolean): SearchResult {
  return {
    kind: 'user',
    userId: u.id,
    bookingId: null,
    shortId: null,
    role: u.role,
    status: u.status,
    displayName: maskName(u.first_name, u.last_name),
    maskedEmail: maskEmail(u.email),
    maskedPhone: maskPhone(u.phone),
    matchedOn,
    exact,
  };
}

/** How the one box reads a text: every interpretation that could apply (a short id can also be a name). */
export function readQuery(raw: string): {
  text: string;
  readAs: SearchMatchedOn[];
  phone: string | null;
  shortId: string | null;
} {
  const text = raw.trim();
  const readAs: SearchMatchedOn[] = [];
  if (UUID_RE.test(text)) return { text: text.toLowerCase(), readAs: ['user_id', 'booking_id'], phone: null, shortId: null };
  if (text.includes('@')) return { text, readAs: ['email'], phone: null, shortId: null };
  const phone = /\d{7}/.test(text.replace(/\D/g, '')) ? normalizePhone(text) : null;
  if (phone) readAs.push('phone');
  const bare = text.replace(/^#/, '').trim().toUpperCase();
  const shortId = SHORT_ID_RE.test(bare) && (/\d/.test(bare) || bare.length === 8 || text.startsWith('#')) ? bare : null;
  if (shortId) readAs.push('short_id');
  if (!text.startsWith('#') && NAME_RE.test(text)) readAs.push('name');
  // A bare local part ("sarah.chen") is an email prefix as much as a name.
  if (/^[a-z0-9._+-]+$/i.test(text) && /[._+]/.test(text)) readAs.push('email');
  return { text, readAs, phone, shortId };
}

/**
 * The one-box lookup. Each reading is one indexed query (lower(email) text_pattern_ops, phone_normalized,
 * short_id text_pattern_ops, lower(first/last_name) text_pattern_ops, primary keys), run in parallel and ranked:
 * exact ids, emails, phones and short ids first, then prefixes, then names.
 */
export async function searchSupport(db: DbOrTx, q: string): Promise<SearchResponse> {
  const { text, readAs, phone, shortId } = readQuery(q);
  const jobs: Array<Promise<SearchResult[]>> = [];

  if (readAs.includes('user_id')) {
    jobs.push(
      db
        .selectFrom('users')
        .select(USER_COLUMNS)
        .where('users.id', '=', text)
        .execute()
        .then((rows) => rows.map((u) => userResult(u, 'user_id', true))),
    );
  }
  const bookingQuery = () =>
    db
      .selectFrom('bookings')
      .innerJoin('users', 'users.id', 'bookings.student_id')
      .select([...USER_COLUMNS, 'bookings.id as booking_id', 'bookings.short_id']);
  const bookingResult = (
    r: UserRow & { booking_id: string; short_id: string },
    matchedOn: SearchMatchedOn,
    exact: boolean,
  ): SearchResult => ({
    ...userResult(r, matchedOn, exact),
    kind: 'booking',
    bookingId: r.booking_id,
    shortId: r.short_id,
  });
  if (readAs.includes('booking_id')) {
    jobs.push(
      bookingQuery()
        .where('bookings.id', '=', text)
        .execute()
        .then((rows) => rows.map((r) => bookingResult(r, 'booking_id', true))),
    );
  }
  if (readAs.includes('email')) {
    const lower = text.toLowerCase();
    jobs.push(
      db
        .selectFrom('users')
        .select(USER_COLUMNS)
        .where(sql<string>`lower(users.email)`, 'like', likePrefix(lower))
        .limit(RESULT_LIMIT)
        .execute()
        .then((rows) => rows.map((u) => userResult(u, 'email', u.email.toLowerCase() === lower))),
    );
  }
  if (phone) {
    jobs.push(
      db
        .selectFrom('users')
        .select(USER_COLUMNS)
        .where('users.phone_normalized', '=', phone)
        .limit(RESULT_LIMIT)
        .execute()
        .then((rows) => rows.map((u) => userResult(u, 'phone', true))),
    );
  }
  if (shortId) {
    jobs.push(
      bookingQuery()
        .where('bookings.short_id', 'like', likePrefix(shortId))
        .limit(RESULT_LIMIT)
        .execute()
        .then((rows) => rows.map((r) => bookingResult(r, 'short_id', r.short_id === shortId))),
    );
  }
  if (readAs.includes('name')) {
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    const [first = '', ...rest] = words;
    const last = rest.join(' ');
    let query = db.selectFrom('users').select(USER_COLUMNS);
    query = last
      ? query
          .where(sql<string>`lower(users.first_name)`, 'like', likePrefix(first))
          .where(sql<string>`lower(users.last_name)`, 'like', likePrefix(last))
      : query.where((eb) =>
          eb.or([
            eb(sql<string>`lower(users.first_name)`, 'like', likePrefix(first)),
            eb(sql<string>`lower(users.last_name)`, 'like', likePrefix(first)),
          ]),
        );
    jobs.push(
      query
        .limit(RESULT_LIMIT)
        .execute()
        .then((rows) => rows.map((u) => userResult(u, 'name', false))),
    );
  }

  const found = (await Promise.all(jobs)).flat();
  return { q: text, readAs, results: rankResults(found) };
}

const MATCH_ORDER: Record<SearchMatchedOn, number> = { user_id: 0, booking_id: 0, email: 1, phone: 1, short_id: 1, name: 2 };

/** Exact first, then by what matched, then by name; one row per person or booking (the best match wins). */
export function rankResults(results: SearchResult[]): SearchResult[] {
  const sorted = [...results].sort(
    (a, b) =>
      Number(b.exact) - Number(a.exact) ||
      MATCH_ORDER[a.matchedOn] - MATCH_ORDER[b.matchedOn] ||
      a.displayName.localeCompare(b.displayName) ||
      (a.shortId ?? '').localeCompare(b.shortId ?? ''),
  );
  const seen = new Set<string>();
  const out: SearchResult[] = [];
  for (const r of sorted) {
    const key = r.kind === 'booking' ? `b:${r.bookingId ?? ''}` : `u:${r.userId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
    if (out.length >= RESULT_LIMIT) break;
  }
  return out;
}
