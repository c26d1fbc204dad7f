import { sql } from 'kysely';
import {
  decodeSearchCursor,
  encodeSearchCursor,
  maskEmail,
  maskName,
  maskPhone,
  normalizePhone,
  type NameCursor,
  type SearchMatchedOn,
  type SearchResponse,
  type SearchResult,
} from '@ops/shared';
import type { DbOrTx } from '@ops/db';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Booking short ids are 8 Crockford base-32 characters; a prefix of 4+ is accepted. */
const SHORT_ID_RE = /^[0-9A-HJKMNP-TV-Z]{4,8}$/;
const NAME_RE = /^[\p{L}][\p{L}' .,-]*$/u;
const RESULT_LIMIT = 20;
/** The last 4 to 10 digits of a phone, as a person reads them out ("0142", "555-0142"). */
const PHONE_TAIL_RE = /^[\d\s().+-]+$/;

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
    city: null,
    joinedAt: '',
    lastBookingAt: null,
  };
}

/** How the one box reads a text: every interpretation that could apply (a short id can also be a name). */
export function readQuery(raw: string): {
  text: string;
  readAs: SearchMatchedOn[];
  phone: string | null;
  phoneTail: string | null;
  shortId: string | null;
  words: string[];
} {
  const text = raw.trim();
  const readAs: SearchMatchedOn[] = [];
  const none = { phone: null, phoneTail: null, shortId: null, words: [] };
  if (UUID_RE.test(text)) return { ...none, text: text.toLowerCase(), readAs: ['user_id', 'booking_id'] };
  if (text.includes('@')) return { ...none, text, readAs: ['email'] };
  const digits = text.replace(/\D/g, '');
  const phone = /\d{7}/.test(digits) ? normalizePhone(text) : null;
  const phoneTail = !phone && PHONE_TAIL_RE.test(text) && digits.length >= 4 && digits.length <= 10 ? digits : null;
  if (phone || phoneTail) readAs.push('phone');
  const bare = text.replace(/^#/, '').trim().toUpperCase();
  const shortId = SHORT_ID_RE.test(bare) && (/\d/.test(bare) || bare.length === 8 || text.startsWith('#')) ? bare : null;
  if (shortId) readAs.push('short_id');
  const words = nameWords(text);
  if (!text.startsWith('#') && NAME_RE.test(text) && words.length > 0) readAs.push('name');
  // A bare local part ("sarah.chen") is an email prefix as much as a name.
  if (/^[a-z0-9._+-]+$/i.test(text) && /[._+]/.test(text)) readAs.push('email');
  return { text, readAs, phone, phoneTail, shortId, words: readAs.includes('name') ? words : [] };
}

/** "Sarah C." → [sarah, c]; "Chen, Sarah" → [chen, sarah]: the console's own display form reads back. */
export function nameWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s,]+/)
    .map((w) => w.replace(/\.+$/, ''))
    .filter(Boolean);
}

const trigramAvailable = new WeakMap<object, Promise<boolean>>();

/** pg_trgm is optional (an embedded database without it still searches by prefix); asked once per database. */
function hasTrigram(db: DbOrTx): Promise<boolean> {
  let known = trigramAvailable.get(db);
  if (!known) {
    known = sql<{ ok: boolean }>`select exists (select 1 from pg_extension where extname = 'pg_trgm') as ok`
      .execute(db)
      .then((r) => r.rows[0]?.ok === true);
    trigramAvailable.set(db, known);
  }
  return known;
}

/**
 * Tiers of a name match, best first: 2 exact name, 4 prefix of first / last name (or both, either order), 5 a
 * similar full name (pg_trgm). Within a prefix tier the name the text covers most comes first ("sa" → Sarah before
 * Samuel, "el" → Elena before Elijah), within the trigram tier the most similar.
 */
const TIER_EXACT_NAME = 2;
const TIER_PREFIX_NAME = 4;
const TIER_SIMILAR_NAME = 5;

interface NameRow extends UserRow {
  tier: number;
  closeness: number;
  l: string;
  f: string;
  total: number;
}

