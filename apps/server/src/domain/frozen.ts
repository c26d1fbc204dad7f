/**
 * Freezes a value and everything it holds. The console's shared answers (a cached report) are frozen once made: no
 * request can change what the next one is sent, and the HTTP layer may serialise a frozen answer once for every
 * caller it goes to (see answerQuery in http/trpc-route.ts).
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
