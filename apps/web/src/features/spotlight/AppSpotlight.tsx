import {
  Spotlight,
  type SpotlightActionData,
  type SpotlightActionGroupData,
  type SpotlightFilterFunction,
} from '@mantine/spotlight';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCalendarEvent, IconSearch, IconUser } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { NavItem } from '../../lib/nav';
import { trpc } from '../../lib/trpc';
import { useCan } from '../../lib/use-me';
import { resultLink } from '../support/SearchResults';

const PEOPLE = 'People and bookings';

/** Areas match by label; people come from support.search, already matched by the server, so they are kept as is. */
const filter: SpotlightFilterFunction = (query, actions) => {
  const q = query.trim().toLowerCase();
  return actions.flatMap<SpotlightActionData | SpotlightActionGroupData>((entry) => {
    if ('group' in entry && 'actions' in entry) {
      if (entry.group === PEOPLE) return [entry];
      const kept = entry.actions.filter(
        (a) =>
          !q ||
          String(a.label ?? '')
            .toLowerCase()
            .includes(q),
      );
      return kept.length ? [{ ...entry, actions: kept }] : [];
    }
    return !q ||
      String(entry.label ?? '')
        .toLowerCase()
        .includes(q)
      ? [entry]
      : [];
  });
};

/** Cmd/Ctrl-K: jump to any area the role can open, and (with users.read) type-ahead over people and bookings. */
export function AppSpotlight({ items }: { items: NavItem[] }) {
  const navigate = useNavigate();
  const canSearch = useCan('users.read');
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 200);
  const people = useQuery({ ...trpc.support.search.queryOptions({ q: debounced }), enabled: canSearch && debounced.length >= 2 });

  const areas: SpotlightActionData[] = items.map((item) => ({
    id: item.to,
    label: item.label,
    description: `Open ${item.label}`,
    leftSection: <item.icon size={18} />,
    onClick: () => void navigate({ to: item.to }),
  }));
  const actions: Array<SpotlightActionData | SpotlightActionGroupData> = [];
  const results = debounced.length >= 2 ? (people.data?.results ?? []) : [];
  if (results.length > 0) {
    actions.push({
      group: PEOPLE,
      actions: results.map((r) => ({
        id: `${r.kind}:${r.bookingId ?? r.userId}`,
        label: r.kind === 'booking' ? `Booking ${r.shortId ?? ''} · ${r.displayName}` : r.displayName,
        description: `${r.role} · ${r.status} · ${r.maskedEmail}${r.maskedPhone ? ` · ${r.maskedPhone}` : ''}`,
        leftSection: r.kind === 'booking' ? <IconCalendarEvent size={18} /> : <IconUser size={18} />,
        onClick: () => void navigate(resultLink(r)),
      })),
    });
  }
  actions.push({ group: 'Areas', actions: areas });

  return (
    <Spotlight
      actions={actions}
      filter={filter}
      query={query}
      onQueryChange={setQuery}
      shortcut={['mod + K']}
      nothingFound={people.isFetching ? 'Searching…' : 'Nothing found'}
      searchProps={{
        leftSection: <IconSearch size={18} />,
        placeholder: canSearch ? 'Jump to… or find a person by email, phone, id' : 'Jump to…',
      }}
    />
  );
}
