import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * Database types, written by hand to match the migrations (the migrations are the truth).
 * Timestamps come back as ISO-8601 strings (see the type parsers in connection.ts); int8 as number.
 */
type Timestamp = ColumnType<string, string | Date, string | Date>;
/** A timestamp column with a database default (now()): optional on insert. */
type GeneratedTimestamp = ColumnType<string, string | Date | undefined, string | Date>;
type NullableTimestamp = ColumnType<string | null, string | Date | null | undefined, string | Date | null>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export type UserRole = 'student' | 'instructor';
export type UserStatus = 'active' | 'suspended' | 'deactivated';

export interface UsersTable {
  id: Generated<string>;
  role: UserRole;
  status: ColumnType<UserStatus, UserStatus | undefined, UserStatus>;
  email: string;
  phone: string | null;
  phone_normalized: string | null;
  first_name: string;
  last_name: string;
  verified_at: NullableTimestamp;
  stripe_customer_id: string | null;
  marketing_opt_out: Generated<boolean>;
  suspended_at: NullableTimestamp;
  suspension_reason: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  /** Set when the person was erased: the row is a tombstone (no PII) that kept records point to. */
  erased_at: NullableTimestamp;
}

export type BackgroundCheckStatus = 'not_started' | 'pending' | 'passed' | 'failed';
export type CommissionTier = 'standard' | 'preferred' | 'founding';

