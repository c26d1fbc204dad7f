import { createSpotlight } from '@mantine/spotlight';

/**
 * The console's one spotlight store: the layout opens it (header button, Ctrl-K) before the spotlight's own code
 * has loaded, and the spotlight shows as soon as it mounts.
 */
export const [spotlightStore, spotlight] = createSpotlight();

/** Past this, keys are no longer held for a search box that has not appeared (its code failed to load). */
const TYPE_AHEAD_MS = 5_000;

let typedAhead = '';
let stopHolding: (() => void) | null = null;

/**
 * Opens the spotlight and holds the keys typed before its search box takes focus (the modal mounts, then focuses a
 * tick later; before its code has loaded, longer), so "Ctrl-K marcus" typed in one go searches "marcus", not
 * "arcus". The box takes them with {@link takeTypedAhead}; closing the spotlight drops them.
 */
export function openSpotlight(): void {
  // Ctrl-K again while it is open (its box has focus) changes nothing.
  if (spotlightStore.getState().opened) return;
  spotlight.open();
  if (stopHolding) return;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.key.length !== 1) return;
    e.preventDefault();
    typedAhead += e.key;
  };
  const unsubscribe = spotlightStore.subscribe((state) => {
    if (!state.opened) takeTypedAhead();
  });
  const timer = setTimeout(() => stopHolding?.(), TYPE_AHEAD_MS);
  window.addEventListener('keydown', onKeyDown, true);
  stopHolding = () => {
    window.removeEventListener('keydown', onKeyDown, true);
    clearTimeout(timer);
    unsubscribe();
    stopHolding = null;
  };
}

/** The keys typed since the spotlight opened, for its search box as it takes focus; keys then go to the box. */
export function takeTypedAhead(): string {
  stopHolding?.();
  const text = typedAhead;
  typedAhead = '';
  return text;
}

/**
 * Highlights the first row drawn, as Mantine does (in a DOM mark its Enter and arrows read) each time the query
 * changes; rows that arrive later, with the answer, need it again.
 */
export function highlightFirstRow(): void {
  const { listId } = spotlightStore.getState();
  const list = listId ? document.getElementById(listId) : null;
  if (!list) return;
  for (const row of list.querySelectorAll('[data-selected]')) row.removeAttribute('data-selected');
  const first = list.querySelector('[data-action]');
  first?.setAttribute('data-selected', 'true');
  spotlightStore.updateState((state) => ({ ...state, selected: first ? 0 : -1 }));
}

/** The rows Mantine marks as highlighted: its Enter clicks them. */
export function highlightedRows(): Element[] {
  const { listId } = spotlightStore.getState();
  const list = listId ? document.getElementById(listId) : null;
  return list ? [...list.querySelectorAll('[data-selected]')] : [];
}
