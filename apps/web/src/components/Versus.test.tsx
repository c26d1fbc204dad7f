import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../test/render';
import { Versus } from './Versus';

/** The colour Mantine gives the text, by its CSS variable. */
const colourOf = (text: string) => screen.getByText(text).getAttribute('style') ?? '';

describe('Versus', () => {
  it('colours good news green and bad news red, whichever way is good', async () => {
    await renderUi(
      <>
        <Versus change={1_130} unit="percent" then="$147,335.00" upIsGood />
        <Versus change={1_890} unit="percent" then="$13,432.74" upIsGood={false} />
        <Versus change={-130} unit="points" then="53.4%" upIsGood />
      </>,
    );
    expect(colourOf('+11.3% vs $147,335.00')).toContain('teal');
    expect(colourOf('+18.9% vs $13,432.74')).toContain('red');
    expect(colourOf('−1.3 pts vs 53.4%')).toContain('red');
  });

  it('a change too small to show reads as no change, unsigned and uncoloured — never "−0.0" in red', async () => {
    await renderUi(
      <>
        <Versus change={-3} unit="points" then="91.1%" upIsGood />
        <Versus change={4} unit="percent" then="2,431" upIsGood />
        <Versus change={-4} unit="points" then="14.12%" upIsGood digits={2} />
      </>,
    );
    expect(colourOf('0.0 pts vs 91.1%')).toContain('dimmed');
    expect(colourOf('0.0% vs 2,431')).toContain('dimmed');
    // Two decimals show what one would hide.
    expect(colourOf('−0.04 pts vs 14.12%')).toContain('red');
  });
});
