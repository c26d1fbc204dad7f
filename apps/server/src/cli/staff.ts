import { createInterface } from 'node:readline/promises';
import { z } from 'zod';
import { migrateToLatest, openDatabase } from '@ops/db';
import { PRODUCTION_OVERRIDE_FLAG, STAFF_ROLES } from '@ops/shared';
import { dbTarget } from '../bootstrap.js';
import { hashPassword } from '../domain/passwords.js';
import { loadConfig } from '../env.js';
import { guardWriteTarget } from './production-guard.js';

/**
 * `npm run staff -- add <email> <name> <role>`: creates a staff account (password read from stdin, at least 12
 * characters). `npm run staff -- list` lists accounts. `npm run staff -- deactivate <email>`. Writes refuse a
 * database marked production unless `--i-know-this-is-production` is given.
 */
const [command, ...rest] = process.argv.slice(2);
const args = rest.filter((a) => a !== PRODUCTION_OVERRIDE_FLAG);
const addArgs = z.tuple([
  z.email({ message: 'email must be an email address' }),
  z.string().min(1, { message: 'name is required' }),
  z.enum(STAFF_ROLES, { message: `role must be one of ${STAFF_ROLES.join(', ')}` }),
]);

const config = loadConfig();
const target = dbTarget(config);
const dbs = await openDatabase(target);
// Listing reads; adding and deactivating write, so they say where and refuse production without the flag.
if (command !== 'list' && !(await guardWriteTarget(dbs.api, target, rest, `staff ${command ?? ''}`.trim()))) {
  await dbs.close();
  process.exit(3);
}
await migrateToLatest(dbs.api);
try {
  if (command === 'add') {
    const parsed = addArgs.safeParse(args);
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
    const [email, name, role] = parsed.data;
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const password = (await rl.question('Password (min 12 characters): ')).trim();
    rl.close();
    if (password.length < 12) throw new Error('password must be at least 12 characters');
    await dbs.api
      .insertInto('staff_users')
      .values({ email: email.toLowerCase(), name, role, password_hash: await hashPassword(password) })
      .execute();
    process.stdout.write(`Created ${role} ${email}\n`);
  } else if (command === 'list') {
    const rows = await dbs.api
      .selectFrom('staff_users')
      .select(['email', 'name', 'role', 'active', 'last_login_at'])
      .orderBy('email')
      .execute();
    for (const r of rows)
      process.stdout.write(`${r.role.padEnd(8)} ${r.email.padEnd(32)} ${r.active ? 'active' : 'inactive'}  ${r.name}\n`);
  } else if (command === 'deactivate') {
    const email = z.email().parse(args[0]);
    await dbs.api.updateTable('staff_users').set({ active: false }).where('email', '=', email.toLowerCase()).execute();
    await dbs.api
      .deleteFrom('staff_sessions')
      .where('staff_id', 'in', dbs.api.selectFrom('staff_users').select('id').where('email', '=', email.toLowerCase()))
      .execute();
    process.stdout.write(`Deactivated ${email}\n`);
  } else {
    process.stderr.write('usage: npm run staff -- add <email> <name> <role> | list | deactivate <email>\n');
    process.exitCode = 2;
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await dbs.close();
}
