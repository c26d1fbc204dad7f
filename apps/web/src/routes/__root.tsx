import { Notifications } from '@mantine/notifications';
import { createRootRouteWithContext, Outlet } from '@tanstack/react-router';
import { useEnvironmentTitle } from '../lib/environment';
import type { RouterContext } from '../lib/guard';

export const Route = createRootRouteWithContext<RouterContext>()({
  component: Root,
});

/** Notifications live inside the router so a toast can carry a typed link (to the audit entry, say). */
function Root() {
  useEnvironmentTitle();
  return (
    <>
      <Notifications position="top-right" />
      <Outlet />
    </>
  );
}
