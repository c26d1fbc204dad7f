import { createSpotlight } from '@mantine/spotlight';

/**
 * The console's one spotlight store: the layout opens it (header button, Ctrl-K) before the spotlight's own code
 * has loaded, and the spotlight shows as soon as it mounts.
 */
export const [spotlightStore, spotlight] = createSpotlight();
