import { useState } from 'react';
import type { DataTableBaseProps } from './DataTable';

/**
 * Rows already loaded but shown a page at a time ("Show 8 more (8 of 20 shown)"), for panels that would otherwise push the rest
 * of the page down. Spread the result into a DataTable.
 */
export function usePagedRows<Row>(
  rows: readonly Row[],
  pageSize: number,
): Pick<DataTableBaseProps<Row>, 'rows' | 'hasMore' | 'onLoadMore' | 'loadMoreLabel'> {
  const [shown, setShown] = useState(pageSize);
  const rest = rows.length - shown;
  return {
    rows: rows.slice(0, shown),
    hasMore: rest > 0,
    onLoadMore: () => setShown((n) => n + pageSize),
    loadMoreLabel: `Show ${Math.min(pageSize, rest)} more (${shown} of ${rows.length} shown)`,
  };
}
