import type { DeployTargetRow } from '@ops/shared';
import { formatBusinessDateTime } from '../../lib/business-time';

/** Why a target is said to drift, in words: what it runs against what was deployed, or against its neighbours. */
export function driftReason(t: Pick<DeployTargetRow, 'version' | 'environment' | 'expected'>): string {
  const runs = t.version ?? 'another build';
  return t.expected
    ? `Runs ${runs}, but ${t.expected.version} was deployed ${formatBusinessDateTime(t.expected.deployedAt)}: that deploy did not reach it, or it was rolled back.`
    : `Runs ${runs}, unlike most ${t.environment} targets.`;
}
