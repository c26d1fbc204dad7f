import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../http-kit.js';
import { checkDeployTargets } from './check.js';
import { SAMPLE_DEPLOYS, startDeployStandins, type DeployStandins } from './standin.js';

let standins: DeployStandins;
beforeAll(async () => {
  standins = await startDeployStandins();
});
afterAll(() => standins.close());

describe('deploy targets', () => {
  it('finds the target that runs an older build', async () => {
    const check = await checkDeployTargets(standins.targets, 10_000);
    expect(check.targets.map((t) => t.state)).toEqual(['up', 'up', 'up']);
    expect(check.majority).toEqual({ version: '1.4.2', sha: SAMPLE_DEPLOYS[0].sha });
    expect(check.drift).toBe(true);
    expect(check.targets.filter((t) => t.drift).map((t) => t.name)).toEqual(['web']);
    expect(check.targets.every((t) => t.responseMs >= 0)).toBe(true);
  });

  it('marks an unreachable target and an unhealthy one down without failing the others', async () => {
    const gone = await listen(() => undefined);
    await gone.close();
    const sick = await startDeployStandins([{ name: 'sick', version: '1.4.2', sha: SAMPLE_DEPLOYS[0].sha, status: 'degraded' }]);
    try {
      const check = await checkDeployTargets([...standins.targets, { name: 'gone', url: gone.url }, ...sick.targets], 10_000);
      const byName = Object.fromEntries(check.targets.map((t) => [t.name, t]));
      expect(byName.gone).toMatchObject({ state: 'down', httpStatus: null, drift: false });
      expect(byName.gone?.error).toMatch(/cannot reach/);
      expect(byName.sick).toMatchObject({ state: 'down', httpStatus: 503, status: 'degraded', drift: false });
      expect(byName.api?.state).toBe('up');
    } finally {
      await sick.close();
    }
  });

  it('cuts a target that does not answer at the timeout and calls it unknown, not down', async () => {
    const silent = await listen(() => new Promise<void>(() => undefined));
    try {
      const started = Date.now();
      const check = await checkDeployTargets([{ name: 'silent', url: silent.url }], 200);
      expect(check.targets[0]).toMatchObject({ state: 'unknown', drift: false });
      expect(check.targets[0]?.error).toMatch(/within 200 ms/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await silent.close();
    }
  });
});
