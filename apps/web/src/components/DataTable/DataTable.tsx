import { Button, Group, Skeleton, Stack, Table, Text, UnstyledButton, type TableProps, type TableTrProps } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { toCsv } from '@ops/shared';
import { lazy, Suspense, useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import classes from './DataTable.module.css';
import { fullText, VirtualRows } from './VirtualRows';

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
  /**
   * Virtual mode keeps every cell to one line: a column whose content can outgrow its width sets this to cut it with
   * an ellipsis, its CSV (or sort) value shown in full on hover. Each such cell is a clip the browser re-checks every
   * frame while the list scrolls, so content that always fits (ids, times, short labels) leaves it unset.
   *
   * In a table too, the column keeps to one line cut with an ellipsis: at its `width` when it has one, else it takes
   * the room the other columns leave (a message, an error), so they all show on a laptop's screen.
   */
  ellipsis?: boolean;
  /** Exported in the CSV but not a column on screen: its content already shows in another column's cell. */
  csvOnly?: boolean;
}

type SortDirection = 'asc' | 'desc';
interface SortState {
  key: string;
  direction: SortDirection;
}

/** A stable id per row; `index` is the row's place in `rows` (before sorting), for rows without an id of their own. */
export type RowKey<Row> = (row: Row, index: number) => string;

/** Rows with an `id` of their own are keyed by it unless told otherwise; any other row type must say how it is keyed. */
type RowKeyProps<Row> = [Row] extends [{ id: string | number }] ? { rowKey?: RowKey<Row> } : { rowKey: RowKey<Row> };

export interface DataTableBaseProps<Row> {
  /** Defined once (at module level or memoised): virtual mode re-renders a row only when its row or the columns change. */
  columns: ReadonlyArray<DataTableColumn<Row>>;
  rows: readonly Row[];
  /** The table's accessible name, and its CSV file's name unless `csv` gives another. */
  name: string;
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
  /** The load-more button's words, e.g. "Show 8 more (8 of 20 shown)" for rows revealed a page at a time. */
  loadMoreLabel?: ReactNode;
  /**
   * Offers "Download CSV" of the visible columns of the loaded rows: `true` names the file after the table ("Stripe
   * charges" downloads as stripe-charges.csv), a string is the file name itself.
   */
  csv?: boolean | string;
  /** Extra controls beside Columns and Download CSV. */
  toolbar?: ReactNode;
}

/** Virtual mode: for lists that grow to thousands of rows (the audit log). */
export interface DataTableVirtual {
  /** Every row is exactly this tall (px): rows are placed by arithmetic, never measured; cells keep to one line. */
  rowHeight: number;
  /** Rows rendered beyond each edge of the window (default 12: a fast fling moves about ten rows a frame). */
  overscan?: number;
}

interface TableMode<Row> {
  virtual?: undefined;
  rowProps?: (row: Row) => Omit<TableTrProps, 'children'>;
  caption?: ReactNode;
  /** The table scrolls within this height, its header kept in view (a table beside a chart). */
  maxHeight?: number | string;
  tableProps?: Omit<TableProps, 'children' | 'aria-label'>;
}

/**
 * In virtual mode only the rows in and near the window are in the document, as a grid with table roles that scrolls
 * with the page; columns take their `width` (the rest share what is left) and a row has no props of its own.
 */
interface VirtualMode {
  virtual: DataTableVirtual;
  rowProps?: never;
  caption?: never;
  maxHeight?: never;
  tableProps?: never;
}

export type DataTableProps<Row> = DataTableBaseProps<Row> & RowKeyProps<Row> & (TableMode<Row> | VirtualMode);

const SKELETON_ROWS = 3;
const DEFAULT_OVERSCAN = 12;

/** The key of a row left without `rowKey`: its own id, which the props' type asks of such rows. */
function idKey(row: unknown, index: number): string {
  const id: unknown = typeof row === 'object' && row !== null && 'id' in row ? row.id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : String(index);
}