async function searchNames(
  db: DbOrTx,
  words: string[],
  cursor: NameCursor | null,
  limit: number,
): Promise<{ rows: NameRow[]; total: number; nextCursor: string | null }> {
  const full = words.join(' ');
  const trigram = await hasTrigram(db);
  const first = sql`lower(users.first_name)`;
  const last = sql`lower(users.last_name)`;
  const fullName = sql`lower(users.first_name || ' ' || users.last_name)`;
  let exact;
  let prefix;
  let closeness;
  if (words.length === 1) {
    const p = likePrefix(full);
    exact = sql`(${first} = ${full} or ${last} = ${full})`;
    prefix = sql`(${first} like ${p} or ${last} like ${p})`;
    closeness = sql`case when ${first} like ${p} then length(users.first_name) else length(users.last_name) end`;
  } else {
    // "Sarah C." and "Sarah Chen" read first-then-last; "chen sarah" last-then-first.
    const [a = '', ...restWords] = words;
    const b = restWords.join(' ');
    const tailWord = words.at(-1) ?? '';
    const headWords = words.slice(0, -1).join(' ');
    exact = sql`((${first} = ${a} and ${last} = ${b}) or (${first} = ${tailWord} and ${last} = ${headWords}))`;
    prefix = sql`((${first} like ${likePrefix(a)} and ${last} like ${likePrefix(b)})
      or (${last} like ${likePrefix(headWords)} and ${first} like ${likePrefix(tailWord)}))`;
    closeness = sql`(length(users.first_name) + length(users.last_name))`;
  }
  const similar = trigram ? sql`${fullName} % ${full}` : sql`false`;
  const score = trigram ? sql`similarity(${fullName}, ${full})` : sql`0`;
  const after = cursor
    ? sql`where (m.tier, m.closeness, m.l, m.f, m.id) > (${cursor[0]}::int, ${cursor[1]}::float8, ${cursor[2]}, ${cursor[3]}, ${cursor[4]}::uuid)`
    : sql``;
  const result = await sql<NameRow>`
    select * from (
      select users.id, users.role, users.status, users.email, users.phone, users.first_name, users.last_name,
        ${last} as l, ${first} as f,
        (case when ${exact} then ${TIER_EXACT_NAME} when ${prefix} then ${TIER_PREFIX_NAME} else ${TIER_SIMILAR_NAME} end)::int
          as tier,
        (case when ${exact} then 0 when ${prefix} then ${closeness} else -(${score}) end)::float8 as closeness,
        count(*) over ()::int as total
      from users
      where ${prefix} or ${similar}
    ) m
    ${after}
    order by m.tier, m.closeness, m.l, m.f, m.id
    limit ${limit + 1}
  `.execute(db);
  const rows = result.rows.slice(0, limit);
  const lastRow = rows.at(-1);
  return {
    rows,
    total: result.rows[0]?.total ?? 0,
    nextCursor:
      result.rows.length > limit && lastRow
        ? encodeSearchCursor([lastRow.tier, lastRow.closeness, lastRow.l, lastRow.f, lastRow.id])
        : null,
  };
}

/** What tells people apart, for one page of results in one query: city (instructors), joined, latest lesson. */
async function describePeople(
  db: DbOrTx,
  userIds: string[],
): Promise<Map<string, { city: string | null; joinedAt: string; lastBookingAt: string | null }>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .leftJoin('instructor_profiles', 'instructor_profiles.user_id', 'users.id')
    .select((eb) => [
      'users.id',
      'users.created_at',
      'instructor_profiles.city',
      eb
        .selectFrom('bookings')
        .select((b) => b.fn.max('bookings.lesson_start').as('m'))
        .whereRef('bookings.student_id', '=', 'users.id')
        .as('last_as_student'),
      eb
        .selectFrom('bookings')
        .select((b) => b.fn.max('bookings.lesson_start').as('m'))
        .whereRef('bookings.instructor_id', '=', 'users.id')
        .as('last_as_instructor'),
    ])
    .where('users.id', 'in', userIds)
    .execute();
  const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());
  return new Map(
    rows.map((r) => {
      const a = iso(r.last_as_student);
      const b = iso(r.last_as_instructor);
      return [
        r.id,
        {
          city: r.city ? r.city : null,
          joinedAt: new Date(r.created_at).toISOString(),
          lastBookingAt: a && b ? (a > b ? a : b) : (a ?? b),
        },
      ];
    }),
  );
}

/**
 * The one-box lookup. Each reading is one indexed query (lower(email) text_pattern_ops, phone_normalized,
 * reverse(phone_normalized) for a number's last digits, short_id text_pattern_ops, lower(first/last_name)
 * text_pattern_ops and a trigram index on the full name, primary keys), run in parallel and ranked: exact ids,
 * emails, phones and short ids first, then a phone's last digits, exact names, prefixes, then similar names.
 * Name matches page by keyset ("show more"); the total counts every match.
 */
