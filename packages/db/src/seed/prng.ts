/**
 * A small seeded PRNG (sfc32) and the helpers the sample-data generator draws from. The same seed gives the
 * same sequence on every machine, so generated ids, amounts and times are reproducible.
 */

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // Spread one 32-bit seed over the four words of state, then warm up so close seeds diverge.
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4_294_967_296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks by relative weight: `weighted([['a', 3], ['b', 1]])` gives 'a' three times as often. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new RangeError('weighted pick from an empty list');
    return last[0];
  }

  /**
   * Draws by weight without the luck of the draw: a shuffled deck of `size` cards holding each value in proportion to
   * its weight, dealt in turn and reshuffled when spent, so any run of draws matches the weights closely. For outcomes
   * the sample's statistics compare week by week, where plain draws would now and then cluster into a story nobody
   * planted.
   */
  deck<T>(entries: ReadonlyArray<readonly [T, number]>, size = 100): () => T {
    let total = 0;
    for (const [, w] of entries) total += w;
    const cards: T[] = [];
    for (const [value, w] of entries) for (let i = Math.round((w / total) * size); i > 0; i--) cards.push(value);
    if (cards.length === 0) throw new RangeError('deck of an empty list');
    let next = cards.length;
    return () => {
      if (next === cards.length) {
        for (let i = cards.length - 1; i > 0; i--) {
          const j = Math.floor(this.next() * (i + 1));
          [cards[i], cards[j]] = [cards[j] as T, cards[i] as T];
        }
        next = 0;
      }
      return cards[next++] as T;
    };
  }

  /** A roughly normal value (sum of uniforms), clamped to [min, max]. */
  normal(mean: number, spread: number, min = -Infinity, max = Infinity): number {
    const u = (this.next() + this.next() + this.next() + this.next() - 2) / 2;
    return Math.min(max, Math.max(min, mean + u * spread * 1.7));
  }

  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** A version-4-shaped uuid drawn from this generator (not random, reproducible). */
  uuid(): string {
    const h = this.chars(HEX, 32).split('');
    h[12] = '4';
    h[16] = HEX[8 + (this.nextUint32() & 3)] ?? '8';
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  /** An 8-character Crockford base32 booking short id, e.g. "K7Q2M9XD". */
  shortId(): string {
    return this.chars(CROCKFORD, 8);
  }

  /** A Stripe-style object id: `stripeId('pi')` → "pi_3Nq…" (24 characters after the prefix). */
  stripeId(prefix: string, length = 24): string {
    return `${prefix}_${this.chars(ALNUM, length)}`;
  }

  /** A 40-character hex string, shaped like a git sha. */
  sha(): string {
    return this.chars(HEX, 40);
  }
}

export const CROCKFORD_ALPHABET = CROCKFORD;
