import { z } from 'zod';

/**
 * Output schemas of the tools' structured results: the top-level fields each procedure returns (the shapes of
 * the shared API types), with nested rows left open so an added column does not break a client.
 */
const row = z.looseObject({});
const rows = z.array(row);
const str = z.string();
const num = z.number();
const bool = z.boolean();
const nstr = z.string().nullable();
const nnum = z.number().nullable();
const nrow = row.nullable();
const sourceStatus = z.looseObject({ source: str, state: z.enum(['ok', 'degraded', 'down', 'not_configured']) });

export const effect = z.looseObject({
  label: str,
  kind: z.enum(['money', 'account', 'booking', 'notify', 'info']),
  amountCents: num.optional(),
  count: num.optional(),
});

export const previewOutput = z.object({
  action: str,
  resourceType: str,
  resourceId: str,
  typeToConfirm: nstr,
  summary: str,
  effects: z.array(effect),
  warnings: z.array(str),
  confirmToken: str,
  expiresAt: str,
  requiresApproval: bool,
});

export const executeOutput = z.object({
  auditId: nnum,
  approvalId: nstr,
  message: str,
  created: z.object({ type: z.literal('campaign'), id: str }).nullable(),
});

const page = (item: z.ZodType = row) => z.looseObject({ items: z.array(item), nextCursor: nstr });

const auditItem = z.looseObject({
  id: num,
  occurredAt: str,
  actorEmail: str,
  action: str,
  resourceType: str,
  resourceId: str,
  reason: str,
  channel: z.enum(['web', 'mcp']),
  tokenName: nstr,
});

const webhookItem = z.looseObject({ id: str, source: str, type: str, status: str, receivedAt: str, error: nstr });

