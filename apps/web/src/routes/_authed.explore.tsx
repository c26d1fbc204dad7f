import { createFileRoute, redirect } from '@tanstack/react-router';
import { metricsSearchSchema } from '../features/health/search';

/** The metrics explorer's former address, kept so saved links and tickets still open it. */
export const Route = createFileRoute('/_authed/explore')({
  validateSearch: (raw) => metricsSearchSchema.parse(raw),
  beforeLoad: ({ search }) => {
    throw redirect({ to: '/health/metrics', search, replace: true });
  },
});
