import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS } from '@ops/shared';
import { theme } from '../../lib/theme';
import { trpc } from '../../lib/trpc';
import { AppLayout } from './AppLayout';

async function renderAt(url: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(trpc.auth.me.queryKey(), {
    id: '00000000-0000-4000-8000-00000000a11c',
    email: 'exec@ops.example',
    name: 'Test exec',
    role: 'exec',
    permissions: [...ROLE_PERMISSIONS.exec],
  });
  const rootRoute = createRootRoute({ component: AppLayout });
  const page = (path: string) => createRoute({ getParentRoute: () => rootRoute, path, component: () => null });
  const router = createRouter({
    routeTree: rootRoute.addChildren([page('/revenue'), page('/deploys')]),
    history: createMemoryHistory({ initialEntries: [url] }),
    defaultNotFoundComponent: () => null,
  });
  render(
    <MantineProvider theme={theme} env="test">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  await router.load();
  return within(await screen.findByRole('navigation', { name: 'Main navigation' }));
}

describe('AppLayout', () => {
  it('links the other reports over the period on screen', async () => {
    const nav = await renderAt('/revenue?preset=custom&from=2026-11-01&to=2026-11-07&compare=week');
    expect(nav.getByRole('link', { name: 'Funnel' }).getAttribute('href')).toBe(
      '/funnel?preset=custom&compare=week&from=2026-11-01&to=2026-11-07',
    );
    expect(nav.getByRole('link', { name: 'Growth brief' }).getAttribute('href')).toBe(
      '/brief?preset=custom&compare=week&from=2026-11-01&to=2026-11-07',
    );
    expect(nav.getByRole('link', { name: 'Cohorts' }).getAttribute('href')).toBe('/cohorts');
    expect(nav.getByRole('link', { name: 'Deploys' }).getAttribute('href')).toBe('/deploys');
  });

  it('links the reports as they start from a page without a period', async () => {
    const nav = await renderAt('/deploys');
    expect(nav.getByRole('link', { name: 'Funnel' }).getAttribute('href')).toBe('/funnel');
  });
});
