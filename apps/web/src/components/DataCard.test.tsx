import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderUi } from '../test/render';
import { DataCard } from './DataCard';

const columns = [{ header: 'Day' }, { header: 'GMV', numeric: true }];
const rows = [
  ['2026-11-01', '$1,200.00'],
  ['2026-11-02', null],
  ['=HYPERLINK("x")', '$3.00'],
];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('DataCard', () => {
  it('shows exactly its rows on demand, with a dash for a missing value', async () => {
    const { user } = await renderUi(
      <DataCard title="GMV by day" chart={<div>chart</div>} columns={columns} rows={rows} fileName="gmv.csv" />,
    );
    expect(screen.queryByRole('table')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show table' }));
    const table = screen.getByRole('table', { name: 'GMV by day table' });
    expect(within(table).getAllByRole('row')).toHaveLength(rows.length + 1);
    expect(within(table).getByText('$1,200.00')).toBeTruthy();
    expect(within(table).getByText('—')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Hide table' }));
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('says so when there are no rows', async () => {
    const { user } = await renderUi(<DataCard title="Empty" chart={null} columns={columns} rows={[]} fileName="e.csv" />);
    await user.click(screen.getByRole('button', { name: 'Show table' }));
    expect(screen.getByText('No rows.')).toBeTruthy();
  });

  it('downloads the same cells as CSV, with spreadsheet formulas defused', async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      if (b instanceof Blob) blobs.push(b);
      return 'blob:test';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const { user } = await renderUi(
      <DataCard title="GMV by day" chart={null} columns={columns} rows={rows} fileName="gmv.csv" />,
    );
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(blobs).toHaveLength(1);
    const text = await blobs[0]?.text();
    const lines = (text ?? '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('Day,GMV');
    expect(lines[1]).toBe('2026-11-01,"$1,200.00"');
    expect(lines).toHaveLength(4);
    expect(lines[3]?.startsWith('=')).toBe(false);
    expect(lines[3]?.startsWith('"=')).toBe(false);
  });
});
