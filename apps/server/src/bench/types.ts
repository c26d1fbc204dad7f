import type { DbHandles } from '@ops/db';
import type { Caller } from '../testing.js';

/** What every benchmark case gets: the bench database, admin/support callers, and sample identifiers from it. */
export interface BenchContext {
  dbs: DbHandles;
  admin: Caller;
  support: Caller;
  exec: Caller;
  /** Random picks from the bench data set, for realistic inputs. */
  sample: {
    userIds: string[];
    emails: string[];
    phones: string[];
    bookingIds: string[];
    bookingShortIds: string[];
  };
}

export interface BenchCase {
  /** e.g. "support lookup by email". */
  name: string;
  /** The DESIGN.md budget for this figure, in milliseconds (p95 unless `metric` says otherwise). */
  budgetMs: number;
  iterations: number;
  /** One measured call; `i` varies the input. */
  run(ctx: BenchContext, i: number): Promise<unknown>;
  /** Optional: the same answer by bare SQL over the raw tables, printed beside it for comparison. */
  baseline?(ctx: BenchContext, i: number): Promise<unknown>;
  /**
   * A throughput figure instead of a latency one: `connections` callers run `run` back to back for `durationMs`
   * (each on its own pooled connection); the budget is the completed calls per second (the latencies under that
   * load are printed for information; `budgetMs` is not applied to them).
   */
  throughput?: { connections: number; durationMs: number; minPerSecond: number };
}
