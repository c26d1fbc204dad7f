import { Skeleton, Stack, Text } from '@mantine/core';
import { lazy, Suspense } from 'react';
import type { BusinessDateProps } from './BusinessDateField';

const Field = lazy(() => import('./BusinessDateField').then((m) => ({ default: m.BusinessDateField })));

/**
 * A calendar day in the business zone (BusinessDateField), loaded after the page's first render so the date library
 * is not part of the filters' first download; until then its label stands over a placeholder of the same size.
 */
export function BusinessDateInput(props: BusinessDateProps) {
  return (
    <Suspense
      fallback={
        <Stack gap={4} w={props.w} aria-hidden>
          <Text size="sm" fw={500}>
            {props.label}
          </Text>
          <Skeleton h={36} />
        </Stack>
      }
    >
      <Field {...props} />
    </Suspense>
  );
}
