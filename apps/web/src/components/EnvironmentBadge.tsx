import { Badge, Tooltip } from '@mantine/core';
import { ENVIRONMENT_LABELS } from '@ops/shared';
import { useEnvironment } from '../lib/environment';

export { useEnvironment, useEnvironmentTitle } from '../lib/environment';

/** Red PROD, amber STG, green DEV: shown in the header of every page. */
export function EnvironmentBadge() {
  const environment = useEnvironment();
  if (environment === null) return null;
  const label = ENVIRONMENT_LABELS[environment];
  return (
    <Tooltip label={`This console is connected to the ${environment} database`}>
      <Badge color={label.color} variant="filled" size="lg" radius="sm" aria-label={`Environment: ${environment}`}>
        {label.short}
      </Badge>
    </Tooltip>
  );
}
