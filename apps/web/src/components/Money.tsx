import { Text, type TextProps } from '@mantine/core';
import { formatCents } from '@ops/shared';

/** Integer cents rendered as currency; negative amounts in red. */
export function Money({ cents, ...props }: { cents: number } & TextProps) {
  return (
    <Text span c={cents < 0 ? 'red' : undefined} style={{ fontVariantNumeric: 'tabular-nums' }} {...props}>
      {formatCents(cents)}
    </Text>
  );
}
