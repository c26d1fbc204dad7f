import { Stack, Title } from '@mantine/core';
import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { ComposeForm } from '../features/communications/ComposeForm';
import { requirePermission } from '../lib/guard';

export const Route = createFileRoute('/_authed/communications/new')({
  validateSearch: z.object({ template: z.string().max(80).optional().catch(undefined) }),
  beforeLoad: ({ context }) => requirePermission(context, 'communications.send'),
  loader: ({ context }) => context.queryClient.ensureQueryData(context.trpc.communications.templates.queryOptions()),
  component: NewCampaignPage,
});

function NewCampaignPage() {
  const { template } = Route.useSearch();
  return (
    <Stack>
      <Title order={2}>New campaign</Title>
      <ComposeForm initialTemplate={template} />
    </Stack>
  );
}
