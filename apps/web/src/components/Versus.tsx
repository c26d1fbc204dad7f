import { Text } from '@mantine/core';
import { readsAsNoChange } from '@ops/shared';
import { changeText, pointsText } from '../features/revenue/format';

/**
 * A tile's change against the comparison: "+12.0% vs 2,210" for an amount or a count, "−1.3 pts vs 53.4%" for a
 * rate (`change` is then the difference of the two rates in basis points), green for good news and red for bad.
 */
export function Versus({
  change,
  unit,
  then,
  upIsGood,
  digits = 1,
}: {
  /** Basis points: relative for `percent`, the difference of two rates for `points`; null when there is none to tell. */
  change: number | null;
  unit: 'percent' | 'points';
  /** The comparison figure as it reads. */
  then: string;
  upIsGood: boolean;
  /** Decimals of a change in points: as many as the rate itself shows. */
  digits?: number;
}) {
  const text = unit === 'points' ? (pointsText(change, digits) ?? '—') : changeText(change);
  const colour =
    change === null || readsAsNoChange(change, unit === 'points' ? digits : 1)
      ? 'dimmed'
      : change > 0 === upIsGood
        ? 'teal'
        : 'red';
  return (
    <Text size="xs" c={colour}>
      {text} vs {then}
    </Text>
  );
}

/** The difference of two rates in basis points, for `Versus` in points; null without both. */
export const pointsBetween = (now: number | null, then: number | null): number | null =>
  now === null || then === null ? null : now - then;
