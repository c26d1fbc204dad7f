import { Card, Group, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A bordered card under its own heading, as detail pages divide what they show (lesson, payment, refunds…). */
export function SectionCard({
  title,
  titleGap = 'sm',
  aside,
  children,
  'aria-label': label,
}: {
  title: ReactNode;
  /** The space under the heading: `xs` for a card of a few lines. */
  titleGap?: 'xs' | 'sm';
  /** What sits at the heading's right: a badge, a source note, the card's own control. */
  aside?: ReactNode;
  children: ReactNode;
  /** Makes the card a named region (a `<section>`), for pages whose sections are found by name. */
  'aria-label'?: string;
}) {
  return (
    <Card withBorder component={label === undefined ? 'div' : 'section'} aria-label={label}>
      <Group justify="space-between" mb={titleGap}>
        <Title order={4}>{title}</Title>
        {aside}
      </Group>
      {children}
    </Card>
  );
}
