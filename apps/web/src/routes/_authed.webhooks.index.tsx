import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ReplaySelectedButton } from '../features/webhooks/ReplayButtons';
import { WebhookFilters } from '../features/webhooks/WebhookFilters';
import { WebhookTable } from '../features/webhooks/WebhookTable';
import { webhookListInput, webhookSearchSchema, type WebhookSearch } from '../features/webhooks/filters';
import { requirePermission } from '../lib/guard';
import { trpc, type Trpc } from '../lib/trpc';
import { useCan } from '../lib/use-me';
import { ButtonLink } from '../components/RouterLinks';

const listOptions = (trpc: Trpc, search: WebhookSearch) =>
  trpc.webhooks.list.infiniteQueryOptions(webhookListInput(search), {
    getNextPageParam: (page) => page.nextCursor,
    initialCursor: null,
  });

export const Route = createFileRoute('/_authed/webhooks/')({
  validateSearch: (raw) => webhookSearchSchema.parse(raw),
  beforeLoad: ({ context }) => requirePermission(context, 'webhooks.read'),
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) => context.queryClient.ensureInfiniteQueryData(listOptions(context.trpc, deps)),
  component: WebhooksPage,
});

/** The webhook ledger: filters in the URL, keyset "Load more", a failed-only view and multi-select replay. */
function WebhooksPage() {
  const search = Route.useSearch();
  const navigate = useNavigate({ from: '/webhooks/' });
  const query = useSuspenseInfiniteQuery(listOptions(trpc, search));
  const items = query.data.pages.flatMap((p) => p.items);
  const canReplay = useCan('webhooks.replay');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const failedOnly = search.status === 'failed';
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Webhooks</Title>
        <Group gap="xs">
          <ButtonLink to="/webhooks" search={{}} variant={failedOnly ? 'default' : 'filled'} size="xs">
            All events
          </ButtonLink>
          <ButtonLink
            to="/webhooks"
            search={{ status: 'failed' }}
            variant={failedOnly ? 'filled' : 'default'}
            color="red"
            size="xs"
          >
            Failed only
          </ButtonLink>
        </Group>
      </Group>
      <Card withBorder>
        <WebhookFilters key={JSON.stringify(search)} value={search} onApply={(next) => void navigate({ search: next })} />
      </Card>
      <Card withBorder>
        {canReplay && (
          <Group justify="space-between" mb="sm">
            <Text size="sm" c="dimmed">
              Tick failed events to replay several at once.
            </Text>
            <ReplaySelectedButton ids={[...selected]} onDone={() => setSelected(new Set())} />
          </Group>
        )}
        <WebhookTable
          items={items}
          listSearch={search}
          {...(canReplay ? { selected, onToggle: toggle } : {})}
          empty="No webhook events match these filters."
          hasMore={query.hasNextPage}
          onLoadMore={() => void query.fetchNextPage()}
          loadingMore={query.isFetchingNextPage}
        />
      </Card>
    </Stack>
  );
}
