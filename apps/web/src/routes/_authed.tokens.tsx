import { createFileRoute } from '@tanstack/react-router';
import { TokensPage } from '../features/tokens/TokensPage';

export const Route = createFileRoute('/_authed/tokens')({
  loader: ({ context }) => context.queryClient.ensureQueryData(context.trpc.tokens.list.queryOptions()),
  component: TokensPage,
});
