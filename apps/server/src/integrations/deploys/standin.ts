import { listen, sendJson, type ListeningServer } from '../http-kit.js';
import type { DeployTarget } from './check.js';

/** Small /healthz servers for the sample deploy: api and worker on the current build, web one build behind. */
export interface DeployStandins {
  targets: DeployTarget[];
  close(): Promise<void>;
}

export const SAMPLE_DEPLOYS = [
  { name: 'api', version: '1.4.2', sha: '9f3c2a1d7e5b4c6a8d0e1f2a3b4c5d6e7f8a9b0c', status: 'ok' },
  { name: 'worker', version: '1.4.2', sha: '9f3c2a1d7e5b4c6a8d0e1f2a3b4c5d6e7f8a9b0c', status: 'ok' },
  { name: 'web', version: '1.4.1', sha: '2b7e151628aed2a6abf7158809cf4f3c762e7160', status: 'ok' },
] as const;

export async function startDeployStandins(
  deploys: ReadonlyArray<{ name: string; version: string; sha: string; status: string }> = SAMPLE_DEPLOYS,
): Promise<DeployStandins> {
  const servers: Array<ListeningServer & { name: string }> = [];
  for (const d of deploys) {
    const server = await listen((_req, res, url) => {
      if (url.pathname !== '/healthz') return sendJson(res, 404, { error: 'not found' });
      sendJson(res, d.status === 'ok' ? 200 : 503, { status: d.status, version: d.version, sha: d.sha });
    });
    servers.push({ ...server, name: d.name });
  }
  return {
    targets: servers.map((s) => ({ name: s.name, url: s.url })),
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
