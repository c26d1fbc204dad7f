import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorMessage, nonJsonAnswer, trpcClient } from './trpc';

const answer = (status: number, type: string | null, statusText = '') =>
  new Response('upstream down', { status, statusText, headers: type === null ? {} : { 'content-type': type } });

afterEach(() => vi.unstubAllGlobals());

describe('nonJsonAnswer', () => {
  it("says a non-JSON failure by its HTTP status, with the status's name when the answer gave none", () => {
    expect(nonJsonAnswer(answer(503, 'text/plain'))?.message).toBe('server answered 503 Service Unavailable');
    expect(nonJsonAnswer(answer(502, null, 'Bad Gateway'))?.message).toBe('server answered 502 Bad Gateway');
    expect(nonJsonAnswer(answer(599, 'text/html'))?.message).toBe('server answered 599');
    expect(nonJsonAnswer(answer(200, 'text/html; charset=utf-8'))?.message).toBe(
      'server answered 200 OK with text/html, not JSON',
    );
  });

  it('leaves a JSON answer to tRPC, failure or not', () => {
    expect(nonJsonAnswer(answer(503, 'application/json'))).toBeNull();
    expect(nonJsonAnswer(answer(200, 'application/json; charset=utf-8'))).toBeNull();
  });
});

describe('the tRPC client', () => {
  it("reports a 503 with a text body as the server's status, not as a JSON parse error", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(answer(503, 'text/plain'))),
    );
    const failure = await trpcClient.health.snapshot.query().then(
      () => null,
      (error: unknown) => error,
    );
    expect(errorMessage(failure)).toBe('server answered 503 Service Unavailable');
  });
});
