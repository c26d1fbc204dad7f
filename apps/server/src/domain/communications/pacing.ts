/**
 * Spaces hand-overs to the mail transport `1000 / ratePerSecond` ms apart, across batches and passes. A rate that is
 * not a positive finite number (tests use Infinity) does not wait.
 */
export class Pacer {
  private readonly intervalMs: number;
  private nextAt = 0;

  constructor(ratePerSecond: number) {
    this.intervalMs = Number.isFinite(ratePerSecond) && ratePerSecond > 0 ? 1000 / ratePerSecond : 0;
  }

  /** Waits for this hand-over's turn and books the next one. */
  async wait(): Promise<void> {
    if (this.intervalMs === 0) return;
    const wait = this.nextAt - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.nextAt = Math.max(Date.now(), this.nextAt) + this.intervalMs;
  }
}
