import { describe, expect, it } from 'vitest';
import { allows, can, PERMISSIONS } from './permissions.js';

describe('permission matrix', () => {
  it('matches the design table for each role', () => {
    expect(can('support', 'users.pii.reveal')).toBe(true);
    expect(can('support', 'refunds.execute.limited')).toBe(true);
    expect(can('support', 'refunds.execute')).toBe(false);
    expect(can('support', 'analytics.read')).toBe(false);
    expect(can('exec', 'analytics.read')).toBe(true);
    expect(can('exec', 'users.read')).toBe(false);
    expect(can('oncall', 'webhooks.replay')).toBe(true);
    expect(can('oncall', 'users.pii.reveal')).toBe(false);
    for (const p of PERMISSIONS) expect(can('admin', p)).toBe(true);
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
