import { Card, Group, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { describeAudience, plural, type CampaignDetail } from '@ops/shared';
import { AnchorLink } from '../../components/RouterLinks';
import { formatBusinessDateTime } from '../../lib/business-time';

const fmt = (n: number) => n.toLocaleString('en-US');

function Stat({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {fmt(value)}
      </Text>
    </Card>
  );
}

/**
 * A campaign's progress, counts and who sent it. A message is processed once it is sent, failed or skipped (a
 * cancelled campaign skips what it had not yet sent), so a cancelled campaign reads as fully accounted for.
 */
export function CampaignOverview({ campaign: c }: { campaign: CampaignDetail }) {
  const totalMessages = c.recipientsTotal * Math.max(1, c.channels.length);
  const done = c.sentCount + c.failedCount + c.skippedCount;
  const pct = totalMessages > 0 ? Math.min(100, Math.round((done / totalMessages) * 100)) : c.status === 'completed' ? 100 : 0;
  const showSkipped = c.skippedCount > 0 || c.status === 'cancelled';
  return (
    <Stack>
      <Card withBorder>
        <Group justify="space-between" mb={4}>
          <Text size="sm">
            {fmt(done)} of {plural(totalMessages, 'message')} processed
          </Text>
          <Text size="sm" fw={600} aria-live="polite" data-testid="campaign-status">
            {c.status}
          </Text>
        </Group>
        <Progress value={pct} aria-label="Send progress" animated={c.status === 'sending'} />
      </Card>
      <SimpleGrid cols={{ base: 2, md: showSkipped ? 5 : 4 }}>
        <Stat label="Recipients" value={c.recipientsTotal} testId="recipients-total" />
        <Stat label="Messages sent" value={c.sentCount} testId="sent-count" />
        <Stat label="Messages failed" value={c.failedCount} testId="failed-count" />
        {showSkipped && <Stat label="Messages skipped" value={c.skippedCount} testId="skipped-count" />}
        <Stat label="Excluded" value={c.excludedCount} testId="excluded-count" />
      </SimpleGrid>
      <Card withBorder>
        <Text size="sm">
          Audience: {c.audience ? describeAudience(c.audience) : '—'} · sent by {c.createdBy ?? '—'} ·{' '}
          {c.approvedBy === null ? 'no approval needed' : `approved by ${c.approvedBy}`} · created{' '}
          {formatBusinessDateTime(c.createdAt)}
          {c.finishedAt ? ` · finished ${formatBusinessDateTime(c.finishedAt)}` : ''}
        </Text>
        {/* Only an admin opens a campaign (communications.send), and an admin reads the audit log. */}
        <AnchorLink to="/audit" search={{ resourceType: 'campaign', resourceId: c.id }} size="sm">
          Audit entries for this campaign
        </AnchorLink>
      </Card>
    </Stack>
  );
}
