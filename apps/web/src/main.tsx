// Must run before any schema is created: see the module.
import './lib/zod-config';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/spotlight/styles.css';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { createRouter, RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setNonce } from 'get-nonce';
import { PageError, pageErrorKind } from './components/PageError';
import { PageSkeleton } from './components/PageSkeleton';
import { parseSearch, stringifySearch } from './lib/search-params';
import { initBrowserSentry } from './lib/sentry';
import { theme } from './lib/theme';
import { queryClient, trpc } from './lib/trpc';
import { routeTree } from './routeTree.gen';

const router = createRouter({
  routeTree,
  context: { queryClient, trpc },
  defaultPreload: 'intent',
  defaultPreloadStaleTime: 0,
  defaultPendingComponent: PageSkeleton,
  defaultErrorComponent: PageError,
  scrollRestoration: true,
  parseSearch,
  stringifySearch,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}

/**
 * Mantine writes its CSS variables and responsive styles into <style> elements; the server's Content-Security-Policy
 * admits only styles carrying this response's nonce, which the page receives in the csp-nonce meta tag.
 */
const styleNonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? '';
const getStyleNonce = (): string => styleNonce;
// Modals lock page scroll through react-remove-scroll, which writes its own <style> element: it takes the nonce here.
setNonce(styleNonce);

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
void initBrowserSentry();
// React logs every error a boundary catches; a 403 or a missing record is an answer the page already shows, not a fault.
const onCaughtError = (error: unknown, info: { componentStack?: string }): void => {
  if (pageErrorKind(error) === 'failed') console.error(error, info.componentStack);
};
createRoot(root, { onCaughtError }).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="auto" getStyleNonce={getStyleNonce}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
