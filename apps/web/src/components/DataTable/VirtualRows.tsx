import { useRouter } from '@tanstack/react-router';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { memo, useLayoutEffect, useRef, useState, type MouseEvent, type ReactElement } from 'react';
import type { DataTableColumn, RowKey } from './DataTable';
import classes from './DataTable.module.css';

const evenRow = classes.row;
const oddRow = `${classes.row} ${classes.odd}`;
const ellipsisCell = `${classes.cell} ${classes.ellipsis}`;

/** What a cut cell says in full on hover: its CSV value, else its sort value. */
export function fullText<Row>(c: DataTableColumn<Row>, row: Row): string | undefined {
  const value = (c.csv ?? c.sortValue)?.(row);
  return value === null || value === undefined ? undefined : String(value);
}

interface RowProps<Row> {
  row: Row;
  /** The row's place in the shown order (0-based). */
  index: number;
  /** Its top edge inside the body, in px. */
  top: number;
  columns: ReadonlyArray<DataTableColumn<Row>>;
}

/**
 * One row as plain cells: memoised on the row, its place and the shown columns, so the rows already on screen are
 * not rendered again as the window moves.
 */
function VirtualRowImpl<Row>({ row, index, top, columns }: RowProps<Row>) {
  return (
    <div role="row" aria-rowindex={index + 2} className={index % 2 === 0 ? oddRow : evenRow} data-index={index} style={{ top }}>
      {columns.map((c) =>
        c.ellipsis ? (
          <div role="cell" key={c.key} className={ellipsisCell} data-align={c.align} title={fullText(c, row)}>
            {c.render(row)}
          </div>
        ) : (
          <div role="cell" key={c.key} className={classes.cell} data-align={c.align}>
            {c.render(row)}
          </div>
        ),
      )}
    </div>
  );
}

// memo() loses the type parameter; the cast gives it back.
const VirtualRow = memo(VirtualRowImpl) as typeof VirtualRowImpl;

/** Whether a click on a link is a plain one the browser would follow in this tab. */
function plainClick(event: MouseEvent): boolean {
  return !(event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey);
}

/**
 * The body of a virtual-mode DataTable: only the rows in and near the window are in the document, each placed by
 * arithmetic (fixed height, never measured), inside a body as tall as the whole list. It scrolls with the page.
 *
 * Links in the cells can be plain `<a href="/path">` elements: one listener turns a plain click on a link to a page of
 * the console into a client-side navigation, so a row needs no router component per link.
 */
export function VirtualRows<Row>({
  rows,
  order,
  columns,
  rowKey,
  rowHeight,
  overscan,
}: {
  rows: readonly Row[];
  /** Indexes into `rows` in the shown order, or null for the given order. */
  order: readonly number[] | null;
  columns: ReadonlyArray<DataTableColumn<Row>>;
  rowKey: RowKey<Row>;
  rowHeight: number;
  overscan: number;
}): ReactElement {
  const router = useRouter();
  const body = useRef<HTMLDivElement>(null);
  // Where the body starts in the page: what lies above it (filters, a badge that loads) can change its height.
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    const el = body.current;
    if (!el) return;
    const measure = () => setMargin(Math.round(el.getBoundingClientRect().top + window.scrollY));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.documentElement);
    return () => observer.disconnect();
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => rowHeight,
    overscan,
    scrollMargin: margin,
  });
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    if (!plainClick(event)) return;
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!(link instanceof HTMLAnchorElement) || link.target || link.hasAttribute('download')) return;
    // Only a path of this app ("/audit/12"): a full address ("https://…", "//host/…") is the browser's to open.
    const href = link.getAttribute('href') ?? '';
    if (!href.startsWith('/') || href.startsWith('//')) return;
    event.preventDefault();
    void router.navigate({ href });
  };
  return (
    <div role="rowgroup" ref={body} className={classes.body} style={{ height: virtualizer.getTotalSize() }} onClick={onClick}>
      {virtualizer.getVirtualItems().map((item) => {
        const index = order ? order[item.index] : item.index;
        const row = index === undefined ? undefined : rows[index];
        if (index === undefined || row === undefined) return null;
        return (
          <VirtualRow key={rowKey(row, index)} row={row} index={item.index} top={item.index * rowHeight} columns={columns} />
        );
      })}
    </div>
  );
}
