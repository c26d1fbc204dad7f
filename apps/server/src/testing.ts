import { createTestDatabase } from '@ops/db/testing';
import type { BookingStatus, Db, DbHandles, PaymentStatus, PayoutStatus } from '@ops/db';
import { seedBooking, seedInstructor, seedStaff, seedStudent } from '@ops/db/seed/helpers';
import { stripeEventEnvelope } from '@ops/db/seed/factories';
import { SARAH as SAMPLE_SARAH } from '@ops/db/seed/stories';
import type { StaffRole } from '@ops/shared';
import { createContextInner, type CookieJar, type Services, type StaffIdentity } from './context.js';
import { writeAudit } from './domain/audit/write.js';
import type { RefundComputation } from './domain/refunds/compute.js';
import { SESSION_COOKIE } from './domain/sessions.js';
import { createMailer, type Mailer, type OutgoingMail } from './domain/communications/mailer.js';
import { loadConfig, type Config } from './env.js';
import { createIntegrations, type IntegrationName, type Integrations } from './integrations/index.js';
import { createStripeGateway } from './integrations/stripe/gateway.js';
import { startStripeStandin, type StripeStandin, type StripeStandinOptions } from './integrations/stripe/standin.js';
import type { FastifyInstance } from 'fastify';
import Stripe from 'stripe';
import { createMetrics } from './http/metrics.js';
import { buildServer, type ServerOptions } from './http/server.js';
import { registerWebhookRoutes } from './http/webhooks.js';
import { createLogger } from './logger.js';
import { CONSOLE_ACTIONS } from './routers/action-list.js';
import { appRouter } from './routers/_app.js';
import { createCallerFactory } from './trpc.js';

export type StaffKey = 'admin' | 'admin2' | 'support' | 'exec' | 'oncall';
const STAFF: Record<StaffKey, { email: string; name: string; role: StaffRole }> = {
  admin: { email: 'admin@test.example', name: 'Test Admin', role: 'admin' },
  admin2: { email: 'admin2@test.example', name: 'Second Admin', role: 'admin' },
  support: { email: 'support@test.example', name: 'Test Support', role: 'support' },
  exec: { email: 'exec@test.example', name: 'Test Exec', role: 'exec' },
  oncall: { email: 'oncall@test.example', name: 'Test Oncall', role: 'oncall' },
};

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

