/**
 * Browser error reporting: only when the server says a DSN is configured is @sentry/react loaded (a separate
 * chunk, never in the first-route bundle); its envelopes go through our own origin's /sentry-tunnel.
 */
export async function initBrowserSentry(): Promise<void> {
  let config: { dsn: string | null; tunnel: string; environment: string };
  try {
    const res = await fetch('/sentry-config', { credentials: 'same-origin' });
    if (!res.ok) return;
    config = (await res.json()) as typeof config;
  } catch {
    return;
  }
  if (!config.dsn) return;
  const Sentry = await import('@sentry/react');
  Sentry.init({ dsn: config.dsn, tunnel: config.tunnel, environment: config.environment, tracesSampleRate: 0 });
}
