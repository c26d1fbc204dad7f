import { z } from 'zod';
import {
  asSentence,
  AUDIT_ACTOR_DESCRIPTION,
  AUDIT_RESOURCE_ID_DESCRIPTION,
  AUDIT_RESOURCE_TYPE_DESCRIPTION,
  auditSearchInputSchema,
  formatBps,
  formatCents,
  formatChange,
  formatCount,
  formatPoints,
  LOG_LEVELS,
  LATENCY_SLO_PERIOD,
  logsSearchInputSchema,
  noDataBefore,
  plural,
  webhookListInputSchema,
  type SpotlightKind,
  type SpotlightResponse,
} from '@ops/shared';
import { outputs } from './outputs.js';

/**
 * The tool registry: one entry per console read or direct mutation, each naming the tRPC procedure it calls.
 * Permission, input schema and input validation come from the procedure itself (see registry.ts); actions
 * (`<feature>.<action>.preview/execute`) are derived from the router's action list, described by their definitions.
 */
export type Structured = Record<string, unknown>;

export interface ReadToolSpec {
  name: string;
  /** The tRPC procedure path this tool calls, e.g. `support.search`. */
  procedure: string;
  title: string;
  /** Written for a model: when to use it, what it returns, how to chain it. */
  description: string;
  output: z.ZodType<Structured>;
  /** A short line for the model; the structured result carries the rest. `args` are the call's own arguments. */
  summarize(result: Structured, args: Record<string, unknown>): string;
  /** Wraps a result that is not an object (a list) into the structured object. */
  wrap?: 'items';
  /** Shapes the procedure's result for the model, where it needs more than the browser does (else as it is, or wrapped). */
  structure?(result: unknown): Structured;
  /** A narrower input for a tool that presets part of the procedure's input. */
  input?: { schema: z.ZodType; toProcedure(args: Record<string, unknown>): unknown };
  /**
   * A direct mutation (audited) rather than a read; destructive when it changes or removes what is there rather than
   * only adding to it (MCP's destructiveHint).
   */
  mutation?: { destructive: boolean };
}

const list = (r: Structured, key: string): unknown[] => {
  const v = r[key];
  return Array.isArray(v) ? v : [];
};
const field = (r: unknown, key: string): unknown =>
  typeof r === 'object' && r !== null ? (r as Record<string, unknown>)[key] : undefined;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A figure list as a sentence's start: "error rate …" → "Error rate …". */
const sentenceStart = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const money = (v: unknown): string => (typeof v === 'number' ? formatCents(v) : 'n/a');
const more = (r: Structured): string => (r.nextCursor ? ' More: pass nextCursor as cursor.' : '');
/** The items named after a count: ": A, B" (nothing for none). */
const named = (items: unknown[], name: (item: unknown) => string): string =>
  items.length ? `: ${items.map(name).join(', ')}` : '';
/**
 * Insights in their own words after a heading (" Highlights: … …"; nothing for none), each claim that survived the
 * report's correction marked "(significant)" as the browser badges it.
 */
const said = (heading: string, insights: unknown): string => {
  const texts = (Array.isArray(insights) ? insights : []).flatMap((i) => {
    const words = text(field(i, 'text'));
    return words ? [field(i, 'significant') === true ? `${words} (significant)` : words] : [];
  });
  return texts.length ? ` ${heading}: ${texts.join(' ')}` : '';
};
/** How many items a list field holds, in words ("1 job", "3 jobs"); a missing list counts none. */
const counted = (v: unknown, one: string, many?: string): string => plural(Array.isArray(v) ? v.length : 0, one, many);

/**
 * A narrower view of `audit.search`: its own input (the rest of the search preset by `preset`) and a count of what it
 * found ("3 actions by this person.").
 */
function auditView(view: {
  name: string;
  title: string;
  description: string;
  schema: z.ZodType;
  preset?: Record<string, unknown>;
  counts: [one: string, where?: string];
}): ReadToolSpec {
  const [one, where] = view.counts;
  return {
    name: view.name,
    procedure: 'audit.search',
    title: view.title,
    description: view.description,
    output: outputs.auditPage,
    input: { schema: view.schema, toProcedure: (args) => ({ ...args, ...view.preset }) },
    summarize: (r) => `${counted(r.items, one)}${where ? ` ${where}` : ''}.${more(r)}`,
  };
}

/**
 * The command center in one line: "Overall warning; 2 problems (warning: …; critical: …); unavailable: sentry.", then
 * the figures its tiles lead with, where their source answered: error rate and p99 latency as the stability tiles
 * write them, bookings and signups today against yesterday by now, and the jobs that failed or died.
 */
