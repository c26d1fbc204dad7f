/**
 * The one role → permission matrix (DESIGN.md "Roles and permissions"). The server enforces it on every
 * procedure; the web uses the same table to hide what a role cannot do.
 */
export const STAFF_ROLES = ['support', 'exec', 'oncall', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const PERMISSIONS = [
  'users.read',
  'bookings.read',
  'users.pii.reveal',
  'bookings.note',
  'notifications.resend',
  'refunds.preview',
  /** Refunds up to the support limit ($100). */
  'refunds.execute.limited',
  /** Refunds of any amount. */
  'refunds.execute',
  'bookings.cancel',
  'bookings.complete',
  'instructors.manage',
  'students.manage',
  'credits.adjust',
  'payouts.hold',
  'analytics.read',
  'health.read',
  'alerts.silence',
  'webhooks.replay',
  /** Retry or discard a dead background job. */
  'jobs.manage',
  'webhooks.read',
  'audit.read',
  'communications.send',
  'approvals.decide',
  'staff.manage',
  /** Erase (anonymise) a person and run data retention: admin only, with a second admin's approval. */
  'privacy.erase',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What a procedure may declare instead of a permission: open to anyone, or to any signed-in staff. */
export type Access = Permission | 'public' | 'authenticated';

const support: Permission[] = [
  'users.read',
  'bookings.read',
  'users.pii.reveal',
  'bookings.note',
  'notifications.resend',
  'refunds.preview',
  'refunds.execute.limited',
  'health.read',
  'webhooks.read',
  'audit.read',
];
const exec: Permission[] = ['analytics.read', 'health.read'];
const oncall: Permission[] = [
  'users.read',
  'bookings.read',
  'health.read',
  'alerts.silence',
  'webhooks.replay',
  'jobs.manage',
  'webhooks.read',
  'audit.read',
];

export const ROLE_PERMISSIONS: Readonly<Record<StaffRole, ReadonlySet<Permission>>> = {
  support: new Set(support),
  exec: new Set(exec),
  oncall: new Set(oncall),
  admin: new Set(PERMISSIONS),
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

/** Support may refund up to this many cents without `refunds.execute`. */
export const SUPPORT_REFUND_LIMIT_CENTS = 100_00;
