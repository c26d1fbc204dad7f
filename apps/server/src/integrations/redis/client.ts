import { Redis } from 'ioredis';
import type { RedisHealth } from '@ops/shared';

/** What the command center reads from the marketplace's Redis (broker and cache): exactly its health figures. */
export type RedisStats = RedisHealth;

export class RedisSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisSourceError';
  }
}

export interface RedisClient {
  stats(signal?: AbortSignal): Promise<RedisStats>;
  close(): Promise<void>;
}

/** INFO's `key:value` lines (sections and comments skipped). */
export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i > 0) out.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  return out;
}

function counter(info: Map<string, string>, key: string): number {
  const raw = info.get(key);
  if (raw === undefined) throw new RedisSourceError(`Redis INFO has no ${key}`);
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new RedisSourceError(`Redis INFO ${key} is not a number: ${raw.slice(0, 40)}`);
  return n;
}

/** Reads INFO and the broker queue lengths into the command center's figures; anything malformed throws. */
export function toStats(infoText: string, queueNames: string[], lengths: unknown[]): RedisStats {
  const info = parseInfo(infoText);
  const hits = counter(info, 'keyspace_hits');
  const misses = counter(info, 'keyspace_misses');
  return {
    version: info.get('redis_version') ?? null,
    usedMemoryBytes: counter(info, 'used_memory'),
    maxMemoryBytes: counter(info, 'maxmemory'),
    evictionPolicy: info.get('maxmemory_policy') ?? null,
    connectedClients: counter(info, 'connected_clients'),
    blockedClients: info.has('blocked_clients') ? counter(info, 'blocked_clients') : 0,
    opsPerSecond: counter(info, 'instantaneous_ops_per_sec'),
    hitRate: hits + misses > 0 ? hits / (hits + misses) : null,
    evictedKeys: counter(info, 'evicted_keys'),
    queues: queueNames.map((name, i) => {
      const length = lengths[i];
      if (typeof length !== 'number') throw new RedisSourceError(`queue ${name}: LLEN did not answer a number`);
      return { name, length };
    }),
  };
}

/**
 * One connection for the process (ioredis reconnects by itself). Each read is bounded by `timeoutMs` (connect and
 * command timeouts) and by the caller's signal; a Redis that is down fails the read instead of queueing it.
 */
export function createRedisClient(options: {
  url: string;
  timeoutMs: number;
  queues: string[];
  keyPrefix?: string;
}): RedisClient {
  let lastError: string | null = null;
  const redis = new Redis(options.url, {
    lazyConnect: true,
    connectTimeout: options.timeoutMs,
    commandTimeout: options.timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    keyPrefix: options.keyPrefix ?? '',
    retryStrategy: (times) => Math.min(times * 250, 5_000),
  });
  // ioredis emits 'error' on every failed (re)connect; an unhandled one would crash the process.
  redis.on('error', (error: Error) => {
    lastError = error.message;
  });

  async function ensureConnected(): Promise<void> {
    if (redis.status === 'ready') return;
    if (redis.status === 'wait' || redis.status === 'end' || redis.status === 'close') {
      lastError = null;
      await redis.connect().catch((error: unknown) => {
        // connect() only says "Connection is closed"; the 'error' event carried the reason (ECONNREFUSED, a protocol error).
        const reason = lastError ?? (error instanceof Error ? error.message : String(error));
        throw new RedisSourceError(
          /RESP|Protocol error/i.test(reason)
            ? `unexpected answer from Redis (not the Redis protocol): ${reason}`
            : `Redis is unreachable: ${reason}`,
        );
      });
      return;
    }
    throw new RedisSourceError(`Redis is ${redis.status}${lastError ? `: ${lastError}` : ''}`);
  }

  return {
    async stats(signal) {
      const aborted = new Promise<never>((_, reject) => {
        if (signal?.aborted) reject(new RedisSourceError('Redis read was cut'));
        signal?.addEventListener('abort', () => reject(new RedisSourceError('Redis read was cut')), { once: true });
      });
      aborted.catch(() => undefined);
      const read = (async () => {
        await ensureConnected();
        const pipeline = redis.pipeline();
        pipeline.info();
        for (const q of options.queues) pipeline.llen(q);
        const results = (await pipeline.exec()) ?? [];
        const failed = results.find(([error]) => error !== null);
        if (failed?.[0]) throw new RedisSourceError(`Redis refused a read: ${failed[0].message}`);
        const info = results[0]?.[1];
        if (typeof info !== 'string') throw new RedisSourceError('Redis INFO did not answer text');
        return toStats(
          info,
          options.queues,
          results.slice(1).map(([, v]) => v),
        );
      })();
      return Promise.race([read, aborted]);
    },
    async close() {
      redis.disconnect();
      await Promise.resolve();
    },
  };
}