function snapshotSummary(r: Structured): string {
  const problems = field(r.overall, 'problems');
  const listed = (Array.isArray(problems) ? problems : []).map((p) => `${text(field(p, 'level'))}: ${text(field(p, 'message'))}`);
  const unavailable = field(r.overall, 'unavailable');
  const down = (Array.isArray(unavailable) ? unavailable : []).map(text).join(', ') || 'none';
  const reading = (key: string): number | null => {
    const value = field(field(r.stability, key), 'value');
    return typeof value === 'number' ? value : null;
  };
  const errorRate = reading('errorRate');
  const p99 = reading('p99LatencySeconds');
  const stability = [
    errorRate === null ? '' : `Error rate ${(errorRate * 100).toFixed(2)} %`,
    p99 === null ? '' : `p99 latency ${Math.round(p99 * 1000)} ms`,
  ].filter(Boolean);
  const growth = isRecord(r.growth)
    ? `bookings today ${text(r.growth.bookingsToday)} (yesterday by now ${text(r.growth.bookingsYesterday)}), signups ${text(r.growth.signupsToday)} (${text(r.growth.signupsYesterday)})`
    : '';
  const jobs = field(r.operations, 'jobs');
  const figures = [
    stability.join(', '),
    growth,
    isRecord(jobs) ? `jobs ${text(jobs.dead)} dead, ${text(jobs.failed)} failed` : '',
  ].filter(Boolean);
  const headline = `Overall ${text(field(r.overall, 'level'))}; ${counted(problems, 'problem')}${listed.length ? ` (${listed.join('; ')})` : ''}; unavailable: ${down}.`;
  return figures.length ? `${headline} ${sentenceStart(figures.join('; '))}.` : headline;
}

/** How many lines one logs_search asks for unless told: 200 lines ran to about 100 KB, more than a model reads. */
export const LOGS_TOOL_LIMIT = 20;
const logsLimit = logsSearchInputSchema.shape.limit.removeDefault();
const LOGS_MAX = logsLimit.maxValue ?? LOGS_TOOL_LIMIT;

/**
 * "20 log lines, newest first: 2 error, 18 info. Newest error at … (operation, status 502, request req_…): message.",
 * and, when the search stopped at its limit, that older lines may match.
 */
function logsSummary(r: Structured, args: Record<string, unknown>): string {
  const lines = r.lines;
  if (!Array.isArray(lines)) return `Logs unavailable (${text(field(r.source, 'state'))}).`;
  const levels = [...LOG_LEVELS].reverse() as string[];
  for (const line of lines) {
    const level = text(field(line, 'level'));
    if (!levels.includes(level)) levels.push(level);
  }
  const byLevel = levels.flatMap((level) => {
    const n = lines.filter((l) => text(field(l, 'level')) === level).length;
    return n ? [`${n} ${level || 'no level'}`] : [];
  });
  const found = `${counted(lines, 'log line')}${lines.length ? `, newest first: ${byLevel.join(', ')}` : ''}.`;
  const error: unknown = lines.find((l) => field(l, 'level') === 'error');
  const where = [
    text(field(error, 'operation')) || text(field(error, 'route')),
    field(error, 'status') ? `status ${text(field(error, 'status'))}` : '',
    field(error, 'requestId') ? `request ${text(field(error, 'requestId'))}` : '',
  ].filter(Boolean);
  const newestError = error
    ? ` Newest error at ${text(field(error, 'time'))}${where.length ? ` (${where.join(', ')})` : ''}: ${asSentence(text(field(error, 'message')))}`
    : lines.length
      ? ' No errors among them.'
      : '';
  const limit = typeof args.limit === 'number' ? args.limit : LOGS_TOOL_LIMIT;
  const atLimit =
    lines.length < limit
      ? ''
      : limit < LOGS_MAX
        ? ` That is the limit: older lines may match; pass a larger limit (up to ${LOGS_MAX}) or narrow the search.`
        : ' That is the most one search returns: older lines may match; narrow the search.';
  return `${found}${newestError}${atLimit}`;
}

/** "2026-11-04 to 2026-12-03", a report's period (or comparison) as its page heads it. */
const period = (p: unknown): string => `${text(field(p, 'from'))} to ${text(field(p, 'to'))}`;

/**
 * Revenue's headline figures, each with its change against the comparison where there is one: "net revenue $362.94
 * (+16.2%), GMV …, 23 bookings (+12.5%), take rate 14.5% (+0.2 pts); 3 refunds, $183.13."
 */
function revenueSummary(r: Structured): string {
  const totals = isRecord(r.totals) ? r.totals : {};
  const change = (key: string, shown: string): string => {
    const bps = field(r.changes, key);
    if (typeof bps !== 'number') return shown;
    return `${shown} (${key === 'takeRateBps' ? formatPoints(bps) : formatChange(bps)})`;
  };
  const count = (v: unknown) => (typeof v === 'number' ? v : 0);
  const takeRate = typeof totals.takeRateBps === 'number' ? totals.takeRateBps : null;
  const figures = [
    change('netRevenueCents', `net revenue ${money(totals.netRevenueCents)}`),
    change('gmvCents', `GMV ${money(totals.gmvCents)}`),
    change('bookings', plural(count(totals.bookings), 'booking')),
    ...(takeRate === null ? [] : [change('takeRateBps', `take rate ${formatBps(takeRate)}`)]),
  ];
  const refunds = change('refundsCents', `${plural(count(totals.refunds), 'refund')}, ${money(totals.refundsCents)}`);
  const against = r.comparison ? ` against ${period(r.comparison)}` : '';
  return `${period(r.period)}${against}: ${figures.join(', ')}; ${refunds}. ${counted(r.insights, 'insight')}.${said('Insights', r.insights)}`;
}

/** Claims and concerns before notes ("no data on 3 days"): the first few insights a summary has room for. */
function leadingInsights(insights: unknown, count: number): unknown[] {
  const all: unknown[] = Array.isArray(insights) ? insights : [];
  return [...all.filter((i) => field(i, 'tone') !== 'info'), ...all.filter((i) => field(i, 'tone') === 'info')].slice(0, count);
}

