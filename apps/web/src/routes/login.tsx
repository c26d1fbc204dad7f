import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { loginInputSchema, type Me } from '@ops/shared';
import { HOME_BY_ROLE, NAV } from '../lib/nav';
import { errorMessage, queryClient, trpc } from '../lib/trpc';

export const Route = createFileRoute('/login')({
  validateSearch: z.object({ redirect: z.string().startsWith('/').optional() }),
  component: LoginPage,
});

function landingFor(me: Me): string {
  const home = NAV.find((item) => item.to === HOME_BY_ROLE[me.role]);
  if (home && me.permissions.includes(home.permission)) return home.to;
  return NAV.find((item) => me.permissions.includes(item.permission))?.to ?? '/';
}

function LoginPage() {
  const { redirect } = Route.useSearch();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const samples = useQuery(trpc.auth.sampleAccounts.queryOptions());
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async (me) => {
        queryClient.clear();
        queryClient.setQueryData(trpc.auth.me.queryKey(), me);
        await navigate({ to: redirect ?? landingFor(me) });
      },
    }),
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = loginInputSchema.safeParse({ email, password });
    if (!parsed.success) {
      setFieldErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setFieldErrors({});
    login.mutate(parsed.data);
  };

  return (
    <Center mih="100vh" p="md">
      <Stack w={440} gap="lg">
        <Paper withBorder p="xl" radius="md" component="form" onSubmit={submit} noValidate>
          <Stack>
            <Title order={2}>Ops Console</Title>
            <Text c="dimmed" size="sm">
              Sign in with your staff account.
            </Text>
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fieldErrors.email}
              autoFocus
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fieldErrors.password}
            />
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
            <Table>
              <Table.Tbody>
                {samples.data.accounts.map((a) => (
                  <Table.Tr key={a.email}>
                    <Table.Td>
                      <Badge variant="outline">{a.role}</Badge>
                    </Table.Td>
                    <Table.Td>
                      <Anchor
                        component="button"
                        type="button"
                        onClick={() => {
                          setEmail(a.email);
                          setPassword(samples.data.password ?? '');
                        }}
                      >
                        {a.email}
                      </Anchor>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        )}
      </Stack>
    </Center>
  );
}
