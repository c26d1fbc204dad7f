import type { Permission, StaffRole } from '@ops/shared';
import {
  IconActivity,
  IconBell,
  IconBug,
  IconChartBar,
  IconChartLine,
  IconChecklist,
  IconFilter,
  IconHeadset,
  IconShieldCheck,
  IconSpeakerphone,
  IconScale,
  IconUsersGroup,
  IconWebhook,
} from '@tabler/icons-react';
import type { Icon } from '@tabler/icons-react';

export interface NavItem {
  label: string;
  to: string;
  permission: Permission;
  icon: Icon;
}

/** Every area of the console; each is shown only to roles that hold its permission. */
export const NAV: NavItem[] = [
  { label: 'Command center', to: '/', permission: 'health.read', icon: IconActivity },
  { label: 'Support', to: '/support', permission: 'users.read', icon: IconHeadset },
  { label: 'Revenue', to: '/revenue', permission: 'analytics.read', icon: IconChartBar },
  { label: 'Funnel', to: '/funnel', permission: 'analytics.read', icon: IconFilter },
  { label: 'Cohorts', to: '/cohorts', permission: 'analytics.read', icon: IconUsersGroup },
  { label: 'Supply & demand', to: '/supply', permission: 'analytics.read', icon: IconScale },
  { label: 'Webhooks', to: '/webhooks', permission: 'webhooks.read', icon: IconWebhook },
  { label: 'Audit', to: '/audit', permission: 'audit.read', icon: IconShieldCheck },
  { label: 'Approvals', to: '/approvals', permission: 'approvals.decide', icon: IconChecklist },
  { label: 'Communications', to: '/communications', permission: 'communications.send', icon: IconSpeakerphone },
  { label: 'Alerts', to: '/alerts', permission: 'health.read', icon: IconBell },
  { label: 'Metrics', to: '/explore', permission: 'health.read', icon: IconChartLine },
  { label: 'Errors', to: '/errors', permission: 'health.read', icon: IconBug },
];

/** Where each role starts its day: support in Support, exec in Revenue, on-call and admins in the command center. */
export const HOME_BY_ROLE: Record<StaffRole, string> = {
  support: '/support',
  exec: '/revenue',
  oncall: '/',
  admin: '/',
};
