import { Button, Card, Grid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { EXAMPLE_VARS, renderMessage, templateUpdateInputSchema, type MessageTemplate } from '@ops/shared';
import { errorMessage, queryClient, trpc } from '../../lib/trpc';
import { MailPreview } from './MailPreview';
import { formatBusinessDateTime } from '../../lib/business-time';

/** Edit one template; the preview renders it as a recipient would see it, with example values, on every keystroke. */
export function TemplateEditor({ template }: { template: MessageTemplate }) {
  const [name, setName] = useState(template.name);
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation(trpc.communications.updateTemplate.mutationOptions());
  const rendered = renderMessage(subject, body, EXAMPLE_VARS);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = templateUpdateInputSchema.safeParse({ key: template.key, name, subject, body });
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) next[String(issue.path[0] ?? 'form')] ??= issue.message;
      setErrors(next);
      return;
    }
    setErrors({});
    save.mutate(parsed.data, {
      onSuccess: () => {
        notifications.show({ color: 'green', title: 'Template saved', message: `${name} was updated (audited).` });
        void queryClient.invalidateQueries({ queryKey: trpc.communications.templates.queryKey() });
      },
      onError: (err) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(err) }),
    });
  };

  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
            <TextInput
              label="Subject"
              value={subject}
              onChange={(e) => setSubject(e.currentTarget.value)}
              error={errors.subject}
            />
            <Textarea
              label="Body"
              autosize
              minRows={8}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              error={errors.body}
            />
            <Text size="xs" c="dimmed">
              Key {template.key} · last edited {formatBusinessDateTime(template.updatedAt)}
              {template.updatedBy ? ` by ${template.updatedBy}` : ''}
            </Text>
            <Button type="submit" loading={save.isPending} w="fit-content">
              Save template
            </Button>
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Card withBorder>
          <Text size="sm" fw={600} mb="xs">
            Live preview (example values)
          </Text>
          <MailPreview title="Template preview" subject={rendered.subject} html={rendered.html} text={rendered.text} />
        </Card>
      </Grid.Col>
    </Grid>
  );
}