export interface TestHarness {
  dbs: DbHandles;
  services: Services;
  staff: Record<StaffKey, StaffIdentity>;
  /** A tRPC caller acting as one staff member (or signed out with null), through the real middlewares. */
  caller(who: StaffKey | null, opts?: { cookies?: CookieJar; ip?: string }): Caller;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    SAMPLE_MODE: 'false',
    ENVIRONMENT: 'development',
    SESSION_SECRET: 'test-secret-test-secret-test-secret!',
    AUDIT_SIGNING_KEY: 'test-audit-signing-key-test-audit-signing-key',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

/**
 * A migrated real database (PGlite, or a fresh database on TEST_DATABASE_URL) with one staff member per role, and
 * callers that go through the same context and middlewares as HTTP requests. Integrations default to none
 * configured; pass `integrations` (e.g. clients pointed at stand-ins) to test what uses them.
 */
export async function createHarness(
  opts: { config?: Config; integrations?: Integrations; now?: () => Date } = {},
): Promise<TestHarness> {
  const { dbs, drop } = await createTestDatabase();
  const config = opts.config ?? testConfig();
  const logger = createLogger('silent');
  const integrations = opts.integrations ?? (await createIntegrations(config, { db: dbs.api, logger }));
  const services: Services = {
    actions: CONSOLE_ACTIONS,
    config,
    dbs,
    integrations,
    logger,
    now: opts.now ?? (() => new Date()),
  };
  const staff = {} as Record<StaffKey, StaffIdentity>;
  for (const [key, s] of Object.entries(STAFF) as Array<[StaffKey, (typeof STAFF)[StaffKey]]>) {
    const row = await seedStaff(dbs.api, { ...s, passwordHash: 'scrypt$unusable' });
    staff[key] = { id: row.id, email: s.email, name: s.name, role: s.role, sessionId: null };
  }
  return {
    dbs,
    services,
    staff,
    caller: (who, callerOpts) =>
      createCaller(
        createContextInner({
          services,
          staff: who === null ? null : staff[who],
          request: { ip: callerOpts?.ip ?? '127.0.0.1', userAgent: 'vitest' },
          ...(callerOpts?.cookies ? { cookies: callerOpts.cookies } : {}),
        }),
      ),
    async close() {
      if (!opts.integrations) await integrations.close();
      await drop();
    },
  };
}

/** No vendor configured: a test plugs the clients it needs in; `sample` names those served by a local stand-in. */
export function noIntegrations(sample: Partial<Record<IntegrationName, boolean>> = {}): Integrations {
  return {
    stripe: null,
    prometheus: null,
    alertmanager: null,
    sentry: null,
    axiom: null,
    redis: null,
    deployTargets: [],
    sample: {
      stripe: false,
      prometheus: false,
      alertmanager: false,
      sentry: false,
      axiom: false,
      deploys: false,
      redis: false,
      ...sample,
    },
    close: () => Promise.resolve(),
  };
}

/**
 * Starts the Stripe stand-in over the harness's own database (it reads the harness's payments, so it starts after
 * the harness) and points the harness's Stripe client — the real SDK — at it. The caller closes the stand-in.
 */
export async function plugStripeStandin(
  h: TestHarness,
  client: { timeoutMs?: number; maxNetworkRetries?: number } = {},
  standinOptions: Omit<StripeStandinOptions, 'db'> = {},
): Promise<StripeStandin> {
  const standin = await startStripeStandin({ ...standinOptions, db: h.dbs.api });
  h.services.integrations.stripe = createStripeGateway({
    secretKey: standin.secretKey,
    apiBase: standin.url,
    timeoutMs: client.timeoutMs ?? 2_000,
    maxNetworkRetries: client.maxNetworkRetries ?? 0,
  });
  return standin;
}

/** PGlite compiles its WebAssembly on first open: seconds on a quiet machine, minutes on a busy CI box. */
export const DB_HOOK_TIMEOUT_MS = 600_000;

/**
 * A fresh migrated database for tests of the vendor clients and stand-ins, which need rows but no staff or callers:
 * the same database `createHarness` opens (PGlite, or a database of its own on TEST_DATABASE_URL). Closing it drops it.
 */
export async function openTestDb(): Promise<{ dbs: DbHandles; db: Db }> {
  const { dbs, drop } = await createTestDatabase();
  return { dbs: { ...dbs, close: drop }, db: dbs.api };
}

/** Sarah Chen, the student the tests follow, named as in the sample's stories: spread into `seedStudent`. */
export const SARAH = { email: SAMPLE_SARAH.email, first_name: SAMPLE_SARAH.firstName, last_name: SAMPLE_SARAH.lastName } as const;

export interface TestPeople {
  sarah: { id: string; customerId: string };
  instructor: { id: string };
}

/** Sarah (a student with a Stripe customer) and one instructor. */
export async function insertPeople(db: Db): Promise<TestPeople> {
  const sarah = await seedStudent(db, { ...SARAH, stripe_customer_id: 'cus_SarahChen01' });
  const instructor = await seedInstructor(db, { email: 'ian.piano@example.com', first_name: 'Ian', last_name: 'Piano' });
  return { sarah: { id: sarah.id, customerId: 'cus_SarahChen01' }, instructor: { id: instructor.user.id } };
}

export interface PaidBooking {
  bookingId: string;
  paymentId: string;
  intentId: string;
  chargeId: string | null;
}

/**
 * Yesterday's lesson of Sarah's with its payment in `status` (priced and split as every seeded booking is); the
 * payment intent and charge ids are the ones the Stripe stand-in serves. An earlier refund exists as a settled card
 * refund, as Stripe's refunded total is the sum of its refunds.
 */
export async function insertPaidBooking(
  db: Db,
  people: TestPeople,
  options: { amountCents: number; status: PaymentStatus; refundedCents?: number; disputed?: boolean },
): Promise<PaidBooking> {
  const { booking, payment } = await seedBooking(db, {
    studentId: people.sarah.id,
    instructorId: people.instructor.id,
    status: 'completed',
    lessonStart: new Date(Date.now() - 86_400_000),
    priceCents: options.amountCents,
    paymentStatus: options.status,
  });
  const refunded = options.refundedCents ?? 0;
  if (refunded > 0 || options.disputed) {
    await db
      .updateTable('payments')
      .set({
        amount_refunded_cents: refunded,
        ...(options.disputed ? { disputed_at: new Date(), dispute_status: 'needs_response' as const } : {}),
      })
      .where('id', '=', payment.id)
      .execute();
  }
  if (refunded > 0) {
    await db
      .insertInto('refunds')
      .values({
        booking_id: booking.id,
        payment_id: payment.id,
        student_id: people.sarah.id,
        amount_cents: refunded,
        method: 'card',
        policy_rule: 'card_24h_plus',
        status: 'succeeded',
        stripe_refund_id: `re_${payment.stripe_payment_intent_id.slice(3)}`,
        idempotency_key: `test-${payment.id}`,
        created_by_staff_id: null,
        settled_at: new Date(Date.now() - 3_600_000),
      })
      .execute();
  }
  return {
    bookingId: booking.id,
    paymentId: payment.id,
    intentId: payment.stripe_payment_intent_id,
    chargeId: payment.stripe_charge_id,
  };
}

/**
 * The console's HTTP server over the harness's services, without a web build (for tests that speak HTTP: MCP,
 * Stripe's webhooks, replicas). `webhooks` adds the vendors' webhook receivers; `services` swaps in a changed
 * configuration; `tokenCheck` and `sessionCache` give its memos a clock the test drives.
 */
export function buildTestServer(
  h: TestHarness,
  opts: { webhooks?: boolean; services?: Services } & Pick<ServerOptions, 'tokenCheck' | 'sessionCache'> = {},
): Promise<FastifyInstance> {
  return buildServer({
    services: opts.services ?? h.services,
    metrics: createMetrics(h.dbs.poolStats),
    webRoot: null,
    version: 't',
    sha: 't',
    ...(opts.webhooks ? { extraRoutes: [registerWebhookRoutes] } : {}),
    ...(opts.tokenCheck ? { tokenCheck: opts.tokenCheck } : {}),
    ...(opts.sessionCache ? { sessionCache: opts.sessionCache } : {}),
  });
}

/** Two replicas of the console on the harness's one database: two servers, each with memory of its own. */
export async function buildTestReplicas(
  h: TestHarness,
  opts: Parameters<typeof buildTestServer>[1] = {},
): Promise<[FastifyInstance, FastifyInstance]> {
  const a = await buildTestServer(h, opts);
  const b = await buildTestServer(h, opts);
  return [a, b];
}

/** A new student's lesson with a new instructor, `hoursAhead` from now (negative: in the past), with its payment. */
export async function seedLesson(
  db: Db,
  opts: { hoursAhead: number; priceCents: number; paymentStatus?: PaymentStatus; status?: BookingStatus },
) {
  const student = await seedStudent(db);
  const teacher = await seedInstructor(db);
  return seedBooking(db, {
    studentId: student.id,
    instructorId: teacher.user.id,
    lessonStart: new Date(Date.now() + opts.hoursAhead * 3_600_000),
    priceCents: opts.priceCents,
    ...(opts.status ? { status: opts.status } : {}),
    ...(opts.paymentStatus ? { paymentStatus: opts.paymentStatus } : {}),
  });
}

/** The credit a student spent on a booking: the negative `booking_payment` entry a checkout writes beside it. */
export async function spendCredit(db: Db, booking: { id: string; short_id: string; student_id: string }, cents: number) {
  await db
    .insertInto('credit_ledger')
    .values({
      user_id: booking.student_id,
      amount_cents: -cents,
      kind: 'booking_payment',
      reason: `Applied to booking ${booking.short_id}`,
      booking_id: booking.id,
    })
    .execute();
}

/** The instructor's payout for a completed booking, scheduled now, in `status` (a paid one paid now). */
export async function seedBookingPayout(
  db: Db,
  booking: { id: string; instructor_id: string; instructor_payout_cents: number },
  status: PayoutStatus,
) {
  await db
    .insertInto('payouts')
    .values({
      instructor_id: booking.instructor_id,
      booking_id: booking.id,
      amount_cents: booking.instructor_payout_cents,
      status,
      scheduled_for: new Date(),
      paid_at: status === 'paid' ? new Date() : null,
    })
    .execute();
}

/**
 * An audit row about a person, written by support, that holds their PII in `after` and in the reason (a reveal
 * recorded carelessly): what the audit export must mask and an erasure must redact. Returns its id.
 */
export function auditRowWithPii(
  h: Pick<TestHarness, 'dbs' | 'staff'>,
  userId: string,
  pii: { after: Record<string, unknown>; reason: string },
): Promise<number> {
  const request = { requestId: 'pii-row', ip: null, userAgent: null };
  return writeAudit(h.dbs.api, h.staff.support, request, {
    action: 'users.pii.reveal',
    resourceType: 'user',
    resourceId: userId,
    ...pii,
  });
}

/** The audit rows one action wrote about one resource, oldest first: what a test checks was recorded, and how often. */
export function auditedRows(db: Db, action: string, resourceId: string) {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .where('resource_id', '=', resourceId)
    .orderBy('id')
    .execute();
}

/** The one audit row an action wrote about a resource; fails the test when there is none or more than one. */
export async function auditedRow(db: Db, action: string, resourceId: string) {
  const rows = await auditedRows(db, action, resourceId);
  const [row] = rows;
  if (!row || rows.length > 1) throw new Error(`expected one ${action} audit row for ${resourceId}, found ${rows.length}`);
  return row;
}

/** The audit row an action's result names (its `auditId`); fails the test when the result names none. */
export async function auditRowById(db: Db, auditId: number | null | undefined) {
  if (auditId === null || auditId === undefined) throw new Error('the result names no audit row');
  return db.selectFrom('audit_log').selectAll().where('id', '=', auditId).executeTakeFirstOrThrow();
}

/** How a call was refused (its error code and message); fails the test when the call succeeds. */
export async function rejection(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return { code: e.code ?? 'UNKNOWN', message: e.message ?? '' };
  }
  throw new Error('expected the call to fail');
}

