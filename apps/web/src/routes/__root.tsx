import { createRootRouteWithContext, Outlet } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';
import { useEnvironmentTitle } from '../lib/environment';
import type { RouterContext } from '../lib/guard';

/**
 * The toasts' renderer (with its transitions and scroll-bar handling) is not needed to draw a page, so it loads just
 * after. A toast raised before it arrives waits in @mantine/notifications' store and shows as soon as it mounts.
 */
const Toasts = lazy(() => import('../components/Toasts').then((m) => ({ default: m.Toasts })));

export const Route = createRootRouteWithContext<RouterContext>()({
  component: Root,
});

/** Notifications live inside the router so a toast can carry a typed link (to the audit entry, say). */
function Root() {
  useEnvironmentTitle();
  return (
    <>
      <Suspense fallback={null}>
        <Toasts />
      </Suspense>
      <Outlet />
    </>
  );
}
