import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
// The probes are texts at paths no tsconfig holds: linted without type information (the layer rule needs none).
const eslint = new ESLint({ cwd: root, overrideConfig: tseslint.configs.disableTypeChecked });

/** The rule ids ESLint reports for `code` as if it were the file at `filePath` (relative to the repository). */
async function restricted(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

/** Each probe, linted as the file at `filePath`, draws exactly one layer refusal, and it says `because`. */
async function expectRefused(filePath: string, probes: string[], because: string): Promise<void> {
  for (const code of probes) {
    const messages = await restricted(code, filePath);
    expect(messages, code).toHaveLength(1);
    expect(messages[0]).toContain(because);
  }
}

describe('the layer rule in eslint.config.js', () => {
  it('refuses tRPC, routers, the action adapter and HTTP in domain files', async () => {
    await expectRefused(
      'apps/server/src/domain/refunds/layer-probe.ts',
      [
        "import { TRPCError } from '@trpc/server';\nexport const e = TRPCError;\n",
        "import { settleNote } from '../../routers/refunds.js';\nexport const e = settleNote;\n",
        "import { actionProcedures } from '../../routers/action-procedures.js';\nexport const e = actionProcedures;\n",
        "import { procedure } from '../../trpc.js';\nexport const e = procedure;\n",
        "import { buildServer } from '../../http/server.js';\nexport const e = buildServer;\n",
      ],
      'The domain imports nothing from routers, tRPC or HTTP',
    );
    expect(
      await restricted(
        "import { TRPCError } from '@trpc/server';\nexport const e = TRPCError;\n",
        'apps/server/src/domain/layer-probe.ts',
      ),
    ).toHaveLength(1);
  });

  it('lets the domain import its own modules and lets routers import tRPC', async () => {
    expect(
      await restricted(
        "import { DomainError } from '../errors.js';\nexport const e = DomainError;\n",
        'apps/server/src/domain/refunds/layer-probe.ts',
      ),
    ).toEqual([]);
    expect(
      await restricted(
        "import { TRPCError } from '@trpc/server';\nexport const e = TRPCError;\n",
        'apps/server/src/routers/layer-probe.ts',
      ),
    ).toEqual([]);
  });

  it('lets the web import only the router type from the server', async () => {
    const value = "import { appRouter } from '../../../server/src/routers/_app.js';\nexport const e = appRouter;\n";
    expect(await restricted(value, 'apps/web/src/lib/layer-probe.ts')).toHaveLength(1);
    const viaPackage = "import { appRouter } from '@ops/server/router';\nexport const e = appRouter;\n";
    expect(await restricted(viaPackage, 'apps/web/src/lib/layer-probe.ts')).toHaveLength(1);
    const typeOnly = "import type { AppRouter } from '@ops/server/router';\nexport type E = AppRouter;\n";
    expect(await restricted(typeOnly, 'apps/web/src/lib/layer-probe.ts')).toEqual([]);
  });

  it('refuses routers, domain, MCP, HTTP and tRPC in integrations, and lets them use their own kit, config and database', async () => {
    await expectRefused(
      'apps/server/src/integrations/stripe/layer-probe.ts',
      [
        "import { settleRefund } from '../../domain/refunds/settle.js';\nexport const e = settleRefund;\n",
        "import { appRouter } from '../../routers/_app.js';\nexport const e = appRouter;\n",
        "import { TOOLS } from '../../mcp/tools.js';\nexport const e = TOOLS;\n",
        "import { buildServer } from '../../http/server.js';\nexport const e = buildServer;\n",
        "import { TRPCError } from '@trpc/server';\nexport const e = TRPCError;\n",
      ],
      'Integrations sit below the domain',
    );
    const allowed =
      "import { listen } from '../http-kit.js';\nimport type { Config } from '../../env.js';\nimport type { Logger } from '../../logger.js';\n" +
      "import type { Db } from '@ops/db';\nexport const e = listen;\nexport type T = [Config, Logger, Db];\n";
    expect(await restricted(allowed, 'apps/server/src/integrations/stripe/layer-probe.ts')).toEqual([]);
  });

  it('keeps @ops/db free of the apps and tRPC', async () => {
    await expectRefused(
      'packages/db/src/seed/layer-probe.ts',
      [
        "import { writeAudit } from '../../../apps/server/src/domain/audit/write.js';\nexport const e = writeAudit;\n",
        "import { TRPCError } from '@trpc/server';\nexport const e = TRPCError;\n",
      ],
      '@ops/db sits below the apps',
    );
    const allowed =
      "import { sql } from 'kysely';\nimport { formatCents } from '@ops/shared';\nexport const e = [sql, formatCents];\n";
    expect(await restricted(allowed, 'packages/db/src/layer-probe.ts')).toEqual([]);
  });

  it('keeps @ops/shared free of the apps, the database and server-only packages', async () => {
    await expectRefused(
      'packages/shared/src/layer-probe.ts',
      [
        "import { NAV } from '../../../apps/web/src/lib/nav.js';\nexport const e = NAV;\n",
        "import type { Db } from '@ops/db';\nexport type E = Db;\n",
        "import { sql } from 'kysely';\nexport const e = sql;\n",
        "import { createHash } from 'node:crypto';\nexport const e = createHash;\n",
        "import Stripe from 'stripe';\nexport const e = Stripe;\n",
      ],
      '@ops/shared runs in the browser and on the server alike',
    );
    expect(await restricted("import { z } from 'zod';\nexport const e = z;\n", 'packages/shared/src/layer-probe.ts')).toEqual([]);
  });
});
