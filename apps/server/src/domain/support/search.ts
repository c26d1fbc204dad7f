import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
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
  isUuid,
} from '@ops/shared';
import type { Database, DbOrTx } from '@ops/db';
import { compiledOnce } from '@ops/db/compiled';

/** Booking short ids are 8 Crockford base-32 characters; a prefix of 4+ is accepted. */
const SHORT_ID_RE = /^[0-9A-HJKMNP-TV-Z]{4,8}$/;
const NAME_RE = /^[\p{L}][\p{L}' .,-]*$/u;
const RESULT_LIMIT = 20;
/** The last 4 to 10 digits of a phone, as a person reads them out ("0142", "555-0142"). */
const PHONE_TAIL_RE = /^[\d\s().+-]+$/;
/**
 * A Stripe id pasted from the dashboard, a receipt or a dispute email: a customer (the person), an instructor's
 * connected account (the instructor), a payment intent, charge or refund (the booking it paid for), or a transfer
 * (the booking whose payout it paid).
 */
const STRIPE_ID_KINDS = ['cus', 'acct', 'pi', 'ch', 're', 'tr'] as const;
type StripeIdKind = (typeof STRIPE_ID_KINDS)[number];
const STRIPE_ID_RE = new RegExp(`^(${STRIPE_ID_KINDS.join('|')})_[A-Za-z0-9]{8,}$`);
const isStripeIdKind = (prefix: string | undefined): prefix is StripeIdKind => STRIPE_ID_KINDS.some((kind) => kind === prefix);

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

/** What tells people apart in a list of results: city (instructors), joined, latest lesson. */
interface PersonDetails {
  city: string | null;
  joinedAt: string;
  lastBookingAt: string | null;
}

/** The detail columns as a row carries them (see detailColumns); timestamps arrive as ISO strings (TYPE_PARSERS). */
interface DetailRow {
  created_at: string;
  city: string | null;
  last_as_student: string | null;
  last_as_instructor: string | null;
}

/**
 * The details as columns of the row that found the person, so a lookup by email, phone, id or short id is one
 * statement: each is a primary-key or (person, lesson_start) index read per row, and a page holds at most
 * RESULT_LIMIT rows a reading. The latest lesson is one that happens or happened: a cancelled booking is no lesson.
 * Its max reads the (person, lesson_start) index backwards and stops at the first booking not cancelled.
 */
function detailColumns(eb: ExpressionBuilder<Database, 'users'>) {
  return [
    'users.created_at',
    eb
      .selectFrom('instructor_profiles')
      .select('instructor_profiles.city')
      .whereRef('instructor_profiles.user_id', '=', 'users.id')
      .as('city'),
    eb
      .selectFrom('bookings')
      .select((b) => b.fn.max('bookings.lesson_start').as('m'))
      .whereRef('bookings.student_id', '=', 'users.id')
      .where('bookings.status', '<>', 'cancelled')
      .as('last_as_student'),
    eb
      .selectFrom('bookings')
      .select((b) => b.fn.max('bookings.lesson_start').as('m'))
      .whereRef('bookings.instructor_id', '=', 'users.id')
      .where('bookings.status', '<>', 'cancelled')
      .as('last_as_instructor'),
  ] as const;
}

function personDetails(r: DetailRow): PersonDetails {
  const a = r.last_as_student;
  const b = r.last_as_instructor;
  return {
    city: r.city ? r.city : null,
    joinedAt: r.created_at,
    // ISO strings in one format order as the instants do.
    lastBookingAt: a && b ? (a > b ? a : b) : (a ?? b),
  };
}

const NO_DETAILS: PersonDetails = { city: null, joinedAt: '', lastBookingAt: null };

function userResult(u: UserRow, matchedOn: SearchMatchedOn, exact: boolean, details = NO_DETAILS): SearchResult {
  return {
    kind: 'user',
    userId: u.id,
    bookingId: null,
    shortId: null,
    role: u.role,
    status: u.status,
    bookingStatus: null,
    displayName: maskName(u.first_name, u.last_name),
    maskedEmail: maskEmail(u.email),
    maskedPhone: maskPhone(u.phone),
    matchedOn,
    exact,
    ...details,
  };
}

/** How the one box reads a text: every interpretation that could apply (a short id can also be a name). */
export function readQuery(raw: string): {
  text: string;
  readAs: SearchMatchedOn[];
  phone: string | null;
  phoneTail: string | null;
  shortId: string | null;
  stripeId: StripeIdKind | null;
  words: string[];
} {
  const text = raw.trim();
  const readAs: SearchMatchedOn[] = [];
  const none = { phone: null, phoneTail: null, shortId: null, stripeId: null, words: [] };
  if (isUuid(text)) return { ...none, text: text.toLowerCase(), readAs: ['user_id', 'booking_id'] };
  const stripe = STRIPE_ID_RE.exec(text)?.[1];
  if (isStripeIdKind(stripe)) return { ...none, text, readAs: ['stripe_id'], stripeId: stripe };
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
  return { text, readAs, phone, phoneTail, shortId, stripeId: null, words: readAs.includes('name') ? words : [] };
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
 * similar full name (pg_trgm). Within the exact and prefix tiers the name the text covers most comes first ("sa" →
 * Sarah before Samuel, "el" → Elena before Elijah), within the trigram tier the most similar name.
 */
const TIER_EXACT_NAME = 2;
const TIER_PREFIX_NAME = 4;
const TIER_SIMILAR_NAME = 5;
/** Beyond this many matches the total says "1,000+": counting every Smith would cost more than the page. */
export const NAME_TOTAL_CAP = 1_000;
/** How many rows of the nearest full names the trigram tier looks at per page (its names then page by index). */
const SIMILAR_CANDIDATES = 200;
/** Shorter texts have no trigram tier. */
const SIMILAR_MIN_LETTERS = 3;

type Side = 'first' | 'last';
const OTHER: Record<Side, Side> = { first: 'last', last: 'first' };
/** The index columns (users_first_name_order_idx / users_last_name_order_idx), spelled as the index spells them. */
const NAME_OF: Record<Side, RawBuilder<string>> = {
  first: sql<string>`(lower(users.first_name) collate "C")`,
  last: sql<string>`(lower(users.last_name) collate "C")`,
};
const LENGTH_OF: Record<Side, RawBuilder<number>> = {
  first: sql<number>`char_length(lower(users.first_name))`,
  last: sql<number>`char_length(lower(users.last_name))`,
};
const FULL_NAME = sql<string>`lower(users.first_name || ' ' || users.last_name)`;

interface NameMatch {
  text: string;
  prefix: boolean;
}

/**
 * One index range read in order: people whose `side` name matches `name` (and whose other name matches `other`),
 * keyed (length of that name, that name, the other name, id). `exclude` keeps out rows another stream holds, so
 * every person belongs to exactly one stream and one tier.
 */
interface NameStream {
  tier: number;
  side: Side;
  name: NameMatch;
  other: NameMatch | null;
  exclude: RawBuilder<unknown>[];
}

function matches(expr: RawBuilder<string>, m: NameMatch): RawBuilder<unknown> {
  return m.prefix ? sql`${expr} like ${likePrefix(m.text)}` : sql`${expr} = ${m.text}`;
}

/** Exact and prefix streams for the words, and the condition "in one of them" (kept out of the trigram tier). */
function nameStreams(words: string[]): { streams: NameStream[]; prefixMatch: RawBuilder<unknown> } {
  const first = (m: NameMatch) => matches(NAME_OF.first, m);
  const last = (m: NameMatch) => matches(NAME_OF.last, m);
  const exact = (text: string): NameMatch => ({ text, prefix: false });
  const prefix = (text: string): NameMatch => ({ text, prefix: true });
  if (words.length === 1) {
    const q = words[0] ?? '';
    const exactAny = sql`(${first(exact(q))} or ${last(exact(q))})`;
    return {
      prefixMatch: sql`(${first(prefix(q))} or ${last(prefix(q))})`,
      streams: [
        { tier: TIER_EXACT_NAME, side: 'first', name: exact(q), other: null, exclude: [] },
        { tier: TIER_EXACT_NAME, side: 'last', name: exact(q), other: null, exclude: [first(exact(q))] },
        { tier: TIER_PREFIX_NAME, side: 'first', name: prefix(q), other: null, exclude: [exactAny] },
        { tier: TIER_PREFIX_NAME, side: 'last', name: prefix(q), other: null, exclude: [exactAny, first(prefix(q))] },
      ],
    };
  }
  // "Sarah C." and "Sarah Chen" read first-then-last; "chen sarah" last-then-first.
  const [a = '', ...restWords] = words;
  const b = restWords.join(' ');
  const tail = words.at(-1) ?? '';
  const head = words.slice(0, -1).join(' ');
  const exactAB = sql`(${first(exact(a))} and ${last(exact(b))})`;
  const exactAny = sql`(${exactAB} or (${last(exact(head))} and ${first(exact(tail))}))`;
  const prefixAB = sql`(${first(prefix(a))} and ${last(prefix(b))})`;
  return {
    prefixMatch: sql`(${prefixAB} or (${last(prefix(head))} and ${first(prefix(tail))}))`,
    streams: [
      { tier: TIER_EXACT_NAME, side: 'first', name: exact(a), other: exact(b), exclude: [] },
      { tier: TIER_EXACT_NAME, side: 'last', name: exact(head), other: exact(tail), exclude: [exactAB] },
      { tier: TIER_PREFIX_NAME, side: 'first', name: prefix(a), other: prefix(b), exclude: [exactAny] },
      { tier: TIER_PREFIX_NAME, side: 'last', name: prefix(head), other: prefix(tail), exclude: [exactAny, prefixAB] },
    ],
  };
}

/**
 * A stream's keys in index order, at most `limit`. An exact name is one index range; a prefix is one range per
 * name length (shortest first), since the index leads with the length.
 */
function streamKeys(s: NameStream, cursor: NameCursor | null, limit: number): RawBuilder<unknown> {
  const name = NAME_OF[s.side];
  const other = NAME_OF[OTHER[s.side]];
  const length = LENGTH_OF[s.side];
  const conds = [matches(name, s.name)];
  if (s.other) conds.push(matches(other, s.other));
  for (const e of s.exclude) conds.push(sql`not ${e}`);
  if (cursor && cursor[0] === s.tier) {
    conds.push(
      // A name length: whatever the cursor says, an integer a column can be compared with.
      sql`(${length}, ${name}, ${other}, users.id) > (${Math.min(Math.max(Math.trunc(cursor[1]), 0), 10_000)}::int, ${cursor[2]}, ${cursor[3]}, ${cursor[4]}::uuid)`,
    );
  }
  const where = sql.join(conds, sql` and `);
  const keys = sql`${length}::float8 as k1, ${name} as k2, ${other} as k3, users.id`;
  if (!s.name.prefix) {
    return sql`(select ${s.tier}::int as tier, ${keys} from users
      where ${length} = char_length(${s.name.text}::text) and ${where}
      order by ${name}, ${other}, users.id limit ${limit})`;
  }
  return sql`(select ${s.tier}::int as tier, k.* from generate_series(char_length(${s.name.text}::text), (select max(${length}) from users)) as n(len)
    cross join lateral (select ${keys} from users where ${length} = n.len and ${where}
      order by ${name}, ${other}, users.id limit ${limit}) k)`;
}

/** The same stream, unordered, for counting: at most `limit` rows. */
function streamCount(s: NameStream, limit: number): RawBuilder<unknown> {
  const length = LENGTH_OF[s.side];
  const conds = [matches(NAME_OF[s.side], s.name)];
  if (s.other) conds.push(matches(NAME_OF[OTHER[s.side]], s.other));
  for (const e of s.exclude) conds.push(sql`not ${e}`);
  const where = sql.join(conds, sql` and `);
  if (!s.name.prefix) {
    return sql`(select 1 as one from users where ${length} = char_length(${s.name.text}::text) and ${where} limit ${limit})`;
  }
  return sql`(select 1 as one from generate_series(char_length(${s.name.text}::text), (select max(${length}) from users)) as n(len)
    cross join lateral (select 1 from users where ${length} = n.len and ${where} limit ${limit}) k limit ${limit})`;
}

/** The columns of a page row: the person, then the tier and its keys. */
const PAGE_COLUMNS = sql`users.id, users.role, users.status, users.email, users.phone, users.first_name,
  users.last_name, page.tier, page.k1, page.k2, page.k3`;
/** A page with no rows, for a statement that only counts. */
const NO_PAGE = sql`select null::uuid as id, null::int as tier, 0::float8 as k1, '' as k2, '' as k3 where false`;

/**
 * One statement for one tier: at least one row, carrying the tier's count (up to what is wanted) and whether the
 * tier holds more than it counted, then the page's rows in the tier's order.
 */
function tierStatement(
  counting: RawBuilder<unknown>,
  page: RawBuilder<unknown> | null,
  ctes: RawBuilder<unknown> = sql``,
): RawBuilder<unknown> {
  const rows = page ? sql`select ${PAGE_COLUMNS} from (${page}) page join users on users.id = page.id` : NO_PAGE;
  return sql`${ctes} select c.total, c.more, p.* from (${counting}) c left join (${rows}) p on true
    order by p.k1, p.k2, p.k3, p.id`;
}

/** The exact or the prefix tier: its streams merged in key order; its count, streams unordered, up to the cap. */
function indexedTier(own: NameStream[], cursor: NameCursor | null, rowsWanted: number, countWanted: number): RawBuilder<unknown> {
  const counted = sql.join(
    own.map((s) => streamCount(s, countWanted)),
    sql` union all `,
  );
  const counting =
    countWanted > 0
      ? sql`select count(*)::int as total, false as more from (select 1 from (${counted}) u limit ${countWanted}) c`
      : sql`select 0 as total, false as more`;
  const keys = sql.join(
    own.map((s) => streamKeys(s, cursor, rowsWanted)),
    sql` union all `,
  );
  const page = rowsWanted > 0 ? sql`select * from (${keys}) t order by k1, k2, k3, id limit ${rowsWanted}` : null;
  return tierStatement(counting, page);
}

/**
 * The trigram tier: the nearest full names, read nearest first from the GiST index (at most SIMILAR_CANDIDATES
 * rows), then each of those names' people in index order; keyed (distance, first, last, id). A name tied with the
 * farthest candidate waits for the next page (another name at that distance may not have been read yet), unless
 * every candidate is tied. Its count is that same bounded read: at SIMILAR_CANDIDATES it says there are more.
 */
function similarTier(
  full: string,
  prefixMatch: RawBuilder<unknown>,
  cursor: NameCursor | null,
  rowsWanted: number,
  countWanted: number,
): RawBuilder<unknown> {
  const distance = sql<number>`(${FULL_NAME} <-> ${full})::float8`;
  const nearest = (onOrAfter: RawBuilder<unknown>) => sql`
    select ${distance} as d, ${NAME_OF.first} as f, ${NAME_OF.last} as l
    from users
    where ${FULL_NAME} % ${full} and not ${prefixMatch} ${onOrAfter}
    order by ${FULL_NAME} <-> ${full}
    limit ${SIMILAR_CANDIDATES}`;
  const at = cursor !== null && cursor[0] === TIER_SIMILAR_NAME ? cursor : null;
  // "Show more" inside this tier reads on from the cursor's name; the count always reads from the start.
  const ctes = at
    ? sql`with nearest as materialized (${nearest(sql``)}), candidates as materialized (${nearest(
        sql`and (${distance}, ${NAME_OF.first}, ${NAME_OF.last}) >= (${at[1]}::float8, ${at[2]}, ${at[3]})`,
      )})`
    : sql`with nearest as materialized (${nearest(sql``)}), candidates as (select * from nearest)`;
  const after = at ? sql`and (c.d, c.f, c.l, users.id) > (${at[1]}::float8, ${at[2]}, ${at[3]}, ${at[4]}::uuid)` : sql``;
  const counting = sql`select least(count(*), ${Math.max(countWanted, 0)})::int as total,
    count(*) >= ${SIMILAR_CANDIDATES} as more from nearest`;
  const page =
    rowsWanted > 0
      ? sql`select ${TIER_SIMILAR_NAME}::int as tier, c.d as k1, c.f as k2, c.l as k3, p.id
        from (
          select distinct d, f, l from (
            select d, f, l, count(*) over () as seen, max(d) over () as farthest, min(d) over () as closest
            from candidates
          ) r
          where seen < ${SIMILAR_CANDIDATES} or d < farthest or closest = farthest
        ) c
        cross join lateral (
          select users.id from users
          where ${LENGTH_OF.first} = char_length(c.f) and ${NAME_OF.first} = c.f and ${NAME_OF.last} = c.l ${after}
          order by users.id limit ${rowsWanted}
        ) p
        order by k1, k2, k3, p.id
        limit ${rowsWanted}`
      : null;
  return tierStatement(counting, page, ctes);
}

interface NameRow extends UserRow {
  tier: number;
  k1: number;
  k2: string;
  k3: string;
}

/**
 * Name matches, best first: one statement per tier, each stream read in index order with its own limit; a later
 * tier is read only when the earlier ones leave the page short or the count under its cap, so a common last name
 * costs one small statement. The cursor carries (tier, key, id), so "show more" continues in the same tier or the
 * next without repeating or skipping anyone. The total counts exact and prefix matches up to NAME_TOTAL_CAP + 1
 * and similar names up to SIMILAR_CANDIDATES, and says when it stopped.
 */
async function searchNames(
  db: DbOrTx,
  words: string[],
  cursor: NameCursor | null,
  limit: number,
): Promise<{ rows: NameRow[]; total: number; totalCapped: boolean; nextCursor: string | null }> {
  const fromTier = cursor?.[0] ?? 0;
  const { streams, prefixMatch } = nameStreams(words);
  const tiers = [TIER_EXACT_NAME, TIER_PREFIX_NAME];
  // Two letters are a prefix, not a name to be similar to (and would make the trigram tier read half the index).
  if (words.join('').length >= SIMILAR_MIN_LETTERS && (await hasTrigram(db))) tiers.push(TIER_SIMILAR_NAME);
  const found: NameRow[] = [];
  let counted = 0;
  let more = false;
  for (const tier of tiers) {
    const rowsWanted = tier >= fromTier ? limit + 1 - found.length : 0;
    const countWanted: number = more ? 0 : NAME_TOTAL_CAP + 1 - counted;
    if (rowsWanted <= 0 && countWanted <= 0) break;
    const statement: RawBuilder<unknown> =
      tier === TIER_SIMILAR_NAME
        ? similarTier(words.join(' '), prefixMatch, cursor, rowsWanted, countWanted)
        : indexedTier(
            streams.filter((s) => s.tier === tier),
            cursor,
            rowsWanted,
            countWanted,
          );
    type Row = Omit<NameRow, 'id'> & { id: string | null; total: number; more: boolean };
    const result: { rows: Row[] } = await sql<Row>`${statement}`.execute(db);
    counted += result.rows[0]?.total ?? 0;
    more ||= result.rows[0]?.more === true;
    found.push(...result.rows.filter((r): r is Row & NameRow => r.id !== null));
  }
  const rows = found.slice(0, limit);
  const lastRow = rows.at(-1);
  return {
    rows,
    total: Math.min(counted, NAME_TOTAL_CAP),
    totalCapped: more || counted > NAME_TOTAL_CAP,
    nextCursor:
      found.length > limit && lastRow ? encodeSearchCursor([lastRow.tier, lastRow.k1, lastRow.k2, lastRow.k3, lastRow.id]) : null,
  };
}

/** The details of the people a name search found (its statements page by name keys, not by these columns). */
async function describePeople(db: DbOrTx, userIds: string[]): Promise<Map<string, PersonDetails>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select((eb) => ['users.id', ...detailColumns(eb)])
    .where('users.id', 'in', userIds)
    .execute();
  return new Map(rows.map((r) => [r.id, personDetails(r)]));
}

const people = (db: DbOrTx) => db.selectFrom('users').select((eb) => [...USER_COLUMNS, ...detailColumns(eb)]);
const bookings = (db: DbOrTx) =>
  db
    .selectFrom('bookings')
    .innerJoin('users', 'users.id', 'bookings.student_id')
    .select((eb) => [
      ...USER_COLUMNS,
      ...detailColumns(eb),
      'bookings.id as booking_id',
      'bookings.short_id',
      'bookings.status as booking_status',
    ]);
type BookingRow = UserRow & DetailRow & { booking_id: string; short_id: string; booking_status: string };
type PersonOrBookingRow = UserRow &
  DetailRow & { booking_id: string | null; short_id: string | null; booking_status: string | null };
const isBookingRow = (r: PersonOrBookingRow): r is BookingRow =>
  r.booking_id !== null && r.short_id !== null && r.booking_status !== null;

/** Each reading of the box but names is one statement of fixed text, compiled once (only its values change). */
const READINGS = {
  /**
   * An id read as a person's and as a booking's in one statement (one round trip, not two): the person's row carries
   * no booking columns, and comes first.
   */
  id: compiledOnce(['id'], (db, v) =>
    people(db)
      .select([
        sql<string | null>`null`.as('booking_id'),
        sql<string | null>`null`.as('short_id'),
        sql<string | null>`null`.as('booking_status'),
      ])
      .where('users.id', '=', v.id)
      .unionAll(bookings(db).where('bookings.id', '=', v.id))
      .orderBy(sql`booking_id nulls first`),
  ),
  email: compiledOnce(['pattern'], (db, v) =>
    people(db)
      .where(sql<string>`lower(users.email)`, 'like', v.pattern)
      .orderBy(sql`lower(users.email)`)
      .limit(RESULT_LIMIT),
  ),
  phone: compiledOnce(['phone'], (db, v) => people(db).where('users.phone_normalized', '=', v.phone).limit(RESULT_LIMIT)),
  phoneTail: compiledOnce(['pattern'], (db, v) =>
    people(db)
      .where(sql<string>`reverse(users.phone_normalized)`, 'like', v.pattern)
      .orderBy('users.last_name')
      .orderBy('users.first_name')
      .orderBy('users.id')
      .limit(RESULT_LIMIT),
  ),
  shortId: compiledOnce(['pattern'], (db, v) =>
    bookings(db).where('bookings.short_id', 'like', v.pattern).orderBy('bookings.short_id').limit(RESULT_LIMIT),
  ),
  stripeCustomer: compiledOnce(['id'], (db, v) => people(db).where('users.stripe_customer_id', '=', v.id)),
  stripeAccount: compiledOnce(['id'], (db, v) =>
    people(db).where('users.id', 'in', (eb) =>
      eb
        .selectFrom('instructor_profiles')
        .select('instructor_profiles.user_id')
        .where('instructor_profiles.stripe_account_id', '=', v.id),
    ),
  ),
  stripePaymentIntent: compiledOnce(['id'], (db, v) =>
    bookings(db)
      .innerJoin('payments', 'payments.booking_id', 'bookings.id')
      .where('payments.stripe_payment_intent_id', '=', v.id),
  ),
  stripeCharge: compiledOnce(['id'], (db, v) =>
    bookings(db).innerJoin('payments', 'payments.booking_id', 'bookings.id').where('payments.stripe_charge_id', '=', v.id),
  ),
  stripeRefund: compiledOnce(['id'], (db, v) =>
    bookings(db).innerJoin('refunds', 'refunds.booking_id', 'bookings.id').where('refunds.stripe_refund_id', '=', v.id),
  ),
  stripeTransfer: compiledOnce(['id'], (db, v) =>
    bookings(db).innerJoin('payouts', 'payouts.booking_id', 'bookings.id').where('payouts.stripe_transfer_id', '=', v.id),
  ),
};

/** The booking a Stripe payment intent, charge or refund id paid for, or whose payout a transfer paid. */
const STRIPE_BOOKING_READINGS = {
  pi: READINGS.stripePaymentIntent,
  ch: READINGS.stripeCharge,
  re: READINGS.stripeRefund,
  tr: READINGS.stripeTransfer,
};

function bookingResult(r: BookingRow, matchedOn: SearchMatchedOn, exact: boolean): SearchResult {
  return {
    ...userResult(r, matchedOn, exact, personDetails(r)),
    kind: 'booking',
    bookingId: r.booking_id,
    shortId: r.short_id,
    bookingStatus: r.booking_status,
  };
}

/**
 * The one-box lookup. Each reading is indexed (lower(email) text_pattern_ops, phone_normalized,
 * reverse(phone_normalized) for a number's last digits, short_id text_pattern_ops, (length, name, other name, id)
 * on each side of a name and a GiST trigram index on the full name, primary keys), run in parallel and ranked:
 * exact ids, emails, phones and short ids first, then a phone's last digits, exact names, prefixes, then similar
 * names. Name matches page by keyset ("show more"); the total counts matches up to a cap and says when it stopped.
 */
export async function searchSupport(db: DbOrTx, q: string, cursorText?: string): Promise<SearchResponse> {
  const { text, readAs, phone, phoneTail, shortId, stripeId, words } = readQuery(q);
  const cursor = cursorText ? decodeSearchCursor(cursorText) : null;
  const jobs: Array<Promise<Ranked[]>> = [];
  const ranked = (rank: number) => (r: SearchResult) => ({ rank, result: r });

  // "Show more" continues the name matches; everything else fits on the first page.
  if (!cursor) {
    type Judged = { rank: number; exact: boolean };
    const exactly = (): Judged => ({ rank: 0, exact: true });
    const asPerson = (matchedOn: SearchMatchedOn, judge: (u: UserRow) => Judged) => (rows: Array<UserRow & DetailRow>) =>
      rows.map((u) => {
        const { rank, exact } = judge(u);
        return ranked(rank)(userResult(u, matchedOn, exact, personDetails(u)));
      });
    const asBooking = (matchedOn: SearchMatchedOn, exact: (r: BookingRow) => boolean) => (rows: BookingRow[]) =>
      rows.map((r) => ranked(exact(r) ? 0 : 3)(bookingResult(r, matchedOn, exact(r))));
    if (readAs.includes('user_id')) {
      const person = asPerson('user_id', exactly);
      const booking = asBooking('booking_id', () => true);
      jobs.push(
        READINGS.id(db, { id: text }).then((rows) => rows.flatMap((r) => (isBookingRow(r) ? booking([r]) : person([r])))),
      );
    }
    if (readAs.includes('email')) {
      const lower = text.toLowerCase();
      const judge = (u: UserRow): Judged => (u.email.toLowerCase() === lower ? exactly() : { rank: 3, exact: false });
      jobs.push(READINGS.email(db, { pattern: likePrefix(lower) }).then(asPerson('email', judge)));
    }
    if (phone) {
      jobs.push(READINGS.phone(db, { phone }).then(asPerson('phone', exactly)));
    }
    if (phoneTail) {
      const reversed = [...phoneTail].reverse().join('');
      const tail = READINGS.phoneTail(db, { pattern: likePrefix(reversed) });
      jobs.push(tail.then(asPerson('phone', () => ({ rank: 1, exact: false }))));
    }
    if (shortId) {
      jobs.push(
        READINGS.shortId(db, { pattern: likePrefix(shortId) }).then(asBooking('short_id', (r) => r.short_id === shortId)),
      );
    }
    if (stripeId === 'cus') {
      jobs.push(READINGS.stripeCustomer(db, { id: text }).then(asPerson('stripe_id', exactly)));
    } else if (stripeId === 'acct') {
      jobs.push(READINGS.stripeAccount(db, { id: text }).then(asPerson('stripe_id', exactly)));
    } else if (stripeId) {
      jobs.push(STRIPE_BOOKING_READINGS[stripeId](db, { id: text }).then(asBooking('stripe_id', () => true)));
    }
  }
  const names = readAs.includes('name')
    ? searchNames(db, words, cursor, RESULT_LIMIT)
    : Promise.resolve({ rows: [] as NameRow[], total: 0, totalCapped: false, nextCursor: null });
  const [other, named] = await Promise.all([Promise.all(jobs).then((r) => r.flat()), names]);
  const nameRanked = named.rows.map((u) => ranked(u.tier)(userResult(u, 'name', false)));
  const page = rankResults([...other, ...nameRanked]);
  const duplicates = other.length + nameRanked.length - page.length;
  // Name matches are the only rows read without their details (their statements order and page by name keys).
  const byName = page.filter((r) => r.matchedOn === 'name');
  const details = await describePeople(
    db,
    byName.map((r) => r.userId),
  );
  const results = page.map((r) => (r.matchedOn === 'name' ? { ...r, ...(details.get(r.userId) ?? {}) } : r));
  return {
    q: text,
    readAs,
    results,
    total: (cursor ? 0 : other.length) + named.total - duplicates,
    totalCapped: named.totalCapped,
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
