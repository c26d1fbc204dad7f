import { Button, Group, Select, TextInput } from '@mantine/core';
import { z } from 'zod';
import { COMPARISONS, COMPARISON_LABELS, PERIOD_LABELS, PERIOD_PRESETS, periodInputSchema, type PeriodInput } from '@ops/shared';
import { useSchemaForm } from '../lib/schema-form';

/** The period of an analytics view, as URL search params (validated; a bad value falls back to the default). */
export const periodSearchSchema = z.object({
  preset: z.enum(PERIOD_PRESETS).catch('last_30_days').default('last_30_days'),
  compare: z.enum(COMPARISONS).catch('previous_period').default('previous_period'),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
});
export type PeriodSearch = z.infer<typeof periodSearchSchema>;

/** The report input of a search: a custom range without both dates falls back to the last 30 days. */
export function periodInputOf(s: PeriodSearch): PeriodSearch {
  if (s.preset === 'custom' && (!s.from || !s.to || s.from > s.to)) return { preset: 'last_30_days', compare: s.compare };
  return s.preset === 'custom' ? s : { preset: s.preset, compare: s.compare };
}

export function PeriodPicker({ value, onChange }: { value: PeriodSearch; onChange: (next: PeriodSearch) => void }) {
  const { form, onSubmit } = useSchemaForm({
    schema: periodInputSchema,
    initialValues: { from: value.from ?? '', to: value.to ?? '' },
    toInput: (v): PeriodInput => ({ preset: 'custom', compare: value.compare, from: v.from || undefined, to: v.to || undefined }),
    validateOnChange: true,
  });
  const { from, to } = form.values;
  const ready = from !== '' && to !== '' && !form.errors.from && !form.errors.to;
  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
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
          <TextInput label="From" type="date" w={160} {...form.getInputProps('from')} />
          <TextInput label="To" type="date" w={160} {...form.getInputProps('to')} />
          <Button
            variant="light"
            disabled={!ready}
            onClick={() => onSubmit((range) => onChange({ ...value, preset: 'custom', from: range.from, to: range.to }))()}
          >
            Apply range
          </Button>
        </>
      )}
    </Group>
  );
}
