import { Code, Group, Stack, Text, Title } from '@mantine/core';
import { createFileRoute } from '@tanstack/react-router';
import { ButtonLink } from '../components/RouterLinks';

/**
 * Any address no page answers (a typo, an old bookmark): said inside the console, with the menu still there, after
 * sign-in like every other page.
 */
export const Route = createFileRoute('/_authed/$')({
  component: NoSuchPage,
});

function NoSuchPage() {
  const { _splat } = Route.useParams();
  return (
    <Stack p="md" gap="sm" role="alert" aria-label="Page not found">
      <Title order={2}>Page not found</Title>
      <Text c="dimmed">
        Nothing in the console lives at <Code>/{_splat}</Code>. Pick an area from the menu, or find a person or booking with
        Ctrl-K.
      </Text>
      <Group>
        <ButtonLink to="/" variant="light">
          Go to your home page
        </ButtonLink>
      </Group>
    </Stack>
  );
}
