import { Button, Group, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { COMPARISONS, COMPARISON_LABELS, PERIOD_LABELS, PERIOD_PRESETS, type Comparison, type PeriodPreset } from '@ops/shared';
import type { PeriodSearch } from './period-search';

// The search-param half lives apart so route definitions (in the entry chunk) do not pull the picker's inputs in.
export { periodInputOf, periodSearchSchema, type PeriodSearch } from './period-search';

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
          const preset = v as PeriodPreset;
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
        onChange={(v) => v && onChange({ ...value, compare: v as Comparison })}
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
