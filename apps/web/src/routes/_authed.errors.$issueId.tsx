import { createFileRoute, redirect } from '@tanstack/react-router';

/** An error issue's former address, kept so saved links and tickets still open it. */
export const Route = createFileRoute('/_authed/errors/$issueId')({
  beforeLoad: ({ params }) => {
    throw redirect({ to: '/health/errors/$issueId', params, replace: true });
  },
});
