import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DataTable, tableCsv } from '../../components/DataTable/DataTable';
import { renderUi } from '../../test/render';
import { bookingColumn } from './BookingLink';

interface Row {
  id: string;
  shortId: string;
}

const rows: Row[] = [
  { id: 'b-2', shortId: 'BK-0002' },
  { id: 'b-10', shortId: 'BK-0010' },
  { id: 'b-1', shortId: 'BK-0001' },
];

const columns = [bookingColumn<Row>((r) => r.id)];

function shortIds(): string[] {
  const [, ...body] = within(screen.getByRole('table', { name: 'Bookings' })).getAllByRole('row');
  return body.map((r) => r.textContent ?? '');
}

describe('bookingColumn', () => {
  it("shows each booking's short id as a link to that booking's page", async () => {
    await renderUi(<DataTable name="Bookings" columns={columns} rows={rows} />, { role: 'support' });
    expect(screen.getByRole('link', { name: 'BK-0010' }).getAttribute('href')).toBe('/bookings/b-10');
  });

  it('shows the short id without a link to a role that may not open bookings (an exec on the payments pipeline)', async () => {
    await renderUi(<DataTable name="Bookings" columns={columns} rows={rows} />, { role: 'exec' });
    expect(shortIds()).toEqual(['BK-0002', 'BK-0010', 'BK-0001']);
    expect(screen.queryAllByRole('link')).toEqual([]);
  });

  it('sorts by the short id and exports it', async () => {
    const { user } = await renderUi(<DataTable name="Bookings" columns={columns} rows={rows} />, { role: 'support' });
    await user.click(screen.getByRole('button', { name: 'Booking' }));
    expect(shortIds()).toEqual(['BK-0001', 'BK-0002', 'BK-0010']);
    expect(tableCsv(columns, rows).split('\r\n').slice(0, 2)).toEqual(['Booking', 'BK-0002']);
  });
});
