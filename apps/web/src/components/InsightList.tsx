import { Alert, Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import type { Insight } from '@ops/shared';
import { SectionCard } from './SectionCard';

/**
 * Highlights and concerns. A claim marked significant passed the report's correction for every test it ran; its
 * effect and 95 % interval are in the text, and "View chart" opens the chart behind it.
 */
export function InsightList({ insights, title, errorRate }: { insights: Insight[]; title: string; errorRate?: number }) {
  const router = useRouter();
  return (
    <SectionCard
      title={title}
      titleGap="xs"
      aria-label={title}
      aside={
        <Text size="xs" c="dimmed">
          “Significant” = survives correction for all tests of this view (error rate {Math.round((errorRate ?? 0.05) * 100)} %)
        </Text>
      }
    >
      {insights.length === 0 ? (
        <Text c="dimmed">Nothing stands out in this period.</Text>
      ) : (
        <Stack gap="xs">
          {insights.map((i) => (
            <Alert
              key={i.text}
              color={i.tone === 'concern' ? 'red' : i.tone === 'highlight' ? 'teal' : 'blue'}
              variant="light"
              p="xs"
            >
              <Group gap="xs" wrap="nowrap" align="flex-start" justify="space-between">
                <Text size="sm">{i.text}</Text>
                <Group gap="xs" wrap="nowrap">
                  {i.significant === true && (
                    <Badge
                      size="xs"
                      color={i.tone === 'concern' ? 'red' : 'teal'}
                      title={i.pValue === undefined ? undefined : `p = ${i.pValue.toExponential(1)} before correction`}
                    >
                      significant
                    </Badge>
                  )}
                  {i.href !== undefined && (
                    <Anchor
                      size="xs"
                      href={i.href}
                      className="no-print"
                      onClick={(e) => {
                        e.preventDefault();
                        if (i.href !== undefined) void router.navigate({ href: i.href });
                      }}
                    >
                      View chart
                    </Anchor>
                  )}
                </Group>
              </Group>
            </Alert>
          ))}
        </Stack>
      )}
    </SectionCard>
  );
}
