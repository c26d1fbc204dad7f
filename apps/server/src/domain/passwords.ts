import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;
/** OWASP's current scrypt figure (Password Storage Cheat Sheet): N=2^17, r=8, p=1 — 128 MiB per hash. */
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const PARAMS = SCRYPT_PARAMS;
/** Node refuses scrypt above 32 MiB by default; allow what the parameters need, with headroom, and no more. */
const maxmemFor = (N: number, r: number, p: number): number => 128 * N * r * p + 32 * 1024 * 1024;
const MAX_N = 2 ** 20;
const KEYLEN = 32;

/** `scrypt$N$r$p$salt$hash`, all base64url. */
export async function hashPassword(password: string, params: { N: number; r: number; p: number } = PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, KEYLEN, { ...params, maxmem: maxmemFor(params.N, params.r, params.p) });
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const N = Number(n);
  const R = Number(r);
  const P = Number(p);
  // A stored hash names its own cost; refuse absurd figures rather than let one row exhaust memory.
  if (!Number.isSafeInteger(N) || N < 2 || N > MAX_N || !(R >= 1 && R <= 32) || !(P >= 1 && P <= 16)) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N,
    r: R,
    p: P,
    maxmem: maxmemFor(N, R, P),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A cheap cost for test fixtures only (each production-cost hash takes ~0.5 s of a core and 128 MiB). */
export const TEST_SCRYPT_PARAMS = { N: 2 ** 10, r: 8, p: 1 } as const;

/** True when a stored hash was made with a lower cost than today's; the login re-hashes it on success. */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split('$');
  return scheme !== 'scrypt' || Number(n) < PARAMS.N || Number(r) < PARAMS.r || Number(p) < PARAMS.p;
}

/** A hash to compare against when the email is unknown, so a miss costs the same time as a hit. */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}