/** The file a table's CSV downloads as: `csv` when it is a name, else the table's name in lower case and dashes. */
function csvFilename(name: string, csv: string | true): string {
  if (typeof csv === 'string') return csv;
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug}.csv`;
}

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

function isShown<Row>(c: DataTableColumn<Row>, choices: Record<string, boolean>): boolean {
  return c.hideable === false || (choices[c.key] ?? !(c.defaultHidden ?? false));
}

function compare(a: CellValue, b: CellValue): number {
  if (a === b) return 0;
  // Missing values go last whichever way the column is sorted (see the direction handling in sortOrder).
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}

/** The shown order as indexes into `rows`, or null when the column does not sort (the given order stands). */
function sortOrder<Row>(
  rows: readonly Row[],
  column: DataTableColumn<Row> | undefined,
  direction: SortDirection,
): number[] | null {
  const sortValue = column?.sortValue;
  if (!sortValue) return null;
  const keyed = rows.map((row, index) => ({ index, value: sortValue(row) }));
  keyed.sort((x, y) => {
    if (x.value === null || y.value === null) return compare(x.value, y.value) || x.index - y.index;
    const order = compare(x.value, y.value);
    return (direction === 'asc' ? order : -order) || x.index - y.index;
  });
  return keyed.map((k) => k.index);
}

/** A grid track per column: its width, or an equal share of the rest. */
function gridColumns<Row>(columns: ReadonlyArray<DataTableColumn<Row>>): string {
  return columns
    .map((c) => (c.width === undefined ? 'minmax(0, 1fr)' : typeof c.width === 'number' ? `${c.width}px` : c.width))
    .join(' ');
}

/**
 * `rows` as CSV through the shared formula-safe writer: a column per column that has a CSV value (`csv`, else
 * `sortValue`), titled as its header.
 */
export function tableCsv<Row>(columns: ReadonlyArray<DataTableColumn<Row>>, rows: readonly Row[]): string {
  const exported = columns.flatMap((c) => {
    const value = c.csv ?? c.sortValue;
    return value ? [{ title: c.title, value }] : [];
  });
  return toCsv(
    exported.map((c) => c.title),
    rows.map((row) => exported.map((c) => c.value(row))),
  );
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

/** A header's words, with a sort button (the whole cell) and its direction when the column sorts. */
function HeaderContent<Row>({
  column: c,
  direction,
  onSort,
}: {
  column: DataTableColumn<Row>;
  direction: SortDirection | null;
  onSort: (key: string) => void;
}) {
  if (!c.sortValue) return c.title;
  return (
    <UnstyledButton onClick={() => onSort(c.key)} fw={700} fz="inherit" className={classes.sortButton}>
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
  );
}

function ariaSort<Row>(
  c: DataTableColumn<Row>,
  direction: SortDirection | null,
): 'ascending' | 'descending' | 'none' | undefined {
  if (!c.sortValue) return undefined;
  return direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none';
}

/**
 * The console's one list: typed columns, sorting by header (ascending, descending, off), a Columns menu saved per
 * table, keyset "Load more", CSV of what is shown through the shared formula-safe writer, empty and loading states,
 * and a virtual mode (`virtual`) for lists of thousands of rows. One `name` labels the table and its CSV, and rows
 * that carry an `id` are keyed by it.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey = idKey,
  rowProps,
  name,
  caption,
  storageKey,
  empty = 'No rows.',
  loading = false,
  hasMore = false,
  onLoadMore,
  loadingMore = false,
  loadMoreLabel = 'Load more',
  csv = false,
  toolbar,
  maxHeight,
  tableProps,
  virtual,
}: DataTableProps<Row>) {
  const [choices, setChoices] = useState<Record<string, boolean>>(() => readChoices(storageKey));
  const [sort, setSort] = useState<SortState | null>(null);
  // A click on Columns before the menu's code has arrived opens the menu when it does.
  const [columnsWanted, setColumnsWanted] = useState(false);

  // Memoised so a virtual list's rows keep their props (and skip rendering) while the page around them re-renders.
  const visible = useMemo(() => columns.filter((c) => c.csvOnly !== true && isShown(c, choices)), [columns, choices]);
  const hideable = columns.filter((c) => c.csvOnly !== true && c.hideable !== false);
  const exported = columns.filter((c) => c.csvOnly === true || isShown(c, choices));

  const sortColumn = sort ? columns.find((c) => c.key === sort.key) : undefined;
  const direction = sort?.direction ?? 'asc';
  const order = useMemo(() => sortOrder(rows, sortColumn, direction), [rows, sortColumn, direction]);
  // Not flatMap: a row may itself be an array (a DataCard's cells).
  const shownRows = (): readonly Row[] => (order ? order.map((i) => rows[i]).filter((r): r is Row => r !== undefined) : rows);

  const toggleColumn = (key: string, shown: boolean): void => {
    const next = { ...choices, [key]: shown };
    setChoices(next);
    writeChoices(storageKey, next);
  };

  const cycleSort = (key: string): void => {
    setSort((s) => (s?.key !== key ? { key, direction: 'asc' } : s.direction === 'asc' ? { key, direction: 'desc' } : null));
  };
  const directionOf = (c: DataTableColumn<Row>): SortDirection | null => (sort?.key === c.key ? sort.direction : null);

  const filename = csv === false ? null : csvFilename(name, csv);
  // The server pages by its own key: with more rows to come, a sort orders only the rows loaded so far, and says so.
  const partialSort = order !== null && sortColumn !== undefined && hasMore && onLoadMore !== undefined;

  const showToolbar = toolbar !== undefined || hideable.length > 1 || (filename !== null && rows.length > 0);

  if (!loading && rows.length === 0) {
    return (
      <Stack gap="xs">
        {toolbar !== undefined && <Group justify="flex-end">{toolbar}</Group>}
        <Text c="dimmed">{empty}</Text>
      </Stack>
    );
  }

  const skeleton = loading && rows.length === 0;
  const gridStyle: CSSProperties & Record<'--data-table-columns' | '--data-table-row-height', string> = {
    '--data-table-columns': gridColumns(visible),
    '--data-table-row-height': `${virtual?.rowHeight ?? 0}px`,
  };

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
                columns={hideable.map((c) => ({ key: c.key, title: c.title, shown: isShown(c, choices) }))}
                onToggle={toggleColumn}
                defaultOpened={columnsWanted}
              />
            </Suspense>
          )}
          {filename !== null && rows.length > 0 && (
            <Button size="xs" variant="default" onClick={() => downloadCsv(filename, tableCsv(exported, shownRows()))}>
              Download CSV
            </Button>
          )}
        </Group>
      )}
      {partialSort && (
        <Group gap="xs" role="status">
          <Text size="sm" c="dimmed">
            Sorted by {sortColumn.title} among the {rows.length.toLocaleString('en-US')} rows loaded so far; rows not loaded yet
            are not in this order until they are loaded.
          </Text>
          <Button size="compact-xs" variant="subtle" onClick={() => setSort(null)}>
            Clear sort
          </Button>
        </Group>
      )}
      {virtual ? (
        <div
          role="table"
          aria-label={name}
          aria-busy={loading || undefined}
          aria-rowcount={rows.length + 1}
          className={Table.classes.table}
          style={gridStyle}
        >
          <div role="rowgroup">
            <div role="row" aria-rowindex={1} className={classes.head}>
              {visible.map((c) => (
                <div
                  role="columnheader"
                  key={c.key}
                  className={classes.cell}
                  data-align={c.align}
                  aria-sort={ariaSort(c, directionOf(c))}
                >
                  <HeaderContent column={c} direction={directionOf(c)} onSort={cycleSort} />
                </div>
              ))}
            </div>
          </div>
          {skeleton ? (
            <div role="rowgroup">
              {Array.from({ length: SKELETON_ROWS }, (_, i) => (
                <div role="row" key={i} aria-hidden className={classes.placeholder}>
                  {visible.map((c) => (
                    <div key={c.key} className={classes.cell}>
                      <Skeleton height={12} />
                    </div>
                  ))}
                </div>
              ))}
            </div>
          ) : (
            <VirtualRows
              rows={rows}
              order={order}
              columns={visible}
              rowKey={rowKey}
              rowHeight={virtual.rowHeight}
              overscan={virtual.overscan ?? DEFAULT_OVERSCAN}
            />
          )}
        </div>
      ) : (
        <Table.ScrollContainer minWidth={0} maxHeight={maxHeight} type="native">
          <Table aria-label={name} aria-busy={loading || undefined} stickyHeader={maxHeight !== undefined} {...tableProps}>
            {caption !== undefined && <Table.Caption>{caption}</Table.Caption>}
            <Table.Thead>
              <Table.Tr>
                {visible.map((c) => (
                  <Table.Th
                    key={c.key}
                    ta={c.align}
                    w={c.width ?? (c.ellipsis ? '100%' : undefined)}
                    aria-sort={ariaSort(c, directionOf(c))}
                  >
                    <HeaderContent column={c} direction={directionOf(c)} onSort={cycleSort} />
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {skeleton
                ? Array.from({ length: SKELETON_ROWS }, (_, i) => (
                    <Table.Tr key={`skeleton-${i}`} aria-hidden>
                      {visible.map((c) => (
                        <Table.Td key={c.key}>
                          <Skeleton height={12} />
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))
                : (order ?? rows.map((_, i) => i)).map((index) => {
                    const row = rows[index];
                    if (row === undefined) return null;
                    return (
                      <Table.Tr key={rowKey(row, index)} {...rowProps?.(row)}>
                        {visible.map((c) =>
                          c.ellipsis ? (
                            <Table.Td
                              key={c.key}
                              ta={c.align}
                              className={classes.ellipsis}
                              style={{ maxWidth: c.width ?? 0, whiteSpace: 'nowrap' }}
                              title={fullText(c, row)}
                            >
                              {c.render(row)}
                            </Table.Td>
                          ) : (
                            <Table.Td key={c.key} ta={c.align}>
                              {c.render(row)}
                            </Table.Td>
                          ),
                        )}
                      </Table.Tr>
                    );
                  })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
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