export interface InstructorProfilesTable {
  user_id: string;
  headline: Generated<string>;
  city: Generated<string>;
  background_check_status: ColumnType<BackgroundCheckStatus, BackgroundCheckStatus | undefined, BackgroundCheckStatus>;
  verification_override: Generated<boolean>;
  verification_override_reason: string | null;
  commission_tier: ColumnType<CommissionTier, CommissionTier | undefined, CommissionTier>;
  founding: Generated<boolean>;
  payout_hold: Generated<boolean>;
  payout_hold_reason: string | null;
  stripe_account_id: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface ServiceCategoriesTable {
  id: string;
  name: string;
}

export interface ServicesTable {
  id: string;
  category_id: string;
  name: string;
}

export interface InstructorServicesTable {
  id: Generated<string>;
  instructor_id: string;
  service_id: string;
  hourly_rate_cents: number;
  active: Generated<boolean>;
  created_at: GeneratedTimestamp;
}

export type BookingStatus = 'pending' | 'confirmed' | 'completed' | 'cancelled' | 'no_show';
export type CancelledBy = 'student' | 'instructor' | 'admin' | 'system';

export interface BookingsTable {
  id: Generated<string>;
  short_id: string;
  student_id: string;
  instructor_id: string;
  instructor_service_id: string | null;
  service_id: string;
  status: BookingStatus;
  lesson_start: Timestamp;
  duration_minutes: number;
  price_cents: number;
  platform_fee_cents: number;
  instructor_payout_cents: number;
  credits_applied_cents: Generated<number>;
  created_at: GeneratedTimestamp;
  confirmed_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  cancelled_at: NullableTimestamp;
  cancelled_by: CancelledBy | null;
  cancellation_reason: string | null;
  updated_at: GeneratedTimestamp;
}

export type PaymentStatus = 'pending' | 'authorized' | 'captured' | 'partially_refunded' | 'refunded' | 'failed' | 'cancelled';

export interface PaymentsTable {
  id: Generated<string>;
  booking_id: string;
  stripe_payment_intent_id: string;
  stripe_charge_id: string | null;
  amount_cents: number;
  amount_refunded_cents: Generated<number>;
  /**
   * What was captured, as Stripe's charge says (`amount_captured`): less than `amount_cents` after a partial release.
   * Null: not captured yet, or captured in full before the console kept it. A refund of all of it is a full refund.
   */
  amount_captured_cents: ColumnType<number | null, number | null | undefined, number | null>;
  currency: Generated<string>;
  status: PaymentStatus;
  authorize_at: NullableTimestamp;
  capture_at: NullableTimestamp;
  authorized_at: NullableTimestamp;
  captured_at: NullableTimestamp;
  failed_at: NullableTimestamp;
  failure_code: string | null;
  failure_message: string | null;
  card_brand: string | null;
  card_last4: string | null;
  disputed_at: NullableTimestamp;
  dispute_status: string | null;
  /** Stripe's deadline for the dispute's evidence (`evidence_details.due_by`); past it the dispute is lost. */
  dispute_evidence_due_by: NullableTimestamp;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export type RefundMethod = 'card' | 'credit';
export type RefundStatus = 'pending' | 'succeeded' | 'failed';
/** A refund moved money back; a release cancelled (part of) an authorization: no money moved. */
export type RefundKind = 'refund' | 'release';
/** Who asked: the student (through support), staff on their own, a staff action's cascade, or Stripe (made outside). */
export type RefundOrigin = 'student_request' | 'staff' | 'cascade' | 'stripe';
export type OverrideCode = 'DUPLICATE' | 'INSTRUCTOR_NO_SHOW' | 'PLATFORM_ERROR' | 'FRAUD';

export interface RefundsTable {
  id: Generated<string>;
  booking_id: string;
  payment_id: string | null;
  student_id: string;
  amount_cents: number;
  method: RefundMethod;
  policy_rule: string;
  override_code: OverrideCode | null;
  instructor_payout_cents: Generated<number>;
  reason: Generated<string>;
  status: RefundStatus;
  stripe_refund_id: string | null;
  idempotency_key: string | null;
  error: string | null;
  created_by_staff_id: string | null;
  created_at: GeneratedTimestamp;
  settled_at: NullableTimestamp;
  kind: Generated<RefundKind>;
  origin: Generated<RefundOrigin>;
  /** Stripe's own status of the refund (pending, requires_action, succeeded, failed, canceled) when it has one. */
  stripe_status: string | null;
  attempts: Generated<number>;
  last_attempt_at: NullableTimestamp;
  /** The booking's instructor, filled by a trigger on insert (refunds reachable by instructor). */
  instructor_id: Generated<string | null>;
}

/** Per-person booking totals kept up to date by triggers on bookings and payments (student and instructor alike). */
export interface UserBookingTotalsTable {
  user_id: string;
  bookings: Generated<number>;
  completed: Generated<number>;
  cancelled: Generated<number>;
  no_shows: Generated<number>;
  completed_value_cents: Generated<number>;
  failed_payments: Generated<number>;
  disputes: Generated<number>;
}

/** The people an audit row concerns (the person, or a booking's student and instructor), written by a trigger. */
export interface AuditLogPeopleTable {
  user_id: string;
  audit_id: number;
}

export type CreditKind = 'refund' | 'adjustment' | 'booking_payment' | 'promo' | 'expiry';

export interface CreditLedgerTable {
  id: Generated<string>;
  user_id: string;
  amount_cents: number;
  kind: CreditKind;
  reason: Generated<string>;
  booking_id: string | null;
  refund_id: string | null;
  created_by_staff_id: string | null;
  created_at: GeneratedTimestamp;
}

/** `cancelled`: a refund gave the student back what the payout was earned from, before it was paid. */
export type PayoutStatus = 'pending' | 'held' | 'paid' | 'failed' | 'cancelled';

export interface PayoutsTable {
  id: Generated<string>;
  instructor_id: string;
  booking_id: string | null;
  amount_cents: number;
  status: PayoutStatus;
  scheduled_for: Timestamp;
  paid_at: NullableTimestamp;
  failed_at: NullableTimestamp;
  failure_reason: string | null;
  hold_reason: string | null;
  stripe_transfer_id: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** What one refund did to one payout, so that a refund Stripe refuses can be undone. */
export interface RefundPayoutCutsTable {
  refund_id: string;
  payout_id: string;
  from_status: Extract<PayoutStatus, 'pending' | 'held'>;
  from_cents: number;
  to_cents: number;
  undone_at: NullableTimestamp;
}

export type NoteKind = 'support_interaction' | 'dispute' | 'fraud_flag' | 'internal' | 'escalation';

export interface BookingNotesTable {
  id: Generated<string>;
  user_id: string;
  booking_id: string | null;
  kind: NoteKind;
  body: string;
  author_staff_id: string | null;
  created_at: GeneratedTimestamp;
}

export type Channel = 'email' | 'in_app' | 'sms';

export interface MessageTemplatesTable {
  id: Generated<string>;
  key: string;
  name: string;
  channel: Channel;
  subject: Generated<string>;
  body: string;
  updated_by_staff_id: string | null;
  updated_at: GeneratedTimestamp;
}

export type CampaignStatus = 'draft' | 'pending_approval' | 'queued' | 'sending' | 'completed' | 'failed' | 'cancelled';

export interface CampaignsTable {
  id: Generated<string>;
  kind: 'announcement' | 'bulk_notification';
  name: string;
  template_key: string | null;
  subject: Generated<string>;
  body: string;
  audience: Json;
  channels: Json<Channel[]>;
  status: CampaignStatus;
  recipients_total: Generated<number>;
  sent_count: Generated<number>;
  failed_count: Generated<number>;
  excluded_count: Generated<number>;
  created_by_staff_id: string | null;
  approved_by_staff_id: string | null;
  created_at: GeneratedTimestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  idempotency_key: string | null;
  materialized_at: NullableTimestamp;
  last_error: string | null;
}

export type NotificationStatus = 'queued' | 'sent' | 'failed' | 'skipped';

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  booking_id: string | null;
  campaign_id: string | null;
  channel: Channel;
  template: string;
  subject: Generated<string>;
  body_text: string;
  body_html: string | null;
  status: NotificationStatus;
  dedupe_key: string | null;
  error: string | null;
  created_by_staff_id: string | null;
  created_at: GeneratedTimestamp;
  sent_at: NullableTimestamp;
  attempted_at: NullableTimestamp;
  to_address: string | null;
  provider_message_id: string | null;
  raw_message: string | null;
}

export type FunnelStage = 'signup' | 'email_verified' | 'search' | 'booking_started' | 'booking_confirmed' | 'lesson_completed';

export interface FunnelEventsTable {
  id: Generated<number>;
  user_id: string | null;
  stage: FunnelStage;
  category_id: string | null;
  booking_id: string | null;
  occurred_at: Timestamp;
}

export interface SearchEventsTable {
  id: Generated<number>;
  user_id: string | null;
  query: string;
  category_id: string | null;
  results_count: number;
  occurred_at: Timestamp;
}

export type WebhookStatus = 'received' | 'processed' | 'failed' | 'replayed' | 'skipped' | 'rejected';

export interface WebhookEventsTable {
  id: Generated<string>;
  source: string;
  event_id: string | null;
  type: string;
  status: WebhookStatus;
  headers: Json<Record<string, string>>;
  payload: Json | null;
  error: string | null;
  attempts: Generated<number>;
  received_at: GeneratedTimestamp;
  processed_at: NullableTimestamp;
  duration_ms: number | null;
  replay_of: string | null;
  booking_id: string | null;
  user_id: string | null;
  payment_id: string | null;
  /** For a failed row: whether another delivery may succeed (true) or the failure is permanent (false). */
  retryable: boolean | null;
}

export type StaffRole = 'support' | 'exec' | 'oncall' | 'admin';

export interface StaffUsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: StaffRole;
  password_hash: string;
  active: Generated<boolean>;
  created_at: GeneratedTimestamp;
  last_login_at: NullableTimestamp;
}

export interface StaffSessionsTable {
  id: string;
  staff_id: string;
  created_at: GeneratedTimestamp;
  last_seen_at: GeneratedTimestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  key: string;
  success: boolean;
  attempted_at: GeneratedTimestamp;
}

export interface LoginThrottleTable {
  key: string;
  attempts: Generated<number>;
  window_started_at: GeneratedTimestamp;
  next_allowed_at: NullableTimestamp;
  last_attempt_at: GeneratedTimestamp;
  last_success_at: NullableTimestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  occurred_at: GeneratedTimestamp;
  actor_staff_id: string | null;
  actor_email: string;
  action: string;
  resource_type: string;
  resource_id: string;
  before: Json | null;
  after: Json | null;
  reason: Generated<string>;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
  /** Filled by the chain trigger. */
  prev_hash: Generated<string>;
  /** Filled by the chain trigger. */
  hash: Generated<string>;
  /** Which canonical hashing wrote `hash` (1: `|`-joined, 2: JSON array); set by the chain trigger. */
  hash_version: Generated<number>;
  /** How the change arrived: the browser ('web') or an assistant on /mcp ('mcp'). */
  channel: Generated<AuditChannel>;
  /** The personal access token's name for rows written through /mcp. */
  token_name: Generated<string | null>;
}

export type AuditChannel = 'web' | 'mcp';

/** A staff member's personal access token for /mcp; only a hash of its secret is stored. */
export interface PersonalAccessTokensTable {
  id: Generated<string>;
  staff_id: string;
  name: string;
  secret_hash: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

/** Requests per token per minute, shared by every replica. */
export interface TokenRateWindowsTable {
  token_id: string;
  window_start: Timestamp;
  requests: number;
}

/** Where the audit chain was last verified (hash of the row at `verified_to_id`). */
export interface AuditChainCheckpointsTable {
  id: Generated<number>;
  verified_to_id: number;
  hash: string;
  rows_checked: number;
  verified_at: GeneratedTimestamp;
  /** HMAC-SHA256 (AUDIT_SIGNING_KEY) of the anchor text; null on checkpoints written before signing existed. */
  signature: string | null;
}

export interface ConfirmationsTable {
  id: Generated<string>;
  token_hash: string;
  staff_id: string;
  action: string;
  input: Json;
  input_digest: string;
  effects: Json;
  effects_digest: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  consumed_at: NullableTimestamp;
  result: Json | null;
  audit_id: number | null;
}

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'failed';

export interface ApprovalsTable {
  id: Generated<string>;
  action: string;
  input: Json;
  effects: Json;
  effects_digest: string;
  /** The preview's warnings when it was requested (why it needs a second admin among them), as a JSON array. */
  warnings: ColumnType<string[], string | undefined, string>;
  summary: string;
  resource_type: string;
  resource_id: string;
  reason: string;
  status: ApprovalStatus;
  requested_by_staff_id: string;
  requested_at: GeneratedTimestamp;
  expires_at: Timestamp;
  decided_by_staff_id: string | null;
  decided_at: NullableTimestamp;
  decision_reason: string | null;
  result: Json | null;
  error: string | null;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'dead' | 'discarded';

export interface BackgroundJobsTable {
  id: Generated<number>;
  queue: string;
  task: string;
  status: JobStatus;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  payload: Json;
  scheduled_at: GeneratedTimestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  error: string | null;
  created_at: GeneratedTimestamp;
  locked_until: NullableTimestamp;
}

export interface DeploysTable {
  id: Generated<string>;
  service: string;
  version: string;
  sha: string;
  deployed_at: Timestamp;
  deployed_by: Generated<string>;
}

/** Analytics rollups (derived; rebuilt by refreshRollups). `day` / months are dates in the business zone. */
export interface DailyRevenueRollupTable {
  day: string;
  service_id: string;
  category_id: string;
  bookings: number;
  gmv_cents: number;
  platform_fee_cents: number;
  payouts_cents: number;
  refunds: number;
  refunds_cents: number;
  /** Refunds (not failed) of completed lessons: revenue that was in GMV, by refund day. */
  gmv_refunds_cents: Generated<number>;
  /** Cancelled or no-show bookings whose payment was captured, by lesson day; what was kept of them; its platform share. */
  charges: Generated<number>;
  charges_kept_cents: Generated<number>;
  charge_fee_cents: Generated<number>;
}
export interface DailyFunnelCohortRollupTable {
  day: string;
  stage: FunnelStage;
  next_stage: FunnelStage;
  window_days: number;
  reached: number;
  converted: number;
}
export interface DailySearchQueryRollupTable {
  day: string;
  query: string;
  searches: number;
  zero_result_searches: number;
  converted_searches: number;
}
export interface DailyFunnelRollupTable {
  day: string;
  stage: FunnelStage;
  users: number;
}
export interface DailySearchRollupTable {
  day: string;
  category_id: string;
  searches: number;
  zero_result_searches: number;
}
export interface DailyZeroSearchRollupTable {
  day: string;
  query: string;
  category_id: string;
  searches: number;
}
export interface DailyAnnotationRollupTable {
  day: string;
  kind: 'refund' | 'suspension' | 'communication';
  actions: number;
  first_audit_id: number;
}
export interface MonthlyCohortRollupTable {
  role: UserRole;
  cohort_month: string;
  activity_month: string;
  users: number;
}
export interface MonthlyCohortSizeTable {
  role: UserRole;
  cohort_month: string;
  users: number;
}
export interface RollupDaysTable {
  day: string;
  time_zone: string;
  refreshed_at: Timestamp;
}
export interface RollupStateTable {
  name: string;
  time_zone: string;
  refreshed_at: Timestamp;
  watermark: NullableTimestamp;
}

/** One row: the tier this database belongs to (write scripts refuse production without an explicit flag). */
export interface ConsoleEnvironmentTable {
  id: Generated<boolean>;
  environment: 'production' | 'staging' | 'development';
  marked_at: GeneratedTimestamp;
}

export interface PrivacyExportsTable {
  id: Generated<string>;
  user_id: string;
  requested_by_staff_id: string;
  reason: string;
  status: 'building' | 'ready' | 'failed';
  /** The zip archive (pg gives a Buffer, PGlite a Uint8Array). */
  archive: Uint8Array | null;
  manifest: Json | null;
  size_bytes: number | null;
  error: string | null;
  download_token_hash: string | null;
  requested_at: GeneratedTimestamp;
  finished_at: NullableTimestamp;
  expires_at: Timestamp;
  job_id: number | null;
}

export interface Database {
  console_environment: ConsoleEnvironmentTable;
  privacy_exports: PrivacyExportsTable;
  users: UsersTable;
  instructor_profiles: InstructorProfilesTable;
  service_categories: ServiceCategoriesTable;
  services: ServicesTable;
  instructor_services: InstructorServicesTable;
  bookings: BookingsTable;
  payments: PaymentsTable;
  refunds: RefundsTable;
  user_booking_totals: UserBookingTotalsTable;
  audit_log_people: AuditLogPeopleTable;
  credit_ledger: CreditLedgerTable;
  payouts: PayoutsTable;
  refund_payout_cuts: RefundPayoutCutsTable;
  booking_notes: BookingNotesTable;
  message_templates: MessageTemplatesTable;
  campaigns: CampaignsTable;
  notifications: NotificationsTable;
  funnel_events: FunnelEventsTable;
  search_events: SearchEventsTable;
  webhook_events: WebhookEventsTable;
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
  login_attempts: LoginAttemptsTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  personal_access_tokens: PersonalAccessTokensTable;
  token_rate_windows: TokenRateWindowsTable;
  audit_chain_checkpoints: AuditChainCheckpointsTable;
  confirmations: ConfirmationsTable;
  approvals: ApprovalsTable;
  background_jobs: BackgroundJobsTable;
  deploys: DeploysTable;
  daily_revenue_rollup: DailyRevenueRollupTable;
  daily_funnel_rollup: DailyFunnelRollupTable;
  daily_funnel_cohort_rollup: DailyFunnelCohortRollupTable;
  daily_search_query_rollup: DailySearchQueryRollupTable;
  daily_search_rollup: DailySearchRollupTable;
  daily_zero_search_rollup: DailyZeroSearchRollupTable;
  daily_annotation_rollup: DailyAnnotationRollupTable;
  monthly_cohort_rollup: MonthlyCohortRollupTable;
  monthly_cohort_size: MonthlyCohortSizeTable;
  rollup_days: RollupDaysTable;
  rollup_state: RollupStateTable;
  stripe_standin_idempotency: StripeStandinIdempotencyTable;
  stripe_standin_refunds: StripeStandinRefundsTable;
}

/** The Stripe stand-in's idempotency memory (Stripe keeps keys 24 h, across our restarts). */
export interface StripeStandinIdempotencyTable {
  key: string;
  digest: string;
  /** Null while the first request with this key is still running. */
  status: number | null;
  body: Json | null;
  request_id: string;
  saved_at: GeneratedTimestamp;
}

/** Refunds made through the Stripe stand-in, with their Stripe status. */
export interface StripeStandinRefundsTable {
  id: string;
  payment_intent: string;
  amount: number;
  status: 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
  reason: string | null;
  failure_reason: string | null;
  metadata: Json<Record<string, string>>;
  created: number;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Booking = Selectable<BookingsTable>;
export type Payment = Selectable<PaymentsTable>;
export type StaffUser = Selectable<StaffUsersTable>;
export type WebhookEvent = Selectable<WebhookEventsTable>;
