import { Card, Text } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';

interface Fact {
  label: string;
  /** The value as it should read (plain text, an amount); set its own size. */
  value: ReactNode;
}

/** A few facts in one card, each label small and dimmed above its value (a person's contact, their balances). */
export function FactsCard({ facts }: { facts: Fact[] }) {
  return (
    <Card withBorder>
      {facts.map((fact, i) => (
        <Fragment key={fact.label}>
          <Text size="sm" c="dimmed" mt={i > 0 ? 'xs' : undefined}>
            {fact.label}
          </Text>
          {fact.value}
        </Fragment>
      ))}
    </Card>
  );
}
