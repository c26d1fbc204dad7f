import { Card, Stack, Text, Title, Grid } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { RouterNavLink } from '../components/RouterLinks';
import { z } from 'zod';
import { TemplateEditor } from '../features/communications/TemplateEditor';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';
import { SectionCard } from '../components/SectionCard';

export const Route = createFileRoute('/_authed/communications/templates')({
  validateSearch: z.object({ key: z.string().max(80).optional().catch(undefined) }),
  beforeLoad: ({ context }) => requirePermission(context, 'communications.send'),
  loader: ({ context }) => context.queryClient.ensureQueryData(context.trpc.communications.templates.queryOptions()),
  component: TemplatesPage,
});

function TemplatesPage() {
  const { key } = Route.useSearch();
  const templates = useSuspenseQuery(trpc.communications.templates.queryOptions()).data;
  const selected = templates.find((t) => t.key === key) ?? templates[0];
  return (
    <Stack>
      <Title order={2}>Message templates</Title>
      {templates.length === 0 ? (
        <Text c="dimmed">No templates.</Text>
      ) : (
        <Grid>
          <Grid.Col span={{ base: 12, md: 3 }}>
            <Card withBorder p="xs">
              <nav aria-label="Templates">
                {templates.map((t) => (
                  <RouterNavLink
                    key={t.key}
                    to="/communications/templates"
                    search={{ key: t.key }}
                    label={t.name}
                    description={t.key}
                    active={t.key === selected?.key}
                  />
                ))}
              </nav>
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 9 }}>
            {selected && (
              <SectionCard
                title={selected.name}
                aside={
                  <Text size="sm" c="dimmed">
                    {selected.channel}
                  </Text>
                }
              >
                <TemplateEditor key={`${selected.key}-${selected.updatedAt}`} template={selected} />
              </SectionCard>
            )}
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}
