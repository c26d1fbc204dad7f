import type * as PGliteModule from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type LogEvent, type Transaction } from 'kysely';
import pg from 'pg';
import { PreparedStatements, preparingPool } from './prepared.js';
import type { Database } from './schema.js';

/** How the console's database is reached: an embedded PGlite folder, or a Postgres URL. */
export type DbTarget =
  | { kind: 'pglite'; dataDir: string | null }
  | {
      kind: 'postgres';
      url: string;
      analyticsUrl?: string | undefined;
      pools?: Partial<Record<PoolName, PoolSettings>>;
      /**
       * Recurring statements run as named prepared statements (default true; see prepared.ts). Turn off behind a
       * connection pooler in transaction mode that does not track prepared statements.
       */
      preparedStatements?: boolean;
    };

export type PoolName = 'api' | 'analytics' | 'worker';
export interface PoolSettings {
  max: number;
  statementTimeoutMs: number;
  /**
   * PostgreSQL's JIT compilation (default on). The api pool turns it off: its requests are short indexed reads that JIT
   * would compile for 100–200 ms whenever a row estimate runs high (the command center's overdue payments: 130 ms
   * with it, 4 ms without on the bench data); the refresher's long aggregations keep it.
   */
  jit?: boolean;
}
export const DEFAULT_POOLS: Record<PoolName, PoolSettings> = {
  api: { max: 10, statementTimeoutMs: 5_000, jit: false },
  analytics: { max: 4, statementTimeoutMs: 30_000 },
  worker: { max: 3, statementTimeoutMs: 60_000 },
};

/** The connection's session settings a pool asks for (pg's `options`): what a bare client must also send to run the same plans. */
export function sessionOptions(settings: Pick<PoolSettings, 'jit'>): { options?: string } {
  return settings.jit === false ? { options: '-c jit=off' } : {};
}

export interface PoolStats {
  pool: PoolName;
  size: number;
  inUse: number;
  waiting: number;
}

export type Db = Kysely<Database>;
/** A handle or an open transaction: what a query function takes when it may run inside an action's transaction. */
export type DbOrTx = Db | Transaction<Database>;
export type QueryListener = (event: LogEvent) => void;

/**
 * PGlite runs PostgreSQL inside one WebAssembly memory, which grows to what the server ever used and never shrinks.
 * PostgreSQL's defaults (128 MB of shared buffers, 64 MB per index build or VACUUM) are sized for a dedicated server;
 * the embedded default holds a few hundred MB of sample data, and these keep it inside its memory budget. Every
 * shared buffer ends up resident once the rollup refresh has read the tables; PGlite's data files are in the OS page
 * cache anyway, so 16 MB (not 32) costs the sample workload no measurable time and the server 16 MB at rest.
 */
export const PGLITE_MEMORY_SETTINGS = ['-c', 'shared_buffers=16MB', '-c', 'maintenance_work_mem=16MB', '-c', 'temp_buffers=4MB'];

/** The three role-based handles (one shared connection on PGlite) and what the server needs around them. */
export interface DbHandles {
  kind: DbTarget['kind'];
  api: Db;
  analytics: Db;
  worker: Db;
  poolStats(): PoolStats[];
  /** Every executed query is reported to the listeners (tests count queries with it). */
  onQuery(listener: QueryListener): () => void;
  close(): Promise<void>;
}

