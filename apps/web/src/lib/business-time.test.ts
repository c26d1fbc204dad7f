import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE } from '@ops/shared';
import { auditFilters } from '../features/audit/filters';
import { webhookListInput } from '../features/webhooks/filters';
import { businessDayStart, formatBusinessDateTime, formatBusinessTimestamp, setBusinessTimeZone } from './business-time';

afterEach(() => setBusinessTimeZone(DEFAULT_TIME_ZONE));

describe('day bounds of the list filters', () => {
  it('start a calendar day at midnight in the business zone, across a clock change', () => {
    expect(businessDayStart('2026-11-17', 0, 'America/New_York')).toBe('2026-11-17T05:00:00.000Z');
    expect(businessDayStart('2026-07-01', 0, 'America/New_York')).toBe('2026-07-01T04:00:00.000Z');
    // The day after Nov 1 2026 (clocks go back that night in New York) starts at 05:00 UTC.
    expect(businessDayStart('2026-11-01', 1, 'America/New_York')).toBe('2026-11-02T05:00:00.000Z');
  });

  it('make the webhook list’s from/to the business days, the "to" day included', () => {
    setBusinessTimeZone('Asia/Tokyo');
    const input = webhookListInput({ from: '2026-11-17', to: '2026-11-18' });
    expect(input.from).toBe('2026-11-16T15:00:00.000Z');
    expect(input.to).toBe('2026-11-18T15:00:00.000Z');
  });

  it('make the audit search’s from/to the business days', () => {
    setBusinessTimeZone('America/New_York');
    const filters = auditFilters({ from: '2026-11-17', to: '2026-11-17' });
    expect(filters.from).toBe('2026-11-17T05:00:00.000Z');
    expect(filters.to).toBe('2026-11-18T05:00:00.000Z');
  });
});

describe('formatted times', () => {
  it('read in the business zone, to the minute or, for log lines, to the millisecond', () => {
    const at = '2026-11-17T15:04:07.215Z';
    expect(formatBusinessDateTime(at, 'America/New_York')).toBe('Nov 17, 2026, 10:04 AM EST');
    expect(formatBusinessTimestamp(at, 'America/New_York')).toBe('Nov 17, 2026, 10:04:07.215 AM EST');
    expect(formatBusinessTimestamp(at, 'Asia/Tokyo')).toBe('Nov 18, 2026, 12:04:07.215 AM GMT+9');
    expect(formatBusinessTimestamp(null)).toBe('—');
  });
});
