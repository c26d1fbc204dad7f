import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { IconSearch } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { supportSearchInputSchema } from '@ops/shared';
import { errorMessage, queryClient, trpc } from '../../lib/trpc';
import { plural } from '@ops/shared';
import { openOnEnter, resultLink, SearchResults } from './SearchResults';
import { searchPagesOptions } from './search-options';

/**
 * The one box: email, phone, user id, booking id or short id, or a name. Enter opens the person (or booking)
 * when there is a single exact match; otherwise the results are listed and the URL keeps the query.
 */
export function SupportSearch({ initial }: { initial: string }) {
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = supportSearchInputSchema.safeParse({ q: text });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Type something to search');
      return;
    }
    setError(null);
    setBusy(true);
    queryClient.fetchQuery(trpc.support.search.queryOptions(parsed.data)).then(
      (res) => {
        setBusy(false);
        const target = openOnEnter(res.results);
        if (target) void navigate(resultLink(target));
        else void navigate({ to: '/support', search: { q: parsed.data.q } });
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err));
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate role="search">
      <Group align="flex-end" wrap="nowrap">
        <TextInput
          label="Search"
          description="Email, phone, user id, booking id or short id (#SCD1SPTE), or a name"
          placeholder="sarah.chen@example.com"
          leftSection={<IconSearch size={16} />}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={error}
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
  const pages = useSuspenseInfiniteQuery(searchPagesOptions(q));
  const first = pages.data.pages[0];
  const results = pages.data.pages.flatMap((p) => p.results);
  if (!first || results.length === 0) {
    return (
      <Alert color="gray" title="No match">
        Nothing matches “{first?.q ?? q}” (read as{' '}
        {first?.readAs.length ? first.readAs.join(', ').replace(/_/g, ' ') : 'nothing searchable'}).
      </Alert>
    );
  }
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed" data-testid="search-total">
        {plural(first.total, 'match', 'matches')} for “{first.q}”, best first
        {results.length < first.total ? ` · showing ${results.length.toLocaleString()}` : ''}
      </Text>
      <SearchResults results={results} />
      {pages.hasNextPage && (
        <Group>
          <Button variant="default" onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
            Show more
          </Button>
        </Group>
      )}
    </Stack>
  );
}
