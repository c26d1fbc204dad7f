import { useHotkeys } from '@mantine/hooks';
import { createRootRouteWithContext, Outlet, useRouter } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';
import { openSpotlight } from '../features/spotlight/store';
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
  const router = useRouter();
  // Cmd/Ctrl-K from anywhere, even while typing in a field, and from the moment the app runs: right after sign-in
  // (or a reload) the layout is still loading its page, and the keys typed then are held for the spotlight it shows.
  useHotkeys(
    [
      [
        'mod + K',
        () => {
          if (router.latestLocation.pathname !== '/login') openSpotlight();
        },
      ],
    ],
    [],
  );
  return (
    <>
      <Suspense fallback={null}>
        <Toasts />
      </Suspense>
      <Outlet />
    </>
  );
}
