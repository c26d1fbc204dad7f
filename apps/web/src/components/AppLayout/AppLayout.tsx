import {
  ActionIcon,
  AppShell,
  Badge,
  Burger,
  Group,
  Menu,
  NavLink,
  Text,
  Tooltip,
  UnstyledButton,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { IconKey, IconLogout, IconMoon, IconSearch, IconSun, IconUserCircle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';
import { spotlight } from '../../features/spotlight/store';
import { EnvironmentBadge } from '../EnvironmentBadge';
import { NAV } from '../../lib/nav';
import { queryClient, trpc } from '../../lib/trpc';
import { useMe } from '../../lib/use-me';
import { PageSkeleton } from '../PageSkeleton';

/** The spotlight's code (and Mantine's modal) is not needed to draw the first page: it loads just after. */
const AppSpotlight = lazy(() => import('../../features/spotlight/AppSpotlight').then((m) => ({ default: m.AppSpotlight })));

export function AppLayout() {
  const me = useMe();
  const [opened, { toggle }] = useDisclosure();
  const { colorScheme, toggleColorScheme } = useMantineColorScheme();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const navigate = useNavigate();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: async () => {
        queryClient.clear();
        await navigate({ to: '/login' });
      },
    }),
  );
  const items = NAV.filter((item) => me.permissions.includes(item.permission));
  // Cmd/Ctrl-K from anywhere, even while typing in a field.
  useHotkeys([['mod + K', () => spotlight.open()]], []);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={700}>Ops Console</Text>
            <EnvironmentBadge />
          </Group>
          <Group gap="xs">
            <UnstyledButton onClick={() => spotlight.open()} aria-label="Search (Ctrl+K)">
              <Group gap={6} px="sm" py={4} style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}>
                <IconSearch size={16} />
                <Text size="sm" c="dimmed" visibleFrom="sm">
                  Search or jump…
                </Text>
                <Badge size="xs" variant="default">
                  Ctrl K
                </Badge>
              </Group>
            </UnstyledButton>
            <Tooltip label={colorScheme === 'dark' ? 'Light mode' : 'Dark mode'}>
              <ActionIcon variant="default" size="lg" onClick={toggleColorScheme} aria-label="Toggle color scheme">
                {colorScheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
              </ActionIcon>
            </Tooltip>
            <Menu position="bottom-end">
              <Menu.Target>
                <UnstyledButton aria-label="Account">
                  <Group gap={6}>
                    <IconUserCircle size={22} />
                    <Text size="sm" visibleFrom="sm">
                      {me.name}
                    </Text>
                    <Badge variant="light">{me.role}</Badge>
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{me.email}</Menu.Label>
                <Menu.Item leftSection={<IconKey size={16} />} component={Link} to="/tokens">
                  API tokens
                </Menu.Item>
                <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => logout.mutate()}>
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {items.map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={item.label}
            leftSection={<item.icon size={18} />}
            active={item.to === '/' ? pathname === '/' : pathname.startsWith(item.to)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<PageSkeleton />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
      <Suspense fallback={null}>
        <AppSpotlight items={items} />
      </Suspense>
    </AppShell>
  );
}
