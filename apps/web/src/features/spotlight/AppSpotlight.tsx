import {
  Spotlight,
  type SpotlightActionData,
  type SpotlightActionGroupData,
  type SpotlightFilterFunction,
} from '@mantine/spotlight';
import { useDebouncedValue } from '@mantine/hooks';
import { Group, Loader, Text } from '@mantine/core';
import {
  IconBug,
  IconCalendarEvent,
  IconClipboardList,
  IconFileSearch,
  IconSearch,
  IconSpeakerphone,
  IconUser,
  IconWebhook,
  type Icon,
} from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useRouter } from '@tanstack/react-router';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { SpotlightHit, SpotlightKind } from '@ops/shared';
import type { NavItem } from '../../lib/nav';
import { queryClient, trpc } from '../../lib/trpc';
import { highlightedRows, highlightFirstRow, spotlight, spotlightStore, takeTypedAhead } from './store';

/** How each kind of hit is grouped and drawn. A new kind on the server needs one line here. */
const KINDS: Record<SpotlightKind, { group: string; icon: Icon }> = {
  person: { group: 'People', icon: IconUser },
  booking: { group: 'Bookings', icon: IconCalendarEvent },
  webhook: { group: 'Webhooks', icon: IconWebhook },
  audit: { group: 'Audit entries', icon: IconClipboardList },
  campaign: { group: 'Campaigns', icon: IconSpeakerphone },
  request: { group: 'Requests', icon: IconFileSearch },
  'error-event': { group: 'Sentry events', icon: IconBug },
};
const AREAS = 'Areas';

/** Areas match by label; records come from spotlight.find, already matched by the server, so they are kept as is. */
const filter: SpotlightFilterFunction = (query, actions) => {
  const q = query.trim().toLowerCase();
  return actions.flatMap<SpotlightActionData | SpotlightActionGroupData>((entry) => {
    if (!('group' in entry && 'actions' in entry)) return [entry];
    if (entry.group !== AREAS) return [entry];
    const kept = entry.actions.filter(
      (a) =>
        !q ||
        String(a.label ?? '')
          .toLowerCase()
          .includes(q),
    );
    return kept.length ? [{ ...entry, actions: kept }] : [];
  });
};

function areaMatches(items: NavItem[], text: string): NavItem[] {
  const q = text.trim().toLowerCase();
  return items.filter((i) => !q || i.label.toLowerCase().includes(q));
}

/**
 * The console's one spotlight (loaded after the page renders; the layout opens it with Ctrl-K or the header's
 * search button). Jump to an area, or find a person, booking, webhook, audit
 * entry or campaign by what people paste (emails, phones, names, short ids, Stripe ids). Enter opens the first
 * result, even when it is pressed before the answer arrives.
 */
