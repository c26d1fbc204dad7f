import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { SARAH } from '@ops/db/seed/stories';
import { SAMPLE_PASSWORD } from '@ops/shared';
import { startConsoleProcess } from './console-process.js';
import { admin, adminUrl, siblingUrl } from './database.js';
import { ConsoleClient, load } from './http.js';

/**
 * `npm run bench:mcp`: one read over both doors of the console, as the same support staff member: `support.search`
 * over tRPC (GET, session cookie) and the `support_lookup` tool over /mcp (POST, bearer token, JSON-RPC tools/call,
 * from a client of its own without the browser's cookie, as an assistant sends it), checked first to return the
 * same results. The console runs as its own process, as `npm run bench` starts it
 * (production mode, default pools, its workers running), on a throwaway database next to TEST_DATABASE_URL that it
 * fills with the sample data set; this process is only the client, so neither door's client work runs on the
 * server's event loop. After a warm-up, calls run in pairs whose order alternates so both see the same load; it
 * prints p50/p95 of each, their ratios and the median of the per-pair ratios, with the load average.
 * BENCH_CPU_PROF=<folder> has the console write a V8 CPU profile there when it stops, as for `npm run bench`.
 *   npm run bench:mcp -- [iterations]
 */
const iterations = Number(process.argv[2] ?? 1000);
const warmup = 100;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const name = `ops_bench_mcp_${randomBytes(4).toString('hex')}`;
await admin(adminUrl(), (c) => c.query(`create database "${name}"`));
const port = Number(process.env.BENCH_PORT ?? (await freePort()));
// Thousands of calls a minute, far over the default budget; every call is still counted against it in Postgres.
process.env.MCP_RATE_LIMIT_PER_MINUTE = '1000000';
const server = await startConsoleProcess({
  databaseUrl: siblingUrl(name),
  port,
  sampleMode: true,
  logLevel: 'warn',
  timeoutMs: 300_000,
}).catch(async (error: unknown) => {
  await admin(adminUrl(), (c) => c.query(`drop database if exists "${name}" with (force)`));
  throw error;
});
const client = new ConsoleClient(new URL(`http://127.0.0.1:${port}`));
// The assistant is a client of its own: it carries its bearer token, not the staff member's browser session.
const assistant = new ConsoleClient(new URL(`http://127.0.0.1:${port}`));
try {
  await client.login('support@ops.example', SAMPLE_PASSWORD);
  const created = await client.request(
    'POST',
    '/trpc/tokens.create',
    JSON.stringify({ name: `bench ${name}`, expiresInDays: 1 }),
  );
  if (created.status !== 200) throw new Error(`tokens.create: ${created.status} ${created.body.toString()}`);
  const { token } = (JSON.parse(created.body.toString()) as { result: { data: { token: string } } }).result.data;

  const q = SARAH.email;
  const trpcPath = `/trpc/support.search?input=${encodeURIComponent(JSON.stringify({ q }))}`;
  const viaTrpc = async (): Promise<unknown> => {
    const res = await client.request('GET', trpcPath);
    if (res.status !== 200) throw new Error(`tRPC ${res.status}`);
    return (JSON.parse(res.body.toString()) as { result: { data: unknown } }).result.data;
  };
  let id = 0;
  const mcpHeaders = {
    authorization: `Bearer ${token}`,
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2025-11-25',
  };
  const viaMcp = async (): Promise<unknown> => {
    const res = await assistant.request(
      'POST',
      '/mcp',
      JSON.stringify({ jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name: 'support_lookup', arguments: { q } } }),
      mcpHeaders,
    );
    const body = JSON.parse(res.body.toString()) as { result?: { isError?: boolean; structuredContent?: unknown } };
    if (res.status !== 200 || !body.result || body.result.isError) throw new Error(`mcp ${res.status} ${res.body.toString()}`);
    return body.result.structuredContent;
  };

  // Same work on both doors: the same rows, masked the same way.
  const [overTrpc, overMcp] = [JSON.stringify(await viaTrpc()), JSON.stringify(await viaMcp())];
  if (overTrpc !== overMcp) throw new Error(`the two doors disagree:\n${overTrpc}\n${overMcp}`);

  const timed = async (fn: () => Promise<unknown>, into: number[]) => {
    const started = performance.now();
    await fn();
    into.push(performance.now() - started);
  };
  for (let i = 0; i < warmup; i++) {
    await viaTrpc();
    await viaMcp();
  }
  const loadBefore = load();
  const trpc: number[] = [];
  const mcp: number[] = [];
  for (let i = 0; i < iterations; i++) {
    if (i % 2 === 0) {
      await timed(viaTrpc, trpc);
      await timed(viaMcp, mcp);
    } else {
      await timed(viaMcp, mcp);
      await timed(viaTrpc, trpc);
    }
  }
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;
  const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(2)} ms, p95 ${pct(xs, 95).toFixed(2)} ms`;
  const pairRatios = mcp.map((m, i) => m / (trpc[i] ?? m));
  console.log(
    `support lookup by email, ${iterations} calls each after ${warmup} warm-up pairs, load average ${loadBefore} before, ${load()} after`,
  );
  console.log(`  tRPC  support.search : ${fmt(trpc)}`);
  console.log(`  MCP   support_lookup : ${fmt(mcp)}`);
  console.log(
    `  ratio mcp/trpc       : p50 ${(pct(mcp, 50) / pct(trpc, 50)).toFixed(2)}x, p95 ${(pct(mcp, 95) / pct(trpc, 95)).toFixed(2)}x, median of pairs ${pct(pairRatios, 50).toFixed(2)}x`,
  );
} finally {
  client.close();
  assistant.close();
  server.kill('SIGTERM');
  await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once('exit', resolve)));
  await admin(adminUrl(), (c) => c.query(`drop database if exists "${name}" with (force)`));
}
