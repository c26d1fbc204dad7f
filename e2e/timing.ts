import type { Page } from '@playwright/test';

/**
 * Time-to-content marks taken inside the page: from the next Enter keydown to the frame that first shows each mark's
 * element (or address). Playwright's own polling would round every figure up to its retry interval.
 */
export type TimingMark = [name: string, target: { path: string } | { selector: string; text?: string }];

/** Runs in the page (a string: the e2e code is type-checked without the DOM's types). */
const MARKS_SCRIPT = `(marks) => {
  const state = { enter: undefined, at: {} };
  window.__timing = state;
  const seen = (t) => {
    if (t.path !== undefined) return location.pathname === t.path;
    const el = document.querySelector(t.selector);
    return el !== null && (t.text === undefined || (el.textContent ?? '').includes(t.text));
  };
  const check = () => {
    if (state.enter === undefined) return;
    const enter = state.enter;
    for (const [name, target] of marks) {
      if (state.at[name] !== undefined || !seen(target)) continue;
      state.at[name] = -1;
      requestAnimationFrame(() => (state.at[name] = Math.round(performance.now() - enter)));
    }
  };
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && state.enter === undefined) state.enter = performance.now();
  }, { capture: true });
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
  const poll = () => { check(); requestAnimationFrame(poll); };
  requestAnimationFrame(poll);
}`;

export async function startTimingMarks(page: Page, marks: TimingMark[]): Promise<void> {
  await page.evaluate(`(${MARKS_SCRIPT})(${JSON.stringify(marks)})`);
}

/** Milliseconds from Enter to each mark's first frame (-1 while that frame is still pending). */
export async function readTimingMarks(page: Page): Promise<Record<string, number>> {
  return page.evaluate<Record<string, number>>('window.__timing.at');
}
