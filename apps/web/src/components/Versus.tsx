import { Text } from '@mantine/core';
import { figureChange, noDataBefore, readsAsNoChange } from '@ops/shared';
import { changeWords, type ChangeUnit } from '../features/revenue/format';

/**
 * A tile's change against the comparison: "+12.0% vs 2,210" for an amount or a count, "−1.3 pts vs 53.4%" for a
 * rate (`change` is then the difference of the two rates in basis points), "−$43.22 vs $38.40" where a percent would
 * mean nothing (a side at or below zero: see figureChange), green for good news and red for bad.
 */
export function Versus({
  change,
  unit,
  then,
  upIsGood,
  digits = 1,
  format,
}: {
  /**
   * Basis points: relative for `percent`, the difference of two rates for `points`; for `difference`, the difference
   * in the figure's own unit. Null when there is none to tell.
   */
  change: number | null;
  unit: ChangeUnit;
  /** The comparison figure as it reads. */
  then: string;
  upIsGood: boolean;
  /** Decimals of a change in points: as many as the rate itself shows. */
  digits?: number;
  /** How a `difference` reads in the figure's unit (cents as dollars); a count by default. */
  format?: (n: number) => string;
}) {
  const text = changeWords(change, unit, { digits, ...(format ? { format } : {}) });
  const colour =
    change === null || (unit === 'difference' ? change === 0 : readsAsNoChange(change, unit === 'points' ? digits : 1))
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

/** A figure's change for `Versus`: in percent when that means something, else the difference (figureChange). */
export function versusChange(now: number | null, then: number | null): { change: number | null; unit: 'percent' | 'difference' } {
  const c = figureChange(now, then);
  if (c === null) return { change: null, unit: 'percent' };
  return c.unit === 'percent' ? { change: c.bps, unit: 'percent' } : { change: c.amount, unit: 'difference' };
}

/**
 * What a tile says in place of `Versus` when its comparison starts before the figure's data does (comparisonBeforeData
 * in packages/shared): the days before are not observed zeros, so no change is told against them.
 */
export function BeforeData({ firstDataDay }: { firstDataDay: string | null }) {
  return (
    <Text size="xs" c="dimmed">
      {noDataBefore(firstDataDay)}
    </Text>
  );
}
