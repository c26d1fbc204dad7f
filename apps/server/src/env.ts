import { z } from 'zod';
import { DEFAULT_MESSAGE_APPROVAL_THRESHOLD, ENVIRONMENTS, type Environment } from '@ops/shared';

/**
 * The only reader of process.env. Validated once at start; a bad value stops the process with one line per
 * problem naming the variable.
 */
/** Vendor and service addresses: http(s) only, so a typo such as `ftp://` or `localhost:9090` stops the start. */
const optionalUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL (http://host:port)' }).optional();
const postgresUrl = z
  .url({ protocol: /^postgres(ql)?$/, message: 'must be a PostgreSQL URL (postgres://user:pass@host:5432/db)' })
  .optional();

/**
 * TRUST_PROXY, as Fastify's `trustProxy`: `false` (default: the socket address is the client), a hop count (`1`
 * behind one load balancer), or a comma-separated list of proxy addresses / CIDR ranges. `true` (trust every hop,
 * i.e. the left-most X-Forwarded-For, which the client writes) is refused.
 */
const trustProxy = z
  .string()
  .default('false')
  .transform((v, ctx): false | number | string[] => {
    const text = v.trim();
    if (text === 'false' || text === '' || text === '0') return false;
    if (/^\d+$/.test(text)) return Number(text);
    const list = text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const ipLike = /^[0-9a-fA-F:.]+(\/\d{1,3})?$/;
    if (text === 'true' || list.some((a) => !ipLike.test(a))) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be false, a hop count (1) or proxy addresses (10.0.0.1,10.0.0.0/8); "true" would trust client-written X-Forwarded-For',
      });
      return z.NEVER;
    }
    return list;
  });
const intFromEnv = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .positive({ message: 'must be positive' })
    .default(fallback);

