import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/** Distinct statement texts one process prepares at most; further texts run unprepared. */
export const MAX_PREPARED_TEXTS = 500;
/** Texts seen once and not yet prepared that are remembered; past this the memory starts again. */
const MAX_SEEN_ONCE = 5_000;

/**
 * A named statement that cannot be trusted on a connection any more: the schema changed under its cached plan
 * (0A000 "cached plan must not change result type") or the statement is gone (26000: a pooler in transaction mode,
 * DISCARD ALL).
 */
function isStaleStatement(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = typeof error.code === 'string' ? error.code : '';
  const message = error instanceof Error ? error.message : '';
  return code === '26000' || (code === '0A000' && message.includes('cached plan'));
}

const SELECT = /^\s*select\s/i;

/** Which statement texts run as named prepared statements, and under which name. Shared by a process's pools. */
export class PreparedStatements {
  private readonly names = new Map<string, string>();
  private readonly seenOnce = new Set<string>();
  private generation = 0;
  private counter = 0;

  /**
   * The name to prepare `text` under, or null to run it unprepared: a plain SELECT with parameters, seen before
   * (one-off texts are not worth a server-side statement), while fewer than MAX_PREPARED_TEXTS are prepared.
   * Writes always run unprepared: a prepared INSERT … ON CONFLICT whose arbiter is a partial index with a parameter
   * in its predicate cannot infer that index, and writes are not where the console's request time goes.
   */
  nameOf(text: string, parameters: number): string | null {
    if (parameters === 0 || !SELECT.test(text)) return null;
    const known = this.names.get(text);
    if (known !== undefined) return known;
    if (this.names.size >= MAX_PREPARED_TEXTS) return null;
    if (!this.seenOnce.has(text)) {
      if (this.seenOnce.size >= MAX_SEEN_ONCE) this.seenOnce.clear();
      this.seenOnce.add(text);
      return null;
    }
    this.seenOnce.delete(text);
    const name = `ops_${this.generation}_${this.counter++}`;
    this.names.set(text, name);
    return name;
  }

  /** After a stale statement: every text is prepared again under new names (the old ones are never reused). */
  renew(): void {
    this.generation++;
    this.names.clear();
  }

  get size(): number {
    return this.names.size;
  }
}

class PreparingClient implements PostgresPoolClient {
  constructor(
    private readonly client: pg.PoolClient,
    private readonly statements: PreparedStatements,
  ) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sql: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sql !== 'string') throw new Error('cursors are not configured on this dialect');
    return this.run<R>(sql, [...(parameters ?? [])]);
  }

  private async run<R>(text: string, values: unknown[]): Promise<PostgresQueryResult<R>> {
    const name = this.statements.nameOf(text, values.length);
    let result: pg.QueryResult;
    if (name === null) {
      result = await this.client.query(text, values);
    } else {
      try {
        result = await this.client.query({ name, text, values });
      } catch (error) {
        // A statement prepared before a schema change (or dropped by a pooler): prepare afresh, and this once run plain.
        if (!isStaleStatement(error)) throw error;
        this.statements.renew();
        result = await this.client.query(text, values);
      }
    }
    return {
      command: result.command as PostgresQueryResult<R>['command'],
      rowCount: result.rowCount ?? 0,
      rows: result.rows as R[],
    };
  }

  release(): void {
    this.client.release();
  }
}

/**
 * A pg pool whose recurring reads with parameters run as named prepared statements: PostgreSQL parses and analyses
 * each text once per connection instead of on every call (the bulk of a primary-key lookup's cost), and the client
 * sends only Bind/Execute. Writes, texts without parameters (migrations, several statements in one text) and texts
 * seen only once run as before.
 */
export function preparingPool(pool: pg.Pool, statements: PreparedStatements): PostgresPool {
  return {
    async connect() {
      return new PreparingClient(await pool.connect(), statements);
    },
    end: () => pool.end(),
  };
}
