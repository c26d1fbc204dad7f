import { Button, Group, Select, Text } from '@mantine/core';
import { COMPARISONS, COMPARISON_LABELS, PERIOD_LABELS, PERIOD_PRESETS, periodInputSchema, type PeriodInput } from '@ops/shared';
import { useSchemaForm } from '../lib/schema-form';
import { periodInputOf, type PeriodSearch } from './period-search';
import { BusinessDateInput } from './BusinessDateInput';

// The search-param half lives apart so route definitions (in the entry chunk) do not pull the picker's inputs in.
export { periodInputOf, periodSearchSchema, type PeriodSearch } from './period-search';

export function PeriodPicker({ value, onChange }: { value: PeriodSearch; onChange: (next: PeriodSearch) => void }) {
  const { form, onSubmit } = useSchemaForm({
    schema: periodInputSchema,
    initialValues: { from: value.from ?? '', to: value.to ?? '' },
    toInput: (v): PeriodInput => ({ preset: 'custom', compare: value.compare, from: v.from || undefined, to: v.to || undefined }),
    validateOnChange: true,
    // A link's reversed range says what is wrong with it at once.
    validateInitially: value.from !== undefined && value.to !== undefined,
  });
  const { from, to } = form.values;
  const ready = from !== '' && to !== '' && !form.errors.from && !form.errors.to;
  // A custom range without both ends in order (not applied yet, or a bad link): the view reads the last 30 days.
  const notApplied = value.preset === 'custom' && periodInputOf(value).preset !== 'custom';
  return (
    <Group align="flex-end" gap="sm" wrap="wrap" justify="flex-end">
      <Select
        label="Period"
        data={PERIOD_PRESETS.map((p) => ({ value: p, label: PERIOD_LABELS[p] }))}
        value={value.preset}
        allowDeselect={false}
        onChange={(v) => {
          if (!v) return;
          const preset = v;
          if (preset === 'custom') onChange({ ...value, preset, ...(from && to ? { from, to } : {}) });
          else onChange({ preset, compare: value.compare });
        }}
        w={180}
      />
      <Select
        label="Compare with"
        data={COMPARISONS.map((c) => ({ value: c, label: COMPARISON_LABELS[c] }))}
        value={value.compare}
        allowDeselect={false}
        onChange={(v) => v && onChange({ ...value, compare: v })}
        w={230}
      />
      {value.preset === 'custom' && (
        <>
          <BusinessDateInput label="From" w={160} {...form.getInputProps('from')} />
          <BusinessDateInput label="To" w={160} {...form.getInputProps('to')} />
          <Button
            variant="light"
            disabled={!ready}
            onClick={() => onSubmit((range) => onChange({ ...value, preset: 'custom', from: range.from, to: range.to }))()}
          >
            Apply range
          </Button>
          {notApplied && (
            <Text size="sm" c="dimmed" w="100%" ta="right">
              Showing the last 30 days until a range is applied.
            </Text>
          )}
        </>
      )}
    </Group>
  );
}
