import { Button, Group, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { z } from 'zod';
import { COMPARISONS, COMPARISON_LABELS, PERIOD_LABELS, PERIOD_PRESETS } from '@ops/shared';

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
  const [from, setFrom] = useState(value.from ?? '');
  const [to, setTo] = useState(value.to ?? '');
  const customError = from && to && from > to ? 'From must not be after To' : null;
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
          <TextInput label="From" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={160} />
          <TextInput
            label="To"
            type="date"
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={customError}
            w={160}
          />
          <Button
            variant="light"
            disabled={!from || !to || customError !== null}
            onClick={() => onChange({ ...value, preset: 'custom', from, to })}
          >
            Apply range
          </Button>
        </>
      )}
    </Group>
  );
}
