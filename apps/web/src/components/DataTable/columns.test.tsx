import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderUi } from '../../test/render';
import { formatBusinessDate, formatBusinessDateTime } from '../../lib/business-time';
import { WithNote, buttonColumn, dayColumn, linkColumn, millisecondsColumn, whenColumn } from './columns';
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

describe('WithNote', () => {
  it('puts the note under the value, and adds no line for a row without one', async () => {
    const notes = [
      { id: 'ch_1', card: 'visa ····4242' },
      { id: 'ch_2', card: null },
    ];
    const columns = [
      {
        key: 'charge',
        title: 'Charge',
        sortValue: (c: (typeof notes)[number]) => c.id,
        render: (c: (typeof notes)[number]) => <WithNote note={c.card}>{c.id}</WithNote>,
      },
    ];
    await renderUi(<DataTable name="Calls" columns={columns} rows={notes} />);
    expect(cells()).toEqual(['ch_1visa ····4242', 'ch_2']);
    // The note is a line of its own (a paragraph), and only where there is one.
    const body = within(screen.getByRole('table', { name: 'Calls' }))
      .getAllByRole('row')
      .slice(1);
    expect(body.map((r) => [...r.querySelectorAll('p')].map((p) => p.textContent))).toEqual([['visa ····4242'], []]);
  });
});

describe('millisecondsColumn', () => {
  it('reads a duration in ms, a missing one as the dash, and sorts by the number with missing ones last', async () => {
    const columns = [millisecondsColumn<Call>('took', 'Took', (c) => c.ms)];
    const { user } = await renderUi(<DataTable name="Calls" columns={columns} rows={rows} />);
    expect(cells()).toEqual(['950 ms', '—', '80 ms']);
    // A duration keeps to one line in a narrow column rather than breaking between the number and its unit.
    expect(screen.getByText('950 ms').style.whiteSpace).toBe('nowrap');
    await user.click(screen.getByRole('button', { name: 'Took' }));
    expect(cells()).toEqual(['80 ms', '950 ms', '—']);
  });

  it('shows what the caller chose for a missing duration and exports the bare number', async () => {
    const columns = [millisecondsColumn<Call>('took', 'Took', (c) => c.ms, '')];
    await renderUi(<DataTable name="Calls" columns={columns} rows={rows} />);
    expect(cells()).toEqual(['950 ms', '', '80 ms']);
    expect(tableCsv(columns, rows)).toBe('Took\r\n950\r\n\r\n80\r\n');
  });
});

interface Seen {
  id: string;
  at: string | null;
}

describe('whenColumn', () => {
  it('reads the time in the business zone, a missing one as the caller says, and exports it as read, missing as empty', async () => {
    const seen: Seen[] = [
      { id: 'a', at: '2026-11-20T15:00:00.000Z' },
      { id: 'b', at: null },
      { id: 'c', at: '2026-11-03T15:00:00.000Z' },
    ];
    const columns = [whenColumn<Seen>('seen', 'Seen', (r) => r.at, { missing: 'never' })];
    const { user } = await renderUi(<DataTable name="Calls" columns={columns} rows={seen} />);
    const late = formatBusinessDateTime('2026-11-20T15:00:00.000Z');
    const early = formatBusinessDateTime('2026-11-03T15:00:00.000Z');
    expect(cells()).toEqual([late, 'never', early]);
    await user.click(screen.getByRole('button', { name: 'Seen' }));
    expect(cells()).toEqual([early, late, 'never']);
    expect(tableCsv(columns, seen)).toBe(`Seen\r\n"${late}"\r\n\r\n"${early}"\r\n`);
  });
});

interface Payout {
  id: string;
  at: string;
}

describe('dayColumn', () => {
  it('shows the day with the full time on hover, sorts by the instant and exports the day', async () => {
    const payouts: Payout[] = [
      { id: 'late', at: '2026-11-20T15:00:00.000Z' },
      { id: 'early', at: '2026-11-03T15:00:00.000Z' },
    ];
    const columns = [dayColumn<Payout>('arrival', 'Arrival', (p) => p.at)];
    const { user } = await renderUi(<DataTable name="Calls" columns={columns} rows={payouts} />);
    const early = screen.getByText(formatBusinessDate('2026-11-03T15:00:00.000Z'));
    expect(early.getAttribute('title')).toBe(formatBusinessDateTime('2026-11-03T15:00:00.000Z'));
    await user.click(screen.getByRole('button', { name: 'Arrival' }));
    expect(cells()).toEqual([formatBusinessDate('2026-11-03T15:00:00.000Z'), formatBusinessDate('2026-11-20T15:00:00.000Z')]);
    // "Nov 20, 2026" has a comma, so the CSV quotes it.
    expect(tableCsv(columns, payouts).split('\r\n')[1]).toBe(`"${formatBusinessDate('2026-11-20T15:00:00.000Z')}"`);
  });

  it("exports an event's time of day with exportTime, though the column shows only the day", () => {
    const columns = [dayColumn<Payout>('created', 'Created', (p) => p.at, { exportTime: true })];
    const csv = tableCsv(columns, [{ id: 'late', at: '2026-11-20T15:00:00.000Z' }]);
    expect(csv).toBe(`Created\r\n"${formatBusinessDateTime('2026-11-20T15:00:00.000Z')}"\r\n`);
  });
});

describe('buttonColumn', () => {
  it('acts on its own row, cannot be hidden and stays out of the CSV', async () => {
    const opened = vi.fn();
    const columns = [
      millisecondsColumn<Call>('took', 'Took', (c) => c.ms),
      buttonColumn<Call>('open', '', (c) => `Open ${c.id}`, opened),
    ];
    const { user } = await renderUi(<DataTable name="Calls" columns={columns} rows={rows} />);
    await user.click(screen.getByRole('button', { name: 'Open b' }));
    expect(opened).toHaveBeenCalledWith(rows[1]);
    expect(columns[1]?.hideable).toBe(false);
    expect(tableCsv(columns, rows)).toBe('Took\r\n950\r\n\r\n80\r\n');
  });
});

interface Request {
  id: string | null;
}

describe('linkColumn', () => {
  it('links each row to its page, shows a row without one plain, sorts and exports by the text', async () => {
    const requests: Request[] = [{ id: 'req-b' }, { id: null }, { id: 'req-a' }];
    const columns = [
      linkColumn(
        'request',
        'Request',
        (r: Request) => r.id,
        (r) => (r.id ? { to: '/logs', search: { requestId: r.id } } : null),
      ),
    ];
    const { user } = await renderUi(<DataTable name="Calls" columns={columns} rows={requests} rowKey={(_, i) => String(i)} />);
    expect(cells()).toEqual(['req-b', '—', 'req-a']);
    expect(screen.getByRole('link', { name: 'req-a' }).getAttribute('href')).toBe('/logs?requestId=req-a');
    expect(screen.getAllByRole('link')).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Request' }));
    expect(cells()).toEqual(['req-a', 'req-b', '—']);
    expect(tableCsv(columns, requests)).toBe('Request\r\nreq-b\r\n\r\nreq-a\r\n');
  });
});
