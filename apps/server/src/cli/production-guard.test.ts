import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@ops/db/testing';
import { markEnvironment, readEnvironmentMarker } from '@ops/db';
import { productionTypingRefusal } from '../domain/actions/run.js';
import { prepareDatabase } from '../bootstrap.js';
import { ConfigError, loadConfig } from '../env.js';
import { testConfig } from '../testing.js';
import { checkWriteTarget } from './production-guard.js';

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.drop();
});

describe('ENVIRONMENT in env.ts', () => {
  it('sample mode is development, and says so', () => {
    expect(loadConfig({}).environment).toBe('development');
    expect(() => loadConfig({ ENVIRONMENT: 'production' })).toThrow(/ENVIRONMENT: sample mode always runs as development/);
  });

  it('a real database needs its tier named, from the three allowed', () => {
    const real = { DATABASE_URL: 'postgres://x@127.0.0.1/x', SESSION_SECRET: 's'.repeat(32), AUDIT_SIGNING_KEY: 'k'.repeat(32) };
    expect(() => loadConfig(real)).toThrow(/ENVIRONMENT: required when DATABASE_URL is set/);
    expect(() => loadConfig({ ...real, ENVIRONMENT: 'prod' })).toThrow(
      /ENVIRONMENT: must be one of production, staging, development/,
    );
    expect(loadConfig({ ...real, ENVIRONMENT: 'staging' }).environment).toBe('staging');
  });
});

describe('the console_environment marker', () => {
  it('write scripts say where they write, and refuse production without the flag', async () => {
    const target = { kind: 'pglite' as const, dataDir: '/tmp/somewhere' };
    const before = await checkWriteTarget(test.dbs.api, target, [], 'db:reset');
    expect(before).toEqual({
      allowed: true,
      message: 'db:reset: about to write to embedded database in /tmp/somewhere (marked nothing yet)',
    });

    expect(await markEnvironment(test.dbs.api, 'production')).toBe('production');
    // A second mark never overwrites the first: the marker is the database's own record.
    expect(await markEnvironment(test.dbs.api, 'development')).toBe('production');
    expect(await readEnvironmentMarker(test.dbs.api)).toBe('production');

    const refused = await checkWriteTarget(test.dbs.api, target, [], 'db:reset');
    expect(refused.allowed).toBe(false);
    expect(refused.message).toMatch(/refusing to write to embedded database in \/tmp\/somewhere \(marked production\)/);
    expect(refused.message).toContain('--i-know-this-is-production');

    const forced = await checkWriteTarget(test.dbs.api, target, ['--i-know-this-is-production'], 'db:reset');
    expect(forced.allowed).toBe(true);
  });

  it('a console whose ENVIRONMENT disagrees with the database marker does not start', async () => {
    await expect(prepareDatabase(test.dbs, testConfig({ ENVIRONMENT: 'staging' }))).rejects.toThrow(ConfigError);
    await expect(prepareDatabase(test.dbs, testConfig({ ENVIRONMENT: 'staging' }))).rejects.toThrow(
      /this console says staging but the database is marked production/,
    );
  });
});

describe('typing the environment on production', () => {
  it('is needed only for dangerous actions on production', () => {
    expect(productionTypingRefusal('staging', 'B-1234', undefined)).toBeNull();
    expect(productionTypingRefusal('production', null, undefined)).toBeNull();
    expect(productionTypingRefusal('production', 'B-1234', undefined)).toMatch(/type "production"/);
    expect(productionTypingRefusal('production', 'B-1234', 'staging')).toMatch(/type "production"/);
    expect(productionTypingRefusal('production', 'B-1234', ' Production ')).toBeNull();
  });
});