const deployTargets = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v) return [];
    const out: Array<{ name: string; url: string }> = [];
    for (const part of v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const eq = part.indexOf('=');
      const name = part.slice(0, eq).trim();
      const url = part.slice(eq + 1).trim();
      if (eq <= 0 || !URL.canParse(url)) {
        ctx.addIssue({ code: 'custom', message: `"${part}" must look like name=http://host:port` });
        return z.NEVER;
      }
      out.push({ name, url });
    }
    return out;
  });

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: intFromEnv(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  /** The application's connection: in production a role that may only INSERT/SELECT the audit tables. */
  DATABASE_URL: postgresUrl,
  /** The schema owner's connection, used only to migrate and grant; unset = DATABASE_URL migrates (one role). */
  DATABASE_OWNER_URL: postgresUrl,
  ANALYTICS_DATABASE_URL: postgresUrl,
  DB_POOL_API_MAX: intFromEnv(10),
  DB_POOL_ANALYTICS_MAX: intFromEnv(4),
  DB_POOL_WORKER_MAX: intFromEnv(3),
  DB_STATEMENT_TIMEOUT_MS: intFromEnv(5_000),
  DB_ANALYTICS_STATEMENT_TIMEOUT_MS: intFromEnv(30_000),
  /** Recurring statements run prepared; 'false' behind a pooler in transaction mode that cannot keep them. */
  DB_PREPARED_STATEMENTS: z.enum(['true', 'false']).default('true'),
  /** Force sample mode (stand-ins, sample staff) even with DATABASE_URL; the e2e suite uses it on real Postgres. */
  SAMPLE_MODE: z.enum(['true', 'false']).optional(),
  SESSION_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  SESSION_IDLE_MINUTES: intFromEnv(60),
  BUSINESS_TIME_ZONE: z
    .string()
    .default('America/New_York')
    .refine(
      (tz) => {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      },
      { message: 'must be an IANA time zone such as America/New_York' },
    ),
  PROMETHEUS_URL: optionalUrl,
  ALERTMANAGER_URL: optionalUrl,
  SENTRY_URL: optionalUrl,
  SENTRY_ORG: z.string().optional(),
  SENTRY_TOKEN: z.string().optional(),
  SENTRY_DSN: z.string().optional(),
  STRIPE_SECRET_KEY: z.string().regex(/^sk_/, { message: 'must start with sk_' }).optional(),
  STRIPE_API_BASE: optionalUrl,
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  /** Sample mode only: a fixed port for the Stripe stand-in, whose test hooks a person or the e2e suite calls. */
  STRIPE_STANDIN_PORT: z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(1, { message: 'must be a port number' })
    .max(65_535, { message: 'must be a port number' })
    .optional(),
  CHECKR_WEBHOOK_SECRET: z.string().optional(),
  AXIOM_TOKEN: z.string().optional(),
  AXIOM_DATASET: z.string().optional(),
  AXIOM_URL: optionalUrl,
  DEPLOY_TARGETS: deployTargets,
  /** The marketplace's Redis (Celery broker and cache), read by the command center; unset = not configured. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/[^\s]+$/, { message: 'must look like redis://host:6379/0' })
    .optional(),
  /** Broker queues (Redis lists) whose lengths the command center shows, comma-separated. */
  REDIS_QUEUES: z
    .string()
    .regex(/^[\w.:-]+(,[\w.:-]+)*$/, { message: 'must be queue names separated by commas, e.g. celery,payments' })
    .default('celery'),
  /** Key prefix of the broker's lists (Celery's `global_keyprefix`), empty by default. */
  REDIS_KEY_PREFIX: z.string().max(100).default(''),
  REFUND_APPROVAL_THRESHOLD_CENTS: intFromEnv(500_00),
  MESSAGE_APPROVAL_THRESHOLD: intFromEnv(DEFAULT_MESSAGE_APPROVAL_THRESHOLD),
  /** smtp(s)://user:pass@host:port; unset keeps mail on this machine (rendered into the outbox). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { message: 'must look like smtp://user:pass@host:587' })
    .optional(),
  SMTP_FROM: z.string().default('Lessons <no-reply@lessons.example>'),
  /** Campaign emails handed to the mail transport per second (the provider's sending limit). */
  EMAIL_RATE_PER_SECOND: intFromEnv(50),
  SOURCE_TIMEOUT_MS: intFromEnv(2_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GIT_SHA: z.string().optional(),
  APP_VERSION: z.string().optional(),
  TRUST_PROXY: trustProxy,
  /** HMAC key that signs audit-chain checkpoints (anchors shipped to the log sink); required in real mode. */
  AUDIT_SIGNING_KEY: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  /** Hours a login attempt is kept for throttling and review before it is pruned. */
  LOGIN_ATTEMPT_RETENTION_HOURS: intFromEnv(24 * 7),
  /** Which database tier this console is pointed at; shown on every page. Sample mode is always development. */
  ENVIRONMENT: z.enum(ENVIRONMENTS, { message: `must be one of ${ENVIRONMENTS.join(', ')}` }).optional(),
  /** Export archives above this many rows are built by a background job instead of in the request. */
  PRIVACY_EXPORT_INLINE_MAX_ROWS: intFromEnv(5_000),
  /** How long an export's download link stays valid. */
  PRIVACY_EXPORT_LINK_MINUTES: intFromEnv(60),
  /** Retention per kind, in months (funnel and search events, notifications). */
  RETENTION_FUNNEL_EVENTS_MONTHS: intFromEnv(13),
  RETENTION_SEARCH_EVENTS_MONTHS: intFromEnv(13),
  RETENTION_NOTIFICATIONS_MONTHS: intFromEnv(24),
  RETENTION_EXPORT_DAYS: intFromEnv(30),
  /** false (default): retention runs as a dry run, recording what it would delete. A real run always follows a dry run. */
  RETENTION_DELETE: z.enum(['true', 'false']).default('false'),
  /** Requests per minute one access token may make on /mcp (shared by every replica through Postgres). */
  MCP_RATE_LIMIT_PER_MINUTE: intFromEnv(300),
  /** Browser origins besides the console's own that may call /mcp (comma-separated); any other Origin is refused. */
  MCP_ALLOWED_ORIGINS: z.string().default(''),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  /** Sample mode: embedded database (or SAMPLE_MODE=true), stand-ins for every vendor, sample staff. */
  sampleMode: boolean;
  sessionSecret: string;
  environment: Environment;
  auditSigningKey: string;
}

export class ConfigError extends Error {}

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const sampleMode = env.SAMPLE_MODE ? env.SAMPLE_MODE === 'true' : env.DATABASE_URL === undefined;
  if (sampleMode && env.ENVIRONMENT !== undefined && env.ENVIRONMENT !== 'development') {
    throw new ConfigError(
      `Invalid configuration:\n  ENVIRONMENT: sample mode always runs as development (got ${env.ENVIRONMENT}); set DATABASE_URL for ${env.ENVIRONMENT}`,
    );
  }
  const missing: string[] = [];
  if (!sampleMode && env.ENVIRONMENT === undefined)
    missing.push('  ENVIRONMENT: required when DATABASE_URL is set (production, staging or development)');
  if (!sampleMode && !env.SESSION_SECRET)
    missing.push('  SESSION_SECRET: required when DATABASE_URL is set (at least 32 characters)');
  if (!sampleMode && !env.AUDIT_SIGNING_KEY)
    missing.push('  AUDIT_SIGNING_KEY: required when DATABASE_URL is set (at least 32 characters)');
  if (!sampleMode && env.STRIPE_STANDIN_PORT !== undefined)
    missing.push('  STRIPE_STANDIN_PORT: only for the sample Stripe stand-in; unset it when DATABASE_URL is set');
  if (missing.length > 0) throw new ConfigError(`Invalid configuration:\n${missing.join('\n')}`);
  return {
    ...env,
    STRIPE_WEBHOOK_SECRET: env.STRIPE_WEBHOOK_SECRET ?? (sampleMode ? 'whsec_sample' : undefined),
    CHECKR_WEBHOOK_SECRET: env.CHECKR_WEBHOOK_SECRET ?? (sampleMode ? 'checkr_sample' : undefined),
    sampleMode,
    environment: env.ENVIRONMENT ?? 'development',
    sessionSecret: env.SESSION_SECRET ?? 'sample-mode-session-secret-not-for-production',
    auditSigningKey: env.AUDIT_SIGNING_KEY ?? 'sample-mode-audit-signing-key-not-for-production',
  };
}
