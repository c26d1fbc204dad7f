/**
 * How the e2e suite and the bench start Debian's Chromium: headless on a machine with no outside network, so the
 * browser's own background traffic (updates, sync, QUIC probes) is turned off rather than left to fail.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};
