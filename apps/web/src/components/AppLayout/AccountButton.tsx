import { Badge, Group, Text, UnstyledButton, type UnstyledButtonProps } from '@mantine/core';
import { IconUserCircle } from '@tabler/icons-react';
import type { ComponentPropsWithRef } from 'react';
import type { Me } from '@ops/shared';

type AccountButtonProps = UnstyledButtonProps & ComponentPropsWithRef<'button'> & { staff: Pick<Me, 'name' | 'role'> };

/** The header's account button: the signed-in person's name and role. The user menu opens from it. */
export function AccountButton({ staff, ...others }: AccountButtonProps) {
  return (
    <UnstyledButton aria-label="Account" {...others}>
      <Group gap={6}>
        <IconUserCircle size={22} />
        <Text size="sm" visibleFrom="sm">
          {staff.name}
        </Text>
        <Badge variant="light">{staff.role}</Badge>
      </Group>
    </UnstyledButton>
  );
}
