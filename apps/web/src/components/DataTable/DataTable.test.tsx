import { act, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { renderUi } from '../../test/render';
import { DataTable, type DataTableColumn, type DataTableProps } from './DataTable';

interface Deploy {
  id: string;
  service: string;
  version: string;
  minutes: number | null;
}

const rows: Deploy[] = [
  { id: 'd1', service: 'web', version: 'v2', minutes: 12 },
  { id: 'd2', service: 'api', version: '=HYPERLINK("http://x")', minutes: null },
  { id: 'd3', service: 'worker', version: 'v10', minutes: 3 },
];

const columns: Array<DataTableColumn<Deploy>> = [
  { key: 'service', title: 'Service', render: (d) => d.service, sortValue: (d) => d.service },
  { key: 'version', title: 'Version', render: (d) => <code>{d.version}</code>, csv: (d) => d.version },
  {
    key: 'minutes',
    title: 'Duration',
    align: 'right',
    render: (d) => (d.minutes === null ? '—' : `${d.minutes} min`),
    sortValue: (d) => d.minutes,
  },
  { key: 'action', title: 'Action', hideable: false, render: (d) => <button type="button">Open {d.id}</button> },
];

function table(): HTMLElement {
  return screen.getByRole('table', { name: 'Deploys' });
}

/** The first cell of every body row, top to bottom. */
function firstCells(): string[] {
  const [, ...body] = within(table()).getAllByRole('row');
  return body.map((r) => within(r).getAllByRole('cell')[0]?.textContent ?? '');
}

function headers(): string[] {
  return within(table())
    .getAllByRole('columnheader')
    .map((h) => h.textContent ?? '');
}

function captureDownloads(): Blob[] {
  const blobs: Blob[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    if (b instanceof Blob) blobs.push(b);
    return 'blob:test';
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  return blobs;
}

/** The file names downloads are offered under, in order. */
function captureFilenames(): string[] {
  const names: string[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download);
  });
  return names;
}

// The Columns menu is a chunk of its own, fetched after the table is drawn: loaded once here, so the tests' waits time
// the menu and not the module's first transform.
beforeAll(async () => {
  await import('./ColumnsMenu');
});

