import { Anchor, Text, type AnchorProps, type MantineColor } from '@mantine/core';
import type { RegisteredRouter, ValidateLinkOptions } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { Money } from '../Money';
import { AnchorLink } from '../RouterLinks';
import { formatBusinessDate, formatBusinessDateTime, formatBusinessTimestamp } from '../../lib/business-time';
import type { DataTableColumn } from './DataTable';

/**
 * A cell's value with a small line under it: the card under a charge id, the reason under an action, a failure under
 * a status. No line when there is no note, so a row without one keeps its height.
 */
export function WithNote({ children, note, color = 'dimmed' }: { children: ReactNode; note: ReactNode; color?: MantineColor }) {
  return (
    <>
      {children}
      {note ? (
        <Text size="xs" c={color}>
          {note}
        </Text>
      ) : null}
    </>
  );
}

/**
 * A time column: read in the business time zone, kept on one line, sorted by the instant, exported as it reads. A row
 * without a time shows `missing` and exports an empty cell; `precise` reads to the millisecond (log lines, events).
 */
export function whenColumn<Row>(
  key: string,
  title: string,
  at: (row: Row) => string | null,
  { missing = '—', precise = false }: { missing?: string; precise?: boolean } = {},
): DataTableColumn<Row> {
  const format = precise ? formatBusinessTimestamp : formatBusinessDateTime;
  return {
    key,
    title,
    sortValue: at,
    csv: (row) => {
      const value = at(row);
      return value === null ? null : format(value);
    },
    render: (row) => {
      const value = at(row);
      return <span style={{ whiteSpace: 'nowrap' }}>{value === null ? missing : format(value)}</span>;
    },
  };
}

/**
 * A date column for a narrow table: the day, its full time on hover, sorted by the instant. The CSV has the day, or
 * with `exportTime` the time of day too (an event's instant, where the narrow column only hides it).
 */
export function dayColumn<Row>(
  key: string,
  title: string,
  at: (row: Row) => string,
  { exportTime = false }: { exportTime?: boolean } = {},
): DataTableColumn<Row> {
  return {
    key,
    title,
    sortValue: at,
    csv: (row) => (exportTime ? formatBusinessDateTime(at(row)) : formatBusinessDate(at(row))),
    render: (row) => (
      <span style={{ whiteSpace: 'nowrap' }} title={formatBusinessDateTime(at(row))}>
        {formatBusinessDate(at(row))}
      </span>
    ),
  };
}

/** A money column in cents: right-aligned, sorted by the amount, exported in dollars. */
export function moneyColumn<Row>(key: string, title: string, cents: (row: Row) => number): DataTableColumn<Row> {
  return {
    key,
    title,
    align: 'right',
    sortValue: cents,
    csv: (row) => (cents(row) / 100).toFixed(2),
    render: (row) => <Money cents={cents(row)} size="sm" />,
  };
}

/** A duration in milliseconds: right-aligned, sorted and exported as the number; a missing one reads `missing`. */
export function millisecondsColumn<Row>(
  key: string,
  title: string,
  ms: (row: Row) => number | null,
  missing = '—',
): DataTableColumn<Row> {
  return {
    key,
    title,
    align: 'right',
    sortValue: ms,
    render: (row) => {
      const value = ms(row);
      // One line: "1152 ms" split after the number reads as two values in a narrow column.
      return value === null ? missing : <span style={{ whiteSpace: 'nowrap' }}>{value} ms</span>;
    },
  };
}

/**
 * A column of link-styled buttons that act on their row (open its detail, fill a form from it), in the table's own
 * text size: never hidden, and left out of the CSV.
 */
export function buttonColumn<Row>(
  key: string,
  title: string,
  text: (row: Row) => ReactNode,
  onClick: (row: Row) => void,
): DataTableColumn<Row> {
  return {
    key,
    title,
    hideable: false,
    render: (row) => (
      <Anchor component="button" type="button" inherit onClick={() => onClick(row)}>
        {text(row)}
      </Anchor>
    ),
  };
}

/**
 * A column whose cell is a link to the row's page (or a filtered list): sorted and exported by its text. `link` gives
 * the route, checked against the route tree like a `<Link>`'s props; a row without a link shows its text plain, a
 * row without text a dash.
 */
export function linkColumn<Row, TOptions>(
  key: string,
  title: string,
  text: (row: Row) => string | null,
  link: (row: Row) => ValidateLinkOptions<RegisteredRouter, TOptions> | null,
  anchor?: AnchorProps,
): DataTableColumn<Row>;
export function linkColumn<Row>(
  key: string,
  title: string,
  text: (row: Row) => string | null,
  link: (row: Row) => ValidateLinkOptions | null,
  anchor: AnchorProps = {},
): DataTableColumn<Row> {
  return {
    key,
    title,
    sortValue: text,
    render: (row) => {
      const to = link(row);
      const value = text(row) ?? '—';
      return to ? (
        <AnchorLink size="sm" {...anchor} {...to}>
          {value}
        </AnchorLink>
      ) : (
        value
      );
    },
  };
}
