import { Anchor, Stack, Text } from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import type { AuditListItem } from '@ops/shared';
import { AnchorLink } from '../../components/RouterLinks';
import { useCan } from '../../lib/use-me';
import { resourcePage } from './resource';

/**
 * An entry's resource on its detail page: a link to the resource's own page (for a role that may open it) and one to
 * the history of everything done to it.
 */
export function AuditResource({ entry }: { entry: Pick<AuditListItem, 'resourceType' | 'resourceId' | 'resourceLabel'> }) {
  const router = useRouter();
  const page = resourcePage(entry);
  const canOpen = useCan(page?.permission ?? 'audit.read');
  const name = `${entry.resourceType} ${entry.resourceLabel ?? entry.resourceId}`;
  return (
    <Stack gap={2}>
      {page !== null && canOpen ? (
        <Anchor
          size="sm"
          href={page.href}
          onClick={(event) => {
            if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
            event.preventDefault();
            void router.navigate({ href: page.href });
          }}
        >
          {name}
        </Anchor>
      ) : (
        <Text span size="sm">
          {name}
        </Text>
      )}
      <AnchorLink to="/audit" search={{ resourceType: entry.resourceType, resourceId: entry.resourceId }} size="sm">
        History of {name}
      </AnchorLink>
    </Stack>
  );
}