beforeEach(() => {
  window.localStorage.clear();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('DataTable', () => {
  it('sorts by a header ascending, then descending, then back to the given order, saying so with aria-sort', async () => {
    const { user } = await renderUi(<DataTable name="Deploys" columns={columns} rows={rows} />);
    const service = within(table()).getByRole('columnheader', { name: 'Service' });
    expect(service.getAttribute('aria-sort')).toBe('none');
    // Only sortable columns claim a sort state.
    expect(within(table()).getByRole('columnheader', { name: 'Version' }).hasAttribute('aria-sort')).toBe(false);
    expect(firstCells()).toEqual(['web', 'api', 'worker']);

    await user.click(within(service).getByRole('button', { name: 'Service' }));
    expect(service.getAttribute('aria-sort')).toBe('ascending');
    expect(firstCells()).toEqual(['api', 'web', 'worker']);

    await user.click(within(service).getByRole('button', { name: 'Service' }));
    expect(service.getAttribute('aria-sort')).toBe('descending');
    expect(firstCells()).toEqual(['worker', 'web', 'api']);

    await user.click(within(service).getByRole('button', { name: 'Service' }));
    expect(service.getAttribute('aria-sort')).toBe('none');
    expect(firstCells()).toEqual(['web', 'api', 'worker']);
  });

  it('says that a sort orders only the rows loaded so far while more can be loaded, and clears it on request', async () => {
    // Load more brings in the last page, as a list's query does.
    function Paged() {
      const [more, setMore] = useState(true);
      return <DataTable name="Deploys" columns={columns} rows={rows} hasMore={more} onLoadMore={() => setMore(false)} />;
    }
    const { user } = await renderUi(<Paged />);
    const note = /^Sorted by Service among the 3 rows loaded so far; rows not loaded yet are not in this order/;
    expect(screen.queryByText(note)).toBeNull();
    const service = within(table()).getByRole('columnheader', { name: 'Service' });
    await user.click(within(service).getByRole('button', { name: 'Service' }));
    expect(screen.getByRole('status').textContent).toMatch(note);
    await user.click(screen.getByRole('button', { name: 'Clear sort' }));
    expect(service.getAttribute('aria-sort')).toBe('none');
    expect(firstCells()).toEqual(['web', 'api', 'worker']);
    expect(screen.queryByText(note)).toBeNull();
    // Once every row is loaded the sort is of the whole list, and nothing needs saying.
    await user.click(within(service).getByRole('button', { name: 'Service' }));
    expect(screen.getByRole('status').textContent).toMatch(note);
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(service.getAttribute('aria-sort')).toBe('ascending');
    expect(screen.queryByText(note)).toBeNull();
  });

  it('sorts numbers as numbers and keeps missing values last both ways', async () => {
    const { user } = await renderUi(<DataTable name="Deploys" columns={columns} rows={rows} />);
    const duration = within(table()).getByRole('columnheader', { name: 'Duration' });
    await user.click(within(duration).getByRole('button'));
    expect(firstCells()).toEqual(['worker', 'web', 'api']);
    expect(within(table()).getByRole('columnheader', { name: 'Service' }).getAttribute('aria-sort')).toBe('none');
    await user.click(within(duration).getByRole('button'));
    expect(duration.getAttribute('aria-sort')).toBe('descending');
    expect(firstCells()).toEqual(['web', 'worker', 'api']);
  });

  it('hides a column chosen in the Columns menu from the table and the CSV, and remembers the choice', async () => {
    const blobs = captureDownloads();
    const first = await renderUi(<DataTable name="Deploys" storageKey="deploys" csv columns={columns} rows={rows} />);
    expect(headers()).toEqual(['Service', 'Version', 'Duration', 'Action']);
    await first.user.click(screen.getByRole('button', { name: 'Columns' }));
    const menu = await screen.findByRole('group', { name: 'Shown columns' });
    // A column that may not be hidden is not offered.
    expect(within(menu).queryByRole('checkbox', { name: 'Action' })).toBeNull();
    await first.user.click(within(menu).getByRole('checkbox', { name: 'Version' }));
    expect(headers()).toEqual(['Service', 'Duration', 'Action']);
    expect(within(table()).queryByText('v2')).toBeNull();

    await first.user.click(screen.getByRole('button', { name: 'Download CSV' }));
    const csv = (await blobs[0]?.text()) ?? '';
    expect(csv.split('\r\n')[0]).toBe('Service,Duration');

    first.unmount();
    await renderUi(<DataTable name="Deploys" storageKey="deploys" columns={columns} rows={rows} />);
    expect(headers()).toEqual(['Service', 'Duration', 'Action']);
  });

  it('starts with a default-hidden column hidden, and lets it be shown', async () => {
    const withHidden = columns.map((c) => (c.key === 'minutes' ? { ...c, defaultHidden: true } : c));
    const { user } = await renderUi(<DataTable name="Deploys" storageKey="hidden" columns={withHidden} rows={rows} />);
    expect(headers()).toEqual(['Service', 'Version', 'Action']);
    await user.click(screen.getByRole('button', { name: 'Columns' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Duration' }));
    expect(headers()).toEqual(['Service', 'Version', 'Duration', 'Action']);
  });

  it('exports the loaded rows in their shown order, with a formula-looking cell defused', async () => {
    const blobs = captureDownloads();
    const { user } = await renderUi(<DataTable name="Deploys" csv columns={columns} rows={rows} />);
    await user.click(within(table()).getByRole('button', { name: 'Service' }));
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(blobs).toHaveLength(1);
    const text = (await blobs[0]?.text()) ?? '';
    // The action column has no value to export; the empty duration is an empty cell.
    expect(text).toBe(
      ['Service,Version,Duration', `api,"'=HYPERLINK(""http://x"")",`, 'web,v2,12', 'worker,v10,3', ''].join('\r\n'),
    );
  });

  it('exports a CSV-only column in its place without showing it or offering it in the Columns menu', async () => {
    const blobs = captureDownloads();
    const withRegion: Array<DataTableColumn<Deploy>> = [
      ...columns.slice(0, 1),
      { key: 'region', title: 'Region', csvOnly: true, render: () => 'eu', csv: () => 'eu' },
      ...columns.slice(1),
    ];
    const { user } = await renderUi(<DataTable name="Deploys" csv columns={withRegion} rows={rows} />);
    expect(headers()).toEqual(['Service', 'Version', 'Duration', 'Action']);
    await user.click(screen.getByRole('button', { name: 'Columns' }));
    const menu = await screen.findByRole('group', { name: 'Shown columns' });
    expect(within(menu).queryByRole('checkbox', { name: 'Region' })).toBeNull();
    await user.click(within(menu).getByRole('checkbox', { name: 'Version' }));
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    const csv = (await blobs[0]?.text()) ?? '';
    expect(csv.split('\r\n').slice(0, 2)).toEqual(['Service,Region,Duration', 'web,eu,12']);
  });

  it('names the CSV after the table unless given a file name, and offers none unless asked', async () => {
    captureDownloads();
    const names = captureFilenames();
    const { user, unmount } = await renderUi(<DataTable name="Release deploys (7 days)" csv columns={columns} rows={rows} />);
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    unmount();
    const named = await renderUi(<DataTable name="Deploys" csv="deploys-by-service.csv" columns={columns} rows={rows} />);
    await named.user.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(names).toEqual(['release-deploys-7-days.csv', 'deploys-by-service.csv']);
    named.unmount();
    await renderUi(<DataTable name="Deploys" columns={columns} rows={rows} />);
    expect(screen.queryByRole('button', { name: 'Download CSV' })).toBeNull();
  });

  it('keys rows by their id unless told otherwise, so a row keeps its element when the order changes', async () => {
    /** The rows as a page gets them, newest first after a refetch. */
    function Refetched() {
      const [shown, setShown] = useState(rows);
      return (
        <DataTable
          name="Deploys"
          columns={columns}
          rows={shown}
          toolbar={
            <button type="button" onClick={() => setShown([...rows].reverse())}>
              Refetch
            </button>
          }
        />
      );
    }
    const { user } = await renderUi(<Refetched />);
    const web = screen.getByText('web').closest('tr');
    await user.click(screen.getByRole('button', { name: 'Refetch' }));
    expect(firstCells()).toEqual(['worker', 'api', 'web']);
    expect(web?.isConnected).toBe(true);
    expect(web?.textContent).toContain('web');
  });

  // Checked by the type checker (npm run typecheck), not when the tests run.
  it('asks for rowKey only of rows without an id of their own', () => {
    const given = { name: 'Deploys', columns, rows };
    expectTypeOf(given).toExtend<DataTableProps<Deploy>>();
    const serviceColumns: Array<DataTableColumn<{ service: string }>> = [];
    const unkeyed = { name: 'Services', columns: serviceColumns, rows: [{ service: 'web' }] };
    expectTypeOf(unkeyed).not.toExtend<DataTableProps<{ service: string }>>();
    expectTypeOf({ ...unkeyed, rowKey: (r: { service: string }) => r.service }).toExtend<DataTableProps<{ service: string }>>();
  });

  it('calls back once for Load more and shows no button when there is nothing more', async () => {
    const onLoadMore = vi.fn();
    const { user, unmount } = await renderUi(
      <DataTable name="Deploys" columns={columns} rows={rows} hasMore onLoadMore={onLoadMore} />,
    );
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(onLoadMore).toHaveBeenCalledTimes(1);
    unmount();
    await renderUi(<DataTable name="Deploys" columns={columns} rows={rows} hasMore={false} onLoadMore={onLoadMore} />);
    expect(screen.getByRole('table', { name: 'Deploys' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('says what is empty instead of showing a bare table, and shows skeleton rows while loading', async () => {
    const { unmount } = await renderUi(<DataTable name="Deploys" columns={columns} rows={[]} empty="No deploys recorded." />);
    expect(screen.getByText('No deploys recorded.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    unmount();
    await renderUi(<DataTable name="Deploys" columns={columns} rows={[]} empty="No deploys recorded." loading />);
    expect(screen.queryByText('No deploys recorded.')).toBeNull();
    expect(table().getAttribute('aria-busy')).toBe('true');
    expect(headers()).toEqual(['Service', 'Version', 'Duration', 'Action']);
  });

  it('passes row props through, so a row can carry an id and a handler', async () => {
    const opened: string[] = [];
    const { user } = await renderUi(
      <DataTable
        name="Deploys"
        columns={columns}
        rows={rows}
        rowProps={(d) => ({ id: `deploy-${d.id}`, onClick: () => opened.push(d.id) })}
      />,
    );
    expect(document.getElementById('deploy-d3')?.textContent).toContain('worker');
    await user.click(screen.getByText('web'));
    expect(opened).toEqual(['d1']);
  });
});

interface Entry {
  id: number;
  action: string;
}

const ROW_HEIGHT = 40;
const entries: Entry[] = Array.from({ length: 10_000 }, (_, i) => ({ id: i + 1, action: `action ${i + 1}` }));
const entryColumns: Array<DataTableColumn<Entry>> = [
  { key: 'id', title: '#', width: 80, sortValue: (e) => e.id, render: (e) => <a href={`/entries/${e.id}`}>#{e.id}</a> },
  { key: 'action', title: 'Action', ellipsis: true, sortValue: (e) => e.action, render: (e) => e.action },
];

/** The body rows in the document, by their first cell. */
function renderedIds(): string[] {
  const [, ...body] = within(screen.getByRole('table', { name: 'Entries' })).getAllByRole('row');
  return body.map((r) => within(r).getAllByRole('cell')[0]?.textContent ?? '');
}

/** The 10,000 entries in a virtual DataTable. */
function renderEntries(): ReturnType<typeof renderUi> {
  return renderUi(<DataTable name="Entries" virtual={{ rowHeight: ROW_HEIGHT }} columns={entryColumns} rows={entries} />);
}

async function scrollWindowTo(y: number): Promise<void> {
  await act(async () => {
    window.scrollTo(0, y);
    window.dispatchEvent(new Event('scroll'));
  });
}

describe('DataTable with a column cut to one line', () => {
  interface Line {
    id: number;
    message: string;
  }
  const lines: Line[] = [{ id: 1, message: 'a message far longer than the room a laptop leaves it' }];
  const cut = (width?: number): Array<DataTableColumn<Line>> => [
    { key: 'id', title: '#', sortValue: (l) => l.id, render: (l) => l.id },
    { key: 'message', title: 'Message', ellipsis: true, width, sortValue: (l) => l.message, render: (l) => l.message },
  ];

  it('takes the room the other columns leave, on one line cut with an ellipsis, in full on hover', async () => {
    await renderUi(<DataTable name="Lines" columns={cut()} rows={lines} />);
    const header = screen.getByRole('columnheader', { name: /Message/ });
    expect(header.style.width).toBe('100%');
    const cell = screen.getByRole('cell', { name: lines[0]?.message });
    expect(cell.getAttribute('title')).toBe(lines[0]?.message);
    expect(cell.style.whiteSpace).toBe('nowrap');
    // Cells of no width of their own: the table lays the column out in what is left, never wider than the table.
    expect(parseFloat(cell.style.maxWidth)).toBe(0);
  });

  it('stays within its width when it has one', async () => {
    await renderUi(<DataTable name="Lines" columns={cut(180)} rows={lines} />);
    expect(screen.getByRole('cell', { name: lines[0]?.message }).style.maxWidth).toBe('180px');
    expect(screen.getByRole('cell', { name: '1' }).getAttribute('title')).toBeNull();
  });
});

describe('DataTable in virtual mode', () => {
  afterEach(async () => {
    await scrollWindowTo(0);
  });

  it('puts only the rows in and near the window in the document, and says how many there are', async () => {
    await renderEntries();
    const ids = renderedIds();
    expect(ids[0]).toBe('#1');
    expect(ids.length).toBeGreaterThan(window.innerHeight / ROW_HEIGHT);
    expect(ids.length).toBeLessThan(100);
    expect(screen.queryByText('action 9000')).toBeNull();
    expect(screen.getByRole('table', { name: 'Entries' }).getAttribute('aria-rowcount')).toBe('10001');
  });

  it('shows later rows as the page scrolls down and drops the ones scrolled past', async () => {
    await renderEntries();
    await scrollWindowTo(ROW_HEIGHT * 9_000);
    const ids = renderedIds();
    expect(ids).toContain('#9001');
    expect(ids).not.toContain('#1');
    expect(ids.length).toBeLessThan(100);
    expect(screen.getByText('action 9001')).toBeTruthy();
  });

  it('places each row by its top edge at its place times the row height, with no transform of its own', async () => {
    await renderEntries();
    await scrollWindowTo(ROW_HEIGHT * 5_000);
    const [, ...body] = within(screen.getByRole('table', { name: 'Entries' })).getAllByRole('row');
    expect(body.length).toBeGreaterThan(0);
    for (const row of body) {
      const index = Number(row.getAttribute('data-index'));
      expect(row.style.top).toBe(`${index * ROW_HEIGHT}px`);
      expect(row.style.transform).toBe('');
    }
  });

  it('appends the next page on Load more, as deep in the list as at the top', async () => {
    /** A keyset list as a page holds it: 9,000 rows loaded, the next 1,000 arriving on Load more. */
    function Paged() {
      const [loaded, setLoaded] = useState(9_000);
      return (
        <DataTable
          name="Entries"
          virtual={{ rowHeight: ROW_HEIGHT }}
          columns={entryColumns}
          rows={entries.slice(0, loaded)}
          hasMore={loaded < entries.length}
          onLoadMore={() => setLoaded((n) => n + 1_000)}
        />
      );
    }
    const { user } = await renderUi(<Paged />);
    const table = screen.getByRole('table', { name: 'Entries' });
    expect(table.getAttribute('aria-rowcount')).toBe('9001');
    await scrollWindowTo(ROW_HEIGHT * 8_990);
    expect(renderedIds()).toContain('#9000');
    expect(renderedIds()).not.toContain('#9001');

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(table.getAttribute('aria-rowcount')).toBe('10001');
    expect(renderedIds()).toContain('#9001');
    await scrollWindowTo(ROW_HEIGHT * 9_990);
    expect(renderedIds()).toContain('#10000');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('sorts the whole list, not only the rows on screen', async () => {
    const { user } = await renderEntries();
    const id = within(screen.getByRole('table', { name: 'Entries' })).getByRole('columnheader', { name: '#' });
    await user.click(within(id).getByRole('button', { name: '#' }));
    await user.click(within(id).getByRole('button', { name: '#' }));
    expect(id.getAttribute('aria-sort')).toBe('descending');
    expect(renderedIds()[0]).toBe('#10000');
  });

  it('opens a plain link in a row as a page of the app', async () => {
    const { user, location } = await renderEntries();
    await user.click(screen.getByRole('link', { name: '#3' }));
    await waitFor(() => expect(location()).toBe('/entries/3'));
  });
});
