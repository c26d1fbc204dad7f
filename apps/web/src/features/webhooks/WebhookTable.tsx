import { Checkbox, Code, Text } from '@mantine/core';
import { Fragment, useMemo } from 'react';

import type { WebhookListItem } from '@ops/shared';
import { WebhookStatusBadge } from './StatusBadge';
import { WithNote, millisecondsColumn, whenColumn } from '../../components/DataTable/columns';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { AnchorLink } from '../../components/RouterLinks';
import type { WebhookSearch } from './filters';

/**
 * The event column: its link opens the delivery carrying the list's filters, so the delivery's page leads back to the
 * same list.
 */
/** The event column's width at most: a Stripe event id is 28 characters, most of which show. */
const EVENT_WIDTH = 200;

const eventColumn = (listSearch: WebhookSearch): DataTableColumn<WebhookListItem> => ({
  key: 'event',
  title: 'Event',
  sortValue: (w) => w.eventId,
  csv: (w) => w.eventId ?? '(unverified)',
  render: (w) => (
    <>
      <WithNote note={w.replayOf && 'replay'}>
        {/* A long id is cut (in full on hover): at its full width it pushed Attempts and Duration off a laptop's screen. */}
        <AnchorLink
          to="/webhooks/$eventId"
          params={{ eventId: w.id }}
          search={listSearch}
          size="sm"
          display="block"
          maw={EVENT_WIDTH}
          title={w.eventId ?? undefined}
          style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
        >
          {w.eventId ?? '(unverified)'}
        </AnchorLink>
      </WithNote>
      {/* A failure's error sits under its event: in a column of its own, last, it ran off the table's edge. */}
      {w.error && (
        <Text size="xs" c="red" lineClamp={2} maw={EVENT_WIDTH} title={w.error}>
          {w.error}
        </Text>
      )}
    </>
  ),
});

const NO_FILTERS: WebhookSearch = {};

const columns = (listSearch: WebhookSearch): Array<DataTableColumn<WebhookListItem>> => [
  whenColumn('received', 'Received', (w) => w.receivedAt),
  // The source stands above the type it names the vocabulary of (a column of its own pushed the last ones off the
  // table's edge); the CSV still has it in a column.
  { key: 'source', title: 'Source', csvOnly: true, sortValue: (w) => w.source, render: (w) => w.source },
  {
    key: 'type',
    title: 'Type',
    sortValue: (w) => w.type,
    render: (w) => (
      <>
        <Text size="xs" c="dimmed">
          {w.source}
        </Text>
        {/* A long type (payment_intent.amount_capturable_updated) may wrap after its dots and underscores rather than
            widen the table; <wbr> adds no character, so a copied type still filters. */}
        <Code>
          {w.type.split(/(?<=[._])/).map((part, i) => (
            <Fragment key={i}>
              {i > 0 && <wbr />}
              {part}
            </Fragment>
          ))}
        </Code>
      </>
    ),
  },
  eventColumn(listSearch),
  { key: 'status', title: 'Status', sortValue: (w) => w.status, render: (w) => <WebhookStatusBadge status={w.status} /> },
  {
    key: 'retryable',
    title: 'Retryable',
    // Said for failures only (the rule is shared `failedMayRetry`): a replay may fix a retryable one, not a permanent one.
    sortValue: (w) => (w.retryable === null ? null : w.retryable ? 'yes' : 'no (permanent)'),
    render: (w) => (w.retryable === null ? '' : w.retryable ? 'yes' : 'no (permanent)'),
  },
  { key: 'attempts', title: 'Attempts', align: 'right', sortValue: (w) => w.attempts, render: (w) => w.attempts },
  millisecondsColumn('duration', 'Duration', (w) => w.durationMs),
  { key: 'error', title: 'Error', csvOnly: true, sortValue: (w) => w.error, render: (w) => w.error },
];

/**
 * Ledger rows; failed rows get a checkbox when `selected` is given (multi-select replay). The Load more props are
 * the caller's infinite query.
 */
export function WebhookTable({
  items,
  selected,
  onToggle,
  label = 'Webhook events',
  empty,
  hasMore,
  onLoadMore,
  loadingMore,
  listSearch = NO_FILTERS,
}: {
  items: WebhookListItem[];
  /** The ledger's filters a row's delivery is opened with (its page links back to them). */
  listSearch?: WebhookSearch;
  selected?: Set<string>;
  onToggle?: (id: string) => void;
  label?: string;
  empty?: string;
  hasMore?: boolean;
  onLoadMore?: () => void;
  loadingMore?: boolean;
}) {
  const ledgerColumns = useMemo(() => columns(listSearch), [listSearch]);
  const selection: Array<DataTableColumn<WebhookListItem>> =
    selected !== undefined && onToggle !== undefined
      ? [
          {
            key: 'select',
            title: '',
            hideable: false,
            width: 40,
            render: (w) =>
              w.status === 'failed' && (
                <Checkbox
                  aria-label={`Select ${w.eventId ?? w.id}`}
                  checked={selected.has(w.id)}
                  onChange={() => onToggle(w.id)}
                />
              ),
          },
        ]
      : [];
  return (
    <DataTable
      name={label}
      storageKey="webhooks"
      csv="webhook-events.csv"
      columns={[...selection, ...ledgerColumns]}
      rows={items}
      empty={empty}
      hasMore={hasMore}
      onLoadMore={onLoadMore}
      loadingMore={loadingMore}
      // Narrower padding than other tables: with the checkboxes, eight columns fit a laptop's width.
      tableProps={{ striped: true, highlightOnHover: true, horizontalSpacing: 6 }}
    />
  );
}
