import { Button, Checkbox, Popover, Stack } from '@mantine/core';

/** A column the Columns menu offers: its key, its title and whether it is shown now. */
export interface ColumnChoice {
  key: string;
  title: string;
  shown: boolean;
}

/**
 * The DataTable's Columns menu. Mantine's Popover and Checkbox are not needed to draw a table, so DataTable loads
 * this after the table is on screen; a click on the button before then opens the menu as it arrives.
 */
export function ColumnsMenu({
  columns,
  onToggle,
  defaultOpened,
}: {
  columns: readonly ColumnChoice[];
  onToggle: (key: string, shown: boolean) => void;
  defaultOpened: boolean;
}) {
  return (
    <Popover position="bottom-end" shadow="md" withinPortal={false} defaultOpened={defaultOpened}>
      <Popover.Target>
        <Button size="xs" variant="default">
          Columns
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={6} role="group" aria-label="Shown columns">
          {columns.map((c) => (
            <Checkbox
              key={c.key}
              size="xs"
              label={c.title}
              checked={c.shown}
              onChange={(e) => onToggle(c.key, e.currentTarget.checked)}
            />
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
