import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// findBy… and waitFor wait up to 15 s, not 1: a lazily loaded part (the action modal, the columns menu) is transformed
// on first use, which on a busy two-core machine took more than 5 s while the server tests ran beside it. A wait ends
// as soon as it is met, so only a failing test waits that long.
configure({ asyncUtilTimeout: 15_000 });

// Mantine reads these browser APIs that happy-dom leaves out.
if (!('ResizeObserver' in globalThis)) {
  globalThis.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}
if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', { value: new EventTarget(), configurable: true });
}
// Component tests have no server: a request a test did not answer through the query cache fails at once, naming what
// it asked for, instead of trying a port on this machine (and printing a connection error into the test output).
globalThis.fetch = (input: RequestInfo | URL): Promise<Response> =>
  Promise.reject(new TypeError(`no server in component tests: ${input instanceof Request ? input.url : String(input)}`));
window.HTMLElement.prototype.scrollIntoView = function scrollIntoView(): void {};

afterEach(() => {
  cleanup();
});
