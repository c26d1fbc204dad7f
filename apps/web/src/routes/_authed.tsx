import { createFileRoute, redirect } from '@tanstack/react-router';
import { AppLayout } from '../components/AppLayout/AppLayout';
import { loadBusinessTimeZone } from '../lib/business-time';
import { getMe } from '../lib/guard';
import { isAuthError } from '../lib/trpc';

/** Every page behind sign-in hangs under this pathless layout. */
export const Route = createFileRoute('/_authed')({
  beforeLoad: async ({ context, location }) => {
    try {
      const [me] = await Promise.all([getMe(context), loadBusinessTimeZone(context)]);
      return { me };
    } catch (error) {
      if (isAuthError(error)) throw redirect({ to: '/login', search: { redirect: location.href } });
      throw error;
    }
  },
  component: AppLayout,
});
