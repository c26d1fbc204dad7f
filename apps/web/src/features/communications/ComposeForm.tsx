import { Button, Checkbox, Grid, Group, Radio, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useSuspenseQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import {
  AUDIENCE_ACTIVITIES,
  AUDIENCE_LABELS,
  AUDIENCE_ROLES,
  audienceStatusesFor,
  CHANNELS,
  MESSAGE_VARIABLES,
  campaignSendInputSchema,
  isCampaignTemplate,
  templatePlaceholders,
  type CampaignSendFormInput,
  type AudienceActivity,
  type AudienceRole,
  type AudienceStatus,
  type CampaignChannel,
} from '@ops/shared';
import { useActionOf } from '../../components/ActionModal/ActionModal';
import { useSchemaForm } from '../../lib/schema-form';
import { queryClient, trpc } from '../../lib/trpc';
import { AudiencePanel } from './AudiencePanel';

/** The options of one audience or channel group, each under its label; `Option` is Radio or Checkbox. */
function choices(Option: typeof Radio | typeof Checkbox, values: ReadonlyArray<keyof typeof AUDIENCE_LABELS>) {
  return (
    <Group mt={4}>
      {values.map((v) => (
        <Option key={v} value={v} label={AUDIENCE_LABELS[v]} />
      ))}
    </Group>
  );
}

type ComposeValues = {
  name: string;
  templateKey: string | null;
  subject: string;
  body: string;
  role: AudienceRole;
  statuses: AudienceStatus[];
  activity: AudienceActivity;
  channels: CampaignChannel[];
};

/** Compose → "Preview" (the action modal) → Confirm; the audience panel beside it updates as the form changes. */
export function ComposeForm({ initialTemplate }: { initialTemplate: string | undefined }) {
  // A booking or refund message is filled from one booking, which a campaign does not have: not offered here.
  const templates = useSuspenseQuery(trpc.communications.templates.queryOptions()).data.filter((t) => isCampaignTemplate(t.key));
  const start = templates.find((t) => t.key === initialTemplate);
  const initialValues: ComposeValues = {
    name: '',
    templateKey: start?.key ?? null,
    subject: start?.subject ?? '',
    body: start?.body ?? '',
    role: 'students',
    statuses: [],
    activity: 'any',
    channels: ['email'],
  };
  const { form, onSubmit } = useSchemaForm({
    schema: campaignSendInputSchema,
    initialValues,
    toInput: (v): CampaignSendFormInput => ({
      kind: 'announcement',
      name: v.name,
      templateKey: v.templateKey,
      subject: v.subject,
      body: v.body,
      audience: { role: v.role, statuses: v.statuses, activity: v.activity },
      channels: v.channels,
    }),
    errorFields: { 'audience.role': 'role', 'audience.statuses': 'statuses', 'audience.activity': 'activity' },
  });
  const navigate = useNavigate();

  const { role, statuses, activity, subject, body, templateKey } = form.values;
  const placeholders = templatePlaceholders(templateKey).map((p) => `{{${p}}}`);
  const variables = `Variables: ${MESSAGE_VARIABLES.map((v) => `{{${v}}}`).join(', ')}`;
  // A status the new audience cannot have (founding, for students) is dropped with its checkbox.
  const pickRole = (value: string) => {
    const next = AUDIENCE_ROLES.find((r) => r === value) ?? 'students';
    form.setValues({ role: next, statuses: statuses.filter((x) => audienceStatusesFor(next).includes(x)) });
  };
  const chosen = { audience: { role, statuses, activity }, subject, body };
  const [debounced] = useDebouncedValue(chosen, 400);

  const action = useActionOf(trpc.communications.send, {
    title: 'Send campaign',
    onDone: (result) => {
      void queryClient.invalidateQueries({ queryKey: trpc.communications.list.queryKey() });
      // Queued now: open the new campaign. Waiting for a second admin: back to the list.
      if (result.created?.type === 'campaign')
        void navigate({ to: '/communications/$campaignId', params: { campaignId: result.created.id } });
      else void navigate({ to: '/communications' });
    },
  });

  const pickTemplate = (key: string | null) => {
    const t = templates.find((x) => x.key === key);
    form.setValues(t ? { templateKey: key, subject: t.subject, body: t.body } : { templateKey: key });
  };

  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <form onSubmit={onSubmit((request) => action.start(request))} noValidate>
          <Stack gap="sm">
            <TextInput label="Campaign name" {...form.getInputProps('name')} required />
            <Select
              label="Template"
              placeholder="Free text"
              clearable
              data={templates.map((t) => ({ value: t.key, label: t.name }))}
              {...form.getInputProps('templateKey')}
              onChange={pickTemplate}
            />
            <TextInput label="Subject" {...form.getInputProps('subject')} required />
            <Textarea
              label="Message"
              description={
                placeholders.length > 0
                  ? `Replace ${placeholders.join(' and ')} in Subject and Message with your own text. ${variables}`
                  : variables
              }
              minRows={6}
              {...form.getInputProps('body')}
              required
            />
            <Radio.Group label="Audience" {...form.getInputProps('role')} onChange={pickRole}>
              {choices(Radio, AUDIENCE_ROLES)}
            </Radio.Group>
            <Checkbox.Group label="Status" description="All chosen must hold" {...form.getInputProps('statuses')}>
              {choices(Checkbox, audienceStatusesFor(role))}
            </Checkbox.Group>
            <Radio.Group label="Activity" {...form.getInputProps('activity')}>
              {choices(Radio, AUDIENCE_ACTIVITIES)}
            </Radio.Group>
            <Checkbox.Group label="Channels" {...form.getInputProps('channels')}>
              {choices(Checkbox, CHANNELS)}
            </Checkbox.Group>
            <Text size="xs" c="dimmed">
              Suspended, deactivated and unsubscribed users are always excluded.
            </Text>
            <Button type="submit" loading={action.busy} w="fit-content">
              Preview
            </Button>
          </Stack>
        </form>
        {action.modal}
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <AudiencePanel input={debounced} settling={JSON.stringify(chosen) !== JSON.stringify(debounced)} />
      </Grid.Col>
    </Grid>
  );
}
