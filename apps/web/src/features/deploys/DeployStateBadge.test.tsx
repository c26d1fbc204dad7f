import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../../test/render';
import { deployState, DeployStateBadge } from './DeployStateBadge';

describe('DeployStateBadge', () => {
  it('calls a target that does not answer down, even when its version also drifted', async () => {
    expect(deployState({ up: false, drift: true })).toBe('down');
    await renderUi(<DeployStateBadge target={{ up: false, drift: true }} />);
    expect(screen.getByText('down')).toBeTruthy();
  });

  it('tells a target running another version (drift) from one that is simply up', () => {
    expect(deployState({ up: true, drift: true })).toBe('drift');
    expect(deployState({ up: true, drift: false })).toBe('up');
  });
});
