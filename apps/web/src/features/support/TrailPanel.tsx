import { Anchor, Badge, Group, Switch, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';

import { useState } from 'react';
import { plural, type TrailEntry, type TrailInput, type TrailSource } from '@ops/shared';
import { whenColumn } from '../../components/DataTable/columns';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { usePagedRows } from '../../components/DataTable/use-paged-rows';
import { SOURCE_NAMES, SourceStatusBadge } from '../../components/SourceStatusBadge';
import { trpc } from '../../lib/trpc';
import { when } from './format';
import { AnchorLink } from '../../components/RouterLinks';
import { SectionCard } from '../../components/SectionCard';
import { QueryStatus } from '../../components/QueryStatus';

const SOURCE_COLOR: Record<TrailSource, string> = { postgres: 'blue', stripe: 'violet', sentry: 'red', axiom: 'teal' };

const PAGE = 25;
/** Axiom's debug lines (one per query) drown the story; they stay folded until asked for. */
const isDebug = (e: TrailEntry): boolean => e.source === 'axiom' && e.label.startsWith('debug ');

function What({ e }: { e: TrailEntry }) {
  if (e.href?.startsWith('/bookings/'))
    return (
      <AnchorLink to="/bookings/$bookingId" params={{ bookingId: e.href.slice('/bookings/'.length) }}>
        {e.label}
      </AnchorLink>
    );
  if (e.href)
    return (
      <Anchor href={e.href} target="_blank" rel="noreferrer">
        {e.label}
      </Anchor>
    );
  return e.label;
}

const columns: Array<DataTableColumn<TrailEntry>> = [
  whenColumn('when', 'When', (e) => e.at),
  {
    key: 'source',
    title: 'Source',
    sortValue: (e) => SOURCE_NAMES[e.source] ?? e.source,
    render: (e) => (
      <Badge size="sm" variant="light" color={SOURCE_COLOR[e.source]}>
        {SOURCE_NAMES[e.source] ?? e.source}
      </Badge>
    ),
  },
  { key: 'what', title: 'What', sortValue: (e) => e.label, render: (e) => <What e={e} /> },
  {
    key: 'detail',
    title: 'Detail',
    sortValue: (e) => e.detail,
    render: (e) => (
      <Text size="sm" c="dimmed" lineClamp={2}>
        {e.detail ?? ''}
      </Text>
    ),
  },
];

/**
 * The cross-source trail: our rows, Stripe objects, Sentry errors and Axiom log lines in one time order. Loaded as
 * its own query so a slow vendor never holds the page; each source shows its state.
 */
export function TrailPanel({ input }: { input: TrailInput }) {
  const trail = useQuery(trpc.support.trail.queryOptions(input));
  const [showDebug, setShowDebug] = useState(false);
  const all = trail.data?.entries ?? [];
  const debugCount = all.filter(isDebug).length;
  const visible = showDebug ? all : all.filter((e) => !isDebug(e));
  const paged = usePagedRows(visible, PAGE);
  return (
    <SectionCard
      title="Cross-source trail"
      aria-label="Trail"
      aside={
        trail.data && (
          <Group gap="xs" aria-label="Trail sources">
            {trail.data.sources.map((s) => (
              <SourceStatusBadge key={s.source} status={s} />
            ))}
          </Group>
        )
      }
    >
      <QueryStatus query={trail} waiting="Asking Postgres, Stripe, Sentry and Axiom…" failedTitle="Trail unavailable" />
      {trail.data && (
        <>
          <Text size="xs" c="dimmed" mb="xs">
            {when(trail.data.from)} – {when(trail.data.to)} · {plural(all.length, 'entry', 'entries')}
          </Text>
          {debugCount > 0 && (
            <Switch
              size="xs"
              mb="xs"
              label={`Show ${plural(debugCount, 'debug line')}`}
              checked={showDebug}
              onChange={(e) => setShowDebug(e.currentTarget.checked)}
            />
          )}
          <DataTable
            name="Cross-source trail"
            storageKey="support.trail"
            csv="trail.csv"
            columns={columns}
            rowKey={(e, i) => `${e.source}:${e.at}:${i}`}
            empty="Nothing in this window."
            tableProps={{ striped: true, fz: 'sm' }}
            {...paged}
          />
        </>
      )}
    </SectionCard>
  );
}
