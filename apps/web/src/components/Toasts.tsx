import { Notifications } from '@mantine/notifications';

/** The toasts' renderer, in a module of its own so the root can load it after the first page is drawn. */
export function Toasts() {
  return <Notifications position="top-right" />;
}
