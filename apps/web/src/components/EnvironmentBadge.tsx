import { Badge, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ENVIRONMENT_LABELS, type Environment } from '@ops/shared';
import { trpc } from '../lib/trpc';

const BASE_TITLE = 'Ops Console';

/** The tier this console runs on (null until the server answered). The same query feeds the badge and the title. */
export function useEnvironment(): Environment | null {
  const query = useQuery({ ...trpc.auth.environment.queryOptions(), staleTime: Infinity });
  return query.data?.environment ?? null;
}

/** Puts the tier in front of the browser tab's title, so a tab on production is told apart from staging. */
export function useEnvironmentTitle(): void {
  const environment = useEnvironment();
  useEffect(() => {
    if (environment !== null) document.title = `[${ENVIRONMENT_LABELS[environment].short}] ${BASE_TITLE}`;
  }, [environment]);
}

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
