import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { tanstackRouter } from '@tanstack/router-plugin/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * `import { IconX } from '@tabler/icons-react'` pulls all ~6,000 icon modules through the bundler; rewriting it to
 * one deep import per icon keeps the build fast. Source keeps the normal import (and its types).
 */
function tablerDeepImports(): Plugin {
  const pattern = /import\s*\{([^}]+)\}\s*from\s*['"]@tabler\/icons-react['"];?/g;
  return {
    name: 'tabler-deep-imports',
    enforce: 'pre',
    transform(code, id) {
      if (id.includes('node_modules') || !code.includes('@tabler/icons-react')) return null;
      return code.replace(pattern, (_all, names: string) =>
        names
          .split(',')
          .map((n) => n.trim())
          .filter((n) => n.length > 0 && !n.startsWith('type '))
          .map((n) => {
            const [imported = n, local = imported] = n.split(/\s+as\s+/);
            return `import ${local} from '@tabler/icons-react/dist/esm/icons/${imported}.mjs';`;
          })
          .join('\n'),
      );
    },
  };
}

/** Replaced per response by the server with the request's CSP nonce (see http/security-headers.ts). */
const CSP_NONCE_PLACEHOLDER = 'OPS_CSP_NONCE';

/**
 * Writes a brotli and a gzip copy beside every hashed text asset, so the server sends them as they are (picked by
 * the request's Accept-Encoding) instead of compressing on every request or not at all.
 */
function precompress(outDir: string): Plugin {
  return {
    name: 'precompress-assets',
    apply: 'build',
    closeBundle() {
      const dir = join(outDir, 'assets');
      // A failed build wrote nothing: say nothing, so that its own error is the one shown.
      if (!existsSync(dir)) return;
      for (const name of readdirSync(dir)) {
        if (!/\.(js|css|svg|json|txt)$/.test(name)) continue;
        const body = readFileSync(join(dir, name));
        if (body.length < 1024) continue;
        writeFileSync(join(dir, `${name}.br`), brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(join(dir, `${name}.gz`), gzipSync(body, { level: 9 }));
      }
    },
  };
}

const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));
const web = fileURLToPath(new URL('./apps/web', import.meta.url));

export default defineConfig({
  root: web,
  plugins: [
    tablerDeepImports(),
    tanstackRouter({
      target: 'react',
      autoCodeSplitting: true,
      routesDirectory: `${web}/src/routes`,
      generatedRouteTree: `${web}/src/routeTree.gen.ts`,
    }),
    react(),
    precompress(outDir),
  ],
  // Tags Vite writes (and the csp-nonce meta tag Mantine reads) carry the placeholder nonce.
  html: { cspNonce: CSP_NONCE_PLACEHOLDER },
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
    manifest: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // What the entry imports statically (React, the router, the query and tRPC clients, zod, Mantine's core)
            // ships as one file: split per importer it came as a dozen small files that compress worse.
            { name: 'app', tags: ['$initial'], priority: 2 },
            // Mantine components most pages use (and the layout's), one shared file instead of one per component.
            // A component fewer than 16 chunks use (Select, Modal, Timeline) stays with the pages that need it.
            { name: 'ui', test: /node_modules[\\/]@mantine[\\/](core|hooks)[\\/]/, minShareCount: 16, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/trpc': 'http://localhost:3000', '/healthz': 'http://localhost:3000', '/webhooks': 'http://localhost:3000' },
  },
});
