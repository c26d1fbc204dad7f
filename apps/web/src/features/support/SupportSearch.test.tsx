import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SearchResponse } from '@ops/shared';
import { trpc } from '../../lib/trpc';
import { renderUi } from '../../test/render';
import { searchPagesOptions } from './search-options';
import { SupportSearchResults } from './SupportSearch';

/** The results as the route's loader leaves them: the first page of the box's answer in the cache. */
function showAnswer(answer: SearchResponse) {
  return renderUi(<SupportSearchResults q={answer.q} />, {
    prefill: (client) =>
      client.setQueryData(searchPagesOptions(trpc, answer.q).queryKey, { pages: [answer], pageParams: [null] }),
  });
}

const nothing = (q: string, readAs: SearchResponse['readAs']): SearchResponse => ({
  q,
  readAs,
  results: [],
  total: 0,
  totalCapped: false,
  nextCursor: null,
});

describe('support search, no match', () => {
  it('says in words what the text was read as', async () => {
    await showAnswer(nothing('cus_NoSuchCustomer000', ['stripe_id']));
    expect(await screen.findByText('Nothing matches “cus_NoSuchCustomer000” (read as Stripe id).')).toBeTruthy();
  });

  it('lists every reading of an ambiguous text', async () => {
    await showAnswer(nothing('SCD1', ['short_id', 'name']));
    expect(await screen.findByText('Nothing matches “SCD1” (read as booking short id, name).')).toBeTruthy();
  });

  it('says when the text reads as nothing searchable', async () => {
    await showAnswer(nothing('%%', []));
    expect(await screen.findByText('Nothing matches “%%” (read as nothing searchable).')).toBeTruthy();
  });
});