export const outputs = {
  jobsOverview: z.looseObject({ queues: rows, schedule: rows }),
  jobsPage: z.looseObject({ items: rows, nextCursor: nnum }),
  jobTask: z.looseObject({ task: str, days: rows, recent: rows }),
  logsSearch: z.looseObject({ source: sourceStatus, range: z.looseObject({ from: str, to: str }), lines: rows.nullable() }),
  requestTrace: z.looseObject({
    requestId: str,
    logs: z.looseObject({ source: sourceStatus, lines: rows.nullable() }),
    errors: z.looseObject({ source: sourceStatus, events: rows.nullable() }),
    audit: rows.nullable(),
  }),
  sentryEvent: z.looseObject({ source: sourceStatus, event: nrow }),
  paymentsPipeline: z.looseObject({ graceMinutes: num, overdue: rows, failures: rows, pendingRefunds: rows, limit: num }),
  deploysOverview: z.looseObject({ source: sourceStatus, overview: z.looseObject({ environments: rows, history: rows }) }),
  brief: z.looseObject({
    timeZone: str,
    period: row,
    comparison: nrow,
    headlines: rows,
    highlights: rows,
    concerns: rows,
    errorRate: num,
  }),
  searchDemand: z.looseObject({
    timeZone: str,
    days: num,
    from: str,
    to: str,
    totals: row,
    previous: nrow,
    daily: rows,
    topQueries: rows,
    topZeroResultQueries: rows,
  }),
  privacyExports: z.looseObject({ items: rows }),
  spotlight: z.looseObject({
    q: str,
    hits: z.array(
      z.looseObject({
        kind: str,
        id: str,
        label: str,
        path: str,
        ref: row,
        next: z.object({ tool: str, arguments: row }),
      }),
    ),
  }),
  supportSearch: z.looseObject({
    q: str,
    readAs: z.array(z.unknown()),
    results: z.array(
      z.looseObject({ kind: z.enum(['user', 'booking']), userId: str, bookingId: nstr, displayName: str, maskedEmail: str }),
    ),
    total: num,
    totalCapped: bool,
    nextCursor: nstr,
  }),
  user360: z.looseObject({
    profile: z.looseObject({ id: str, role: str, status: str }),
    stats: row,
    flags: rows,
    fraudSignals: rows,
    suggestedActions: rows,
    warnings: z.array(str),
    bookings: rows,
    refunds: rows,
    creditBalanceCents: num,
    ledger: rows,
    payouts: rows,
    notes: rows,
    notifications: rows,
    audit: rows,
    listLimit: num,
  }),
  revealedPii: z.looseObject({ userId: str, email: str, phone: nstr, firstName: str, lastName: str, auditId: num }),
  bookingDetail: z.looseObject({
    booking: z.looseObject({ id: str, shortId: str, status: str }),
    student: z.looseObject({ id: str, displayName: str, maskedEmail: str, status: str }),
    instructor: z.looseObject({ id: str, displayName: str, status: str }),
    payment: nrow,
    refunds: rows,
    notes: rows,
    notifications: rows,
    webhooks: rows,
    audit: rows,
    timeline: rows,
    suggestedActions: rows,
  }),
  trail: z.looseObject({ entries: rows, sources: z.array(sourceStatus), from: str, to: str }),
  stripePanel: z.looseObject({
    status: sourceStatus,
    customerId: nstr,
    paymentMethods: rows,
    charges: rows,
    message: nstr,
  }),
  payoutAccount: z.looseObject({
    status: sourceStatus,
    accountId: nstr,
    account: z.looseObject({ id: str, chargesEnabled: bool, payoutsEnabled: bool, requirementsDue: z.array(str) }).nullable(),
    balance: z.looseObject({ availableCents: num, pendingCents: num, currency: str }).nullable(),
    payouts: z.array(z.looseObject({ id: str, amountCents: num, status: str, arrivalDate: str })),
    message: nstr,
  }),
  note: z.looseObject({ id: str, kind: str, body: str, createdAt: str, auditId: num }),
  bookingMoney: z.looseObject({
    id: str,
    shortId: str,
    status: str,
    priceCents: num,
    refundableCents: num,
    refunds: rows,
    payment: nrow,
  }),
  student: z.looseObject({
    id: str,
    displayName: str,
    maskedEmail: str,
    status: str,
    creditBalanceCents: num,
    ledger: rows,
  }),
  instructor: z.looseObject({
    id: str,
    displayName: str,
    status: str,
    commissionTier: str,
    payoutHold: bool,
    upcomingBookings: rows,
    recentBookings: rows,
    payouts: rows,
    pendingPayoutCents: num,
    heldPayoutCents: num,
  }),
  webhookPage: page(webhookItem),
  webhookDetail: webhookItem.extend({ headers: z.record(z.string(), z.string()), replays: rows, original: nrow }),
  auditPage: page(auditItem),
  auditEntry: auditItem.extend({ requestId: nstr, prevHash: str, hash: str, hashValid: bool }),
  auditActors: z.object({ items: rows }),
  auditChain: z.looseObject({ verifiedToId: nnum, brokenAtId: nnum, checked: num, lastId: nnum, verifiedAt: str }),
  revenue: z.looseObject({
    timeZone: str,
    period: row,
    comparison: nrow,
    totals: row,
    previous: nrow,
    changes: z.record(z.string(), nnum),
    daily: rows,
    byCategory: rows,
    topServices: rows,
    insights: rows,
  }),
  liabilities: z.looseObject({
    asOf: str,
    comparedTo: str,
    items: rows,
    totalNowCents: num,
    totalThenCents: nnum,
    firstDataDay: nstr,
    thenBeforeData: bool,
  }),
  supply: z.looseObject({
    timeZone: str,
    period: row,
    activeInstructors: num,
    bookableInstructors: num,
    utilisationBps: nnum,
    byCategory: rows,
    topZeroResultSearches: rows,
  }),
  funnel: z.looseObject({ timeZone: str, period: row, comparison: nrow, stages: rows, daily: rows, insights: rows }),
  cohorts: z.looseObject({ timeZone: str, months: z.array(str), students: rows, instructors: rows }),
  healthSnapshot: z.looseObject({
    generatedAt: str,
    overall: z.looseObject({ level: str, problems: rows, unavailable: z.array(str) }),
    sources: z.array(sourceStatus),
    stability: row,
    money: row,
    operations: row,
  }),
  metricCatalog: z.object({
    items: z.array(z.looseObject({ id: str, name: str, description: str, promql: str, unit: str })),
  }),
  metricsRange: z.looseObject({ ok: bool, promql: str, source: sourceStatus }),
  errorsTop: z.looseObject({ source: sourceStatus, issues: rows.nullable() }),
  errorIssue: z.looseObject({ source: sourceStatus, issue: nrow }),
  alerts: z.looseObject({ source: sourceStatus, alerts: rows.nullable(), silences: rows.nullable() }),
  audiencePreview: z.looseObject({ sample: rows, requiresApproval: bool, approvalThreshold: num }),
  campaigns: page().extend({ pending: rows }),
  campaign: z.looseObject({ id: str, name: str, status: str, subject: str, body: str, outbox: rows }),
  templates: z.object({ items: z.array(z.looseObject({ key: str, name: str, subject: str, body: str })) }),
  templateUpdated: z.looseObject({ auditId: num }),
  approvals: z.object({
    items: z.array(
      z.looseObject({ id: str, action: str, summary: str, status: str, requestedBy: str, effects: z.array(effect) }),
    ),
  }),
} satisfies Record<string, z.ZodType<Record<string, unknown>>>;
