import type { Me, Permission, StaffRole } from '@ops/shared';
import {
  IconActivity,
  IconBell,
  IconBug,
  IconCreditCard,
  IconFileSearch,
  IconRocket,
  IconStack2,
  IconChartBar,
  IconChartLine,
  IconChecklist,
  IconFilter,
  IconHeadset,
  IconNews,
  IconShieldCheck,
  IconSpeakerphone,
  IconScale,
  IconSearch,
  IconUsersGroup,
  IconWebhook,
} from '@tabler/icons-react';
import type { Icon } from '@tabler/icons-react';
import { periodSearchSchema, type PeriodSearch } from '../components/period-search';

export interface NavItem {
  label: string;
  to: string;
  permission: Permission;
  icon: Icon;
}

/**
 * Every area of the console; each is shown only to roles that hold its permission. An area's word names its route,
 * its web feature folder and its tRPC router alike: the command center is `health` (/health, /health/metrics,
 * /health/errors, router `health`, features/health), a booking's page is `bookings` (/bookings/$bookingId). The
 * former addresses (/, /explore, /errors, /support/bookings/$bookingId) redirect.
 */
export const NAV: NavItem[] = [
  { label: 'Command center', to: '/health', permission: 'health.read', icon: IconActivity },
  { label: 'Support', to: '/support', permission: 'users.read', icon: IconHeadset },
  { label: 'Growth brief', to: '/brief', permission: 'analytics.read', icon: IconNews },
  { label: 'Revenue', to: '/revenue', permission: 'analytics.read', icon: IconChartBar },
  { label: 'Funnel', to: '/funnel', permission: 'analytics.read', icon: IconFilter },
  { label: 'Cohorts', to: '/cohorts', permission: 'analytics.read', icon: IconUsersGroup },
  { label: 'Supply & demand', to: '/supply', permission: 'analytics.read', icon: IconScale },
  { label: 'Search demand', to: '/search-demand', permission: 'analytics.read', icon: IconSearch },
  { label: 'Webhooks', to: '/webhooks', permission: 'webhooks.read', icon: IconWebhook },
  { label: 'Audit', to: '/audit', permission: 'audit.read', icon: IconShieldCheck },
  { label: 'Approvals', to: '/approvals', permission: 'approvals.decide', icon: IconChecklist },
  { label: 'Communications', to: '/communications', permission: 'communications.send', icon: IconSpeakerphone },
  { label: 'Alerts', to: '/alerts', permission: 'health.read', icon: IconBell },
  { label: 'Metrics', to: '/health/metrics', permission: 'health.read', icon: IconChartLine },
  { label: 'Errors', to: '/health/errors', permission: 'health.read', icon: IconBug },
  { label: 'Logs & traces', to: '/logs', permission: 'health.read', icon: IconFileSearch },
  { label: 'Jobs', to: '/jobs', permission: 'health.read', icon: IconStack2 },
  { label: 'Payments', to: '/payments', permission: 'health.read', icon: IconCreditCard },
  { label: 'Deploys', to: '/deploys', permission: 'health.read', icon: IconRocket },
];

/**
 * The one item a page belongs to: the deepest whose address the path is, or is under (/health/metrics/… is Metrics,
 * not also the command center at /health).
 */
export function activeNavItem<T extends Pick<NavItem, 'to'>>(items: readonly T[], pathname: string): T | undefined {
  let deepest: T | undefined;
  for (const item of items) {
    const under = pathname === item.to || pathname.startsWith(item.to === '/' ? '/' : `${item.to}/`);
    if (under && (deepest === undefined || item.to.length > deepest.to.length)) deepest = item;
  }
  return deepest;
}

/** The reports read over a period (the `preset`, `compare`, `from`, `to` search params): moving between them keeps it. */
export const PERIOD_PAGES = ['/brief', '/revenue', '/funnel', '/supply', '/search-demand'] as const;
export type PeriodPage = (typeof PERIOD_PAGES)[number];

export function isPeriodPage(to: string): to is PeriodPage {
  return (PERIOD_PAGES as readonly string[]).includes(to);
}

/**
 * The search a nav link opens a report with when the page on screen is a report too: the same period and comparison
 * (a custom range's days only with it). None otherwise: the page opens as it starts.
 */
export function navSearch(
  to: string,
  currentPage: string | undefined,
  search: Record<string, unknown>,
): PeriodSearch | undefined {
  if (!isPeriodPage(to) || currentPage === undefined || !isPeriodPage(currentPage)) return undefined;
  const { preset, compare, from, to: until } = periodSearchSchema.parse(search);
  if (preset !== 'custom') return { preset, compare };
  return { preset, compare, ...(from ? { from } : {}), ...(until ? { to: until } : {}) };
}

/** Where each role starts its day: support in Support, exec in the growth brief, on-call and admins in the command center. */
export const HOME_BY_ROLE: Record<StaffRole, string> = {
  support: '/support',
  exec: '/brief',
  oncall: '/health',
  admin: '/health',
};

/** The page a signed-in person opens at the console's root: their role's home, or the first area their role can open. */
export function landingFor(me: Pick<Me, 'role' | 'permissions'>): string {
  const home = NAV.find((item) => item.to === HOME_BY_ROLE[me.role]);
  if (home && me.permissions.includes(home.permission)) return home.to;
  return NAV.find((item) => me.permissions.includes(item.permission))?.to ?? '/health';
}
