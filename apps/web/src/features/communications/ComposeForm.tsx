import { Alert, Button, Checkbox, Grid, Group, Radio, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useSuspenseQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import {
  AUDIENCE_ACTIVITIES,
  AUDIENCE_LABELS,
  AUDIENCE_ROLES,
  AUDIENCE_STATUSES,
  CHANNELS,
  MESSAGE_VARIABLES,
  campaignSendInputSchema,
  type AudienceActivity,
  type AudienceRole,
  type AudienceStatus,
  type CampaignChannel,
} from '@ops/shared';
import { useActionOf } from '../../components/ActionModal/ActionModal';
import { queryClient, trpc } from '../../lib/trpc';
import { AudiencePanel } from './AudiencePanel';

/** Compose → "Preview" (the action modal) → Confirm; the audience panel beside it updates as the form changes. */
export function ComposeForm({ initialTemplate }: { initialTemplate: string | undefined }) {
  const templates = useSuspenseQuery(trpc.communications.templates.queryOptions()).data;
  const start = templates.find((t) => t.key === initialTemplate);
  const [name, setName] = useState('');
  const [templateKey, setTemplateKey] = useState<string | null>(start?.key ?? null);
  const [subject, setSubject] = useState(start?.subject ?? '');
  const [body, setBody] = useState(start?.body ?? '');
  const [role, setRole] = useState<AudienceRole>('students');
  const [statuses, setStatuses] = useState<AudienceStatus[]>([]);
  const [activity, setActivity] = useState<AudienceActivity>('any');
  const [channels, setChannels] = useState<CampaignChannel[]>(['email']);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const navigate = useNavigate();

  const audience = { role, statuses, activity };
  const [debounced] = useDebouncedValue({ audience, subject, body }, 400);

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
    setTemplateKey(key);
    const t = templates.find((x) => x.key === key);
    if (t) {
      setSubject(t.subject);
      setBody(t.body);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = campaignSendInputSchema.safeParse({
      kind: 'announcement',
      name,
      templateKey,
      subject,
      body,
      audience,
      channels,
    });
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) next[String(issue.path[0] ?? 'form')] ??= issue.message;
      setErrors(next);
      return;
    }
    setErrors({});
    action.start(parsed.data);
  };

  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <TextInput
              label="Campaign name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.name}
              required
            />
            <Select
              label="Template"
              placeholder="Free text"
              clearable
              data={templates.map((t) => ({ value: t.key, label: t.name }))}
              value={templateKey}
              onChange={pickTemplate}
            />
            <TextInput
              label="Subject"
              value={subject}
              onChange={(e) => setSubject(e.currentTarget.value)}
              error={errors.subject}
              required
            />
            <Textarea
              label="Message"
              description={`Variables: ${MESSAGE_VARIABLES.map((v) => `{{${v}}}`).join(', ')}`}
              autosize
              minRows={6}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              error={errors.body}
              required
            />
            <Radio.Group label="Audience" value={role} onChange={(v) => setRole(v)}>
              <Group mt={4}>
                {AUDIENCE_ROLES.map((r) => (
                  <Radio key={r} value={r} label={AUDIENCE_LABELS[r]} />
                ))}
              </Group>
            </Radio.Group>
            <Checkbox.Group label="Status" description="All chosen must hold" value={statuses} onChange={(v) => setStatuses(v)}>
              <Group mt={4}>
                {AUDIENCE_STATUSES.map((s) => (
                  <Checkbox key={s} value={s} label={AUDIENCE_LABELS[s]} />
                ))}
              </Group>
            </Checkbox.Group>
            <Radio.Group label="Activity" value={activity} onChange={(v) => setActivity(v)}>
              <Group mt={4}>
                {AUDIENCE_ACTIVITIES.map((a) => (
                  <Radio key={a} value={a} label={AUDIENCE_LABELS[a]} />
                ))}
              </Group>
            </Radio.Group>
            <Checkbox.Group label="Channels" value={channels} onChange={(v) => setChannels(v)} error={errors.channels}>
              <Group mt={4}>
                {CHANNELS.map((c) => (
                  <Checkbox key={c} value={c} label={AUDIENCE_LABELS[c]} />
                ))}
              </Group>
            </Checkbox.Group>
            {errors.audience && <Alert color="red">{errors.audience}</Alert>}
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
        <AudiencePanel input={debounced} />
      </Grid.Col>
    </Grid>
  );
}
