import {
  Button,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  UnstyledButton,
  type TableProps,
  type TableTrProps,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { toCsv } from '@ops/shared';
import { lazy, Suspense, useState, type ReactNode } from 'react';

/** The Columns menu (a popover of checkboxes) loads just after the table is drawn. */
const ColumnsMenu = lazy(() => import('./ColumnsMenu').then((m) => ({ default: m.ColumnsMenu })));

/** A value a column sorts by and exports; null sorts last and exports as an empty cell. */
export type CellValue = string | number | null;

export interface DataTableColumn<Row> {
  /** Stable id: the React key and the name the column choice is saved under. */
  key: string;
  title: string;
  render: (row: Row) => ReactNode;
  /** Makes the column sortable by clicking its header. */
  sortValue?: (row: Row) => CellValue;
  /** The CSV cell; defaults to `sortValue`. A column with neither (a checkbox, a button) is left out of the CSV. */
  csv?: (row: Row) => CellValue;
  align?: 'left' | 'center' | 'right';
  /** Whether the Columns menu offers to hide it (default true). */
  hideable?: boolean;
  defaultHidden?: boolean;
  width?: number | string;
}

type SortDirection = 'asc' | 'desc';
interface SortState {
  key: string;
  direction: SortDirection;
}

export interface DataTableProps<Row> {
  columns: ReadonlyArray<DataTableColumn<Row>>;
  rows: readonly Row[];
  /** A stable id per row; `index` is the row's place in `rows` (before sorting), for rows without an id of their own. */
  rowKey: (row: Row, index: number) => string;
  rowProps?: (row: Row) => Omit<TableTrProps, 'children'>;
  /** The table's accessible name. */
  'aria-label'?: string;
  caption?: ReactNode;
  /** Column choices are saved in localStorage under this key; without it they last as long as the component. */
  storageKey?: string;
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
  /** Skeleton rows while the first page loads. */
  loading?: boolean;
  /** Keyset pagination: a "Load more" button calls `onLoadMore` (e.g. useInfiniteQuery's fetchNextPage). */
  hasMore?: boolean;
  onLoadMore?: () => void;
  loadingMore?: boolean;
  /** The load-more button's words, e.g. "Show 8 more of 20" for rows revealed a page at a time. */
  loadMoreLabel?: ReactNode;
  /** Offers "Download CSV" of the visible columns of the loaded rows under this file name. */
  filename?: string;
  /** Extra controls beside Columns and Download CSV. */
  toolbar?: ReactNode;
  tableProps?: Omit<TableProps, 'children' | 'aria-label'>;
}

const SKELETON_ROWS = 3;

function storageName(storageKey: string): string {
  return `datatable:${storageKey}:columns`;
}

/** The person's own choices (column key → shown), over the columns' defaults. */
function readChoices(storageKey: string | undefined): Record<string, boolean> {
  if (!storageKey) return {};
  try {
    const raw = window.localStorage.getItem(storageName(storageKey));
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, boolean] => typeof e[1] === 'boolean'));
  } catch {
    // Storage can be unavailable (private windows) or hold something stale; the defaults are a fine fallback.
    return {};
  }
}

function writeChoices(storageKey: string | undefined, choices: Record<string, boolean>): void {
  if (!storageKey) return;
  try {
    window.localStorage.setItem(storageName(storageKey), JSON.stringify(choices));
  } catch {
    // A full or blocked storage only costs the choice surviving a reload.
  }
}

function compare(a: CellValue, b: CellValue): number {
  if (a === b) return 0;
  // Missing values go last whichever way the column is sorted (see the direction handling in sortRows).
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}

interface KeyedRow<Row> {
  row: Row;
  key: string;
}

function sortRows<Row>(
  rows: ReadonlyArray<KeyedRow<Row>>,
  column: DataTableColumn<Row> | undefined,
  direction: SortDirection,
): ReadonlyArray<KeyedRow<Row>> {
  const sortValue = column?.sortValue;
  if (!sortValue) return rows;
  const keyed = rows.map((entry, index) => ({ entry, index, value: sortValue(entry.row) }));
  keyed.sort((x, y) => {
    if (x.value === null || y.value === null) return compare(x.value, y.value) || x.index - y.index;
    const order = compare(x.value, y.value);
    return (direction === 'asc' ? order : -order) || x.index - y.index;
  });
  return keyed.map((k) => k.entry);
}

