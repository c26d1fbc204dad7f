import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { supportSearchInputSchema } from '@ops/shared';
import { useSchemaForm } from '../../lib/schema-form';
import { errorMessage, queryClient, trpc } from '../../lib/trpc';
import { matchCount } from './format';
import { MATCHED, openOnEnter, resultLink, SearchResults } from './SearchResults';
import { searchPagesOptions } from './search-options';

/**
 * The one box: email, phone, user id, booking id or short id, a Stripe customer, payment, charge or refund id, or a
 * name. Enter opens the person (or booking) when there is a single exact match; otherwise the results are listed and
 * the URL keeps the query.
 */
export function SupportSearch({ initial }: { initial: string }) {
  const { form, onSubmit } = useSchemaForm({
    schema: supportSearchInputSchema,
    initialValues: { q: initial },
    toInput: (v) => ({ q: v.q }),
  });
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const submit = onSubmit((request) => {
    setBusy(true);
    queryClient.fetchQuery(trpc.support.search.queryOptions(request)).then(
      (res) => {
        setBusy(false);
        const target = openOnEnter(res.results);
        if (target) void navigate(resultLink(target));
        else void navigate({ to: '/support', search: { q: request.q } });
      },
      (err: unknown) => {
        setBusy(false);
        form.setFieldError('q', errorMessage(err));
      },
    );
  });
  return (
    <form onSubmit={submit} noValidate role="search">
      <Group align="flex-end" wrap="nowrap">
        <TextInput
          label="Search"
          description="Email, phone, user id, booking id or short id (#SCD1SPTE), Stripe id (cus_, acct_, pi_, ch_, re_, tr_), or a name"
          placeholder="sarah.chen@example.com"
          leftSection={<IconSearch size={16} />}
          {...form.getInputProps('q')}
          style={{ flex: 1 }}
          autoFocus
          autoComplete="off"
        />
        <Button type="submit" loading={busy}>
          Search
        </Button>
      </Group>
    </form>
  );
}

export function SupportSearchResults({ q }: { q: string }) {
  const pages = useSuspenseInfiniteQuery(searchPagesOptions(trpc, q));
  const first = pages.data.pages[0];
  const results = pages.data.pages.flatMap((p) => p.results);
  if (!first || results.length === 0) {
    return (
      <Alert color="gray" title="No match">
        Nothing matches “{first?.q ?? q}” (read as{' '}
        {first?.readAs.length ? first.readAs.map((r) => MATCHED[r]).join(', ') : 'nothing searchable'}).
      </Alert>
    );
  }
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed" data-testid="search-total">
        {matchCount(first.total, first.totalCapped)} for “{first.q}”, best first
        {results.length < first.total || first.totalCapped ? ` · showing ${results.length.toLocaleString()}` : ''}
      </Text>
      <SearchResults
        results={results}
        hasMore={pages.hasNextPage}
        onLoadMore={() => void pages.fetchNextPage()}
        loadingMore={pages.isFetchingNextPage}
      />
    </Stack>
  );
}
