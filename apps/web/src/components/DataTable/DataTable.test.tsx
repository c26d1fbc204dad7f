import { act, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderUi } from '../../test/render';
import { DataTable, type DataTableColumn } from './DataTable';

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
    const { user } = await renderUi(<DataTable aria-label="Deploys" columns={columns} rows={rows} rowKey={(d) => d.id} />);
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

  it('sorts numbers as numbers and keeps missing values last both ways', async () => {
    const { user } = await renderUi(<DataTable aria-label="Deploys" columns={columns} rows={rows} rowKey={(d) => d.id} />);
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
    const first = await renderUi(
      <DataTable
        aria-label="Deploys"
        storageKey="deploys"
        filename="deploys.csv"
        columns={columns}
        rows={rows}
        rowKey={(d) => d.id}
      />,
    );
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
    await renderUi(<DataTable aria-label="Deploys" storageKey="deploys" columns={columns} rows={rows} rowKey={(d) => d.id} />);
    expect(headers()).toEqual(['Service', 'Duration', 'Action']);
  });

  it('starts with a default-hidden column hidden, and lets it be shown', async () => {
    const withHidden = columns.map((c) => (c.key === 'minutes' ? { ...c, defaultHidden: true } : c));
    const { user } = await renderUi(
      <DataTable aria-label="Deploys" storageKey="hidden" columns={withHidden} rows={rows} rowKey={(d) => d.id} />,
    );
    expect(headers()).toEqual(['Service', 'Version', 'Action']);
    await user.click(screen.getByRole('button', { name: 'Columns' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Duration' }));
    expect(headers()).toEqual(['Service', 'Version', 'Duration', 'Action']);
  });

  it('exports the loaded rows in their shown order, with a formula-looking cell defused', async () => {
    const blobs = captureDownloads();
    const { user } = await renderUi(
      <DataTable aria-label="Deploys" filename="deploys.csv" columns={columns} rows={rows} rowKey={(d) => d.id} />,
    );
    await user.click(within(table()).getByRole('button', { name: 'Service' }));
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(blobs).toHaveLength(1);
    const text = (await blobs[0]?.text()) ?? '';
    // The action column has no value to export; the empty duration is an empty cell.
    expect(text).toBe(
      ['Service,Version,Duration', `api,"'=HYPERLINK(""http://x"")",`, 'web,v2,12', 'worker,v10,3', ''].join('\r\n'),
    );
  });

  it('calls back once for Load more and shows no button when there is nothing more', async () => {
    const onLoadMore = vi.fn();
    const { user, unmount } = await renderUi(
      <DataTable aria-label="Deploys" columns={columns} rows={rows} rowKey={(d) => d.id} hasMore onLoadMore={onLoadMore} />,
    );
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(onLoadMore).toHaveBeenCalledTimes(1);
    unmount();
    await renderUi(
      <DataTable
        aria-label="Deploys"
        columns={columns}
        rows={rows}
        rowKey={(d) => d.id}
        hasMore={false}
        onLoadMore={onLoadMore}
      />,
    );
    expect(screen.getByRole('table', { name: 'Deploys' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('says what is empty instead of showing a bare table, and shows skeleton rows while loading', async () => {
    const { unmount } = await renderUi(
      <DataTable aria-label="Deploys" columns={columns} rows={[]} rowKey={(d) => d.id} empty="No deploys recorded." />,
    );
    expect(screen.getByText('No deploys recorded.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    unmount();
    await renderUi(
      <DataTable aria-label="Deploys" columns={columns} rows={[]} rowKey={(d) => d.id} empty="No deploys recorded." loading />,
    );
    expect(screen.queryByText('No deploys recorded.')).toBeNull();
    expect(table().getAttribute('aria-busy')).toBe('true');
    expect(headers()).toEqual(['Service', 'Version', 'Duration', 'Action']);
  });

  it('passes row props through, so a row can carry an id and a handler', async () => {
    const opened: string[] = [];
    const { user } = await renderUi(
      <DataTable
        aria-label="Deploys"
        columns={columns}
        rows={rows}
        rowKey={(d) => d.id}
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
const entryKey = (e: Entry): string => String(e.id);

/** The body rows in the document, by their first cell. */
function renderedIds(): string[] {
  const [, ...body] = within(screen.getByRole('table', { name: 'Entries' })).getAllByRole('row');
  return body.map((r) => within(r).getAllByRole('cell')[0]?.textContent ?? '');
}

/** The 10,000 entries in a virtual DataTable. */
function renderEntries(): ReturnType<typeof renderUi> {
  return renderUi(
    <DataTable
      aria-label="Entries"
      virtual={{ rowHeight: ROW_HEIGHT }}
      columns={entryColumns}
      rows={entries}
      rowKey={entryKey}
    />,
  );
}

async function scrollWindowTo(y: number): Promise<void> {
  await act(async () => {
    window.scrollTo(0, y);
    window.dispatchEvent(new Event('scroll'));
  });
}

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
          aria-label="Entries"
          virtual={{ rowHeight: ROW_HEIGHT }}
          columns={entryColumns}
          rows={entries.slice(0, loaded)}
          rowKey={entryKey}
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