/** The funnel as its chart reads: "Signed up 120 → Email verified 80 (66.7%, −7.6 pts) → …", then its insights. */
function funnelSummary(r: Structured): string {
  const stages = list(r, 'stages').map((stage) => {
    const rate = field(stage, 'stepConversionBps');
    const changed = field(stage, 'changeBps');
    const shown = [
      typeof rate === 'number' ? formatBps(rate) : '',
      typeof rate === 'number' && typeof changed === 'number' ? formatPoints(changed) : '',
    ].filter(Boolean);
    return `${text(field(stage, 'label'))} ${text(field(stage, 'users'))}${shown.length ? ` (${shown.join(', ')})` : ''}`;
  });
  return `${period(r.period)}: ${stages.join(' → ')}.${said('Insights', leadingInsights(r.insights, 3))}`;
}

/** One side of the cohorts: its newest cohort and the latest share of a cohort still active the month after. */
function cohortSide(name: string, rows: unknown): string {
  const newestFirst: unknown[] = Array.isArray(rows) ? [...(rows as unknown[])].reverse() : [];
  const newest = newestFirst.find((row) => {
    const size = field(row, 'size');
    return typeof size === 'number' && size > 0;
  });
  if (newest === undefined) return `${name}: no one in these months' cohorts.`;
  const monthAfter = (row: unknown): unknown => {
    const cells = field(row, 'cells');
    return (Array.isArray(cells) ? (cells as unknown[]) : []).find(
      (c) => field(c, 'offset') === 1 && typeof field(c, 'rateBps') === 'number',
    );
  };
  const judged = newestFirst.find((row) => monthAfter(row) !== undefined);
  const rate = field(monthAfter(judged), 'rateBps');
  const retained =
    judged !== undefined && typeof rate === 'number'
      ? `; of ${text(field(judged, 'month'))}, ${formatBps(rate)} active the month after`
      : '';
  return `${name}: newest cohort ${text(field(newest, 'month'))} of ${text(field(newest, 'size'))}${retained}.`;
}

function cohortsSummary(r: Structured): string {
  const months = list(r, 'months').map(text);
  const [first, last] = [months[0], months[months.length - 1]];
  const span = first === undefined ? '' : first === last ? `, ${first}` : `, ${first} to ${last ?? ''}`;
  return `${counted(r.months, 'month')} of cohorts${span}. ${cohortSide('Students', r.students)} ${cohortSide('Instructors', r.instructors)}`;
}

/** The tool that shows each kind of spotlight hit, called with the hit's `ref` (its procedure's input) as it is. */
export const SPOTLIGHT_NEXT_TOOL: Record<SpotlightKind, string> = {
  person: 'support_user_360',
  booking: 'support_booking_detail',
  webhook: 'webhooks_detail',
  audit: 'audit_entry',
  campaign: 'communications_detail',
  request: 'logs_request_trace',
  'error-event': 'errors_event',
};

