import { createFileRoute, redirect } from '@tanstack/react-router';
import { z } from 'zod';

/**
 * One page per person: a student's address leads to their person page, which holds everything about them and every
 * action on them (this address is kept so that bookmarks and shared links still open).
 */
export const Route = createFileRoute('/_authed/students/$userId')({
  params: { parse: (p) => ({ userId: z.uuid().parse(p.userId) }), stringify: (p) => p },
  beforeLoad: ({ params }) => {
    throw redirect({ to: '/support/users/$userId', params: { userId: params.userId }, replace: true });
  },
});
