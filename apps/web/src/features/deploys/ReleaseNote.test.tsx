import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DeployHistoryRow } from '@ops/shared';
import { renderUi } from '../../test/render';
import { ReleaseNote } from './ReleaseNote';

const deploy = (version: string, deployedAt: string): DeployHistoryRow => ({
  id: `d-${version}-${deployedAt}`,
  service: 'api',
  version,
  sha: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432',
  deployedAt,
  deployedBy: 'jlee',
});

describe('ReleaseNote', () => {
  it('names the deploy that shipped a release: its service, time, author, version and commit', async () => {
    await renderUi(
      <ReleaseNote
        release="api@4.3.7"
        shipped={[deploy('4.3.7', '2026-11-30T15:00:00.000Z'), deploy('4.3.7', '2026-11-29T15:00:00.000Z')]}
      />,
    );
    expect(screen.getByText('Release api@4.3.7')).toBeTruthy();
    const text = screen.getByText(/^Shipped by the api deploy of/).textContent ?? '';
    expect(text).toContain('by jlee (4.3.7, 9f8e7d6)');
    expect(text).toContain('with 1 earlier deploy of the same release');
  });

  it('says plainly when no deploy of the history shipped it', async () => {
    await renderUi(<ReleaseNote release="api@1.0.0" shipped={[]} />);
    expect(screen.getByText(/No deploy of the last 30 days shipped it/)).toBeTruthy();
  });
});
