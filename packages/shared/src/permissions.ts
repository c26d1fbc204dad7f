/**
 * The one role → permission matrix (DESIGN.md "Roles and permissions"). The server enforces it on every
 * procedure; the web uses the same table to hide what a role cannot do.
 */
export const STAFF_ROLES = ['support', 'exec', 'oncall', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * Each permission with the roles that hold it besides admin, who holds every one: the design table's rows, read
 * across. A new permission is one line here.
 */
const MATRIX = [
  ['users.read', ['support', 'oncall']],
  ['bookings.read', ['support', 'oncall']],
  ['users.pii.reveal', ['support']],
  ['bookings.note', ['support']],
  ['notifications.resend', ['support']],
  /** Refunds giving the student up to the support limit ($100) back per booking. */
  ['refunds.execute.limited', ['support']],
  /** Refunds of any amount. */
  ['refunds.execute', []],
  ['bookings.cancel', []],
  ['bookings.complete', []],
  ['instructors.manage', []],
  ['students.manage', []],
  ['credits.adjust', []],
  ['payouts.hold', []],
  ['analytics.read', ['exec']],
  ['health.read', ['support', 'exec', 'oncall']],
  ['alerts.silence', ['oncall']],
  ['webhooks.replay', ['oncall']],
  /** Retry or discard a dead background job. */
  ['jobs.manage', ['oncall']],
  ['webhooks.read', ['support', 'oncall']],
  ['audit.read', ['support', 'oncall']],
  ['communications.send', []],
  ['approvals.decide', []],
  /** Erase (anonymise) a person and run data retention: admin only, with a second admin's approval. */
  ['privacy.erase', []],
] as const satisfies ReadonlyArray<readonly [string, ReadonlyArray<Exclude<StaffRole, 'admin'>>]>;

export type Permission = (typeof MATRIX)[number][0];
export const PERMISSIONS: readonly Permission[] = MATRIX.map(([permission]) => permission);

/** What a procedure may declare instead of a permission: open to anyone, or to any signed-in staff. */
export type Access = Permission | 'public' | 'authenticated';

function permissionsOf(role: StaffRole): ReadonlySet<Permission> {
  const holds = (holders: readonly StaffRole[]) => role === 'admin' || holders.includes(role);
  return new Set(MATRIX.filter(([, holders]) => holds(holders)).map(([permission]) => permission));
}

export const ROLE_PERMISSIONS: Readonly<Record<StaffRole, ReadonlySet<Permission>>> = {
  support: permissionsOf('support'),
  exec: permissionsOf('exec'),
  oncall: permissionsOf('oncall'),
  admin: permissionsOf('admin'),
};

export function can(role: StaffRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

export function allows(role: StaffRole | null, access: Access): boolean {
  if (access === 'public') return true;
  if (role === null) return false;
  if (access === 'authenticated') return true;
  return can(role, access);
}

/** What support may give a student back per booking (card or credit, refunds so far included) without `refunds.execute`. */
export const SUPPORT_REFUND_LIMIT_CENTS = 100_00;
