import { Alert } from '@mantine/core';
import { plural, shortSha, type DeployHistoryRow } from '@ops/shared';
import { formatBusinessDateTime } from '../../lib/business-time';

/** Which deploy of the history shipped a release: the newest that matches, or a plain word that none did. */
export function ReleaseNote({ release, shipped }: { release: string; shipped: DeployHistoryRow[] }) {
  const d = shipped[0];
  if (d === undefined)
    return (
      <Alert color="gray" title={`Release ${release}`}>
        No deploy of the last 30 days shipped it: it is older than the history, or its service names releases differently (as
        service@version or a commit sha).
      </Alert>
    );
  return (
    <Alert color="yellow" title={`Release ${release}`}>
      Shipped by the {d.service} deploy of {formatBusinessDateTime(d.deployedAt)} by {d.deployedBy} ({d.version},{' '}
      {shortSha(d.sha)}), marked in the history below
      {shipped.length > 1 ? ` with ${plural(shipped.length - 1, 'earlier deploy')} of the same release` : ''}.
    </Alert>
  );
}
