import { Anchor, Badge, Code, Table } from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { memo, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { AuditListItem } from '@ops/shared';
import { formatBusinessDateTime } from '../../lib/business-time';
import classes from './AuditTable.module.css';

/** Every row is exactly this tall (AuditTable.module.css): rows are placed by arithmetic and never measured. */
export const AUDIT_ROW_HEIGHT = 42;
/** Rows rendered beyond each edge of the window: a fast fling moves about ten rows a frame. */
const OVERSCAN = 12;

const COLUMNS = ['#', 'When', 'Actor', 'Action', 'Channel', 'Resource', 'Reason'] as const;

// Mantine's class names on plain elements: the table's colours and type without a component per cell.
const evenRow = classes.row;
const oddRow = `${classes.row} ${classes.odd}`;
const cell = classes.cell;
const anchorClass = Anchor.classes.root;
const codeClass = `${Code.classes.root} ${classes.code}`;

type Href = (path: string, search?: Record<string, string>) => string;

/**
 * One entry as plain cells and anchors: no component per cell and no router subscription per link (the list
 * handles clicks for all of them), so a row costs a few DOM nodes to mount as it scrolls into view.
 */
const AuditRow = memo(function AuditRow({
  e,
  index,
  start,
  href,
}: {
  e: AuditListItem;
  index: number;
  start: number;
  href: Href;
}) {
  const resource = `${e.resourceType} ${e.resourceId.length > 13 ? `${e.resourceId.slice(0, 8)}…` : e.resourceId}`;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={index % 2 === 0 ? oddRow : evenRow}
      data-index={index}
      style={{ transform: `translateY(${start}px)` }}
    >
      <div role="cell" className={cell}>
        <a className={anchorClass} data-underline="hover" href={href(`/audit/${e.id}`)} aria-label={`Open audit entry #${e.id}`}>
          #{e.id}
        </a>
      </div>
      <div role="cell" className={cell}>
        {formatBusinessDateTime(e.occurredAt)}
      </div>
      <div role="cell" className={cell}>
        <a className={anchorClass} data-underline="hover" href={href('/audit', { actor: e.actorEmail })} title={e.actorEmail}>
          {e.actorEmail}
        </a>
      </div>
      <div role="cell" className={cell}>
        <code className={codeClass}>{e.action}</code>
      </div>
      <div role="cell" className={cell}>
        {e.channel === 'mcp' ? (
          <Badge variant="light" color="grape" title={e.tokenName ? `token: ${e.tokenName}` : undefined}>
            mcp{e.tokenName ? ` · ${e.tokenName}` : ''}
          </Badge>
        ) : (
          <span className={classes.dimmed}>web</span>
        )}
      </div>
      <div role="cell" className={cell}>
        <a
          className={anchorClass}
          data-underline="hover"
          href={href('/audit', { resourceType: e.resourceType, resourceId: e.resourceId })}
          title={`${e.resourceType} ${e.resourceId}`}
        >
          {resource}
        </a>
      </div>
      <div role="cell" className={cell} title={e.reason}>
        {e.reason}
      </div>
    </div>
  );
});

/**
 * The audit entries as a virtualised grid (ARIA table semantics): only the rows in and near the window are in the
 * DOM, each absolutely placed, so 10,000 entries scroll as smoothly as 50 and "Load more" costs the same deep in
 * the list as at the top.
 */
export function AuditTable({ items, 'aria-label': ariaLabel }: { items: readonly AuditListItem[]; 'aria-label': string }) {
  const router = useRouter();
  const body = useRef<HTMLDivElement>(null);
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    setOffset(body.current ? body.current.getBoundingClientRect().top + window.scrollY : 0);
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: items.length,
    estimateSize: () => AUDIT_ROW_HEIGHT,
    overscan: OVERSCAN,
    scrollMargin: offset,
  });
  const href = useMemo<Href>(
    () => (path, search) => (search ? `${path}${router.options.stringifySearch(search)}` : path),
    [router],
  );
  // One listener for every link in the list: a plain click is a client-side navigation, anything else (a new tab,
  // a copied address) is the browser's.
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return;
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    const target = link?.getAttribute('href');
    if (!target) return;
    event.preventDefault();
    void router.navigate({ href: target });
  };
  const margin = virtualizer.options.scrollMargin;
  return (
    <div role="table" aria-label={ariaLabel} aria-rowcount={items.length + 1} className={Table.classes.table}>
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className={classes.head}>
          {COLUMNS.map((title) => (
            <div role="columnheader" key={title} className={cell}>
              {title}
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" ref={body} className={classes.body} style={{ height: virtualizer.getTotalSize() }} onClick={onClick}>
        {virtualizer.getVirtualItems().map((r) => {
          const e = items[r.index];
          return e ? <AuditRow key={e.id} e={e} index={r.index} start={r.start - margin} href={href} /> : null;
        })}
      </div>
    </div>
  );
}
