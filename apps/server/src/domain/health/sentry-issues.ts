import type { ErrorIssueDetail, ErrorIssueSummary, ErrorSort, SourceStatus } from '@ops/shared';
import type { Services } from '../../context.js';
import { DomainError } from '../errors.js';
import { readIssue, readTopErrors } from './vendor-reads.js';

/** How many issues the errors page lists (the command center shows the first five). */
const TOP_ERRORS_LIMIT = 25;

/** The errors page: Sentry's top issues of the last 24 hours in `sort` order, or why Sentry could not say. */
export async function topErrors(
  services: Pick<Services, 'integrations' | 'config'>,
  sort: ErrorSort,
): Promise<{ source: SourceStatus; issues: ErrorIssueSummary[] | null }> {
  const read = await readTopErrors(services.integrations, services.config.SOURCE_TIMEOUT_MS, sort, TOP_ERRORS_LIMIT);
  return { source: read.status, issues: read.data };
}

/**
 * One Sentry issue with its latest event. An issue Sentry answered it does not have is NOT_FOUND; an issue Sentry did
 * not answer for (down, slow, not configured) comes back without data, its source saying why.
 */
export async function errorIssue(
  services: Pick<Services, 'integrations' | 'config'>,
  id: string,
): Promise<{ source: SourceStatus; issue: ErrorIssueDetail | null }> {
  const read = await readIssue(services.integrations, services.config.SOURCE_TIMEOUT_MS, id);
  if (read.status.state === 'ok' && read.data === null) throw new DomainError('NOT_FOUND', `id: no Sentry issue ${id}`);
  return { source: read.status, issue: read.data };
}
