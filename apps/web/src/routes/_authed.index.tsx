import { createFileRoute, redirect } from '@tanstack/react-router';
import { getMe } from '../lib/guard';
import { landingFor } from '../lib/nav';

/** The console's root opens the signed-in person's home: Support for support, the growth brief for execs, the command center otherwise. */
export const Route = createFileRoute('/_authed/')({
  beforeLoad: async ({ context }) => {
    throw redirect({ to: landingFor(await getMe(context)), replace: true });
  },
});
