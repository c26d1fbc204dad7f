import { afterEach, describe, expect, it } from 'vitest';
import { openSpotlight, spotlight, spotlightStore, takeTypedAhead } from './store';

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
