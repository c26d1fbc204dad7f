import { describe, expect, it } from 'vitest';
import type { LiabilitiesReport } from '@ops/shared';
import { READ_TOOLS } from './tools.js';

const liabilitiesTool = READ_TOOLS.find((t) => t.name === 'revenue_liabilities');

describe('revenue_liabilities', () => {
  it('carries no "then" totals for a moment before the data, and tells no change against it', () => {
    const report: LiabilitiesReport = {
      asOf: '2026-11-30T17:00:00.000Z',
      comparedTo: '2025-11-03T05:00:00.000Z',
      items: [{ key: 'student_credit', label: 'Outstanding student credit', nowCents: 10_000, count: 3, thenCents: null }],
      payoutsOwedNowCents: 2_500,
      payoutsOwedThenCents: null,
      totalNowCents: 12_500,
      totalThenCents: null,
      firstDataDay: '2025-11-03',
      thenBeforeData: true,
    };
    const structured = liabilitiesTool?.output.parse(report) ?? {};
    expect(liabilitiesTool?.summarize(structured, {})).toBe(
      'Liabilities $125.00 now; no change is told against then (no data before 2025-11-03).',
    );
    const observed = { ...report, payoutsOwedThenCents: 1_000, totalThenCents: 9_000, thenBeforeData: false };
    expect(liabilitiesTool?.summarize(liabilitiesTool.output.parse(observed), {})).toBe(
      'Liabilities $125.00 now vs $90.00 then.',
    );
  });
});
