import { loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { loadSampleData } from '@ops/db/seed/sample';
import { SARAH } from '@ops/db/seed/stories';
import { createSession } from '../domain/sessions.js';
import { createMetrics } from '../http/metrics.js';
import { buildServer } from '../http/server.js';
import { createHarness } from '../testing.js';

/**
 * One read over both doors of the same server, as the same support staff member: `support.search` over tRPC (HTTP,
 * session cookie) and the `support_lookup` tool over /mcp (HTTP, bearer token, JSON-RPC tools/call), checked to
 * return the same results first. After a warm-up, calls run in pairs whose order alternates so both see the same
 * load; it prints p50/p95 of each, their ratios, and the median of the per-pair ratios. Runs on a fresh sample
 * database (TEST_DATABASE_URL when set, else PGlite) that it drops at the end.
 *   npx tsx apps/server/src/bench/mcp-vs-trpc.ts [iterations]
 */
const iterations = Number(process.argv[2] ?? 1000);
const warmup = 100;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const h = await createHarness();
try {
  await loadSampleData(h.dbs.api, {
    staff: [{ email: 'bench-admin@sample.example', name: 'Bench Admin', role: 'admin', passwordHash: 'scrypt$unusable' }],
  });
  const app = await buildServer({
    services: h.services,
    metrics: createMetrics(h.dbs.poolStats),
    webRoot: null,
    version: 'bench',
    sha: 'bench',
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const session = await createSession(
    h.dbs.api,
    h.staff.support.id,
    60,
    { ip: null, userAgent: 'bench' },
    h.services.config.sessionSecret,
    h.services.now(),
  );
  const { token } = await h.caller('support').tokens.create({ name: 'bench', expiresInDays: 1 });
  // Thousands of calls a minute: far over the default budget. Admission still counts each one in Postgres.
  h.services.config.MCP_RATE_LIMIT_PER_MINUTE = 1_000_000;

  const q = SARAH.email;
  const trpcUrl = `${base}/trpc/support.search?input=${encodeURIComponent(JSON.stringify({ q }))}`;
  const viaTrpc = async (): Promise<unknown> => {
    const res = await fetch(trpcUrl, { headers: { cookie: `ops_session=${session}` } });
    if (!res.ok) throw new Error(`tRPC ${res.status}`);
    return ((await res.json()) as { result: { data: unknown } }).result.data;
  };
  let id = 0;
  const viaMcp = async (): Promise<unknown> => {
    const res = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-11-25',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: ++id,
        method: 'tools/call',
        params: { name: 'support_lookup', arguments: { q } },
      }),
    });
    const body = (await res.json()) as { result?: { isError?: boolean; structuredContent?: unknown } };
    if (!res.ok || !body.result || body.result.isError) throw new Error(`mcp ${res.status} ${JSON.stringify(body)}`);
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
  await app.close();
} finally {
  await h.close();
}
