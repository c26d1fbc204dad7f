import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRoute, createRouter, Outlet, RouterProvider } from '@tanstack/react-router';
import { render, type RenderResult } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { DEFAULT_TIME_ZONE, ROLE_PERMISSIONS, type Environment, type StaffRole } from '@ops/shared';
import { trpc } from '../lib/trpc';
import { theme } from '../lib/theme';

/**
 * Renders a component as the app does: Mantine with the app's theme, notifications, a query client and a router
 * (links and navigation work), so tests find things by role and label as a person would. The environment tier the
 * server reports is preset (development unless `opts.environment` says otherwise). `opts.role` signs a staff member of
 * that role in (what `useCan` reads); `opts.prefill` puts answers into the query cache before the first render, as a
 * route's loader would have.
 */
export async function renderUi(
  ui: ReactNode,
  opts: { environment?: Environment; role?: StaffRole; prefill?: (queryClient: QueryClient) => void } = {},
): Promise<RenderResult & { user: UserEvent; queryClient: QueryClient; location: () => string }> {
  // An answer put in the cache stays fresh: a test sees what it prefilled, not a refetch from a server that is not there.
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  // What the server tells every page about itself (tier, business zone), answered as a development console would.
  queryClient.setQueryData(trpc.auth.environment.queryKey(), {
    environment: opts.environment ?? 'development',
    timeZone: DEFAULT_TIME_ZONE,
  });
  if (opts.role)
    queryClient.setQueryData(trpc.auth.me.queryKey(), {
      id: '00000000-0000-4000-8000-00000000a11c',
      email: `${opts.role}@ops.example`,
      name: `Test ${opts.role}`,
      role: opts.role,
      permissions: [...ROLE_PERMISSIONS[opts.role]],
    });
  opts.prefill?.(queryClient);
  const rootRoute = createRootRoute({
    component: () => (
      <>
        {ui}
        <Outlet />
      </>
    ),
  });
  const indexRoute = createRoute({ getParentRoute: () => rootRoute, path: '/' });
  const router = createRouter({
    routeTree: rootRoute.addChildren([indexRoute]),
    history: createMemoryHistory({ initialEntries: ['/'] }),
    defaultNotFoundComponent: () => null,
  });
  const user = userEvent.setup();
  const result = render(
    <MantineProvider theme={theme} env="test">
      <Notifications />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  await router.load();
  return { ...result, user, queryClient, location: () => router.state.location.href };
}
