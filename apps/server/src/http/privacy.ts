import type { FastifyInstance } from 'fastify';
import { can } from '@ops/shared';
import type { Services } from '../context.js';
import { downloadExport } from '../domain/privacy/export.js';
import { resolveSession, SESSION_COOKIE } from '../domain/sessions.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * GET /privacy/exports/:id/download?token=…: the archive of a privacy export. Needs both a signed-in staff member
 * who may reveal PII and the link's token (which expires); each download writes an audit row.
 */
export function registerPrivacyRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Params: { id: string }; Querystring: { token?: string } }>('/privacy/exports/:id/download', async (req, reply) => {
    const cookie = req.cookies[SESSION_COOKIE];
    const staff = cookie
      ? await resolveSession(
          services.dbs.api,
          cookie,
          services.config.SESSION_IDLE_MINUTES,
          services.config.sessionSecret,
          services.now(),
        )
      : null;
    if (!staff) return reply.code(401).send({ error: 'Sign in first' });
    if (!can(staff.role, 'users.pii.reveal')) return reply.code(403).send({ error: 'Your role cannot download exports' });
    const token = req.query.token ?? '';
    if (!UUID.test(req.params.id) || token.length < 16) return reply.code(404).send({ error: 'No such export link.' });
    const outcome = await downloadExport(
      services.dbs.api,
      {
        staff,
        request: { requestId: req.id, ip: req.ip, userAgent: req.headers['user-agent'] ?? null },
        now: services.now(),
      },
      req.params.id,
      token,
    );
    if (!outcome.ok) return reply.code(outcome.status).send({ error: outcome.message });
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="${outcome.fileName}"`)
      .header('cache-control', 'no-store')
      .send(outcome.archive);
  });
}