export const READ_TOOLS: ReadToolSpec[] = [
  {
    name: 'spotlight_find',
    procedure: 'spotlight.find',
    title: 'Find any record',
    description:
      'The Ctrl-K search: any record your role may open (people, bookings, webhook events, errors, campaigns…) by name, email, phone or id. Returns hits with a kind, a label, the console page that shows it and `next`: the tool to open it and the arguments to pass, e.g. support_user_360 with { userId }. A hit\'s `id` ("person:…") only tells hits apart: pass `next.arguments` (or `ref`) on, never `id`. For people and bookings prefer support_lookup.',
    output: outputs.spotlight,
    structure: (result) => {
      const answer = result as SpotlightResponse;
      return {
        ...answer,
        hits: answer.hits.map((hit) => ({ ...hit, next: { tool: SPOTLIGHT_NEXT_TOOL[hit.kind], arguments: hit.ref } })),
      };
    },
    summarize: (r) =>
      `${counted(r.hits, 'hit')}: ${list(r, 'hits')
        .slice(0, 5)
        .map((x) => `${text(field(x, 'kind'))} ${text(field(x, 'label'))}`)
        .join('; ')}`,
  },
  // On-call: jobs, logs, payments, deploys
  {
    name: 'jobs_overview',
    procedure: 'jobs.overview',
    title: 'Background job queues',
    description:
      'The marketplace job queue: per queue how many jobs are queued, running, failed and dead, and the periodic schedule with last and next run. Use jobs_list with status "dead" to see which jobs died. Retry or discard one with jobs_retry_preview or jobs_discard_preview and its job id.',
    output: outputs.jobsOverview,
    summarize: (r) =>
      `${counted(r.queues, 'queue')}: ${list(r, 'queues')
        .map((q) => `${text(field(q, 'queue'))} dead ${text(field(q, 'dead'))}`)
        .join('; ')}`,
  },
  {
    name: 'jobs_list',
    procedure: 'jobs.list',
    title: 'Background jobs',
    description:
      'Jobs filtered by queue, task or status (e.g. status "dead" for the dead-letter queue), newest first, with task, attempts, timings and the last error. Paged: pass nextCursor as cursor.',
    output: outputs.jobsPage,
    summarize: (r) => `${counted(r.items, 'job')}.${more(r)}`,
  },
  {
    name: 'jobs_task_history',
    procedure: 'jobs.task',
    title: "One task's history",
    description:
      "A task's last 7 days (succeeded, failed, dead, p95 duration per day) and its most recent runs. Use a task name from jobs_list.",
    output: outputs.jobTask,
    summarize: (r) => `${text(r.task)}: ${counted(r.recent, 'recent run')}.`,
  },
  {
    name: 'logs_search',
    procedure: 'logs.search',
    title: 'Search logs',
    description:
      'Log lines from the log store (Axiom) over a time range, filtered by level, route, status, user id, booking id, request id or duration (minDurationMs: the requests slower than it), newest first: 20 lines unless limit asks for more (up to 500). For everything about one request use logs_request_trace.',
    output: outputs.logsSearch,
    // The procedure's input with a smaller default limit; an explicit one is honoured up to the procedure's maximum.
    input: {
      schema: logsSearchInputSchema.safeExtend({
        limit: logsLimit
          .default(LOGS_TOOL_LIMIT)
          .describe(`How many lines at most, newest first (1 to ${LOGS_MAX}; ${LOGS_TOOL_LIMIT} when omitted).`),
      }),
      toProcedure: (args) => args,
    },
    summarize: logsSummary,
  },
  {
    name: 'logs_request_trace',
    procedure: 'logs.request',
    title: 'Everything about one request',
    description:
      "Give a request id (req_…, from a log line, an audit row or an error). Returns that request's log lines, the Sentry events tagged with it and the audit rows it wrote, in one answer.",
    output: outputs.requestTrace,
    summarize: (r) => {
      const lines = field(r.logs, 'lines');
      const events = field(r.errors, 'events');
      // No audit list is a role that may not read the audit log, not a request that wrote no rows.
      const audit = Array.isArray(r.audit) ? `, ${counted(r.audit, 'audit row')}` : '; audit rows are not visible to your role';
      return `Request ${text(r.requestId)}: ${counted(lines, 'log line')}, ${counted(events, 'error event')}${audit}.`;
    },
  },
  {
    name: 'errors_event',
    procedure: 'logs.event',
    title: 'One Sentry event',
    description: 'A Sentry event by its 32-hex event id: title, message, tags (including our request id) and the stack trace.',
    output: outputs.sentryEvent,
    summarize: (r) => (r.event ? `${text(field(r.event, 'title'))}` : `Event unavailable (${text(field(r.source, 'state'))}).`),
  },
  {
    name: 'payments_pipeline',
    procedure: 'payments.pipeline',
    title: 'Payments pipeline',
    description:
      'Authorisations and captures that are overdue, failed payments and refunds still pending at Stripe, each with its booking id. Open one with support_booking_detail.',
    output: outputs.paymentsPipeline,
    summarize: (r) =>
      `${list(r, 'overdue').length} overdue, ${list(r, 'failures').length} failed, ${counted(r.pendingRefunds, 'pending refund')}.`,
  },
  {
    name: 'deploys_overview',
    procedure: 'deploys.overview',
    title: 'Deploys',
    description: 'Every deploy target per environment with its version, sha, response time and drift, and the deploy history.',
    output: outputs.deploysOverview,
    summarize: (r) => {
      const o = field(r, 'overview');
      const envs = field(o, 'environments');
      const history = field(o, 'history');
      return `${counted(envs, 'environment')}, ${counted(history, 'deploy')} in history.`;
    },
  },
  // Analytics: brief and search demand
  {
    name: 'analytics_growth_brief',
    procedure: 'brief.report',
    title: 'Growth brief',
    description:
      'One period against its comparison: headline numbers and only the highlights and concerns that pass their statistical tests (each with an effect size and confidence interval).',
    output: outputs.brief,
    summarize: (r) =>
      `${counted(r.highlights, 'highlight')}, ${counted(r.concerns, 'concern')}.${said('Highlights', r.highlights)}${said('Concerns', r.concerns)}`,
  },
  {
    name: 'analytics_search_demand',
    procedure: 'searchDemand.report',
    title: 'Search demand',
    description:
      'What students searched for in a period against its comparison: top queries, queries with no results, and search → booking conversion.',
    output: outputs.searchDemand,
    summarize: (r) =>
      `${counted(r.topZeroResultQueries, 'zero-result query', 'zero-result queries')} among the top${named(
        list(r, 'topZeroResultQueries').slice(0, 5),
        (q) => `"${text(field(q, 'query'))}" (${text(field(q, 'zeroResultSearches'))})`,
      )}.`,
  },
  // Privacy
  {
    name: 'privacy_exports',
    procedure: 'privacy.exports',
    title: "A person's data exports",
    description:
      "The exports of a person's data already made (status, who asked, when, rows per table). Archives are requested and downloaded by a person in the browser.",
    output: outputs.privacyExports,
    wrap: 'items',
    summarize: (r) => `${counted(r.items, 'export')}.`,
  },
  // Support
  {
    name: 'support_lookup',
    procedure: 'support.search',
    title: 'Find a person or booking',
    description:
      'Start here for any question about a student, instructor or booking. Give an email, phone, user id, booking id, short booking id, Stripe id (cus_…, acct_…, pi_…, ch_…, re_…, tr_…) or a name in `q`. Returns matching people and bookings with their user ids and booking ids (emails and phones masked as your role sees them). Then call support_user_360 with a userId or support_booking_detail with a bookingId.',
    output: outputs.supportSearch,
    summarize: (r) => {
      const results = list(r, 'results');
      const first = results
        .slice(0, 5)
        .map(
          (x) =>
            `${text(field(x, 'displayName'))} (${text(field(x, 'kind'))} ${text(field(x, 'bookingId')) || text(field(x, 'userId'))})`,
        );
      // Every match, not only this page's (at least that many when the count stopped at its cap).
      const total = typeof r.total === 'number' ? r.total : results.length;
      const matches = `${formatCount(total)}${r.totalCapped === true ? '+' : ''} ${total === 1 ? 'match' : 'matches'}`;
      const onPage = results.length - first.length;
      const where = !r.nextCursor
        ? 'all in the structured result'
        : `${onPage ? `${formatCount(onPage)} more in the structured result; ` : ''}pass nextCursor as cursor for the rest`;
      const rest =
        total > first.length
          ? `; and ${formatCount(total - first.length)}${r.totalCapped === true ? '+' : ''} more (${where})`
          : '';
      return `${matches} for "${text(r.q)}"${first.length ? `: ${first.join('; ')}` : ''}${rest}.`;
    },
  },
  {
    name: 'support_user_360',
    procedure: 'support.user',
    title: 'Everything about one person',
    description:
      "Use after support_lookup, with its userId. Returns the person's profile, stats, account flags, fraud signals, bookings, refunds, credit balance and ledger, payouts, notes, notifications and recent staff actions, each list capped at listLimit rows. To act, preview an action (e.g. refunds_create_preview with a bookingId from `bookings`).",
    output: outputs.user360,
    summarize: (r) =>
      `${text(field(r.profile, 'displayName'))} (${text(field(r.profile, 'role'))}, ${text(field(r.profile, 'status'))}): ${counted(r.bookings, 'booking')}, ${counted(r.refunds, 'refund')}, credit ${money(r.creditBalanceCents)}, ${counted(r.fraudSignals, 'fraud signal')}, ${counted(r.flags, 'flag')}.`,
  },
  {
    name: 'support_booking_detail',
    procedure: 'bookings.detail',
    title: 'One booking with its timeline',
    description:
      'Use with a bookingId (from support_lookup or support_user_360). Returns the booking, its student and instructor, payment, refunds, notes (disputes, fraud flags), notifications, webhooks, staff actions and a merged timeline. For money details before a refund see bookings_money. To refund, call refunds_create_preview.',
    output: outputs.bookingDetail,
    summarize: (r) =>
      `Booking ${text(field(r.booking, 'shortId'))} is ${text(field(r.booking, 'status'))}; ${counted(r.timeline, 'timeline event')}, ${counted(r.refunds, 'refund')}, ${counted(r.notes, 'note')}.`,
  },
  {
    name: 'support_trail',
    procedure: 'support.trail',
    title: 'Cross-source trail',
    description:
      'Use to reconstruct what happened to a person or a booking across sources (bookings, payments, webhooks, notifications, logs, errors). Give exactly one of userId or bookingId. Returns time-ordered entries and the state of each source.',
    output: outputs.trail,
    summarize: (r) => `${counted(r.entries, 'trail entry', 'trail entries')} from ${text(r.from)} to ${text(r.to)}.`,
  },
  {
    name: 'support_stripe',
    procedure: 'support.stripe',
    title: "A person's Stripe customer",
    description:
      "Use with a userId to see the person's Stripe customer, saved payment methods and recent charges as Stripe reports them (compare with the console's payments when a charge is disputed).",
    output: outputs.stripePanel,
    summarize: (r) =>
      `Stripe ${text(field(r.status, 'state'))}: customer ${text(r.customerId) || 'none'}, ${counted(r.charges, 'charge')}.`,
  },
  {
    name: 'support_payout_account',
    procedure: 'support.payoutAccount',
    title: "An instructor's Stripe payout account",
    description:
      "Use with an instructor's userId when they ask about being paid: their Stripe Connect account (charges and payouts enabled, what Stripe still requires), balance (available and pending) and latest payouts with status and arrival date, as Stripe reports them. Compare with the payouts in support_user_360.",
    output: outputs.payoutAccount,
    summarize: (r) =>
      `Stripe ${text(field(r.status, 'state'))}: account ${text(r.accountId) || 'none'}, available ${money(field(r.balance, 'availableCents'))}, pending ${money(field(r.balance, 'pendingCents'))}, ${counted(r.payouts, 'payout')}.`,
  },
  {
    name: 'support_reveal_pii',
    procedure: 'support.revealPii',
    title: "Reveal a person's full contact details",
    description:
      "Only when the task truly needs a person's full email, phone or name (results elsewhere are masked for your role). Requires a `reason` a reviewer would accept; writes an audit row under your name. Returns the unmasked details and the audit id.",
    output: outputs.revealedPii,
    summarize: (r) => `Revealed contact details of user ${text(r.userId)} (audit #${text(r.auditId)}).`,
    mutation: { destructive: false },
  },
  {
    name: 'support_add_note',
    procedure: 'support.addNote',
    title: 'Add a note to a person or booking',
    description:
      'Records a support note (support_interaction, dispute, fraud_flag, internal or escalation) on a person or booking; audited. Use after reading support_user_360 or support_booking_detail.',
    output: outputs.note,
    summarize: (r) => `Note ${text(r.id)} added (audit #${text(r.auditId)}).`,
    mutation: { destructive: false },
  },
  {
    name: 'bookings_money',
    procedure: 'bookings.byId',
    title: "A booking's money",
    description:
      'Returns the booking price, platform fee, instructor payout, payment state, the amount still refundable and past refunds (refund history). Read it before refunds_create_preview.',
    output: outputs.bookingMoney,
    summarize: (r) =>
      `Booking ${text(r.shortId)} (${text(r.status)}): price ${money(r.priceCents)}, refundable ${money(r.refundableCents)}, ${counted(r.refunds, 'refund')}.`,
  },
  {
    name: 'students_credit_history',
    procedure: 'students.byId',
    title: "A student's credit balance and ledger",
    description:
      "Use with a student's userId for their credit balance and ledger (credit history). To change it, students_adjust_credit_preview.",
    output: outputs.student,
    summarize: (r) =>
      `${text(r.displayName)}: credit ${money(r.creditBalanceCents)}, ${counted(r.ledger, 'ledger entry', 'ledger entries')}.`,
  },
  {
    name: 'instructors_detail',
    procedure: 'instructors.byId',
    title: 'An instructor',
    description:
      "Use with an instructor's userId: status, background check, verification override, commission tier, payout hold, upcoming and recent bookings, payouts and pending/held payout totals. Read before instructors_suspend_preview or instructors_payout_hold_preview.",
    output: outputs.instructor,
    summarize: (r) =>
      `${text(r.displayName)} (${text(r.status)}): ${counted(r.upcomingBookings, 'upcoming booking')}, pending payouts ${money(r.pendingPayoutCents)}, held ${money(r.heldPayoutCents)}.`,
  },
  // Webhooks
  {
    name: 'webhooks_list',
    procedure: 'webhooks.list',
    title: 'Webhook events',
    description:
      'Lists received webhook events (Stripe, Checkr), newest first, filtered by source, status, type, time or a related booking/user/payment id. Paged: pass nextCursor back as cursor. For one event use webhooks_detail. To retry one, webhooks_replay_preview.',
    output: outputs.webhookPage,
    summarize: (r) => `${counted(r.items, 'webhook event')}.${more(r)}`,
  },
  {
    name: 'webhooks_failed',
    procedure: 'webhooks.list',
    title: 'Failed webhook events',
    description:
      'The webhook events that failed processing, newest first (webhooks_list with status failed). Replay them with webhooks_replay_many_preview using their ids.',
    output: outputs.webhookPage,
    input: {
      schema: webhookListInputSchema.omit({ status: true }),
      toProcedure: (args) => ({ ...args, status: 'failed' }),
    },
    summarize: (r) => `${counted(r.items, 'failed webhook event')}.${more(r)}`,
  },
  {
    name: 'webhooks_detail',
    procedure: 'webhooks.byId',
    title: 'One webhook event',
    description: 'Use with an event id from webhooks_list: headers (sanitised), payload, error, replays of it and its original.',
    output: outputs.webhookDetail,
    summarize: (r) => `${text(r.source)} ${text(r.type)} is ${text(r.status)}${r.error ? `: ${text(r.error)}` : ''}.`,
  },
  // Audit
  {
    name: 'audit_search',
    procedure: 'audit.search',
    title: 'Search the audit log',
    description:
      'Searches staff actions, newest first, by actor (staff id or email), action, resource, time, text in the reason, admin-only, and channel (web or mcp). Each row says who did what, why, and through which channel (mcp rows carry the token name). Paged by cursor. Use audit_entry for before/after.',
    output: outputs.auditPage,
    summarize: (r) => `${counted(r.items, 'audit entry', 'audit entries')}.${more(r)}`,
  },
  auditView({
    name: 'audit_person_activity',
    title: "A staff member's activity",
    description: 'Everything one staff member did, newest first. Give `actor` as a staff email or id.',
    schema: auditSearchInputSchema.pick({ cursor: true, limit: true, from: true, to: true }).extend({
      actor: z.string().trim().min(1, { message: 'actor: give a staff email or id' }).max(200).describe(AUDIT_ACTOR_DESCRIPTION),
    }),
    counts: ['action', 'by this person'],
  }),
  auditView({
    name: 'audit_resource_history',
    title: "A resource's history",
    description:
      'Every staff action on one resource (resourceType such as booking, user, instructor, webhook_event, and its id), newest first.',
    schema: auditSearchInputSchema.pick({ cursor: true, limit: true }).extend({
      resourceType: z
        .string()
        .trim()
        .min(1, { message: 'resourceType: required' })
        .max(100)
        .describe(AUDIT_RESOURCE_TYPE_DESCRIPTION),
      resourceId: z.string().trim().min(1, { message: 'resourceId: required' }).max(200).describe(AUDIT_RESOURCE_ID_DESCRIPTION),
    }),
    counts: ['action', 'on this resource'],
  }),
  auditView({
    name: 'audit_recent_admin_actions',
    title: 'Recent admin actions',
    description: 'The latest actions by admins (refunds, suspensions, credit changes…), newest first.',
    schema: auditSearchInputSchema.pick({ cursor: true, limit: true }),
    preset: { adminOnly: true },
    counts: ['recent admin action'],
  }),
  {
    name: 'audit_entry',
    procedure: 'audit.byId',
    title: 'One audit entry',
    description:
      'Use with an audit id (from audit_search or an execute result): before/after values, request id, channel and whether its hash verifies.',
    output: outputs.auditEntry,
    summarize: (r) =>
      `#${text(r.id)} ${text(r.action)} by ${text(r.actorEmail)} via ${text(r.channel)} on ${text(r.resourceType)} ${text(r.resourceId)}; hash ${r.hashValid ? 'valid' : 'INVALID'}.`,
  },
  {
    name: 'audit_actors',
    procedure: 'audit.actors',
    title: 'Staff who appear in the audit log',
    description: 'The staff members (id, email, role) to filter audit_search or audit_person_activity by.',
    output: outputs.auditActors,
    wrap: 'items',
    summarize: (r) => `${counted(r.items, 'staff member')}.`,
  },
  {
    name: 'audit_chain_status',
    procedure: 'audit.chain',
    title: 'Audit chain integrity',
    description:
      'Verifies the audit log hash chain from the last checkpoint (full: true from the first row) and reports where it is verified to or where it breaks.',
    output: outputs.auditChain,
    summarize: (r) => (r.brokenAtId ? `Chain BROKEN at #${text(r.brokenAtId)}.` : `Chain verified to #${text(r.verifiedToId)}.`),
  },
  // Analytics
  {
    name: 'revenue_report',
    procedure: 'revenue.report',
    title: 'Revenue',
    description:
      'GMV, revenue, take rate, payouts and refunds for a period (preset or from/to) against the previous period, by day, by category and top services, with insights. Money in integer cents.',
    output: outputs.revenue,
    summarize: revenueSummary,
  },
  {
    name: 'revenue_liabilities',
    procedure: 'revenue.liabilities',
    title: 'Liabilities',
    description: 'What the marketplace owes now vs a period earlier: payouts owed, credit balances, pending refunds. Cents.',
    output: outputs.liabilities,
    summarize: (r) =>
      r.thenBeforeData || r.totalThenCents === null
        ? `Liabilities ${money(r.totalNowCents)} now; no change is told against then (${noDataBefore(typeof r.firstDataDay === 'string' ? r.firstDataDay : null)}).`
        : `Liabilities ${money(r.totalNowCents)} now vs ${money(r.totalThenCents)} then.`,
  },
  {
    name: 'revenue_supply',
    procedure: 'supply.report',
    title: 'Supply and demand',
    description:
      'Active and bookable instructors, utilisation (basis points), supply by category, and top zero-result searches (unmet demand) for a period.',
    output: outputs.supply,
    summarize: (r) =>
      `${text(r.activeInstructors)} active instructors, ${text(r.bookableInstructors)} bookable; ${counted(r.topZeroResultSearches, 'zero-result search term')}.`,
  },
  {
    name: 'funnel_report',
    procedure: 'funnel.report',
    title: 'Conversion funnel',
    description:
      'Signup → verified → search → booking started → confirmed → lesson completed for a period vs the previous one: counts, stage conversion, daily series and insights (e.g. a dip at one stage).',
    output: outputs.funnel,
    summarize: funnelSummary,
  },
  {
    name: 'cohorts_report',
    procedure: 'cohorts.report',
    title: 'Cohorts',
    description: 'Monthly student and instructor cohorts: how many of each signup month are still active in later months.',
    output: outputs.cohorts,
    summarize: cohortsSummary,
  },
  // On-call
  {
    name: 'health_snapshot',
    procedure: 'health.snapshot',
    title: 'Command center snapshot',
    description: `Start here for "is production healthy?": overall level with problems, each source's state, stability (error rate, latency), money (payments, webhooks), growth and operations (jobs, pool). Drill in with health_metrics_query, health_errors_top, alerts_firing. For a missed latency SLO, logs_search with period ${LATENCY_SLO_PERIOD} and minDurationMs set to its threshold lists the requests that missed it.`,
    output: outputs.healthSnapshot,
    summarize: snapshotSummary,
  },
  {
    name: 'health_metrics_catalog',
    procedure: 'health.metrics.catalog',
    title: 'Metric catalog',
    description:
      'The named metrics (e.g. p99 latency, error rate) with their PromQL and unit. Pass an id to health_metrics_query.',
    output: outputs.metricCatalog,
    wrap: 'items',
    summarize: (r) =>
      `${list(r, 'items').length} metrics: ${list(r, 'items')
        .map((m) => text(field(m, 'id')))
        .join(', ')}.`,
  },
  {
    name: 'health_metrics_query',
    procedure: 'health.metrics.range',
    title: 'Ask a metrics question',
    description:
      'Answers "what is the p99 latency / error rate…": give metricId from health_metrics_catalog, or free PromQL in `promql` (exactly one), and a period. Returns the series; the summary gives the latest value with its unit.',
    output: outputs.metricsRange,
    summarize: (r) => {
      if (r.ok !== true) return `Query failed: ${text(r.error)}`;
      const series = list(r, 'series');
      const points = (field(series[0], 'points') as unknown[] | undefined) ?? [];
      const last = [...points].reverse().find((p) => typeof field(p, 'v') === 'number');
      return last === undefined
        ? `No data for ${text(r.promql)}.`
        : `Latest ${text(field(series[0], 'label'))}: ${text(field(last, 'v'))} ${text(r.unit)} (${series.length} series).`;
    },
  },
  {
    name: 'health_errors_top',
    procedure: 'health.errors.top',
    title: 'Top errors (Sentry)',
    description:
      'The top Sentry issues by frequency, users affected or newest. Use health_error_issue with an id for the stack trace.',
    output: outputs.errorsTop,
    summarize: (r) =>
      r.issues === null
        ? `Sentry ${text(field(r.source, 'state'))}.`
        : `${counted(r.issues, 'issue')}${named(list(r, 'issues').slice(0, 3), (i) => `${text(field(i, 'shortId'))} ${text(field(i, 'title'))}`)}.`,
  },
  {
    name: 'health_error_issue',
    procedure: 'health.errors.issue',
    title: 'One error with its stack trace',
    description: 'A Sentry issue by id (from health_errors_top): latest event, stack trace with source context, tags.',
    output: outputs.errorIssue,
    summarize: (r) =>
      r.issue === null ? `Sentry ${text(field(r.source, 'state'))}.` : `Issue ${text(field(r.issue, 'title'))}.`,
  },
  {
    name: 'alerts_firing',
    procedure: 'alerts.list',
    title: 'Firing alerts',
    description: 'Alerts firing now in Alertmanager and active silences. Silence one with alerts_silence_preview.',
    output: outputs.alerts,
    summarize: (r) =>
      r.alerts === null
        ? `Alertmanager ${text(field(r.source, 'state'))}.`
        : `${counted(r.alerts, 'firing alert')}${named(list(r, 'alerts'), (a) => `${text(field(a, 'name'))}${field(a, 'severity') ? ` (${text(field(a, 'severity'))})` : ''}`)}, ${counted(r.silences, 'silence')}.`,
  },
  // Communications
  {
    name: 'communications_audience',
    procedure: 'communications.audiencePreview',
    title: 'Who a message would reach',
    description:
      'Counts and samples the recipients of an audience and, given a subject and body, renders the message, before communications_send_preview.',
    output: outputs.audiencePreview,
    summarize: (r) =>
      `Audience: ${typeof r.recipients === 'number' ? plural(r.recipients, 'recipient') : 'unknown recipients'}; approval ${r.requiresApproval ? 'required' : 'not required'}.`,
  },
  {
    name: 'communications_list',
    procedure: 'communications.list',
    title: 'Campaigns',
    description: 'Sent and sending campaigns, newest first, and pending campaign requests. Paged by cursor.',
    output: outputs.campaigns,
    summarize: (r) => `${counted(r.items, 'campaign')}, ${list(r, 'pending').length} pending.${more(r)}`,
  },
  {
    name: 'communications_detail',
    procedure: 'communications.byId',
    title: 'One campaign',
    description: 'A campaign by id: message, audience, delivery counts and outbox sample.',
    output: outputs.campaign,
    summarize: (r) => `Campaign ${text(r.name)} is ${text(r.status)}: ${text(r.sentCount)} sent, ${text(r.failedCount)} failed.`,
  },
  {
    name: 'communications_templates',
    procedure: 'communications.templates',
    title: 'Message templates',
    description: 'The message templates (key, subject, body) that notifications and campaigns use.',
    output: outputs.templates,
    wrap: 'items',
    summarize: (r) => `${counted(r.items, 'template')}.`,
  },
  {
    name: 'communications_update_template',
    procedure: 'communications.updateTemplate',
    title: 'Edit a message template',
    description: "Changes one template's subject and body; audited. Read communications_templates first.",
    output: outputs.templateUpdated,
    summarize: (r) => `Template updated (audit #${text(r.auditId)}).`,
    // Overwrites the text every notification of that kind is sent with from then on: what goes out meanwhile cannot
    // be put back. A note or a reveal only adds a row.
    mutation: { destructive: true },
  },
  // Approvals
  {
    name: 'approvals_list',
    procedure: 'approvals.list',
    title: 'Approval requests',
    description:
      'Two-person approvals: pending requests (view pending) or recent decisions (view recent). An execute over a threshold returns an approvalId; find it here to see whether a second admin approved it in the browser. A request that could no longer run when an admin tried it reads failed, its decisionReason saying why: preview again.',
    output: outputs.approvals,
    wrap: 'items',
    summarize: (r) =>
      `${counted(r.items, 'request')}: ${list(r, 'items')
        .slice(0, 5)
        .map((a) => `${text(field(a, 'id'))} ${text(field(a, 'action'))} ${text(field(a, 'status'))}`)
        .join('; ')}`,
  },
];

/** Procedures deliberately not offered as tools, and why. */
export const NOT_TOOLS: Record<string, string> = {
  'auth.login': 'sessions are for browsers; assistants use access tokens',
  'auth.logout': 'sessions are for browsers',
  'auth.me': 'sessions are for browsers',
  'auth.sampleAccounts': 'sign-in page helper',
  'tokens.list': 'tokens are managed by their owner in the browser',
  'tokens.create': 'tokens are managed by their owner in the browser',
  'tokens.revoke': 'tokens are managed by their owner in the browser',
  'approvals.approve': 'the second person of a two-person approval decides in the browser',
  'approvals.reject': 'the second person of a two-person approval decides in the browser',
  'audit.exportCsv': 'a file download for people; audit_search pages the same rows',
  'auth.environment': 'sign-in page helper',
  'privacy.export': "an archive of a person's data is requested and downloaded by a person in the browser",
  'privacy.downloadLink': "an archive of a person's data is requested and downloaded by a person in the browser",
};
