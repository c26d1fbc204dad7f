import { Card, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A bordered card under its own heading, as detail pages divide what they show (lesson, payment, refunds…). */
export function SectionCard({
  title,
  titleGap = 'sm',
  children,
  'aria-label': label,
}: {
  title: ReactNode;
  /** The space under the heading: `xs` for a card of a few lines. */
  titleGap?: 'xs' | 'sm';
  children: ReactNode;
  /** Makes the card a named region (a `<section>`), for pages whose sections are found by name. */
  'aria-label'?: string;
}) {
  return (
    <Card withBorder component={label === undefined ? 'div' : 'section'} aria-label={label}>
      <Title order={4} mb={titleGap}>
        {title}
      </Title>
      {children}
    </Card>
  );
}
