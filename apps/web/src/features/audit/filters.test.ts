import { describe, expect, it } from 'vitest';
import { businessDayStart } from '../../lib/business-time';
import { auditFilters, auditSearchSchema } from './filters';

describe('audit filters in the address', () => {
  it('drops a day that is not on the calendar instead of rolling it into another month or year', () => {
    expect(auditSearchSchema.parse({ from: '2026-13-45', to: '2026-02-30', resourceId: '12345' })).toEqual({
      resourceId: '12345',
    });
    expect(auditSearchSchema.parse({ from: '2024-02-29', to: '2026-12-02' })).toEqual({ from: '2024-02-29', to: '2026-12-02' });
  });

  it("reads a link's reversed day range as no range (its form says why), and an ordered one as its days", () => {
    expect(auditFilters({ from: '2026-11-20', to: '2026-11-10', action: 'refunds.create' })).toMatchObject({
      action: 'refunds.create',
      from: null,
      to: null,
    });
    const ordered = auditFilters({ from: '2026-11-10', to: '2026-11-20' });
    expect([ordered.from, ordered.to]).toEqual([businessDayStart('2026-11-10'), businessDayStart('2026-11-20', 1)]);
  });
});
