import { Select, Group, Stack, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { CohortHeatmap } from '../features/cohorts/CohortHeatmap';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';

const searchSchema = z.object({ months: z.coerce.number().int().min(1).max(24).catch(12).default(12) });

export const Route = createFileRoute('/_authed/cohorts')({
  validateSearch: searchSchema,
  beforeLoad: ({ context }) => requirePermission(context, 'analytics.read'),
  loaderDeps: ({ search }) => ({ months: search.months }),
  loader: ({ context, deps }) => context.queryClient.ensureQueryData(context.trpc.cohorts.report.queryOptions(deps)),
  component: CohortsPage,
});

/** One heat map for each side of the marketplace, alike but for whose cohorts they are. */
const HEAT_MAPS = [
  { who: 'students', title: 'Student retention (booked again)' },
  { who: 'instructors', title: 'Instructor retention (taught again)' },
] as const;

function CohortsPage() {
  const { months } = Route.useSearch();
  const navigate = Route.useNavigate();
  const report = useSuspenseQuery(trpc.cohorts.report.queryOptions({ months })).data;
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Cohorts</Title>
        <Select
          label="Cohorts"
          data={['6', '12', '18', '24'].map((v) => ({ value: v, label: `Last ${v} months` }))}
          value={String(months)}
          allowDeselect={false}
          onChange={(v) => v && void navigate({ search: { months: Number(v) } })}
          w={180}
        />
      </Group>
      <Text c="dimmed" size="sm">
        Monthly signup cohorts ({report.timeZone}) × months since signup. Students: booked a lesson that month. Instructors:
        taught a completed lesson that month. The month under way is counted so far (in italics, not coloured).
      </Text>
      {HEAT_MAPS.map(({ who, title }) => (
        <CohortHeatmap
          key={who}
          title={title}
          rows={report[who]}
          fileName={`cohorts-${who}.csv`}
          firstDataDay={report.firstDataDay[who]}
          firstMonth={report.months[0] ?? ''}
        />
      ))}
    </Stack>
  );
}
