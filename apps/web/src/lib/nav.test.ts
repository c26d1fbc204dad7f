import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, type Permission, type StaffRole } from '@ops/shared';
import { activeNavItem, landingFor, NAV } from './nav';

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
