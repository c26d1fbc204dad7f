import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TOOLS } from '../apps/server/src/mcp/registry.js';

/**
 * Regenerates the README's table of MCP tools from the registry (name, permission, read-only), between the
 * markers. `--check` fails when the README is out of date instead of writing it.
 */
const START = '<!-- mcp-tools:start -->';
const END = '<!-- mcp-tools:end -->';
const readme = fileURLToPath(new URL('../README.md', import.meta.url));

export function toolsTable(): string {
  const rows = TOOLS.map(
    (t) => `| \`${t.name}\` | \`${t.procedure}\` | ${t.permission} | ${t.annotations.readOnlyHint ? 'yes' : 'no'} |`,
  );
  return ['| tool | procedure | permission | read-only |', '| --- | --- | --- | :-: |', ...rows].join('\n');
}

const text = readFileSync(readme, 'utf8');
const start = text.indexOf(START);
const end = text.indexOf(END);
if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} … ${END} markers`);
const next = `${text.slice(0, start + START.length)}\n${toolsTable()}\n${text.slice(end)}`;
if (process.argv.includes('--check')) {
  if (next !== text) {
    console.error('README.md tool table is out of date: run npm run mcp:tools');
    process.exit(1);
  }
} else {
  writeFileSync(readme, next);
  console.log(`README.md: ${TOOLS.length} tools`);
}
