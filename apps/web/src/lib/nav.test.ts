import { describe, expect, it } from 'vitest';
import { activeNavItem, NAV } from './nav';

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
