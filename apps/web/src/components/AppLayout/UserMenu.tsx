import { Menu } from '@mantine/core';
import { IconKey, IconLogout } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import type { Me } from '@ops/shared';
import { queryClient, trpc } from '../../lib/trpc';
import { AccountButton } from './AccountButton';

/**
 * The account menu (API tokens, sign out). Mantine's Menu brings its popover and positioning code, so the layout loads
 * this after the page is drawn; a click on the account button before then opens the menu as it arrives.
 */
export function UserMenu({ me, defaultOpened }: { me: Pick<Me, 'name' | 'role' | 'email'>; defaultOpened: boolean }) {
  const navigate = useNavigate();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: async () => {
        queryClient.clear();
        await navigate({ to: '/login' });
      },
    }),
  );
  return (
    <Menu position="bottom-end" defaultOpened={defaultOpened}>
      <Menu.Target>
        <AccountButton staff={me} />
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
  );
}