/** Runs `fn` and returns the SQL texts the database handles sent while it ran (for tests that count statements). */
export async function statementsOf(dbs: Pick<DbHandles, 'onQuery'>, fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const stop = dbs.onQuery((e) => seen.push(e.query.sql));
  try {
    await fn();
  } finally {
    stop();
  }
  return seen;
}

/** Signs in over HTTP as a browser does; the session cookie to send with later requests (`ops_session=…`). */
export async function signInCookie(app: FastifyInstance, email: string, password: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/trpc/auth.login',
    headers: { 'content-type': 'application/json' },
    payload: { email, password },
  });
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  if (res.statusCode !== 200 || !cookie) throw new Error(`signing in as ${email} answered ${res.statusCode}`);
  return `${SESSION_COOKIE}=${cookie.value}`;
}

/** The JSON body of a Stripe event as Stripe sends it to a webhook endpoint. */
export function stripeEvent(id: string, type: string, object: Record<string, unknown>): string {
  return JSON.stringify(stripeEventEnvelope(id, type, object));
}

/** Posts `payload` to the server's Stripe webhook endpoint, signed with `secret` as Stripe signs. */
export function postStripeWebhook(app: FastifyInstance, payload: string, secret: string) {
  return app.inject({
    method: 'POST',
    url: '/webhooks/stripe',
    payload,
    headers: {
      'content-type': 'application/json',
      'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }),
    },
  });
}