/** Starts a download of `csv` as `filename` in the browser. */
export function downloadCsv(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/**
 * The console's one list: typed columns, sorting by header (ascending, descending, off), a Columns menu saved per
 * table, keyset "Load more", CSV of what is shown through the shared formula-safe writer, empty and loading states.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  rowProps,
  'aria-label': ariaLabel,
  caption,
  storageKey,
  empty = 'No rows.',
  loading = false,
  hasMore = false,
  onLoadMore,
  loadingMore = false,
  loadMoreLabel = 'Load more',
  filename,
  toolbar,
  tableProps,
}: DataTableProps<Row>) {
  const [choices, setChoices] = useState<Record<string, boolean>>(() => readChoices(storageKey));
  const [sort, setSort] = useState<SortState | null>(null);
  // A click on Columns before the menu's code has arrived opens the menu when it does.
  const [columnsWanted, setColumnsWanted] = useState(false);

  const isShown = (c: DataTableColumn<Row>): boolean => c.hideable === false || (choices[c.key] ?? !(c.defaultHidden ?? false));
  const visible = columns.filter(isShown);
  const hideable = columns.filter((c) => c.hideable !== false);

  const sortColumn = sort ? columns.find((c) => c.key === sort.key) : undefined;
  // Lists hold at most a few hundred loaded rows, so sorting on each render is cheaper than memoising on callers'
  // inline rowKey functions.
  const keyed = rows.map((row, index) => ({ row, key: rowKey(row, index) }));
  const sorted = sort ? sortRows(keyed, sortColumn, sort.direction) : keyed;

  const toggleColumn = (key: string, shown: boolean): void => {
    const next = { ...choices, [key]: shown };
    setChoices(next);
    writeChoices(storageKey, next);
  };

  const cycleSort = (key: string): void => {
    setSort((s) => (s?.key !== key ? { key, direction: 'asc' } : s.direction === 'asc' ? { key, direction: 'desc' } : null));
  };

  const exportCsv = (name: string): void => {
    const exported = visible.flatMap((c) => {
      const value = c.csv ?? c.sortValue;
      return value ? [{ title: c.title, value }] : [];
    });
    downloadCsv(
      name,
      toCsv(
        exported.map((c) => c.title),
        sorted.map(({ row }) => exported.map((c) => c.value(row))),
      ),
    );
  };

  const showToolbar = toolbar !== undefined || hideable.length > 1 || (filename !== undefined && rows.length > 0);

  if (!loading && rows.length === 0) {
    return (
      <Stack gap="xs">
        {toolbar !== undefined && <Group justify="flex-end">{toolbar}</Group>}
        <Text c="dimmed">{empty}</Text>
      </Stack>
    );
  }

  return (
    <Stack gap="xs">
      {showToolbar && (
        <Group justify="flex-end" gap="xs">
          {toolbar}
          {hideable.length > 1 && (
            <Suspense
              fallback={
                <Button size="xs" variant="default" onClick={() => setColumnsWanted(true)}>
                  Columns
                </Button>
              }
            >
              <ColumnsMenu
                columns={hideable.map((c) => ({ key: c.key, title: c.title, shown: isShown(c) }))}
                onToggle={toggleColumn}
                defaultOpened={columnsWanted}
              />
            </Suspense>
          )}
          {filename !== undefined && rows.length > 0 && (
            <Button size="xs" variant="default" onClick={() => exportCsv(filename)}>
              Download CSV
            </Button>
          )}
        </Group>
      )}
      <Table.ScrollContainer minWidth={0} type="native">
        <Table aria-label={ariaLabel} aria-busy={loading || undefined} {...tableProps}>
          {caption !== undefined && <Table.Caption>{caption}</Table.Caption>}
          <Table.Thead>
            <Table.Tr>
              {visible.map((c) => {
                const direction = sort?.key === c.key ? sort.direction : null;
                return (
                  <Table.Th
                    key={c.key}
                    ta={c.align}
                    w={c.width}
                    aria-sort={
                      c.sortValue ? (direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none') : undefined
                    }
                  >
                    {c.sortValue ? (
                      <UnstyledButton onClick={() => cycleSort(c.key)} fw={700} fz="inherit">
                        <Group gap={4} wrap="nowrap" justify={c.align === 'right' ? 'flex-end' : undefined}>
                          {c.title}
                          {direction === 'asc' ? (
                            <IconArrowUp size={14} aria-hidden />
                          ) : direction === 'desc' ? (
                            <IconArrowDown size={14} aria-hidden />
                          ) : (
                            <IconArrowsSort size={14} aria-hidden opacity={0.4} />
                          )}
                        </Group>
                      </UnstyledButton>
                    ) : (
                      c.title
                    )}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {loading && rows.length === 0
              ? Array.from({ length: SKELETON_ROWS }, (_, i) => (
                  <Table.Tr key={`skeleton-${i}`} aria-hidden>
                    {visible.map((c) => (
                      <Table.Td key={c.key}>
                        <Skeleton height={12} />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))
              : sorted.map(({ row, key }) => (
                  <Table.Tr key={key} {...rowProps?.(row)}>
                    {visible.map((c) => (
                      <Table.Td key={c.key} ta={c.align}>
                        {c.render(row)}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {hasMore && onLoadMore && (
        <Group justify="center">
          <Button variant="default" size="xs" loading={loadingMore} disabled={loadingMore} onClick={() => onLoadMore()}>
            {loadMoreLabel}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
