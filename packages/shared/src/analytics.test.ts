import { describe, expect, it } from 'vitest';
import { comparisonBeforeData, noDataBefore, periodBeforeData } from './analytics.js';

describe('a comparison before the first data', () => {
  it('claims no change when the comparison starts before the first day, or there is no data yet', () => {
    expect(comparisonBeforeData('2025-09-05', '2025-11-03')).toBe(true);
    expect(comparisonBeforeData('2025-11-02', '2025-11-03')).toBe(true);
    expect(comparisonBeforeData('2025-09-05', null)).toBe(true);
  });

  it('still compares from the first day on, and never without a comparison', () => {
    expect(comparisonBeforeData('2025-11-03', '2025-11-03')).toBe(false);
    expect(comparisonBeforeData('2026-10-02', '2025-11-03')).toBe(false);
    expect(comparisonBeforeData(null, '2025-11-03')).toBe(false);
    expect(comparisonBeforeData(undefined, null)).toBe(false);
  });

  it('a period that ends before the first day has no figures; one that reaches it has', () => {
    expect(periodBeforeData('2025-10-31', '2025-11-03')).toBe(true);
    expect(periodBeforeData('2025-11-03', '2025-11-03')).toBe(false);
    expect(periodBeforeData('2026-12-03', null)).toBe(true);
  });

  it('names the first day in the words of the tiles', () => {
    expect(noDataBefore('2025-11-03')).toBe('no data before 2025-11-03');
    expect(noDataBefore(null)).toBe('no data yet');
  });
});
