import { loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { loadSampleData } from '@ops/db/seed/sample';
import { SARAH } from '@ops/db/seed/stories';
import { createSession } from '../domain/sessions.js';
import { createMetrics } from '../http/metrics.js';
import { buildServer } from '../http/server.js';
import { createHarness } from '../testing.js';

/**
 * One read over both doors of the same server: `support.search` over tRPC (HTTP, session cookie) and the
 * `support_lookup` tool over /mcp (HTTP, bearer token, JSON-RPC tools/call). Calls alternate so both see the same
 * load. Runs on a fresh sample database (TEST_DATABASE_URL when set, else PGlite) that it drops at the end.
 *   npx tsx apps/server/src/bench/mcp-vs-trpc.ts [iterations]
 */
const iterations = Number(process.argv[2] ?? 300);
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
  h.services.config.MCP_RATE_LIMIT_PER_MINUTE = 1_000_000;

  const q = SARAH.email;
  const trpcUrl = `${base}/trpc/support.search?input=${encodeURIComponent(JSON.stringify({ q }))}`;
  const viaTrpc = async () => {
    const res = await fetch(trpcUrl, { headers: { cookie: `ops_session=${session}` } });
    if (!res.ok) throw new Error(`tRPC ${res.status}`);
    await res.json();
  };
  let id = 0;
  const viaMcp = async () => {
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
    const body = (await res.json()) as { result?: { isError?: boolean } };
    if (!res.ok || !body.result || body.result.isError) throw new Error(`mcp ${res.status} ${JSON.stringify(body)}`);
  };

  const timed = async (fn: () => Promise<void>, into: number[]) => {
    const started = performance.now();
    await fn();
    into.push(performance.now() - started);
  };
  for (let i = 0; i < 30; i++) {
    await viaTrpc();
    await viaMcp();
  }
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
  console.log(
    `support lookup by email, ${iterations} calls each, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(`  tRPC  support.search : ${fmt(trpc)}`);
  console.log(`  MCP   support_lookup : ${fmt(mcp)}`);
  console.log(
    `  ratio mcp/trpc       : p50 ${(pct(mcp, 50) / pct(trpc, 50)).toFixed(2)}x, p95 ${(pct(mcp, 95) / pct(trpc, 95)).toFixed(2)}x`,
  );
  await app.close();
} finally {
  await h.close();
}
