/** What the fetch-based clients get back from one HTTP exchange. */
export interface JsonResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null when the body was empty or not JSON. */
  json: unknown;
  text: string;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** Raised when the vendor could not be reached or did not answer in time (no HTTP status to show). */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'connection' | 'aborted',
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** One request with the client's timeout and the caller's signal combined, so a budget cut stops the socket too. */
export async function requestJson(url: string, options: RequestOptions): Promise<JsonResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers: { accept: 'application/json', ...options.headers },
      body: options.body,
      signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw new TransportError(`request to ${new URL(url).host} was cancelled`, 'aborted');
    if (timeout.aborted)
      throw new TransportError(`no answer from ${new URL(url).host} within ${options.timeoutMs} ms`, 'timeout');
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new TransportError(`cannot reach ${new URL(url).host}${cause}`, 'connection');
  }
  const text = await response.text();
  let json: unknown = null;
  if (text.length > 0) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** Joins an origin (possibly with a trailing slash or a base path) and an absolute API path. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}
