import type { ActiveSilence, FiringAlert, SourceStatus } from '@ops/shared';
import type { Services } from '../../context.js';
import { readAlerts, readSilences } from '../health/vendor-reads.js';

/** The alerts page: what fires (silenced or not) and the silences in force, read from Alertmanager at once. */
export interface AlertsView {
  /** Alertmanager as the alerts read found it; the silences come from the same source. */
  source: SourceStatus;
  alerts: FiringAlert[] | null;
  silences: ActiveSilence[] | null;
}

export async function listAlerts(services: Pick<Services, 'integrations' | 'config'>): Promise<AlertsView> {
  const budget = services.config.SOURCE_TIMEOUT_MS;
  const [alerts, silences] = await Promise.all([
    readAlerts(services.integrations, budget),
    readSilences(services.integrations, budget),
  ]);
  return { source: alerts.status, alerts: alerts.data, silences: silences.data };
}
