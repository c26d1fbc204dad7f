import { SAMPLE_PASSWORD } from '@ops/shared';
import { startConsoleProcess } from './console-process.js';
import { admin, benchOwnedDatabase } from './database.js';
import { budgetLines, type BudgetTally } from './budget-lines.js';
import { embeddedLines } from './embedded-rss.js';
import { load } from './http.js';
import { AUDIT_ROWS, ensureWebBuild, SCROLL_PX_PER_FRAME } from './web.js';
import { bundleFigures } from './web-bundle.js';
import { auditListLines, measureAuditList } from './web-browser.js';

/**
 * `npm run bench:web [-- bundle browser rss]`: the web and embedded figures of the bench on their own, without the
 * bench data set (quick to rerun on a quiet machine). With no section named, all three run.
 *
 * - bundle: each route's JS (gzip) from dist/web against its budget (run `npm run build` first).
 * - browser: a console on its own database (BENCH_WEB_DATABASE, default ops_bench_web, next to TEST_DATABASE_URL;
 *   created and marked as the bench's own, kept for the next run, never dropped) with sample data and 10,000+ audit
 *   rows; Chromium loads the audit list to 10,000 rows, times "Load more" near row 100 and row 9,000, and scrolls
 *   the whole list collecting frame times.
 * - rss: the embedded default (PGlite, fresh folder, sample data) started as `npm run serve` does: first start and
 *   resident memory of its process tree at rest.
 */
const PORT = Number(process.env.BENCH_WEB_PORT ?? 3950);
const SECTIONS = ['bundle', 'browser', 'rss'] as const;
type Section = (typeof SECTIONS)[number];

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function sections(argv: string[]): Set<Section> {
  const asked = argv.filter((a) => !a.startsWith('-'));
  for (const a of asked) if (!SECTIONS.includes(a as Section)) throw new Error(`unknown section "${a}" (${SECTIONS.join(', ')})`);
  return new Set((asked.length > 0 ? asked : SECTIONS) as Section[]);
}

/**
 * Tops the audit log up to `want` rows with plain INSERTs: the chain trigger hashes each row as it does for the
 * console's own writes, so the list and the chain check see an ordinary (long) history.
 */
async function topUpAudit(url: string, want: number): Promise<number> {
  return admin(url, async (c) => {
    const have = Number((await c.query<{ n: string }>('select count(*) as n from audit_log')).rows[0]?.n ?? 0);
    if (have >= want) return have;
    const staff = (
      await c.query<{ id: string; email: string }>(
        `select id, email from staff_users where role = 'admin' order by email limit 1`,
      )
    ).rows[0];
    if (!staff) throw new Error('no admin in staff_users: the sample data did not load');
    await c.query(
      `insert into audit_log (occurred_at, actor_staff_id, actor_email, action, resource_type, resource_id, reason, request_id, ip, user_agent)
       select now() - interval '30 days' + g * interval '2 minutes', $1, $2,
              (array['users.pii.reveal', 'bookings.note', 'notifications.resend', 'webhooks.replay'])[1 + g % 4],
              'booking', 'bench-' || g, 'Bench history row ' || g, 'req_bench_' || g, '10.0.0.1', 'bench'
       from generate_series(1, $3::int) g`,
      [staff.id, staff.email, want - have],
    );
    return want;
  });
}

async function browserSection(): Promise<BudgetTally> {
  const name = process.env.BENCH_WEB_DATABASE ?? 'ops_bench_web';
  const db = await benchOwnedDatabase(name);
  if (!db.owned)
    throw new Error(`database ${name} exists and the bench did not create it: set BENCH_WEB_DATABASE to another name`);
  say(db.created ? `Created database ${name} (marked as the bench's own; kept for the next run).` : `Reusing database ${name}.`);
  const server = await startConsoleProcess({
    databaseUrl: db.url,
    port: PORT,
    sampleMode: true,
    logLevel: 'warn',
    timeoutMs: 300_000,
  });
  try {
    const rows = await topUpAudit(db.url, AUDIT_ROWS + 200);
    say(
      `Audit log holds ${rows.toLocaleString('en-US')} rows. Loading ${AUDIT_ROWS.toLocaleString('en-US')} of them in Chromium…`,
    );
    const figures = await measureAuditList({
      baseUrl: `http://127.0.0.1:${PORT}`,
      email: 'admin@ops.example',
      password: SAMPLE_PASSWORD,
      rows: AUDIT_ROWS,
      pxPerFrame: SCROLL_PX_PER_FRAME,
      say,
    });
    return auditListLines(figures, AUDIT_ROWS, say, load);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const run = sections(process.argv.slice(2));
  const { check, add, tally } = budgetLines(say, load);
  say(`Web bench: ${[...run].join(', ')} (load ${load()})`);
  await ensureWebBuild(say);
  if (run.has('bundle')) add(bundleFigures(say, load));
  if (run.has('browser')) {
    try {
      add(await browserSection());
    } catch (err) {
      check(false, `audit list in Chromium: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (run.has('rss')) add(await embeddedLines(PORT + 1, say, load));
  const { total, over } = tally();
  say(
    `\n${total - over} within budget, ${over} over budget; ran ${((performance.now() - started) / 1000).toFixed(1)} s (load ${load()})`,
  );
}

await main();
