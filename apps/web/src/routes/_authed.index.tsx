import { createFileRoute, redirect } from '@tanstack/react-router';

/** The console's root opens the command center, whose pages live under /health. */
export const Route = createFileRoute('/_authed/')({
  beforeLoad: () => {
    throw redirect({ to: '/health', replace: true });
  },
});
