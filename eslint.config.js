import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const DOMAIN_LAYER =
  'The domain imports nothing from routers, tRPC or HTTP: throw DomainError (domain/errors.ts) and let the router expose it.';
const INTEGRATIONS_LAYER =
  'Integrations sit below the domain: a vendor client imports nothing from routers, domain, MCP, HTTP or tRPC; the domain calls it.';
const DB_LAYER =
  '@ops/db sits below the apps: it imports nothing from apps/ or tRPC (migrations and seed never import app code).';
const SHARED_LAYER =
  '@ops/shared runs in the browser and on the server alike: it imports nothing from apps/, @ops/db or a server-only package.';
/** What only the server may import: its database, transport and vendor packages, and Node's own modules. */
const SERVER_ONLY_PACKAGES = [
  'node:*',
  '@ops/db',
  '@ops/db/**',
  '@trpc/server',
  '@trpc/server/**',
  'kysely',
  'kysely/**',
  'kysely-pglite-dialect',
  'pg',
  'pg/**',
  '@electric-sql/*',
  '@electric-sql/*/**',
  'fastify',
  'fastify/**',
  '@fastify/*',
  'stripe',
  'stripe/**',
  'ioredis',
  'pino',
  'prom-client',
  'helmet',
  'nodemailer',
  'nodemailer/**',
  '@axiomhq/*',
  '@sentry/node',
  '@modelcontextprotocol/*',
  '@modelcontextprotocol/*/**',
];

export default tseslint.config(
  { ignores: ['**/node_modules', 'dist', 'data', '**/routeTree.gen.ts', 'test-results', 'playwright-report', '.bench'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Type-checked rules (floating promises, unsafe `any` flows, awaits of non-promises) on every TypeScript file.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['**/*.{ts,tsx}'] })),
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Fastify plugins and handlers are async by contract, awaiting or not.
      '@typescript-eslint/require-await': 'off',
      // Kysely's documented idiom destructures its expression builder (`({ not, exists }) => …`), and our
      // closure-backed objects declare their functions as methods: this rule reports both, wrongly.
      '@typescript-eslint/unbound-method': 'off',
      // TanStack Router's redirect() and notFound() are thrown by design.
      '@typescript-eslint/only-throw-error': [
        'error',
        { allow: [{ from: 'package', package: '@tanstack/router-core', name: ['Redirect', 'NotFoundError'] }] },
      ],
    },
  },
  {
    // Vitest's asymmetric matchers (`expect.any(String)`) are typed `any` by design.
    files: ['**/*.test.{ts,tsx}'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apps/server/**', '**/server/src/**', '@ops/server', '@ops/server/*'],
              message: 'The web imports only the router type: `import type { AppRouter } from "@ops/server/router"`.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // Layers run one way (routers -> domain -> db / integrations): the domain knows nothing of tRPC or HTTP, so
    // the MCP tools, workers and tests call the same functions. Tests may drive the whole server.
    files: ['apps/server/src/domain/**/*.ts'],
    ignores: ['apps/server/src/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@trpc/*', '@trpc/*/**'], message: DOMAIN_LAYER },
            { group: ['**/routers', '**/routers/**'], message: DOMAIN_LAYER },
            { group: ['**/trpc', '**/trpc.js', '**/http/**', '**/mcp/**'], message: DOMAIN_LAYER },
          ],
        },
      ],
    },
  },
  {
    // Vendor clients and their stand-ins may use the config and logger types, the database (stand-ins read it) and
    // shared schemas; their tests may drive the whole server.
    files: ['apps/server/src/integrations/**/*.ts'],
    ignores: ['apps/server/src/integrations/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@trpc/*', '@trpc/*/**'], message: INTEGRATIONS_LAYER },
            { group: ['**/routers', '**/routers/**', '**/domain', '**/domain/**'], message: INTEGRATIONS_LAYER },
            { group: ['**/trpc', '**/trpc.js', '**/http/**', '**/mcp/**'], message: INTEGRATIONS_LAYER },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/db/**/*.{ts,mts}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/apps/**', '@ops/server', '@ops/server/**', '@ops/web', '@ops/web/**'], message: DB_LAYER },
            { group: ['@trpc/*', '@trpc/*/**'], message: DB_LAYER },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/apps/**', '@ops/server', '@ops/server/**', '@ops/web', '@ops/web/**'], message: SHARED_LAYER },
            { group: SERVER_ONLY_PACKAGES, message: SHARED_LAYER },
          ],
        },
      ],
    },
  },
);
