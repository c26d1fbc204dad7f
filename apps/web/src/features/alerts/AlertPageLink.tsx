import { Text } from '@mantine/core';
import { AnchorLink } from '../../components/RouterLinks';
import { useCan } from '../../lib/use-me';
import type { AlertPage } from './alert-pages';

/**
 * The link from an alert to the page that shows what it is about. The failed webhooks ask for more than the alerts
 * page does: a role that may not read them sees the page named without a link, as on the command center.
 */
export function AlertPageLink({ page }: { page: AlertPage }) {
  const canReadWebhooks = useCan('webhooks.read');
  switch (page.kind) {
    case 'webhooks':
      return canReadWebhooks ? (
        <AnchorLink to="/webhooks" search={{ status: 'failed' }} size="sm">
          Failed webhooks
        </AnchorLink>
      ) : (
        <Text span size="sm" c="dimmed">
          Failed webhooks
        </Text>
      );
    case 'payments':
      return (
        <AnchorLink to="/payments" size="sm">
          Payments pipeline
        </AnchorLink>
      );
    case 'jobs':
      return (
        <AnchorLink to="/jobs" search={{ queue: page.queue, status: page.dead ? 'dead' : undefined }} size="sm">
          {page.dead ? 'Dead jobs' : 'Jobs'}
          {page.queue ? ` in ${page.queue}` : ''}
        </AnchorLink>
      );
    case 'errors':
      // The issues throwing most now, where a spike's cause shows; newest first would lead with whatever is young.
      return (
        <AnchorLink to="/health/errors" search={{ sort: 'freq' }} size="sm">
          Errors (most frequent)
        </AnchorLink>
      );
    case 'errorsByEndpoint':
      return (
        <AnchorLink to="/health/metrics" search={{ metricId: 'errors_by_endpoint', period: '1h' }} size="sm">
          5xx by endpoint
        </AnchorLink>
      );
  }
}
