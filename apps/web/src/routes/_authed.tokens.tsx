import { createFileRoute } from '@tanstack/react-router';
import { TokensPage } from '../features/tokens/TokensPage';
import { trpc } from '../lib/trpc';

export const Route = createFileRoute('/_authed/tokens')({
  loader: ({ context }) => context.queryClient.ensureQueryData(trpc.tokens.list.queryOptions()),
  component: TokensPage,
});
