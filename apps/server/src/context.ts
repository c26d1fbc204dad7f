import type { DbHandles, Db } from '@ops/db';
import type { StaffRole } from '@ops/shared';
import type { ActionList } from './domain/actions/define.js';
import type { Config } from './env.js';
import type { Integrations } from './integrations/index.js';
import type { Logger } from './logger.js';

export interface StaffIdentity {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  sessionId: string | null;
}

export interface RequestMeta {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  /** How the request arrived: the browser's session ('web') or an assistant's access token on /mcp ('mcp'). */
  channel?: 'web' | 'mcp';
  /** The access token's name on the mcp channel; recorded on audit rows. */
  tokenName?: string | null;
}

/** Cookie writes for auth.login / auth.logout; absent when called outside HTTP (tests use a recorder). */
export interface CookieJar {
  setSession(token: string, maxAgeSeconds: number): void;
  clearSession(): void;
}

export interface Services {
  /** The actions the routers expose, by name (routers/action-list.ts): how an approval finds what to execute. */
  actions: ActionList;
  config: Config;
  dbs: DbHandles;
  integrations: Integrations;
  logger: Logger;
  now: () => Date;
}

export interface Context extends Services {
  db: Db;
  staff: StaffIdentity | null;
  request: RequestMeta;
  cookies: CookieJar;
  observe?: (path: string, outcome: string, seconds: number) => void;
}

export const noCookies: CookieJar = { setSession: () => undefined, clearSession: () => undefined };

/** Builds a context without HTTP: the server's adapter and the tests both come through here. */
export function createContextInner(opts: {
  services: Services;
  staff: StaffIdentity | null;
  request?: Partial<RequestMeta>;
  cookies?: CookieJar;
  observe?: Context['observe'];
}): Context {
  return {
    ...opts.services,
    db: opts.services.dbs.api,
    staff: opts.staff,
    request: {
      requestId: opts.request?.requestId ?? crypto.randomUUID(),
      ip: opts.request?.ip ?? null,
      userAgent: opts.request?.userAgent ?? null,
      channel: opts.request?.channel ?? 'web',
      tokenName: opts.request?.tokenName ?? null,
    },
    cookies: opts.cookies ?? noCookies,
    ...(opts.observe ? { observe: opts.observe } : {}),
  };
}
