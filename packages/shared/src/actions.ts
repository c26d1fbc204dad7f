import { z } from 'zod';
import { reasonSchema } from './common.js';

/**
 * The preview / confirm protocol's wire types (DESIGN.md). Every action's preview returns a `Preview`;
 * its execute takes an `ExecuteInput`.
 */
export interface Effect {
  /** What a person reads: "Refund $45.00 to card". */
  label: string;
  kind: 'money' | 'account' | 'booking' | 'notify' | 'info';
  amountCents?: number;
  count?: number;
}

export interface Preview {
  action: string;
  resourceType: string;
  resourceId: string;
  /** What a person types to confirm a dangerous action (a booking's short id, a person's whole id); null when not dangerous. */
  typeToConfirm: string | null;
  summary: string;
  effects: Effect[];
  warnings: string[];
  confirmToken: string;
  expiresAt: string;
  requiresApproval: boolean;
}

/** What an execute's confirmToken is, naming the preview that hands it out. */
export const confirmTokenDescription = (preview = "the action's preview") =>
  `The confirmToken ${preview} returned: single use, valid 5 minutes, for you and that preview's input only.`;

export const executeInputSchema = z.object({
  confirmToken: z
    .string({ message: 'confirmToken: missing; preview first and pass the confirmToken it returns' })
    .min(20, { message: 'confirmToken: not a confirm token; pass the confirmToken a preview returned, unchanged' })
    .max(200, { message: 'confirmToken: not a confirm token; pass the confirmToken a preview returned, unchanged' })
    .describe(confirmTokenDescription()),
  reason: reasonSchema,
  /** On production, a dangerous action (one with `typeToConfirm`) also needs the environment's name typed. */
  typedEnvironment: z
    .string()
    .max(20)
    .optional()
    .describe(
      'Only on production, for a dangerous action (its preview gave a typeToConfirm): the word "production", typed to confirm. Omit it otherwise.',
    ),
});
export type ExecuteInput = z.infer<typeof executeInputSchema>;

export interface ExecuteResult {
  /** Audit row written with the change (null when the action became an approval request). */
  auditId: number | null;
  /** Set when the action waits for a second admin. */
  approvalId: string | null;
  message: string;
  /** What the action created, when it created something a page can open (e.g. the queued campaign). */
  created: CreatedResource | null;
}

export interface CreatedResource {
  type: 'campaign';
  id: string;
}

export const CONFIRMATION_TTL_MS = 5 * 60 * 1000;
export const APPROVAL_TTL_MS = 24 * 60 * 60 * 1000;
