import { afterEach, describe, expect, it } from 'vitest';
import { listen, sendJson, type ListeningServer } from '../http-kit.js';
import { createSentryClient } from './client.js';

/**
 * Sentry answers the stand-in does not produce: issues whose firstSeen / lastSeen are null (not yet aggregated) and
 * events without dateCreated. The client takes them as "not recorded" instead of calling Sentry down.
 */
let server: ListeningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const issue = {
  id: '77',
  shortId: 'API-7',
  title: 'TypeError: x is undefined',
  culprit: null,
  level: 'error',
  status: 'unresolved',
  count: '3',
  userCount: 1,
  firstSeen: null,
  lastSeen: null,
  permalink: 'https://sentry.example/issues/77/',
  project: { id: '2', name: 'API', slug: 'api' },
  stats: { '24h': [[1_700_000_000, 3]] },
  metadata: { type: 'TypeError', value: 'x is undefined' },
};
const event = {
  eventID: 'a'.repeat(32),
  groupID: '77',
  title: 'TypeError: x is undefined',
  message: null,
  platform: 'node',
  tags: [{ key: 'request_id', value: 'req_abc' }],
  entries: [],
};

describe('sentry client with the fields Sentry leaves null or out', () => {
  it('accepts null firstSeen / lastSeen on issues and a missing dateCreated on events', async () => {
    server = await listen((_req, res, url) => {
      if (url.pathname.endsWith('/issues/')) return sendJson(res, 200, [issue]);
      if (url.pathname.endsWith('/events/latest/')) return sendJson(res, 200, event);
      if (url.pathname.includes('/eventids/'))
        return sendJson(res, 200, { projectSlug: 'api', groupId: '77', eventId: event.eventID, event });
      return sendJson(res, 200, issue);
    });
    const sentry = createSentryClient({ url: server.url, org: 'acme', token: 't', timeoutMs: 5_000 });
    const [top] = await sentry.topIssues({ sort: 'freq', statsPeriod: '24h', limit: 5 });
    expect(top).toMatchObject({ id: '77', culprit: '', firstSeen: null, lastSeen: null, count: 3 });
    // Only the fields the console shows pass through: not Sentry's metadata, nor the project's numeric id.
    expect(top && 'metadata' in top).toBe(false);
    expect(top?.project).toEqual({ slug: 'api', name: 'API' });
    expect(top?.stats).toEqual([{ t: 1_700_000_000, count: 3 }]);
    expect((await sentry.issue('77')).lastSeen).toBeNull();
    const latest = await sentry.latestEvent('77');
    expect(latest).toMatchObject({ eventId: event.eventID, dateCreated: null, tags: { request_id: 'req_abc' } });
    expect((await sentry.eventById(event.eventID)).dateCreated).toBeNull();
  });
});
