import { Alert, Anchor, Badge, Button, Card, Group, Loader, Switch, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';

import { useState } from 'react';
import { plural, type TrailEntry, type TrailInput, type TrailSource } from '@ops/shared';
import { SOURCE_NAMES, SourceStatusBadge } from '../../components/SourceStatusBadge';
import { errorMessage, trpc } from '../../lib/trpc';
import { when } from './format';
import { AnchorLink } from '../../components/RouterLinks';

const SOURCE_COLOR: Record<TrailSource, string> = { postgres: 'blue', stripe: 'violet', sentry: 'red', axiom: 'teal' };

/**
 * The cross-source trail: our rows, Stripe objects, Sentry errors and Axiom log lines in one time order. Loaded as
 * its own query so a slow vendor never holds the page; each source shows its state.
 */
const PAGE = 25;
/** Axiom's debug lines (one per query) drown the story; they stay folded until asked for. */
const isDebug = (e: TrailEntry): boolean => e.source === 'axiom' && e.label.startsWith('debug ');

export function TrailPanel({ input }: { input: TrailInput }) {
  const trail = useQuery(trpc.support.trail.queryOptions(input));
  const [showDebug, setShowDebug] = useState(false);
  const [shown, setShown] = useState(PAGE);
  const all = trail.data?.entries ?? [];
  const debugCount = all.filter(isDebug).length;
  const visible = showDebug ? all : all.filter((e) => !isDebug(e));
  const page = visible.slice(0, shown);
  return (
    <Card withBorder component="section" aria-label="Trail">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Cross-source trail</Title>
        {trail.data && (
          <Group gap="xs" aria-label="Trail sources">
            {trail.data.sources.map((s) => (
              <SourceStatusBadge key={s.source} status={s} />
            ))}
          </Group>
        )}
      </Group>
      {trail.isPending && (
        <Group>
          <Loader size="sm" />
          <Text size="sm">Asking Postgres, Stripe, Sentry and Axiom…</Text>
        </Group>
      )}
      {trail.isError && (
        <Alert color="red" title="Trail unavailable">
          {errorMessage(trail.error)}
        </Alert>
      )}
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
          {visible.length === 0 ? (
            <Text c="dimmed">Nothing in this window.</Text>
          ) : (
            <Table striped aria-label="Cross-source trail">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Source</Table.Th>
                  <Table.Th>What</Table.Th>
                  <Table.Th>Detail</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.map((e, i) => (
                  <Table.Tr key={`${e.source}:${e.at}:${i}`}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{when(e.at)}</Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={SOURCE_COLOR[e.source]}>
                        {SOURCE_NAMES[e.source] ?? e.source}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {e.href?.startsWith('/support/bookings/') ? (
                        <AnchorLink
                          to="/support/bookings/$bookingId"
                          params={{ bookingId: e.href.slice('/support/bookings/'.length) }}
                        >
                          {e.label}
                        </AnchorLink>
                      ) : e.href ? (
                        <Anchor href={e.href} target="_blank" rel="noreferrer">
                          {e.label}
                        </Anchor>
                      ) : (
                        e.label
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed" lineClamp={2}>
                        {e.detail ?? ''}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {visible.length > shown && (
            <Button variant="default" size="xs" mt="xs" onClick={() => setShown((n) => n + PAGE)}>
              Show {Math.min(PAGE, visible.length - shown)} more of {visible.length - shown}
            </Button>
          )}
        </>
      )}
    </Card>
  );
}
