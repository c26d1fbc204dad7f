import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ENVIRONMENT_LABELS, type Environment } from '@ops/shared';
import { trpc } from './trpc';

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
