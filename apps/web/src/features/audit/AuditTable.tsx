import { Anchor, Code } from '@mantine/core';
import { defaultStringifySearch } from '@tanstack/react-router';
import { useMemo } from 'react';
import type { AuditListItem, Permission } from '@ops/shared';
import { whenColumn } from '../../components/DataTable/columns';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { useMe } from '../../lib/use-me';
import type { AuditSearch } from './filters';
import { channelText, resourcePage } from './resource';
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
  if (e.resourceLabel !== null) return `${e.resourceType} ${e.resourceLabel}`;
  return `${e.resourceType} ${e.resourceId.length > 13 ? `${e.resourceId.slice(0, 8)}…` : e.resourceId}`;
}

/** Which resource pages the viewer's role may open: a link to a page that refuses them would be a dead end. */
type CanOpen = (permission: Permission) => boolean;

function auditColumns(canOpen: CanOpen): Array<DataTableColumn<AuditListItem>> {
  const pageOf = (e: AuditListItem) => {
    const page = resourcePage(e);
    return page !== null && canOpen(page.permission) ? page : null;
  };
  return [
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
      // Wide enough for the badge and a token's name as people give them ("support assistant"); a longer name is
      // cut, and shows in full on hover.
      key: 'channel',
      title: 'Channel',
      width: 240,
      ellipsis: true,
      sortValue: channelText,
      render: (e) =>
        e.channel === 'mcp' ? (
          <>
            <span className={classes.mcp}>mcp</span>
            {e.tokenName && <span className={classes.token}>{e.tokenName}</span>}
          </>
        ) : (
          <span className={classes.dimmed}>{e.actorStaffId === null ? 'system' : 'web'}</span>
        ),
    },
    {
      key: 'resource',
      title: 'Resource',
      width: 250,
      sortValue: (e) => `${e.resourceType} ${e.resourceId}`,
      render: (e) => {
        const page = pageOf(e);
        const name = `${e.resourceType} ${e.resourceLabel ?? e.resourceId}`;
        const history = auditHref({ resourceType: e.resourceType, resourceId: e.resourceId });
        if (page === null)
          return (
            <a className={anchorClass} data-underline="hover" href={history} title={`History of ${name}`}>
              {shortResource(e)}
            </a>
          );
        return (
          <>
            <a className={anchorClass} data-underline="hover" href={page.href} title={`Open ${name}`}>
              {shortResource(e)}
            </a>
            <a
              className={`${anchorClass} ${classes.history}`}
              data-underline="hover"
              href={history}
              aria-label={`History of ${name}`}
              title={`History of ${name}`}
            >
              history
            </a>
          </>
        );
      },
    },
    {
      key: 'reason',
      title: 'Reason',
      ellipsis: true,
      sortValue: (e) => e.reason,
      render: (e) => e.reason,
    },
  ];
}

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
  const { permissions } = useMe();
  // Built once per role, not per render: the virtual rows re-render only when their row or the columns change.
  const columns = useMemo(() => auditColumns((p) => permissions.includes(p)), [permissions]);
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
