import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../../test/render';
import { deployState, DeployStateBadge } from './DeployStateBadge';

describe('DeployStateBadge', () => {
  it('calls a target that answered unhealthy down, even when its version also drifted', async () => {
    expect(deployState({ up: false, unknown: false, drift: true })).toBe('down');
    await renderUi(<DeployStateBadge target={{ up: false, unknown: false, drift: true }} />);
    expect(screen.getByText('down')).toBeTruthy();
  });

  it('calls a target that gave no answer in time unknown, not down', async () => {
    expect(deployState({ up: false, unknown: true, drift: false })).toBe('unknown');
    await renderUi(<DeployStateBadge target={{ up: false, unknown: true, drift: false }} />);
    expect(screen.getByText('unknown')).toBeTruthy();
  });

  it('tells a target running another version (drift) from one that is simply up', () => {
    expect(deployState({ up: true, unknown: false, drift: true })).toBe('drift');
    expect(deployState({ up: true, unknown: false, drift: false })).toBe('up');
  });
});
