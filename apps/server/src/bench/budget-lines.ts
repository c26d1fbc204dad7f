/** How many report lines were checked against their budgets, and how many of them were over. */
export interface BudgetTally {
  total: number;
  over: number;
}

/**
 * Prints budget lines, each marked `ok` or `OVER` and followed by the machine's load when `load` is given, and
 * counts them for the bench's closing sum.
 */
export function budgetLines(say: (line: string) => void, load?: () => string) {
  const tally: BudgetTally = { total: 0, over: 0 };
  return {
    check: (ok: boolean, text: string): void => {
      tally.total++;
      if (!ok) tally.over++;
      say(`${ok ? 'ok  ' : 'OVER'} ${text}${load ? `  load ${load()}` : ''}`);
    },
    /** Adds the lines another section printed and counted. */
    add: (other: BudgetTally): void => {
      tally.total += other.total;
      tally.over += other.over;
    },
    tally: (): BudgetTally => ({ ...tally }),
  };
}