export async function searchSupport(db: DbOrTx, q: string, cursorText?: string): Promise<SearchResponse> {
  const { text, readAs, phone, phoneTail, shortId, words } = readQuery(q);
  const cursor = cursorText ? decodeSearchCursor(cursorText) : null;
  const jobs: Array<Promise<Ranked[]>> = [];
  const ranked = (rank: number) => (r: SearchResult) => ({ rank, result: r });

  // "Show more" continues the name matches; everything else fits on the first page.
  if (!cursor) {
    if (readAs.includes('user_id')) {
      jobs.push(
        db
          .selectFrom('users')
          .select(USER_COLUMNS)
          .where('users.id', '=', text)
          .execute()
          .then((rows) => rows.map((u) => ranked(0)(userResult(u, 'user_id', true)))),
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
          .then((rows) => rows.map((r) => ranked(0)(bookingResult(r, 'booking_id', true)))),
      );
    }
    if (readAs.includes('email')) {
      const lower = text.toLowerCase();
      jobs.push(
        db
          .selectFrom('users')
          .select(USER_COLUMNS)
          .where(sql<string>`lower(users.email)`, 'like', likePrefix(lower))
          .orderBy(sql`lower(users.email)`)
          .limit(RESULT_LIMIT)
          .execute()
          .then((rows) =>
            rows.map((u) => {
              const exact = u.email.toLowerCase() === lower;
              return ranked(exact ? 0 : 3)(userResult(u, 'email', exact));
            }),
          ),
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
          .then((rows) => rows.map((u) => ranked(0)(userResult(u, 'phone', true)))),
      );
    }
    if (phoneTail) {
      const reversed = [...phoneTail].reverse().join('');
      jobs.push(
        db
          .selectFrom('users')
          .select(USER_COLUMNS)
          .where(sql<string>`reverse(users.phone_normalized)`, 'like', likePrefix(reversed))
          .orderBy('users.last_name')
          .orderBy('users.first_name')
          .orderBy('users.id')
          .limit(RESULT_LIMIT)
          .execute()
          .then((rows) => rows.map((u) => ranked(1)(userResult(u, 'phone', false)))),
      );
    }
    if (shortId) {
      jobs.push(
        bookingQuery()
          .where('bookings.short_id', 'like', likePrefix(shortId))
          .orderBy('bookings.short_id')
          .limit(RESULT_LIMIT)
          .execute()
          .then((rows) =>
            rows.map((r) => {
              const exact = r.short_id === shortId;
              return ranked(exact ? 0 : 3)(bookingResult(r, 'short_id', exact));
            }),
          ),
      );
    }
  }
  const names = readAs.includes('name')
    ? searchNames(db, words, cursor, RESULT_LIMIT)
    : Promise.resolve({ rows: [] as NameRow[], total: 0, nextCursor: null });
  const [other, named] = await Promise.all([Promise.all(jobs).then((r) => r.flat()), names]);
  const nameRanked = named.rows.map((u) => ranked(u.tier)(userResult(u, 'name', false)));
  const page = rankResults([...other, ...nameRanked]);
  const duplicates = other.length + nameRanked.length - page.length;
  const details = await describePeople(db, [...new Set(page.map((r) => r.userId))]);
  const results = page.map((r) => ({ ...r, ...(details.get(r.userId) ?? {}) }));
  return {
    q: text,
    readAs,
    results,
    total: (cursor ? 0 : other.length) + named.total - duplicates,
    nextCursor: named.nextCursor,
  };
}

interface Ranked {
  rank: number;
  result: SearchResult;
}

/**
 * Best rank first, keeping each source's own order within a rank (names arrive in relevance order); one row per
 * person or booking (the best match wins). Not truncated: every row fetched belongs to this page.
 */
export function rankResults(found: Ranked[]): SearchResult[] {
  const sorted = found.map((f, i) => ({ ...f, i })).sort((a, b) => a.rank - b.rank || a.i - b.i);
  const seen = new Set<string>();
  const out: SearchResult[] = [];
  for (const { result: r } of sorted) {
    const key = r.kind === 'booking' ? `b:${r.bookingId ?? ''}` : `u:${r.userId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}
