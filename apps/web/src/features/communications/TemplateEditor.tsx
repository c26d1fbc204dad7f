import { Button, Card, Grid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { EXAMPLE_VARS, renderMessage, templateUpdateInputSchema, templateVariables, type MessageTemplate } from '@ops/shared';
import { useSchemaForm } from '../../lib/schema-form';
import { errorMessage, queryClient, trpc } from '../../lib/trpc';
import { MailPreview } from './MailPreview';
import { formatBusinessDateTime } from '../../lib/business-time';

/** Edit one template; the preview renders it as a recipient would see it, with example values, on every keystroke. */
export function TemplateEditor({ template }: { template: MessageTemplate }) {
  const { form, onSubmit } = useSchemaForm({
    schema: templateUpdateInputSchema,
    initialValues: { name: template.name, subject: template.subject, body: template.body },
    toInput: (v) => ({ key: template.key, ...v }),
  });
  const save = useMutation(trpc.communications.updateTemplate.mutationOptions());
  const rendered = renderMessage(form.values.subject, form.values.body, EXAMPLE_VARS);
  const submit = onSubmit((request) =>
    save.mutate(request, {
      onSuccess: () => {
        notifications.show({ color: 'green', title: 'Template saved', message: `${request.name} was updated (audited).` });
        void queryClient.invalidateQueries({ queryKey: trpc.communications.templates.queryKey() });
      },
      onError: (err) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(err) }),
    }),
  );

  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <TextInput label="Name" {...form.getInputProps('name')} />
            <TextInput label="Subject" {...form.getInputProps('subject')} />
            <Textarea
              label="Body"
              description={`Variables: ${templateVariables(template.key)
                .map((v) => `{{${v}}}`)
                .join(', ')}`}
              minRows={8}
              {...form.getInputProps('body')}
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
