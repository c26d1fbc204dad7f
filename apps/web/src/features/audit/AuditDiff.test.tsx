import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../../test/render';
import { AuditDiff } from './AuditDiff';

const lines = () =>
  within(screen.getByRole('table', { name: 'Changes' }))
    .getAllByRole('row')
    .slice(1)
    .map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent.trim()),
    );

describe('AuditDiff', () => {
  it('shows a money field in dollars under what it measures, as the preview did, not as raw cents', async () => {
    await renderUi(
      <AuditDiff
        before={{ balanceCents: 4500 }}
        after={{ balanceCents: 5750, amountCents: 1250, ledgerEntryId: 'le-1', refund: { amountCents: -300 } }}
      />,
    );
    expect(lines()).toEqual([
      ['Amount added', '—', '$12.50'],
      ['Balance', '$45.00', '$57.50'],
      ['ledgerEntryId added', '—', 'le-1'],
      ['Refund amount added', '—', '-$3.00'],
    ]);
  });

  it('leaves fields that are not money as recorded', async () => {
    await renderUi(<AuditDiff before={{ status: 'pending', attempts: 1 }} after={{ status: 'paid', attempts: 2 }} />);
    expect(lines()).toEqual([
      ['attempts', '1', '2'],
      ['status', 'pending', 'paid'],
    ]);
  });
});
