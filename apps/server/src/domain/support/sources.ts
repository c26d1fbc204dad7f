import type { SourceStatus } from '@ops/shared';
import type { Context } from '../../context.js';
import { notConfigured, withBudget, type IntegrationName } from '../../integrations/index.js';

/**
 * One vendor read for the support pages: not configured when there is no client, otherwise cut at the source
 * budget and marked with the stand-in's "sample data" flag. Never throws.
 */
export async function fromVendor<C, T>(
  ctx: Pick<Context, 'integrations' | 'config'>,
  name: IntegrationName,
  client: C | null,
  read: (client: C, signal: AbortSignal) => Promise<T>,
): Promise<{ status: SourceStatus; data: T | null }> {
  if (client === null) return { status: notConfigured(name), data: null };
  return withBudget(name, ctx.config.SOURCE_TIMEOUT_MS, (signal) => read(client, signal), {
    sample: ctx.integrations.sample[name],
  });
}
