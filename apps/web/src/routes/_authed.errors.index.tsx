import { createFileRoute, redirect } from '@tanstack/react-router';
import { errorsSearchSchema } from '../features/health/search';

/** The error list's former address, kept so saved links and tickets still open it. */
export const Route = createFileRoute('/_authed/errors/')({
  validateSearch: (raw) => errorsSearchSchema.parse(raw),
  beforeLoad: ({ search }) => {
    throw redirect({ to: '/health/errors', search, replace: true });
  },
});
