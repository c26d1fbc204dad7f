import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SupportAuditRow } from '@ops/shared';
import { renderUi } from '../../test/render';
import { AuditTrailTable } from './AuditTrailTable';

const row = (id: number, action: string, refundKind: SupportAuditRow['refundKind'], reason: string): SupportAuditRow => ({
  id,
  occurredAt: '2026-12-02T14:27:00.000Z',
  actorEmail: 'admin2@ops.example',
  action,
  resourceType: 'booking',
  resourceId: 'b-1',
  reason,
  refundKind,
});

describe('AuditTrailTable', () => {
  it('names a refund action for what it did: a release of money never charged reads "Release", not "Refund"', async () => {
    await renderUi(
      <AuditTrailTable
        label="Booking audit"
        empty="None."
        rows={[
          row(2, 'refunds.create', 'release', 'Student cancelled by phone'),
          row(1, 'refunds.create', 'refund', 'Lesson did not happen'),
          row(0, 'bookings.cancel', null, 'Instructor is ill'),
        ]}
      />,
    );
    const body = within(screen.getByRole('table', { name: 'Booking audit' }))
      .getAllByRole('row')
      .slice(1);
    const actions = body.map((r) => within(r).getAllByRole('cell')[1]?.textContent);
    expect(actions).toEqual([
      'ReleaseStudent cancelled by phone',
      'RefundLesson did not happen',
      'Booking cancelledInstructor is ill',
    ]);
  });
});
