import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../test/render';
import { formatCents, shownPointsBetween } from '@ops/shared';
import { Versus, versusChange } from './Versus';

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

  it("tells a change across zero as the difference in the figure's unit, not as a percent", async () => {
    // Net revenue from $38.40 to −$4.82: "−112.6%" would mean nothing.
    await renderUi(
      <>
        <Versus {...versusChange(-482, 3_840)} format={formatCents} then="$38.40" upIsGood />
        <Versus {...versusChange(5, 0)} then="0" upIsGood />
      </>,
    );
    expect(colourOf('−$43.22 vs $38.40')).toContain('red');
    expect(colourOf('+5 vs 0')).toContain('teal');
  });

  it("takes a difference of rates from the rates as shown, so the reader's subtraction agrees", async () => {
    // 78.46 % against 78.44 % read 78.5 % and 78.4 %.
    await renderUi(<Versus change={shownPointsBetween(7_846, 7_844)} unit="points" then="78.4%" upIsGood />);
    expect(colourOf('+0.1 pts vs 78.4%')).toContain('teal');
  });
});
