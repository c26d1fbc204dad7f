import { createServer, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withBudget } from '../budget.js';
import { createRedisClient, parseInfo, toStats, type RedisClient } from './client.js';

/**
 * Against the real Redis this machine and CI run (REDIS_TEST_URL, default 127.0.0.1:6379 db 15), under a key
 * prefix of our own so nobody else's keys are read or touched; and against fake servers that are down, silent or
 * speak garbage.
 */
const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379/15';
const PREFIX = `ops-console-test:${randomBytes(6).toString('hex')}:`;

let admin: Redis;
const clients: RedisClient[] = [];
const servers: Server[] = [];
const sockets: Socket[] = [];

function client(url: string, timeoutMs = 1_000): RedisClient {
  const c = createRedisClient({ url, timeoutMs, queues: ['celery', 'payments'], keyPrefix: PREFIX });
  clients.push(c);
  return c;
}

/** A TCP server that accepts and then stays silent, or answers every command with bytes that are not RESP. */
async function fakeRedis(mode: 'silent' | 'garbage'): Promise<string> {
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    if (mode === 'garbage') socket.on('data', () => socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n\r\n<html>'));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `redis://127.0.0.1:${address.port}/0`;
}

beforeAll(async () => {
  admin = new Redis(REDIS_URL, { keyPrefix: PREFIX, lazyConnect: true, maxRetriesPerRequest: 1 });
  await admin.connect();
  await admin.rpush('celery', 'a', 'b', 'c');
  await admin.rpush('payments', 'x');
});
afterAll(async () => {
  await admin.del('celery', 'payments');
  admin.disconnect();
  await Promise.all(clients.map((c) => c.close()));
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('redis source against the real Redis', () => {
  it('reads memory against its limit, clients, ops/s, hit rate, evictions and the broker queue lengths', async () => {
    const stats = await client(REDIS_URL).stats();
    expect(stats.version).toMatch(/^\d+\.\d+/);
    expect(stats.usedMemoryBytes).toBeGreaterThan(0);
    expect(stats.maxMemoryBytes).toBeGreaterThanOrEqual(0);
    expect(stats.connectedClients).toBeGreaterThanOrEqual(2);
    expect(stats.opsPerSecond).toBeGreaterThanOrEqual(0);
    expect(stats.evictedKeys).toBeGreaterThanOrEqual(0);
    if (stats.hitRate !== null) expect(stats.hitRate).toBeGreaterThanOrEqual(0);
    expect(stats.queues).toEqual([
      { name: 'celery', length: 3 },
      { name: 'payments', length: 1 },
    ]);
  });

  it('computes the hit rate from keyspace hits and misses, and refuses INFO without them', () => {
    const info = [
      '# Server',
      'redis_version:7.0.15',
      '# Memory',
      'used_memory:1048576',
      'maxmemory:4194304',
      'maxmemory_policy:allkeys-lru',
      '# Clients',
      'connected_clients:12',
      'blocked_clients:3',
      '# Stats',
      'instantaneous_ops_per_sec:250',
      'keyspace_hits:90',
      'keyspace_misses:10',
      'evicted_keys:7',
    ].join('\r\n');
    expect(toStats(info, ['celery'], [42])).toMatchObject({
      usedMemoryBytes: 1_048_576,
      maxMemoryBytes: 4_194_304,
      evictionPolicy: 'allkeys-lru',
      connectedClients: 12,
      blockedClients: 3,
      opsPerSecond: 250,
      hitRate: 0.9,
      evictedKeys: 7,
      queues: [{ name: 'celery', length: 42 }],
    });
    expect(parseInfo(info).get('redis_version')).toBe('7.0.15');
    expect(() => toStats('redis_version:7', [], [])).toThrow(/keyspace_hits/);
    expect(() => toStats(info.replace('evicted_keys:7', 'evicted_keys:lots'), [], [])).toThrow(/evicted_keys is not a number/);
  });
});

describe('redis source when Redis misbehaves', () => {
  it('is down with a clear message when nothing listens', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    await new Promise((resolve) => server.close(resolve));
    const result = await withBudget('redis', 2_000, (signal) => client(`redis://127.0.0.1:${address.port}/0`).stats(signal));
    expect(result.status.state).toBe('down');
    expect(result.status.error).toMatch(/Redis is unreachable: .*ECONNREFUSED/);
  });

  it('is cut at the budget (degraded) when Redis accepts and never answers', async () => {
    const url = await fakeRedis('silent');
    const result = await withBudget('redis', 300, (signal) => client(url, 5_000).stats(signal));
    expect(result.status).toMatchObject({ state: 'degraded', error: 'no answer within 300 ms' });
    expect(result.data).toBeNull();
  });

  it('is down when the server answers with something that is not Redis', async () => {
    const url = await fakeRedis('garbage');
    const result = await withBudget('redis', 2_000, (signal) => client(url).stats(signal));
    expect(result.status.state).toBe('down');
    expect(result.status.error).toMatch(/^unexpected answer from Redis \(not the Redis protocol\)/);
  });
});
