import { ActionIcon, Badge, Burger, Group, NavLink, Text, Tooltip, UnstyledButton, useMantineColorScheme } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconMoon, IconSearch, IconSun } from '@tabler/icons-react';
import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import { lazy, Suspense, useState } from 'react';
import { openSpotlight } from '../../features/spotlight/store';
import { EnvironmentBadge } from '../EnvironmentBadge';
import { activeNavItem, isPeriodPage, NAV, navSearch } from '../../lib/nav';
import { RouterNavLink } from '../RouterLinks';
import { useMe } from '../../lib/use-me';
import { PageSkeleton } from '../PageSkeleton';
import { AccountButton } from './AccountButton';
import classes from './AppLayout.module.css';

/** The spotlight's code (and Mantine's modal) is not needed to draw the first page: it loads just after. */
const AppSpotlight = lazy(() => import('../../features/spotlight/AppSpotlight').then((m) => ({ default: m.AppSpotlight })));
/** Nor is the account menu's (Mantine's Menu and its popover): until it arrives the account button stands alone. */
const UserMenu = lazy(() => import('./UserMenu').then((m) => ({ default: m.UserMenu })));

export function AppLayout() {
  const me = useMe();
  const [opened, { toggle }] = useDisclosure();
  const { colorScheme, toggleColorScheme } = useMantineColorScheme();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const search = useRouterState({ select: (s) => s.location.search });
  // A click on the account button before the menu's code has arrived opens the menu when it does.
  const [menuWanted, setMenuWanted] = useState(false);
  const items = NAV.filter((item) => me.permissions.includes(item.permission));
  const active = activeNavItem(items, pathname);

  return (
    <div className={classes.shell}>
      <header className={classes.header}>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={700}>Ops Console</Text>
            <EnvironmentBadge />
          </Group>
          <Group gap="xs">
            <UnstyledButton onClick={openSpotlight} aria-label="Search (Ctrl+K)">
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
            <Suspense fallback={<AccountButton staff={me} onClick={() => setMenuWanted(true)} />}>
              <UserMenu me={me} defaultOpened={menuWanted} />
            </Suspense>
          </Group>
        </Group>
      </header>
      <nav className={classes.navbar} aria-label="Main navigation" data-opened={opened || undefined}>
        {items.map((item) => {
          const shared = {
            label: item.label,
            leftSection: <item.icon size={18} />,
            // The router would mark /health current on every page under it too; the one area is ours to name.
            activeOptions: { exact: true },
            active: item === active,
            'aria-current': item === active ? ('page' as const) : undefined,
          };
          const periodSearch = navSearch(item.to, active?.to, search);
          // From one report to another the period on screen goes along: the next page answers the same question.
          return periodSearch && isPeriodPage(item.to) ? (
            <RouterNavLink key={item.to} to={item.to} search={periodSearch} preload={false} {...shared} />
          ) : (
            <NavLink key={item.to} component={Link} to={item.to} {...shared} />
          );
        })}
      </nav>
      <main className={classes.main}>
        <Suspense fallback={<PageSkeleton />}>
          <Outlet />
        </Suspense>
      </main>
      <Suspense fallback={null}>
        <AppSpotlight items={items} />
      </Suspense>
    </div>
  );
}
