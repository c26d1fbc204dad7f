import type { Migration } from 'kysely';
import * as init from './2026-11-22-0001-init.js';
import * as analyticsRollups from './2026-11-22-0300-analytics-rollups.js';
import * as auditChain from './2026-11-22-0500-audit-chain.js';
import * as communications from './2026-11-22-0600-communications.js';
import * as busyAccountIndexes from './2026-11-23-0700-busy-account-indexes.js';
import * as accessTokens from './2026-11-30-1800-access-tokens.js';

/** Every migration, by sortable name. Add new ones here; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '2026-11-22-0001-init': init,
  '2026-11-22-0300-analytics-rollups': analyticsRollups,
  '2026-11-22-0500-audit-chain': auditChain,
  '2026-11-22-0600-communications': communications,
  '2026-11-23-0700-busy-account-indexes': busyAccountIndexes,
  '2026-11-30-1800-access-tokens': accessTokens,
};
