import pg from 'pg';

/** A table only the bench creates: a database carrying it is the bench's own and may be dropped by it. */
export const BENCH_MARKER = 'ops_bench_created_by_bench';

export const adminUrl = (): string => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function admin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function hasMarker(url: string): Promise<boolean> {
  return admin(url, async (c) => {
    const r = await c.query<{ ok: boolean }>('select to_regclass($1) is not null as ok', [BENCH_MARKER]);
    return r.rows[0]?.ok === true;
  });
}

async function mark(url: string): Promise<void> {
  await admin(url, async (c) => {
    await c.query(`create table ${BENCH_MARKER} (created_at timestamptz not null default now())`);
    await c.query(`insert into ${BENCH_MARKER} default values`);
  });
}

/** The URL of database `name` next to TEST_DATABASE_URL. */
export function siblingUrl(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw new Error(`"${name}" is not a plain database name`);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Database `name` next to TEST_DATABASE_URL, created (and marked as the bench's own) when missing. */
export async function benchOwnedDatabase(name: string): Promise<{ url: string; owned: boolean; created: boolean }> {
  const url = siblingUrl(name);
  const exists = await admin(
    adminUrl(),
    async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount,
  );
  if (exists) return { url, owned: await hasMarker(url), created: false };
  await admin(adminUrl(), (c) => c.query(`create database "${name}"`));
  await mark(url);
  return { url, owned: true, created: true };
}

/** Drops and recreates a database the bench created; anything without the marker is never dropped. */
export async function recreate(name: string, url = siblingUrl(name)): Promise<void> {
  if (!(await hasMarker(url))) throw new Error(`refusing to drop database ${name}: the bench did not create it`);
  await admin(adminUrl(), async (c) => {
    await c.query(`drop database "${name}" with (force)`);
    await c.query(`create database "${name}"`);
  });
  await mark(url);
}
