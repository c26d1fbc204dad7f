/**
 * Deploys (feature word `deploys`): every deploy target per environment with what it runs, against the deploy
 * history the charts mark — a target whose version is not its service's last recorded deploy is drifting.
 */
export interface DeployTargetRow {
  name: string;
  environment: string;
  service: string;
  up: boolean;
  /** True when the target gave no answer within the check's time: neither up nor known to be down. */
  unknown: boolean;
  version: string | null;
  sha: string | null;
  responseMs: number | null;
  error: string | null;
  drift: boolean;
  /** The service's last recorded deploy in the history (what the charts mark), null when none is recorded. */
  expected: { version: string; sha: string; deployedAt: string } | null;
}

export interface DeployHistoryRow {
  id: string;
  service: string;
  version: string;
  sha: string;
  deployedAt: string;
  deployedBy: string;
}

export interface DeploysOverview {
  environments: Array<{ environment: string; targets: DeployTargetRow[] }>;
  history: DeployHistoryRow[];
}

/** `preview/api` → environment `preview`, service `api`; a bare name is production. A `-2` replica suffix is dropped. */
export function parseTargetName(name: string): { environment: string; service: string } {
  const slash = name.indexOf('/');
  const environment = slash > 0 ? name.slice(0, slash) : 'production';
  const rest = slash > 0 ? name.slice(slash + 1) : name;
  return { environment, service: rest.replace(/-\d+$/, '') };
}

/** A commit as people read it: its first seven characters (empty when unknown). */
export const shortSha = (sha: string | null): string => (sha ? sha.slice(0, 7) : '');

/**
 * Whether a deploy shipped `release`, as an error tracker names releases: `service@version` (a leading `v` allowed),
 * `service@sha` or a bare sha, seven characters or more. A bare version is ambiguous across services: no match.
 */
export function deployShipped(deploy: Pick<DeployHistoryRow, 'service' | 'version' | 'sha'>, release: string): boolean {
  const at = release.lastIndexOf('@');
  const service = at > 0 ? release.slice(0, at) : null;
  const rest = release.slice(at + 1).trim();
  const isSha = /^[0-9a-f]{7,40}$/i.test(rest) && deploy.sha.toLowerCase().startsWith(rest.toLowerCase());
  if (service === null) return isSha;
  return service === deploy.service && (isSha || rest.replace(/^v/, '') === deploy.version.replace(/^v/, ''));
}
