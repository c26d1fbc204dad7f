import { createRootRouteWithContext, Outlet } from '@tanstack/react-router';
import type { RouterContext } from '../lib/guard';

export const Route = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
});
