import { Anchor, Card, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import { formatBps, formatCents, type BriefHeadline, type BriefReport, type Insight } from '@ops/shared';
import { MetricTile } from '../../components/MetricTile';
import { changeText, pointsText } from '../revenue/format';
import './brief.css';

const valueText = (h: BriefHeadline, v: number | null): string => {
  if (v === null) return '—';
  if (h.unit === 'cents') return formatCents(v);
  if (h.unit === 'bps') return formatBps(v, 1);
  return v.toLocaleString('en-US');
};

/** A rate changes by points ("−7.6 pts"), an amount or a count by percent ("+9.9%"). */
function changeOf(h: BriefHeadline): string {
  if (h.unit !== 'bps') return changeText(h.changeBps);
  return (h.value === null || h.previous === null ? null : pointsText(h.value - h.previous)) ?? '—';
}

function Claims({ title, items, empty }: { title: string; items: Insight[]; empty: string }) {
  const router = useRouter();
  return (
    <Card withBorder className="brief-card" aria-label={title}>
      <Title order={4} mb="xs">
        {title}
      </Title>
      {items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {empty}
        </Text>
      ) : (
        <List spacing="xs" size="sm">
          {items.map((i) => (
            <List.Item key={i.text}>
              {i.text}{' '}
              {i.href !== undefined && (
                <Anchor
                  size="sm"
                  href={i.href}
                  onClick={(e) => {
                    e.preventDefault();
                    if (i.href !== undefined) void router.navigate({ href: i.href });
                  }}
                >
                  See the chart
                </Anchor>
              )}
            </List.Item>
          ))}
        </List>
      )}
    </Card>
  );
}

export function BriefView({ report }: { report: BriefReport }) {
  const router = useRouter();
  const cmp = report.comparison;
  return (
    <Stack>
      <Text c="dimmed" size="sm">
        {report.period.from} to {report.period.to}
        {cmp ? ` against ${cmp.from} to ${cmp.to}` : ''} ({report.timeZone}) · highlights and concerns are only claims that pass
        their statistical tests: the chance of any false claim on this page is at most {Math.round(report.errorRate * 100)} %.
      </Text>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {report.headlines.map((h) => (
          <MetricTile
            key={h.metric}
            metric={h.metric}
            label={h.label}
            value={valueText(h, h.value)}
            footer={
              <Text size="xs">
                {cmp ? `${changeOf(h)} vs ${valueText(h, h.previous)} · ` : ''}
                <Anchor
                  size="xs"
                  href={h.href}
                  onClick={(e) => {
                    e.preventDefault();
                    void router.navigate({ href: h.href });
                  }}
                >
                  chart
                </Anchor>
              </Text>
            }
          />
        ))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Claims title="Highlights" items={report.highlights} empty="No highlight passes its test in this period." />
        <Claims title="Concerns" items={report.concerns} empty="No concern passes its test in this period." />
      </SimpleGrid>
      <Card withBorder className="brief-card" aria-label="Top zero-result searches">
        <Title order={4} mb="xs">
          What students searched for and did not find
        </Title>
        {report.topZeroResultQueries.length === 0 ? (
          <Text c="dimmed" size="sm">
            Every search found an instructor.
          </Text>
        ) : (
          <List size="sm">
            {report.topZeroResultQueries.map((q) => (
              <List.Item key={q.query}>
                <b>{q.query}</b>: {q.zeroResultSearches.toLocaleString('en-US')} searches with no result
              </List.Item>
            ))}
          </List>
        )}
      </Card>
    </Stack>
  );
}
