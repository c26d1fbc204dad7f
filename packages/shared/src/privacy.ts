import { z } from 'zod';
import { reasonSchema, userIdSchema, uuid } from './common.js';

/** Database tiers (the marketplace's INT / STG / PROD protection). Sample mode is always development. */
export const ENVIRONMENTS = ['production', 'staging', 'development'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** What the header badge and the tab title say for each tier. */
export const ENVIRONMENT_LABELS: Readonly<Record<Environment, { short: string; color: 'red' | 'yellow' | 'green' }>> = {
  production: { short: 'PROD', color: 'red' },
  staging: { short: 'STG', color: 'yellow' },
  development: { short: 'DEV', color: 'green' },
};

/** The flag a write script needs before it touches a database marked production. */
export const PRODUCTION_OVERRIDE_FLAG = '--i-know-this-is-production';

export const privacyExportInputSchema = z.object({
  userId: userIdSchema,
  reason: reasonSchema,
});
export type PrivacyExportInput = z.infer<typeof privacyExportInputSchema>;

export const privacyEraseInputSchema = z.object({ userId: userIdSchema });
export type PrivacyEraseInput = z.infer<typeof privacyEraseInputSchema>;

export const privacyExportsInputSchema = z.object({ userId: userIdSchema });

export type PrivacyExportStatus = 'building' | 'ready' | 'failed' | 'expired';

/** One export of a person's data as the person's page lists it. */
export interface PrivacyExportRow {
  id: string;
  status: PrivacyExportStatus;
  requestedBy: string;
  requestedAt: string;
  reason: string;
  /** Rows per table in the archive (from its manifest); null while building. */
  tables: Record<string, number> | null;
  sizeBytes: number | null;
  expiresAt: string;
  error: string | null;
}

/** What `privacy.export` answers: the export, and a download link while it is ready. */
export interface PrivacyExportResult {
  export: PrivacyExportRow;
  auditId: number;
  /** A path with a single-purpose token, valid until `export.expiresAt`; null while a job builds the archive. */
  downloadUrl: string | null;
}

export const privacyDownloadLinkInputSchema = z.object({ exportId: uuid });
export interface PrivacyDownloadLink {
  downloadUrl: string;
  expiresAt: string;
}

/** The tombstone that replaces an erased person wherever a record must be kept. */
export function tombstoneName(userId: string): string {
  return `erased-${userId.slice(0, 8)}`;
}
