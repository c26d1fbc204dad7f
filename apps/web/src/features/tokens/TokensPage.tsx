import { Alert, Button, Code, CopyButton, Group, NumberInput, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { TOKEN_MAX_DAYS, tokenCreateInputSchema, type AccessTokenRow } from '@ops/shared';
import { inFormWords } from '../../components/ActionModal/ActionModal';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { whenColumn } from '../../components/DataTable/columns';
import { useSchemaForm } from '../../lib/schema-form';
import { trpc } from '../../lib/trpc';

function state(t: AccessTokenRow): string {
  if (t.revokedAt !== null) return 'Revoked';
  if (new Date(t.expiresAt) <= new Date()) return 'Expired';
  return 'Active';
}

const columns: Array<DataTableColumn<AccessTokenRow>> = [
  { key: 'name', title: 'Name', sortValue: (t) => t.name, render: (t) => t.name },
  whenColumn('created', 'Created', (t) => t.createdAt),
  whenColumn('lastUsed', 'Last used', (t) => t.lastUsedAt, { missing: 'Never' }),
  whenColumn('expires', 'Expires', (t) => t.expiresAt),
  { key: 'state', title: 'State', sortValue: state, render: state },
];

/** The create form's fields; the days box holds '' while emptied. */
type NewToken = { name: string; expiresInDays: number | string };
const NEW_TOKEN: NewToken = { name: '', expiresInDays: 30 };

/** Personal access tokens for assistants connecting to /mcp: create (secret shown once), list, revoke. */
export function TokensPage() {
  const queryClient = useQueryClient();
  const tokens = useSuspenseQuery(trpc.tokens.list.queryOptions()).data;
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const { form, onSubmit } = useSchemaForm({
    schema: tokenCreateInputSchema,
    initialValues: NEW_TOKEN,
    toInput: (v) => ({ name: v.name, expiresInDays: Number(v.expiresInDays) }),
  });
  const invalidate = () => queryClient.invalidateQueries(trpc.tokens.list.queryFilter());
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: async (row) => {
        setCreated({ name: row.name, token: row.token });
        form.reset();
        await invalidate();
      },
    }),
  );
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions({ onSuccess: invalidate }));
  const mcpUrl = `${window.location.origin}/mcp`;
  const revokeColumn: DataTableColumn<AccessTokenRow> = {
    key: 'revoke',
    title: '',
    hideable: false,
    render: (t) =>
      state(t) === 'Active' && (
        <Button
          size="xs"
          color="red"
          variant="light"
          aria-label={`Revoke ${t.name}`}
          loading={revoke.isPending && revoke.variables.id === t.id}
          onClick={() => revoke.mutate({ id: t.id })}
        >
          Revoke
        </Button>
      ),
  };

  return (
    <Stack maw={960}>
      <Title order={2}>API tokens</Title>
      <Text c="dimmed" size="sm">
        A personal access token lets an AI assistant act as you on <Code>{mcpUrl}</Code> (Model Context Protocol), with your
        role&apos;s permissions and nothing more. Everything it changes is audited under your name with channel mcp.
      </Text>

      <Paper withBorder p="md">
        <form onSubmit={onSubmit((request) => create.mutate(request))} noValidate>
          <Group align="flex-end">
            <TextInput label="Name" placeholder="Assistant on my laptop" w={280} {...form.getInputProps('name')} />
            {/* Not clamped: a typed 365 stays 365 and the schema says why it is refused, rather than becoming 90. */}
            <NumberInput
              label="Expires in (days)"
              min={1}
              max={TOKEN_MAX_DAYS}
              clampBehavior="none"
              w={160}
              {...form.getInputProps('expiresInDays')}
            />
            <Button type="submit" loading={create.isPending}>
              Create token
            </Button>
          </Group>
          {create.error && (
            <Text c="red" size="sm" mt="xs">
              {inFormWords(create.error.message, { name: 'Name' })}
            </Text>
          )}
        </form>
      </Paper>

      {created && (
        <Alert color="green" title={`Token "${created.name}" created`} withCloseButton onClose={() => setCreated(null)}>
          <Stack gap="xs">
            <Text size="sm">Copy it now: it is shown only once.</Text>
            <Group gap="xs" wrap="nowrap">
              <Code data-testid="new-token" style={{ wordBreak: 'break-all' }}>
                {created.token}
              </Code>
              <CopyButton value={created.token}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" onClick={copy}>
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        </Alert>
      )}

      <DataTable
        name="Your API tokens"
        storageKey="tokens"
        csv="api-tokens.csv"
        columns={[...columns, revokeColumn]}
        rows={tokens}
        empty="No tokens yet."
        tableProps={{ striped: true }}
      />
    </Stack>
  );
}
