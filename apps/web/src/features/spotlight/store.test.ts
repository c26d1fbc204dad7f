import { afterEach, describe, expect, it } from 'vitest';
import { highlightedRows, highlightFirstRow, openSpotlight, spotlight, spotlightStore, takeTypedAhead } from './store';

/** Presses a key on the page as a person would, and says whether something took it from the page. */
function press(key: string, init: KeyboardEventInit = {}): boolean {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  document.body.dispatchEvent(event);
  return event.defaultPrevented;
}

afterEach(() => {
  spotlight.close();
  takeTypedAhead();
});

describe('the spotlight type-ahead', () => {
  it('holds what is typed between Ctrl-K and the search box taking focus, then lets keys through', () => {
    openSpotlight();
    expect(spotlightStore.getState().opened).toBe(true);
    expect(['m', 'a', 'r'].map((k) => press(k))).toEqual([true, true, true]);
    // Shortcuts and editing keys are not text: they pass.
    expect(press('Backspace')).toBe(false);
    expect(press('c', { ctrlKey: true })).toBe(false);
    expect(takeTypedAhead()).toBe('mar');
    // Once the box has them, keys go to the box.
    expect(press('c')).toBe(false);
    expect(takeTypedAhead()).toBe('');
  });

  it('drops what was held when the spotlight closes before its box appears', () => {
    openSpotlight();
    press('x');
    spotlight.close();
    expect(press('y')).toBe(false);
    expect(takeTypedAhead()).toBe('');
  });

  it('holds nothing when Ctrl-K is pressed again while it is open and its box has the keys', () => {
    openSpotlight();
    takeTypedAhead();
    openSpotlight();
    expect(press('z')).toBe(false);
    expect(takeTypedAhead()).toBe('');
  });
});

describe('the spotlight highlight', () => {
  /** A list as Mantine draws it: rows marked `data-action`, the highlighted one `data-selected`. */
  function drawList(rows: number, highlighted: number): HTMLElement {
    const list = document.createElement('div');
    list.id = 'spotlight-list';
    for (let i = 0; i < rows; i++) {
      const row = document.createElement('button');
      row.setAttribute('data-action', 'true');
      if (i === highlighted) row.setAttribute('data-selected', 'true');
      list.append(row);
    }
    document.body.replaceChildren(list);
    spotlightStore.updateState((state) => ({ ...state, listId: list.id, selected: highlighted }));
    return list;
  }

  it('moves to the first row of a newly drawn answer, in the DOM its Enter reads and in the store its arrows read', () => {
    const list = drawList(3, 2);
    highlightFirstRow();
    expect(highlightedRows()).toEqual([list.children[0]]);
    expect(spotlightStore.getState().selected).toBe(0);
  });

  it('marks nothing when no row is drawn, so that Enter is left to the console', () => {
    drawList(0, -1);
    highlightFirstRow();
    expect(highlightedRows()).toEqual([]);
    expect(spotlightStore.getState().selected).toBe(-1);
  });
});
