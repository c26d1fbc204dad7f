import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SuggestedAction } from '@ops/shared';
import { renderUi } from '../../test/render';
import { SuggestedActions } from './SuggestedActions';

const suggestions: SuggestedAction[] = [
  { label: 'Refund the double charge', why: 'Two captures of $45.00 for booking SCQGBH0N' },
  { label: 'Resend the receipt', why: 'The last receipt bounced' },
];

describe('SuggestedActions', () => {
  it('lists each suggestion with the reason support is told it, in the order given', async () => {
    await renderUi(<SuggestedActions actions={suggestions} />);
    const box = screen.getByRole('alert');
    expect(within(box).getByText('Suggested actions')).toBeTruthy();
    expect(
      within(box)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(suggestions.map((s) => `${s.label} — ${s.why}`));
  });

  it('shows nothing when there is nothing to suggest', async () => {
    await renderUi(<SuggestedActions actions={[]} />);
    expect(screen.queryByText('Suggested actions')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
