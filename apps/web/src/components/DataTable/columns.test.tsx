import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../../test/render';
import { millisecondsColumn } from './columns';
import { DataTable, tableCsv } from './DataTable';

interface Call {
  id: string;
  ms: number | null;
}

const rows: Call[] = [
  { id: 'a', ms: 950 },
  { id: 'b', ms: null },
  { id: 'c', ms: 80 },
];

function cells(): string[] {
  const [, ...body] = within(screen.getByRole('table', { name: 'Calls' })).getAllByRole('row');
  return body.map((r) => r.textContent ?? '');
}

describe('millisecondsColumn', () => {
  it('reads a duration in ms, a missing one as the dash, and sorts by the number with missing ones last', async () => {
    const columns = [millisecondsColumn<Call>('took', 'Took', (c) => c.ms)];
    const { user } = await renderUi(<DataTable aria-label="Calls" columns={columns} rows={rows} rowKey={(c) => c.id} />);
    expect(cells()).toEqual(['950 ms', '—', '80 ms']);
    await user.click(screen.getByRole('button', { name: 'Took' }));
    expect(cells()).toEqual(['80 ms', '950 ms', '—']);
  });

  it('shows what the caller chose for a missing duration and exports the bare number', async () => {
    const columns = [millisecondsColumn<Call>('took', 'Took', (c) => c.ms, '')];
    await renderUi(<DataTable aria-label="Calls" columns={columns} rows={rows} rowKey={(c) => c.id} />);
    expect(cells()).toEqual(['950 ms', '', '80 ms']);
    expect(tableCsv(columns, rows)).toBe('Took\r\n950\r\n\r\n80\r\n');
  });
});
