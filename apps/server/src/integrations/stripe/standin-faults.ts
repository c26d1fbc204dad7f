import type Stripe from 'stripe';
import { sleep } from '../http-kit.js';
import { takeCounted } from './standin-state.js';
import { errorAnswer, type Saved } from './standin-wire.js';

/**
 * A failure the next requests meet. `where: 'edge'` (default) fails before Stripe's API sees the request (a load
 * balancer 5xx: nothing executes, nothing is saved under the idempotency key, a retry goes through); `where: 'api'`
 * is Stripe's own failure, saved under the key and replayed like any first response.
 */
export interface InjectedFault {
  status: number;
  count?: number;
  where?: 'edge' | 'api';
  type?: Stripe.RawErrorType;
  code?: string;
  message?: string;
}

interface Fault {
  status: number;
  remaining: number;
  where: 'edge' | 'api';
  type: Stripe.RawErrorType;
  code: string | undefined;
  message: string;
}

/** The faults and delays tests inject, used up one request at a time in the order they were asked for. */
export class Faults {
  private readonly faults: Fault[] = [];
  private readonly delays: Array<{ ms: number; remaining: number }> = [];

  failNext(f: InjectedFault): void {
    this.faults.push({
      status: f.status,
      remaining: f.count ?? 1,
      where: f.where ?? 'edge',
      type: f.type ?? (f.status >= 500 ? 'api_error' : 'invalid_request_error'),
      code: f.code,
      message: f.message ?? 'An unknown error occurred',
    });
  }

  delayNext(ms: number, count = 1): void {
    this.delays.push({ ms, remaining: count });
  }

  clear(): void {
    this.faults.length = 0;
    this.delays.length = 0;
  }

  /** The answer of the next fault when it strikes `where`, using it up; nothing when the next fault is elsewhere. */
  take(where: Fault['where']): Saved | undefined {
    if (this.faults[0]?.where !== where) return undefined;
    const f = takeCounted(this.faults);
    return f && errorAnswer(f.status, { type: f.type, code: f.code, message: f.message });
  }

  /** Holds the request for the next delay, if one is asked for. */
  async wait(): Promise<void> {
    const delay = takeCounted(this.delays);
    if (delay) await sleep(delay.ms);
  }
}
