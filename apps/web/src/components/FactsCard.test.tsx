import { Text } from '@mantine/core';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../test/render';
import { FactsCard } from './FactsCard';

describe('FactsCard', () => {
  it('shows each fact as its label followed by its value, in the order given', async () => {
    await renderUi(
      <FactsCard
        facts={[
          { label: 'Email', value: <Text>a•••@example.com</Text> },
          { label: 'Phone', value: <Text>—</Text> },
        ]}
      />,
    );
    expect(screen.getByText('Email').nextElementSibling?.textContent).toBe('a•••@example.com');
    expect(screen.getByText('Phone').nextElementSibling?.textContent).toBe('—');
    expect(screen.getByText('Email').parentElement?.textContent).toBe('Emaila•••@example.comPhone—');
  });
});
