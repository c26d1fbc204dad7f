import { describe, expect, it } from 'vitest';
import type { Annotation } from '@ops/shared';
import { clusterMarkers } from './markers';

const note = (day: string, kind: Annotation['kind'] = 'deploy', count = 1): Annotation => ({
  day,
  kind,
  label: `${kind} ${day}`,
  count,
  auditId: null,
  deployId: null,
});

describe('marker clustering', () => {
  it('folds markers of nearby days into one with a count and the list', () => {
    const days = Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
    const many = [...days.map((d) => note(d)), ...days.slice(0, 24).map((d) => note(d, 'refund', 2))];
    const clusters = clusterMarkers(many, 30);
    expect(clusters.length).toBe(15);
    expect(clusters[0]).toMatchObject({ day: '2026-11-01', lastDay: '2026-11-02', count: 6 });
    expect(clusters[0]?.items.map((a) => a.label)).toEqual([
      'deploy 2026-11-01',
      'refund 2026-11-01',
      'deploy 2026-11-02',
      'refund 2026-11-02',
    ]);
    expect(clusters.reduce((n, c) => n + c.count, 0)).toBe(30 + 48);
  });

  it('keeps far-apart markers apart, and folds the same day even on a short period', () => {
    expect(clusterMarkers([note('2026-11-01'), note('2026-11-20')], 30).length).toBe(2);
    const sameDay = clusterMarkers([note('2026-11-03'), note('2026-11-03', 'refund', 3)], 7);
    expect(sameDay).toHaveLength(1);
    expect(sameDay[0]?.count).toBe(4);
  });
});
