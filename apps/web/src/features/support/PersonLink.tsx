import type { MantineSize } from '@mantine/core';
import type { ReactNode } from 'react';
import { AnchorLink, UnlinkedText } from '../../components/RouterLinks';
import { useCan } from '../../lib/use-me';

/**
 * Words naming a person, opening their page for those who may read people; for others (an exec reading logs or
 * errors) the same words without a link, rather than a link to a page that refuses them.
 */
export function PersonLink({ userId, children, size }: { userId: string; children: ReactNode; size?: MantineSize }) {
  if (!useCan('users.read')) return <UnlinkedText size={size}>{children}</UnlinkedText>;
  return (
    <AnchorLink to="/support/users/$userId" params={{ userId }} size={size}>
      {children}
    </AnchorLink>
  );
}
