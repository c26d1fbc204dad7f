import { describe, expect, it } from 'vitest';
import { allows, can, PERMISSIONS, STAFF_ROLES, type Permission, type StaffRole } from './permissions.js';

describe('permission matrix', () => {
  // DESIGN.md "Roles and permissions", row by row (plus jobs.manage and privacy.erase, which came later, and less
  // refunds.preview and staff.manage, which no procedure ever declared): who holds what.
  const TABLE: Record<Permission, StaffRole[]> = {
    'users.read': ['support', 'oncall', 'admin'],
    'bookings.read': ['support', 'oncall', 'admin'],
    'users.pii.reveal': ['support', 'admin'],
    'bookings.note': ['support', 'admin'],
    'notifications.resend': ['support', 'admin'],
    'refunds.execute.limited': ['support', 'admin'],
    'refunds.execute': ['admin'],
    'bookings.cancel': ['admin'],
    'bookings.complete': ['admin'],
    'instructors.manage': ['admin'],
    'students.manage': ['admin'],
    'credits.adjust': ['admin'],
    'payouts.hold': ['admin'],
    'analytics.read': ['exec', 'admin'],
    'health.read': ['support', 'exec', 'oncall', 'admin'],
    'alerts.silence': ['oncall', 'admin'],
    'webhooks.replay': ['oncall', 'admin'],
    'jobs.manage': ['oncall', 'admin'],
    'webhooks.read': ['support', 'oncall', 'admin'],
    'audit.read': ['support', 'oncall', 'admin'],
    'communications.send': ['admin'],
    'approvals.decide': ['admin'],
    'privacy.erase': ['admin'],
  };

  it.each(PERMISSIONS.map((p) => [p]))('grants %s to exactly the roles of the design table', (permission) => {
    expect(STAFF_ROLES.filter((role) => can(role, permission))).toEqual(TABLE[permission]);
  });

  it('gives exec aggregates only: no person, booking, audit or webhook read', () => {
    for (const p of ['users.read', 'bookings.read', 'users.pii.reveal', 'audit.read', 'webhooks.read'] as const)
      expect(can('exec', p)).toBe(false);
  });

  it('lets health.read through for every role', () => {
    for (const role of ['support', 'exec', 'oncall', 'admin'] as const) expect(can(role, 'health.read')).toBe(true);
  });

  it('treats public and authenticated access', () => {
    expect(allows(null, 'public')).toBe(true);
    expect(allows(null, 'authenticated')).toBe(false);
    expect(allows('exec', 'authenticated')).toBe(true);
    expect(allows(null, 'users.read')).toBe(false);
  });
});
