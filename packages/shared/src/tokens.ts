import { z } from 'zod';
import { uuid } from './common.js';

/** Personal access tokens: what an assistant on /mcp presents as `Authorization: Bearer <token>`. */
export const TOKEN_MAX_DAYS = 90;

export const tokenCreateInputSchema = z.object({
  name: z
    .string({ message: 'Name is required' })
    .trim()
    .min(1, { message: 'Name is required' })
    .max(80, { message: 'Name must be at most 80 characters' }),
  expiresInDays: z
    .number({ message: 'Expiry must be a number of days' })
    .int({ message: 'Expiry must be a whole number of days' })
    .min(1, { message: 'Expiry must be at least 1 day' })
    .max(TOKEN_MAX_DAYS, { message: `Expiry must be at most ${TOKEN_MAX_DAYS} days` }),
});
export type TokenCreateInput = z.infer<typeof tokenCreateInputSchema>;

export const tokenRevokeInputSchema = z.object({ id: uuid });

export interface AccessTokenRow {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string;
  revokedAt: string | null;
}

/** The create answer: the only time the secret is shown. */
export interface CreatedAccessToken extends AccessTokenRow {
  token: string;
}
