import { Anchor, Card, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import {
  formatBps,
  formatCents,
  formatCount,
  noDataBefore,
  plural,
  type BriefHeadline,
  type BriefReport,
  type Insight,
  missingComparison,
  shownPointsBetween,
} from '@ops/shared';
import { MetricTile } from '../../components/MetricTile';
import { versusChange } from '../../components/Versus';
import { changeWords, comparisonWords, daysWords } from '../revenue/format';
import './brief.css';

const valueText = (h: BriefHeadline, v: number | null): string => {
  if (v === null) return '—';
  if (h.unit === 'cents') return formatCents(v);
  if (h.unit === 'bps') return formatBps(v, 1);
  return formatCount(v);
};

/**
 * A headline against the comparison: a rate by points between the rates as shown ("−7.6 pts vs 71.4%"), an amount
 * or a count by percent, or by the difference where a side is at or below zero ("−$43.22 vs $38.40"); a figure that
 * is missing says why, never "— vs —"; one against days before its data says so ("no data before 2025-11-03"). A
 * change its test does not pass says so, as the page's claims pass theirs ("… · within the ordinary swing").
 */
function versusText(h: BriefHeadline): string {
  const why = h.missing;
  // A side that starts before the figure's first data is no observation: no change is told (comparisonBeforeData).
  if (why.value === 'before_data' || why.previous === 'before_data') return noDataBefore(h.firstDataDay);
  const missing = missingComparison(why.value, why.previous, valueText(h, h.previous));
  if (missing !== null) return missing;
  const change = `${changeOf(h)} vs ${valueText(h, h.previous)}`;
  return h.significant === false ? `${change} · ${ORDINARY_SWING}` : change;
}

/** A change that does not pass its test, in the words the funnel page uses. */
const ORDINARY_SWING = 'within the ordinary swing';

/** Without a comparison, why a missing figure is missing ("too young to judge · "); nothing when it is there. */
function missingText(h: BriefHeadline): string {
  const why = h.missing.value;
  if (why === null) return '';
  return `${why === 'before_data' ? noDataBefore(h.firstDataDay) : missingComparison(why, undefined, '')} · `;
}

/**
 * What the zero-result list says when it is empty. No search at all is not "every search found an instructor": the
 * search conversion headline tells which it was, missing 'before_data' for a period before the first search and
 * 'no_data' for a period without one (a period with searches has a conversion, or is 'too_young').
 */
function noZeroResultText(report: BriefReport): string {
  const searches = report.headlines.find((h) => h.metric === 'searchConversion');
  if (searches?.missing.value === 'before_data')
    return `No searches were logged in this period: ${noDataBefore(searches.firstDataDay)}.`;
  if (searches?.missing.value === 'no_data') return 'No searches were logged in this period.';
  return 'Every search found an instructor.';
}

function changeOf(h: BriefHeadline): string {
  if (h.unit === 'bps') return changeWords(shownPointsBetween(h.value, h.previous), 'points');
  const c = versusChange(h.value, h.previous);
  return changeWords(c.change, c.unit, { format: h.unit === 'cents' ? formatCents : formatCount });
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
        {daysWords(report.period)}
        {comparisonWords(cmp, report.comparisonUntil, report.timeZone)} ({report.timeZone}) · highlights and concerns are only
        claims that pass their statistical tests: the chance of any false claim on this page is at most{' '}
        {Math.round(report.errorRate * 100)} %.
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
                {cmp ? `${versusText(h)} · ` : missingText(h)}
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
            {noZeroResultText(report)}
          </Text>
        ) : (
          <List size="sm">
            {report.topZeroResultQueries.map((q) => (
              <List.Item key={q.query}>
                <b>{q.query}</b>: {plural(q.zeroResultSearches, 'search', 'searches')} with no result
              </List.Item>
            ))}
          </List>
        )}
      </Card>
    </Stack>
  );
}
