import type { Annotation } from '@ops/shared';

/** Markers whose days lie close together on a chart, folded into one: its first day, its count and its list. */
export interface MarkerCluster {
  day: string;
  lastDay: string;
  count: number;
  items: Annotation[];
}

const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/**
 * Folds annotations into clusters: a marker joins the cluster before it when it lies within `gapDays` of that
 * cluster's first day. About 15 markers fit across a chart, so the gap is the period's length / 15 (at least 1 day:
 * markers of the same day always fold).
 */
export function clusterMarkers(annotations: readonly Annotation[], periodDays: number): MarkerCluster[] {
  const gapDays = Math.max(1, Math.ceil(periodDays / 15));
  const sorted = [...annotations].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const out: MarkerCluster[] = [];
  for (const a of sorted) {
    const last = out.at(-1);
    if (last && dayNumber(a.day) - dayNumber(last.day) < gapDays) {
      last.items.push(a);
      last.count += a.count;
      last.lastDay = a.day;
    } else {
      out.push({ day: a.day, lastDay: a.day, count: a.count, items: [a] });
    }
  }
  return out;
}
