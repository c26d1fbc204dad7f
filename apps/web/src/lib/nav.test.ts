import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, type Permission, type StaffRole } from '@ops/shared';
import { activeNavItem, landingFor, NAV, navSearch } from './nav';

const activeAt = (pathname: string) => activeNavItem(NAV, pathname)?.label;

describe('the navigation marks one area', () => {
  it('the deepest area a page is under, so Metrics and Errors do not also light up the command center', () => {
    expect(activeAt('/health')).toBe('Command center');
    expect(activeAt('/health/metrics')).toBe('Metrics');
    expect(activeAt('/health/errors/4821')).toBe('Errors');
    expect(activeAt('/support/users/00000000-0000-4000-8000-000000000001')).toBe('Support');
    expect(NAV.filter((item) => item === activeNavItem(NAV, '/health/metrics'))).toHaveLength(1);
  });

  it('only on a whole path segment, and none for a page outside every area', () => {
    expect(activeAt('/supporters')).toBeUndefined();
    expect(activeAt('/bookings/00000000-0000-4000-8000-0000000000b1')).toBeUndefined();
  });
});

describe('where a person lands at the console root', () => {
  const me = (role: StaffRole, permissions: Iterable<Permission> = ROLE_PERMISSIONS[role]) => ({
    role,
    permissions: [...permissions],
  });

  it("is the role's home: support in Support, execs in the growth brief, on-call and admins in the command center", () => {
    expect(landingFor(me('support'))).toBe('/support');
    expect(landingFor(me('exec'))).toBe('/brief');
    expect(landingFor(me('oncall'))).toBe('/health');
    expect(landingFor(me('admin'))).toBe('/health');
  });

  it('is the first area the role can open when its home is closed to it', () => {
    expect(landingFor(me('exec', ['audit.read']))).toBe(NAV.find((item) => item.permission === 'audit.read')?.to);
  });
});

describe('moving between reports keeps the period', () => {
  const custom = { preset: 'custom', compare: 'week', from: '2026-11-01', to: '2026-11-07' };

  it('carries the period and comparison from one report to another', () => {
    expect(navSearch('/funnel', '/revenue', custom)).toEqual(custom);
    expect(navSearch('/brief', '/supply', { preset: 'this_month', compare: 'month' })).toEqual({
      preset: 'this_month',
      compare: 'month',
    });
  });

  it("drops a preset's stray days, and carries nothing to or from a page without a period", () => {
    expect(navSearch('/search-demand', '/funnel', { preset: 'last_7_days', compare: 'none', from: '2026-11-01' })).toEqual({
      preset: 'last_7_days',
      compare: 'none',
    });
    expect(navSearch('/cohorts', '/revenue', custom)).toBeUndefined();
    expect(navSearch('/funnel', '/audit', custom)).toBeUndefined();
    expect(navSearch('/funnel', undefined, custom)).toBeUndefined();
  });
});
