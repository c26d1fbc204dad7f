import { Anchor, Code } from '@mantine/core';
import { defaultStringifySearch } from '@tanstack/react-router';
import type { AuditListItem } from '@ops/shared';
import { whenColumn } from '../../components/DataTable/columns';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import type { AuditSearch } from './filters';
import classes from './AuditTable.module.css';

/** Every row is exactly this tall (cells keep to one line): rows are placed by arithmetic and never measured. */
const AUDIT_ROW_HEIGHT = 42;
const VIRTUAL = { rowHeight: AUDIT_ROW_HEIGHT };

// Mantine's class names on plain elements: the anchors' and code's look without a component per cell, so a row
// costs a few DOM nodes to mount as it scrolls into view. The table turns plain clicks on them into navigation.
const anchorClass = Anchor.classes.root;
const codeClass = Code.classes.root;

const auditHref = (search: AuditSearch): string => `/audit${defaultStringifySearch(search)}`;

function shortResource(e: AuditListItem): string {
  return `${e.resourceType} ${e.resourceId.length > 13 ? `${e.resourceId.slice(0, 8)}…` : e.resourceId}`;
}

const channelLabel = (e: AuditListItem): string => (e.channel === 'mcp' && e.tokenName ? `mcp · ${e.tokenName}` : e.channel);

const columns: Array<DataTableColumn<AuditListItem>> = [
  {
    key: 'id',
    title: '#',
    width: 84,
    hideable: false,
    sortValue: (e) => e.id,
    render: (e) => (
      <a className={anchorClass} data-underline="hover" href={`/audit/${e.id}`} aria-label={`Open audit entry #${e.id}`}>
        {`#${e.id}`}
      </a>
    ),
  },
  { ...whenColumn('when', 'When', (e) => e.occurredAt), width: 224 },
  {
    key: 'actor',
    title: 'Actor',
    width: 200,
    ellipsis: true,
    sortValue: (e) => e.actorEmail,
    render: (e) => (
      <a className={anchorClass} data-underline="hover" href={auditHref({ actor: e.actorEmail })}>
        {e.actorEmail}
      </a>
    ),
  },
  {
    key: 'action',
    title: 'Action',
    width: 190,
    ellipsis: true,
    sortValue: (e) => e.action,
    render: (e) => <code className={codeClass}>{e.action}</code>,
  },
  {
    key: 'channel',
    title: 'Channel',
    width: 100,
    sortValue: channelLabel,
    render: (e) =>
      e.channel === 'mcp' ? (
        <span className={classes.mcp} title={e.tokenName ? `token: ${e.tokenName}` : undefined}>
          {channelLabel(e)}
        </span>
      ) : (
        <span className={classes.dimmed}>{e.channel}</span>
      ),
  },
  {
    key: 'resource',
    title: 'Resource',
    width: 180,
    sortValue: (e) => `${e.resourceType} ${e.resourceId}`,
    render: (e) => (
      <a
        className={anchorClass}
        data-underline="hover"
        href={auditHref({ resourceType: e.resourceType, resourceId: e.resourceId })}
        title={`${e.resourceType} ${e.resourceId}`}
      >
        {shortResource(e)}
      </a>
    ),
  },
  {
    key: 'reason',
    title: 'Reason',
    ellipsis: true,
    sortValue: (e) => e.reason,
    render: (e) => e.reason,
  },
];

/**
 * The audit entries in the virtual DataTable: only the rows in and near the window are in the document, so 10,000
 * entries scroll as smoothly as 50 and "Load more" costs the same deep in the list as at the top.
 */
export function AuditTable({
  items,
  hasMore,
  onLoadMore,
  loadingMore,
}: {
  items: readonly AuditListItem[];
  hasMore: boolean;
  onLoadMore: () => void;
  loadingMore: boolean;
}) {
  return (
    <DataTable
      virtual={VIRTUAL}
      name="Audit entries"
      storageKey="audit.entries"
      columns={columns}
      rows={items}
      empty="No audit entries match."
      hasMore={hasMore}
      onLoadMore={onLoadMore}
      loadingMore={loadingMore}
    />
  );
}