/** A mailer that records every hand-over in `log`, on top of the real (local) nodemailer transport. */
export function recordingMailer(log: OutgoingMail[]): Mailer {
  const real = createMailer({ SMTP_URL: undefined, SMTP_FROM: 'Lessons <no-reply@lessons.example>' });
  return {
    external: false,
    close: () => real.close(),
    send: async (m) => {
      log.push(m);
      return real.send(m);
    },
  };
}

/**
 * A worked-out refund as `computeRefund` returns it: by default all of a captured $640.00 payment back to the card
 * by the 24-hour rule; `over` and `decision` change what a test is about.
 */
export function refundComputation(
  over: Partial<RefundComputation> = {},
  decision: Partial<RefundComputation['decision']> = {},
): RefundComputation {
  const amountCents = over.amountCents ?? 64_000;
  return {
    bookingId: 'b',
    shortId: 'BK-1',
    studentId: 's',
    instructorId: 'i',
    paymentId: 'p',
    intentId: 'pi_1',
    amountCents,
    decision: {
      rule: 'card_24h_plus',
      method: 'card',
      studentCents: amountCents,
      instructorCents: 0,
      explanation: '',
      ...decision,
    },
    captured: true,
    releasesPayment: false,
    capturesFirst: false,
    captureCents: 0,
    kind: 'refund',
    remainingAfterCents: 0,
    overrideCode: null,
    instructorPayoutHeld: false,
    instructorName: 'Ian P.',
    studentName: 'Sarah C.',
    creditBackCents: 0,
    payoutCuts: [],
    alreadyPaidCents: 0,
    ...over,
  };
}