/** int8 and numeric arrive as strings; turn them into numbers, refusing what would lose precision. */
export function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} does not fit a JS number`);
  return n;
}
/** How a UTC session prints a timestamp: "2026-11-22 10:00:00+00", with up to six digits of fraction. */
const UTC_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;

export const toIso = (value: string): string => {
  // The common case, rewritten as Date#toISOString would print it (milliseconds, the rest of the fraction cut).
  const utc = UTC_TIMESTAMP.exec(value);
  if (utc) return `${utc[1]}T${utc[2]}.${(utc[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
  // Postgres prints "2026-11-22 10:00:00.123+00"; a bare timestamp (no zone) is taken as UTC.
  // JavaScript's parser wants "+00:00" where Postgres prints "+00".
  const text = value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  const hasZone = /[+-]\d{2}:?\d{2}$|Z$/.test(text);
  const date = new Date(hasZone ? text : `${text}Z`);
  if (Number.isNaN(date.getTime())) throw new RangeError(`unparseable timestamp from the database: ${value}`);
  return date.toISOString();
};
export const TYPE_PARSERS: Record<number, (value: string) => unknown> = {
  20: parseInt8,
  1700: Number,
  1082: (v) => v,
  1114: toIso,
  1184: toIso,
};

function makeLogger(listeners: Set<QueryListener>): (event: LogEvent) => void {
  return (event) => {
    for (const l of listeners) l(event);
  };
}

export async function openDatabase(target: DbTarget): Promise<DbHandles> {
  const listeners = new Set<QueryListener>();
  const log = makeLogger(listeners);
  const onQuery = (l: QueryListener): (() => void) => {
    listeners.add(l);
    return () => listeners.delete(l);
  };

  if (target.kind === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGliteDialect } = await import('kysely-pglite-dialect');
    // pg_trgm backs support's typo-tolerant name search, as it does on PostgreSQL.
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    // The options-object form: `create(undefined, options)` silently drops the options (and so the parsers).
    const client = await PGlite.create({
      ...(target.dataDir ? { dataDir: target.dataDir } : {}),
      startParams: [...PGlite.defaultStartParams, ...PGLITE_MEMORY_SETTINGS],
      extensions: { pg_trgm },
      parsers: Object.fromEntries(Object.entries(TYPE_PARSERS).map(([k, f]) => [k, (v: string) => f(v)])),
    });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(multiStatementSafe(client)), log });
    return {
      kind: 'pglite',
      api: db,
      analytics: db,
      worker: db,
      poolStats: () => (['api', 'analytics', 'worker'] as const).map((pool) => ({ pool, size: 1, inUse: 0, waiting: 0 })),
      onQuery,
      close: () => db.destroy(),
    };
  }

  const pools = new Map<PoolName, pg.Pool>();
  const statements = target.preparedStatements === false ? null : new PreparedStatements();
  const make = (name: PoolName, url: string): Db => {
    const settings = { ...DEFAULT_POOLS[name], ...target.pools?.[name] };
    const pool = new pg.Pool({
      connectionString: url,
      max: settings.max,
      statement_timeout: settings.statementTimeoutMs,
      ...sessionOptions(settings),
      application_name: `ops-console-${name}`,
      types: {
        getTypeParser: ((oid: number, format?: string) =>
          TYPE_PARSERS[oid] ??
          (pg.types.getTypeParser(oid, format as 'text') as (value: string) => unknown)) as typeof pg.types.getTypeParser,
      },
    });
    // An idle client dropped by the server must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    pools.set(name, pool);
    return new Kysely<Database>({
      dialect: new PostgresDialect({ pool: statements === null ? pool : preparingPool(pool, statements) }),
      log,
    });
  };
  const api = make('api', target.url);
  const analytics = make('analytics', target.analyticsUrl ?? target.url);
  const worker = make('worker', target.url);
  return {
    kind: 'postgres',
    api,
    analytics,
    worker,
    poolStats: () =>
      [...pools].map(([pool, p]) => ({ pool, size: p.totalCount, inUse: p.totalCount - p.idleCount, waiting: p.waitingCount })),
    onQuery,
    close: async () => {
      await Promise.all([api.destroy(), analytics.destroy(), worker.destroy()]);
    },
  };
}

/**
 * kysely-pglite-dialect sends every query through the extended protocol, which refuses several statements in one
 * text (migrations and SQL functions are written that way). A parameterless text with more than one statement
 * goes through PGlite's simple-protocol `exec` instead, answering with the last statement's result.
 */
function multiStatementSafe<T extends { query: PGliteQuery; exec: PGliteExec }>(client: T): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop !== 'query') {
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      }
      const query = async (text: string, params?: unknown[], options?: Parameters<PGliteQuery>[2]) => {
        if ((params === undefined || params.length === 0) && /;\s*\S/.test(text)) {
          const results = await target.exec(text, options);
          return results.at(-1) ?? { rows: [], fields: [], affectedRows: 0 };
        }
        return target.query(text, params, options);
      };
      return query;
    },
  });
}
type PGliteInstance = PGliteModule.PGlite;
type PGliteQuery = PGliteInstance['query'];
type PGliteExec = PGliteInstance['exec'];

const TRANSIENT_CODES = new Set(['40001', '40P01', '57P01', '57P03', '08000', '08003', '08006', '53300']);

function isTransient(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = 'code' in error ? String(error.code) : '';
  return TRANSIENT_CODES.has(code) || code === 'ECONNRESET' || code === 'ECONNREFUSED';
}

/** Retries a read on transient errors (serialization failure, dropped connection), twice with a short backoff. */
export async function withReadRetry<T>(read: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await read();
    } catch (error) {
      if (i >= attempts || !isTransient(error)) throw error;
      await new Promise((r) => setTimeout(r, 25 * i));
    }
  }
}
