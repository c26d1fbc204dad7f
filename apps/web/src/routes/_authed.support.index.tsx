import { Stack, Title } from '@mantine/core';
import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { searchPagesOptions } from '../features/support/search-options';
import { SupportSearch, SupportSearchResults } from '../features/support/SupportSearch';
import { requirePermission } from '../lib/guard';

const searchSchema = z.object({ q: z.string().trim().max(200).optional().catch(undefined) });

export const Route = createFileRoute('/_authed/support/')({
  validateSearch: searchSchema,
  beforeLoad: ({ context }) => requirePermission(context, 'users.read'),
  loaderDeps: ({ search }) => ({ q: search.q }),
  loader: async ({ context, deps }) => {
    if (deps.q && deps.q.length >= 2) await context.queryClient.ensureInfiniteQueryData(searchPagesOptions(context.trpc, deps.q));
  },
  component: SupportPage,
});

function SupportPage() {
  const { q } = Route.useSearch();
  return (
    <Stack>
      <Title order={2}>Support</Title>
      <SupportSearch key={q ?? ''} initial={q ?? ''} />
      {q && q.length >= 2 && <SupportSearchResults q={q} />}
    </Stack>
  );
}
