import { Badge } from '@mantine/core';

type DeployState = 'down' | 'drift' | 'up';

const STATE_COLOR: Record<DeployState, string> = { down: 'red', drift: 'yellow', up: 'green' };

/** A deploy target in one word: down, up but running another version than it should (drift), or up. */
export function deployState(target: { up: boolean; drift: boolean }): DeployState {
  return !target.up ? 'down' : target.drift ? 'drift' : 'up';
}

/** A deploy target's state as a small badge, red when down and yellow when drifting. */
export function DeployStateBadge({ target }: { target: { up: boolean; drift: boolean } }) {
  const state = deployState(target);
  return (
    <Badge size="xs" color={STATE_COLOR[state]}>
      {state}
    </Badge>
  );
}
