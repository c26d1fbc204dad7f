import { Alert, Badge, Button, Card, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { useEffect } from 'react';
import { z } from 'zod';
import { loginInputSchema, type SampleAccount } from '@ops/shared';
import { buttonColumn } from '../components/DataTable/columns';
import { DataTable, type DataTableColumn } from '../components/DataTable/DataTable';
import { EnvironmentBadge } from '../components/EnvironmentBadge';
import { spotlight } from '../features/spotlight/store';
import { landingFor } from '../lib/nav';
import { useSchemaForm } from '../lib/schema-form';
import { errorMessage, queryClient, trpc } from '../lib/trpc';

export const Route = createFileRoute('/login')({
  // Back to the page that sent the person here: a path of this console only (not `//host`, which names another site).
  validateSearch: z.object({
    redirect: z
      .string()
      .regex(/^\/(?![/\\])/)
      .optional()
      .catch(undefined),
  }),
  component: LoginPage,
});

function LoginPage() {
  const { redirect } = Route.useSearch();
  const navigate = useNavigate();
  // A Ctrl-K pressed on the way here (a session that had ended) holds no keys from the sign-in form.
  useEffect(() => {
    spotlight.close();
  }, []);
  const { form, onSubmit } = useSchemaForm({
    schema: loginInputSchema,
    initialValues: { email: '', password: '' },
    toInput: (v) => v,
  });
  const samples = useQuery(trpc.auth.sampleAccounts.queryOptions());
  const sampleColumns: Array<DataTableColumn<SampleAccount>> = [
    { key: 'role', title: 'Role', hideable: false, render: (a) => <Badge variant="outline">{a.role}</Badge> },
    buttonColumn(
      'account',
      'Account',
      (a) => a.email,
      (a) => form.setValues({ email: a.email, password: samples.data?.password ?? '' }),
    ),
  ];
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async (me) => {
        queryClient.clear();
        queryClient.setQueryData(trpc.auth.me.queryKey(), me);
        await navigate({ to: redirect ?? landingFor(me) });
      },
    }),
  );

  return (
    <Center mih="100vh" p="md">
      <Stack w={440} gap="lg">
        <Paper withBorder p="xl" radius="md" component="form" onSubmit={onSubmit((request) => login.mutate(request))} noValidate>
          <Stack>
            <Group justify="space-between">
              <Title order={2}>Ops Console</Title>
              <EnvironmentBadge />
            </Group>
            <Text c="dimmed" size="sm">
              Sign in with your staff account.
            </Text>
            <TextInput label="Email" type="email" autoComplete="username" {...form.getInputProps('email')} autoFocus />
            <PasswordInput label="Password" autoComplete="current-password" {...form.getInputProps('password')} />
            {login.error && (
              <Alert color="red" role="alert">
                {errorMessage(login.error)}
              </Alert>
            )}
            <Button type="submit" loading={login.isPending}>
              Sign in
            </Button>
          </Stack>
        </Paper>
        {samples.data && samples.data.accounts.length > 0 && (
          <Card withBorder padding="md">
            <Text fw={600} mb="xs">
              Sample accounts <Badge variant="light">sample data</Badge>
            </Text>
            <Text size="sm" c="dimmed" mb="xs">
              Password for all: <code>{samples.data.password}</code>. Click one to fill the form.
            </Text>
            <DataTable name="Sample accounts" columns={sampleColumns} rows={samples.data.accounts} rowKey={(a) => a.email} />
          </Card>
        )}
      </Stack>
    </Center>
  );
}