export function AppSpotlight({ items }: { items: NavItem[] }) {
  const navigate = useNavigate();
  const router = useRouter();
  const [query, setQuery] = useState('');
  // Typing is debounced; a paste (the text grew by more than a character at once) is searched at once.
  const [pasted, setPasted] = useState(false);
  // Whether the highlighted row was chosen with the arrow keys since the query last changed. Mantine highlights the
  // first row on every change, which may still be the previous query's answer; only a chosen row is Enter's to open.
  const chosen = useRef(false);
  const onQueryChange = (next: string) => {
    setPasted(next.length - query.length > 1);
    setQuery(next);
    chosen.current = false;
  };
  const text = query.trim();
  const [debounced] = useDebouncedValue(text, 150);
  const term = pasted ? text : debounced;
  const find = useQuery({
    ...trpc.spotlight.find.queryOptions({ q: term }),
    enabled: term.length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  const waiting = text.length >= 2 && (text !== term || find.isFetching);
  const hits = text.length >= 2 && find.data?.q === term ? find.data.hits : [];

  // Most jumps land on a person or a booking: their pages' code is fetched as the spotlight opens, so Enter waits
  // only for the answer and the page's own data.
  const warmUp = useCallback(() => {
    void router.loadRouteChunk(router.routesById['/_authed/support/users/$userId']);
    void router.loadRouteChunk(router.routesById['/_authed/bookings/$bookingId']);
  }, [router]);
  // The result Enter would open is preloaded (its code and its database panels) while the person reads the list.
  // Opened before this code arrived (Ctrl-K right after the page loaded): warm up now.
  useEffect(() => {
    if (spotlightStore.getState().opened) warmUp();
  }, [warmUp]);
  // New rows replace the one Mantine highlighted as the query changed: highlight the first again, so that what
  // is marked is what is drawn and the arrows move from it.
  const drawn = hits.map((h) => h.id).join(' ');
  useEffect(() => {
    chosen.current = false;
    highlightFirstRow();
  }, [drawn]);
  const firstPath = hits[0]?.path;
  useEffect(() => {
    // `href` decides the destination (`to` is only there for the types); a failed preload is retried by the navigation.
    if (firstPath) void router.preloadRoute({ to: '.', href: firstPath }).catch(() => undefined);
  }, [router, firstPath]);

  const open = (hit: SpotlightHit) => {
    spotlight.close();
    void navigate({ href: hit.path });
  };
  const openFirst = async () => {
    const first =
      text.length >= 2
        ? (await queryClient.fetchQuery({ ...trpc.spotlight.find.queryOptions({ q: text }), staleTime: 10_000 })).hits[0]
        : undefined;
    if (first) {
      open(first);
      return;
    }
    const area = areaMatches(items, text)[0];
    if (area) {
      spotlight.close();
      void navigate({ to: area.to });
    }
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') chosen.current = true;
    if (e.key !== 'Enter') return;
    const rows = highlightedRows();
    // A row chosen with the arrows (and still drawn) is opened by Mantine's own Enter, which runs after this.
    if (chosen.current && rows.length > 0) return;
    // Otherwise Enter opens the first result for what the box says now, even before its answer is drawn: the row
    // Mantine highlighted by itself is unmarked so that its Enter does not open it instead (it may be stale).
    e.preventDefault();
    for (const row of rows) row.removeAttribute('data-selected');
    void openFirst();
  };

  const actions: Array<SpotlightActionData | SpotlightActionGroupData> = [];
  const groups = new Map<string, SpotlightActionData[]>();
  for (const hit of hits) {
    const kind = KINDS[hit.kind];
    const list = groups.get(kind.group) ?? [];
    list.push({
      id: hit.id,
      label: hit.label,
      description: hit.description,
      leftSection: <kind.icon size={18} />,
      onClick: () => open(hit),
    });
    groups.set(kind.group, list);
  }
  for (const [group, list] of groups) actions.push({ group, actions: list });
  actions.push({
    group: AREAS,
    actions: items.map((item) => ({
      id: item.to,
      label: item.label,
      description: `Open ${item.label}`,
      leftSection: <item.icon size={18} />,
      onClick: () => void navigate({ to: item.to }),
    })),
  });

  return (
    <Spotlight
      store={spotlightStore}
      actions={actions}
      filter={filter}
      query={query}
      onQueryChange={onQueryChange}
      // Leaving for a result is immediate; only opening animates.
      transitionProps={{ exitDuration: 0 }}
      // The layout owns Ctrl-K, so it works before this component has loaded.
      shortcut={null}
      onSpotlightOpen={warmUp}
      limit={40}
      scrollable
      maxHeight={480}
      nothingFound={
        waiting ? (
          <Group justify="center" gap="xs" aria-live="polite">
            <Loader size="xs" />
            <Text size="sm">Searching…</Text>
          </Group>
        ) : (
          'Nothing found'
        )
      }
      searchProps={{
        leftSection: waiting ? <Loader size={16} aria-label="Searching" /> : <IconSearch size={18} />,
        placeholder: 'Jump to… or paste an email, phone, name, booking, Stripe or webhook id',
        onKeyDown,
        // What was typed between Ctrl-K and this focus (held by the store) is the start of the query.
        onFocus: () => {
          const ahead = takeTypedAhead();
          if (ahead) onQueryChange(query + ahead);
        },
      }}
    />
  );
}
