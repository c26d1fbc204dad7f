import { Badge } from '@mantine/core';

type DeployState = 'down' | 'unknown' | 'drift' | 'up';

const STATE_COLOR: Record<DeployState, string> = { down: 'red', unknown: 'gray', drift: 'yellow', up: 'green' };

interface TargetState {
  up: boolean;
  unknown: boolean;
  drift: boolean;
}

/**
 * A deploy target in one word: down, unknown (it gave no answer in time, which says nothing about its health), up but
 * running another version than it should (drift), or up.
 */
export function deployState(target: TargetState): DeployState {
  return target.unknown ? 'unknown' : !target.up ? 'down' : target.drift ? 'drift' : 'up';
}

/** A deploy target's state as a small badge: red when down, grey when unknown, yellow when drifting. */
export function DeployStateBadge({ target }: { target: TargetState }) {
  const state = deployState(target);
  return (
    <Badge size="xs" color={STATE_COLOR[state]}>
      {state}
    </Badge>
  );
}
