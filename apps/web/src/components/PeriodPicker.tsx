import { Button, Group, Select, Text } from '@mantine/core';
import {
  COMPARISONS,
  COMPARISON_LABELS,
  comparisonMisfit,
  localDate,
  PERIOD_LABELS,
  PERIOD_PRESETS,
  periodInputSchema,
  resolvePeriod,
  type PeriodInput,
} from '@ops/shared';
import { businessTimeZone } from '../lib/business-time';
import { dayRangeErrors } from '../lib/filter-fields';
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
    check: dayRangeErrors,
    validateOnChange: true,
    // A link's reversed range says what is wrong with it at once.
    validateInitially: value.from !== undefined && value.to !== undefined,
  });
  const { from, to } = form.values;
  const ready = from !== '' && to !== '' && !form.errors.from && !form.errors.to;
  // What the view reads: a custom range without both ends in order (not applied yet, or a bad link) is the last 30
  // days; a comparison that does not fit the period is the previous period.
  const read = periodInputOf(value);
  const today = localDate(Date.now(), businessTimeZone());
  const notApplied = value.preset === 'custom' && read.preset !== 'custom';
  const readDays = resolvePeriod(read, new Date(), businessTimeZone()).days;
  const comparisonDropped = comparisonMisfit(value.compare, readDays);
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
          if (preset === 'custom') {
            // A custom range starts as the period on screen, so the view keeps its numbers while its ends are edited.
            const shown = resolvePeriod(read, new Date(), businessTimeZone());
            form.setValues({ from: shown.from, to: shown.to });
            onChange({ preset, compare: value.compare, from: shown.from, to: shown.to });
            return;
          }
          // A comparison the new period is too long for becomes the previous period, as the view would read it.
          onChange({ preset, compare: periodInputOf({ preset, compare: value.compare }).compare });
        }}
        w={180}
      />
      <Select
        label="Compare with"
        data={COMPARISONS.map((c) => ({
          value: c,
          label: COMPARISON_LABELS[c],
          disabled: comparisonMisfit(c, readDays) !== null,
        }))}
        value={read.compare}
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
              {value.from !== undefined && value.from > today
                ? `The range starts after today (${today}): showing the last 30 days.`
                : 'Showing the last 30 days until a range is applied.'}
            </Text>
          )}
          {!notApplied && value.to !== undefined && value.to > today && (
            <Text size="sm" c="dimmed" w="100%" ta="right">
              Days after today ({today}) have not happened: the range is read up to today.
            </Text>
          )}
        </>
      )}
      {comparisonDropped && (
        <Text size="sm" c="dimmed" w="100%" ta="right">
          Compared with the previous period: {comparisonDropped}.
        </Text>
      )}
    </Group>
  );
}
