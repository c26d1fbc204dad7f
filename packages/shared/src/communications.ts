import { z } from 'zod';
import { uuid } from './common.js';
import { addDays, localDate, startOfDayInstant } from './periods.js';

/**
 * Over this many recipients a send needs a second admin's approval: the default of MESSAGE_APPROVAL_THRESHOLD, and
 * what the sample data's past campaigns were held to.
 */
export const DEFAULT_MESSAGE_APPROVAL_THRESHOLD = 1_000;

/** Who a campaign goes to. Filters combine with AND; suspended, deactivated and unsubscribed users are always excluded. */
export const AUDIENCE_ROLES = ['students', 'instructors', 'all'] as const;
export const AUDIENCE_STATUSES = ['active', 'verified', 'founding'] as const;
export const AUDIENCE_ACTIVITIES = ['any', 'booked_30d', 'inactive_60d'] as const;
export const CHANNELS = ['email', 'in_app'] as const;
export type AudienceRole = (typeof AUDIENCE_ROLES)[number];
export type AudienceStatus = (typeof AUDIENCE_STATUSES)[number];
export type AudienceActivity = (typeof AUDIENCE_ACTIVITIES)[number];
export type CampaignChannel = (typeof CHANNELS)[number];

export const AUDIENCE_LABELS = {
  students: 'Students',
  instructors: 'Instructors',
  all: 'All users',
  active: 'Active',
  verified: 'Verified',
  founding: 'Founding instructors',
  any: 'Any activity',
  booked_30d: 'Booked in the last 30 days',
  inactive_60d: 'Inactive 60 days (no booking)',
  email: 'Email',
  in_app: 'In-app',
} as const;

const ACTIVITY_DAYS = { booked_30d: 30, inactive_60d: 60 } as const;

/**
 * Where an activity filter's window starts: the first instant of the business day 30 (or 60) days before today's.
 * An audience therefore counts the same people all day, so a send approved hours after its preview still matches
 * it, and it moves at midnight.
 */
export function activitySince(activity: keyof typeof ACTIVITY_DAYS, now: Date, timeZone: string): Date {
  return startOfDayInstant(addDays(localDate(now, timeZone), -ACTIVITY_DAYS[activity]), timeZone);
}

export const audienceSchema = z.object({
  role: z
    .enum(AUDIENCE_ROLES, { message: 'Audience role must be students, instructors or all' })
    .describe('Who: students, instructors or all (both).'),
  statuses: z
    .array(z.enum(AUDIENCE_STATUSES, { message: 'Status must be active, verified or founding' }))
    .max(3, { message: 'Choose at most 3 statuses' })
    .default([])
    .transform((s) => [...new Set(s)].sort())
    .describe('Only people with every one of these: active, verified, founding (instructors only); none when omitted.'),
  activity: z
    .enum(AUDIENCE_ACTIVITIES, { message: 'Activity must be any, booked_30d or inactive_60d' })
    .default('any')
    .describe(
      'any (when omitted), booked_30d (a booking in the last 30 days) or inactive_60d (no booking in 60 days, account older than that).',
    ),
});
export type Audience = z.infer<typeof audienceSchema>;

/** The statuses an audience of `role` can be narrowed by: only instructors are founding instructors. */
export function audienceStatusesFor(role: AudienceRole): readonly AudienceStatus[] {
  return role === 'students' ? AUDIENCE_STATUSES.filter((s) => s !== 'founding') : AUDIENCE_STATUSES;
}

/**
 * An audience as staff choose it: a status the role cannot have is refused rather than sent to nobody. (Stored
 * campaigns are read with `audienceSchema`, which a campaign queued before this rule still passes.)
 */
const audienceInputSchema = audienceSchema.superRefine((a, ctx) => {
  const allowed = audienceStatusesFor(a.role);
  for (const status of a.statuses)
    if (!allowed.includes(status))
      ctx.addIssue({
        code: 'custom',
        path: ['statuses'],
        message: `${AUDIENCE_LABELS[status]} can only narrow an audience of instructors or all users, not students`,
      });
});

/** Variables every message can use; each is filled per recipient. */
export const MESSAGE_VARIABLES = ['firstName', 'lastName', 'fullName'] as const;
export type MessageVariable = (typeof MESSAGE_VARIABLES)[number];
export type MessageVars = Record<MessageVariable, string>;

const VARIABLE_RE = /\{\{\s*(\w+)\s*\}\}/g;

/** What a message about one booking can use (a resent confirmation, reminder or receipt), filled from the booking. */
export const BOOKING_MESSAGE_VARIABLES = [
  'firstName',
  'instructorName',
  'serviceName',
  'lessonTime',
  'shortId',
  'amount',
] as const;
export type BookingMessageVariable = (typeof BOOKING_MESSAGE_VARIABLES)[number];

interface TemplateSpec {
  /** Whether staff can start a campaign from it: a campaign fills only the recipient's own names. */
  campaign: boolean;
  /** What it is filled with when it is sent. */
  variables: readonly string[];
  /** `{{names}}` staff write over with their own text when they start a campaign from it; never filled. */
  placeholders: readonly string[];
}

/**
 * The stored templates this version knows, by key. A booking or refund message is filled from one booking, which a
 * campaign does not have, so only the announcement starts a campaign. A template not listed here is checked against
 * the campaign variables and cannot start one.
 */
const TEMPLATES: Readonly<Record<string, TemplateSpec>> = {
  booking_confirmation: { campaign: false, variables: BOOKING_MESSAGE_VARIABLES, placeholders: [] },
  lesson_reminder: { campaign: false, variables: BOOKING_MESSAGE_VARIABLES, placeholders: [] },
  lesson_completed: { campaign: false, variables: BOOKING_MESSAGE_VARIABLES, placeholders: [] },
  refund_issued: { campaign: false, variables: ['firstName', 'amount', 'method', 'shortId'], placeholders: [] },
  announcement_general: { campaign: true, variables: MESSAGE_VARIABLES, placeholders: ['headline', 'message'] },
};

/** What a template may use: what it is filled with and the placeholders staff write over. */
export function templateVariables(key: string): readonly string[] {
  const spec = TEMPLATES[key];
  return spec ? [...spec.variables, ...spec.placeholders] : MESSAGE_VARIABLES;
}

/** Whether a campaign can start from the template of this key (the compose form offers only these). */
export function isCampaignTemplate(key: string): boolean {
  return TEMPLATES[key]?.campaign === true;
}

/** The `{{names}}` of a template that staff replace with their own text before it can be sent as a campaign. */
export function templatePlaceholders(key: string | null): readonly string[] {
  return (key === null ? undefined : TEMPLATES[key])?.placeholders ?? [];
}

const PLACEHOLDERS: ReadonlySet<string> = new Set(Object.values(TEMPLATES).flatMap((t) => t.placeholders));

/** The `{{names}}` a text uses that are not among `known` (by default, what a campaign fills per recipient). */
export function unknownVariables(text: string, known: readonly string[] = MESSAGE_VARIABLES): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(VARIABLE_RE)) if (m[1] && !known.includes(m[1])) out.add(m[1]);
  return [...out];
}

function unknownVariablesMessage(field: string, unknown: string[], known: readonly string[]): string {
  return `${field} uses unknown variable${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `{{${u}}}`).join(', ')} (known: ${known.map((v) => `{{${v}}}`).join(', ')})`;
}

/** `{{a}}` or `{{a}}, {{b}}` and `{{c}}`. */
function listVariables(names: readonly string[]): string {
  const tagged = names.map((n) => `{{${n}}}`);
  return tagged.length > 1 ? `${tagged.slice(0, -1).join(', ')} and ${tagged.at(-1) ?? ''}` : (tagged[0] ?? '');
}

/** A template's placeholder left in place is told apart from a misspelt variable: it is text still to be written. */
const variablesCheck = (field: string) => (text: string, ctx: z.RefinementCtx) => {
  const unknown = unknownVariables(text);
  const placeholders = unknown.filter((u) => PLACEHOLDERS.has(u));
  const misspelt = unknown.filter((u) => !PLACEHOLDERS.has(u));
  if (placeholders.length > 0)
    ctx.addIssue({
      code: 'custom',
      message: `${field} still has the template's ${listVariables(placeholders)}: replace ${placeholders.length > 1 ? 'them' : 'it'} with your own text`,
    });
  if (misspelt.length > 0) ctx.addIssue({ code: 'custom', message: unknownVariablesMessage(field, misspelt, MESSAGE_VARIABLES) });
};

const FILLED_PER_RECIPIENT = `${MESSAGE_VARIABLES.map((v) => `{{${v}}}`).join(', ')} are filled per recipient`;
export const messageSubjectSchema = z
  .string()
  .trim()
  .min(1, { message: 'Subject is required' })
  .max(200, { message: 'Subject must be at most 200 characters' })
  .describe(`The subject line (1 to 200 characters); ${FILLED_PER_RECIPIENT}.`);
/** A message's text, its errors naming the field as the form labels it: "Message" to compose, "Body" in a template. */
export const bodySchema = (label: string) =>
  z
    .string()
    .trim()
    .min(1, { message: `${label} is required` })
    .max(10_000, { message: `${label} must be at most 10,000 characters` })
    .describe(`The message text, plain (1 to 10,000 characters); ${FILLED_PER_RECIPIENT}.`);

const AUDIENCE_DESCRIPTION =
  'Who receives it: a role narrowed by statuses and activity (all must hold); suspended, deactivated and unsubscribed people never do.';

export const campaignSendInputSchema = z.object({
  kind: z
    .enum(['announcement', 'bulk_notification'], { message: 'Kind must be announcement or bulk_notification' })
    .default('announcement')
    .describe('How the campaign is filed: announcement (when omitted) or bulk_notification; it is sent the same way.'),
  name: z
    .string()
    .trim()
    .min(3, { message: 'Campaign name is required (at least 3 characters)' })
    .max(120, { message: 'Campaign name must be at most 120 characters' })
    .describe("The campaign's name in the console (3 to 120 characters); recipients do not see it."),
  templateKey: z
    .string()
    .refine(isCampaignTemplate, { message: 'Template must be a campaign template (or none, for free text)' })
    .nullable()
    .default(null)
    .describe(
      'The campaign template the text started from (e.g. announcement_general), or null for free text; subject and body are given in full either way, its placeholders replaced.',
    ),
  subject: messageSubjectSchema.superRefine(variablesCheck('Subject')),
  body: bodySchema('Message').superRefine(variablesCheck('Message')),
  audience: audienceInputSchema.describe(AUDIENCE_DESCRIPTION),
  channels: z
    .array(z.enum(CHANNELS, { message: 'Channel must be email or in_app' }))
    .min(1, { message: 'Choose at least one channel' })
    .transform((c) => [...new Set(c)].sort())
    .describe('How to send it: email, in_app or both, e.g. ["email"].'),
});
export type CampaignSendInput = z.infer<typeof campaignSendInputSchema>;
export type CampaignSendFormInput = z.input<typeof campaignSendInputSchema>;

/** The audience alone is counted and sampled; with a subject and a message, the message is rendered too. */
export const audiencePreviewInputSchema = campaignSendInputSchema.pick({ audience: true, subject: true, body: true }).extend({
  subject: messageSubjectSchema
    .optional()
    .describe(`With body, renders the message for a sample recipient; ${FILLED_PER_RECIPIENT}.`),
  body: bodySchema('Message')
    .optional()
    .describe(`With subject, renders the message for a sample recipient; ${FILLED_PER_RECIPIENT}.`),
});
export type AudiencePreviewInput = z.infer<typeof audiencePreviewInputSchema>;

export const templateUpdateInputSchema = z
  .object({
    key: z
      .string()
      .min(1, { message: 'Template is required' })
      .max(80, { message: 'Template must be at most 80 characters' })
      .describe("The template's key, as the templates list gives it, e.g. lesson_reminder."),
    name: z
      .string()
      .trim()
      .min(3, { message: 'Name is required (at least 3 characters)' })
      .max(120, { message: 'Name must be at most 120 characters' })
      .describe("The template's name as staff see it (3 to 120 characters)."),
    subject: messageSubjectSchema.describe(
      "The subject line (1 to 200 characters); it may use only the template's own {{variables}}, filled per message.",
    ),
    body: bodySchema('Body').describe(
      "The message text (1 to 10,000 characters); it may use only the template's own {{variables}}, filled per message.",
    ),
  })
  // A misspelt variable ("{{firstname}}") would reach every recipient as written: refused, naming the field.
  .superRefine((t, ctx) => {
    const known = templateVariables(t.key);
    for (const [field, label] of [
      ['subject', 'Subject'],
      ['body', 'Body'],
    ] as const) {
      const unknown = unknownVariables(t[field], known);
      if (unknown.length > 0)
        ctx.addIssue({ code: 'custom', path: [field], message: unknownVariablesMessage(label, unknown, known) });
    }
  });
export type TemplateUpdateInput = z.infer<typeof templateUpdateInputSchema>;

export const campaignByIdInputSchema = z.object({
  campaignId: uuid.describe("The campaign's id (a uuid), as the campaigns list gives it."),
});
export const campaignCancelInputSchema = campaignByIdInputSchema;

export interface AudienceCounts {
  /** Users matching the filters. */
  matched: number;
  /** Who will receive it: matched minus the exclusions. */
  recipients: number;
  excludedSuspended: number;
  excludedDeactivated: number;
  excludedUnsubscribed: number;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

export interface AudiencePreview extends AudienceCounts {
  sample: Array<{ id: string; displayName: string; maskedEmail: string; role: string }>;
  /** The message as the first sample recipient gets it (null when nobody matches or there is no message yet). */
  rendered: (RenderedMessage & { recipient: string }) | null;
  requiresApproval: boolean;
  approvalThreshold: number;
}

export interface CampaignSummary {
  id: string;
  kind: string;
  name: string;
  status: string;
  channels: string[];
  audience: Audience | null;
  recipientsTotal: number;
  sentCount: number;
  failedCount: number;
  excludedCount: number;
  createdBy: string | null;
  approvedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface PendingCampaignRequest {
  approvalId: string;
  summary: string;
  requestedBy: string;
  requestedAt: string;
}

export interface SentMailPreview {
  id: string;
  channel: string;
  recipient: string;
  subject: string;
  text: string;
  html: string | null;
  status: string;
  error: string | null;
  sentAt: string | null;
  messageId: string | null;
  rawMessage: string | null;
}

export interface CampaignDetail extends CampaignSummary {
  subject: string;
  body: string;
  templateKey: string | null;
  queued: number;
  /** Messages never handed to the mail server because the campaign was cancelled first. */
  skippedCount: number;
  outbox: SentMailPreview[];
}

export interface MessageTemplate {
  key: string;
  name: string;
  channel: string;
  subject: string;
  body: string;
  updatedAt: string;
  updatedBy: string | null;
}

/** Plain-text rendering: fills variables; an unknown one stays as written so it is visible in the preview. */
export function renderText(text: string, vars: Partial<Record<string, string>>): string {
  return text.replace(VARIABLE_RE, (whole, name: string) => vars[name] ?? whole);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * The HTML email: the template text is escaped first and the variables are escaped as they are filled, so
 * neither an admin's text nor a user's name (`<script>` as a first name) can inject markup. Blank lines make
 * paragraphs, single newlines line breaks.
 */
export function renderHtml(subject: string, body: string, vars: Partial<Record<string, string>>): string {
  const filled = escapeHtml(body).replace(VARIABLE_RE, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : escapeHtml(v);
  });
  const paragraphs = filled
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 16px">${p.replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  const title = escapeHtml(renderText(subject, vars));
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${title}</title></head>\n<body style="font-family:Arial,sans-serif;font-size:15px;line-height:1.5;color:#222;max-width:600px;margin:0 auto;padding:24px">\n${paragraphs}\n</body></html>`;
}

export function renderMessage(subject: string, body: string, vars: Partial<Record<string, string>>): RenderedMessage {
  return { subject: renderText(subject, vars), text: renderText(body, vars), html: renderHtml(subject, body, vars) };
}

export function recipientVars(firstName: string, lastName: string): MessageVars {
  return { firstName, lastName, fullName: `${firstName} ${lastName}`.trim() };
}

/** Example values for live previews of a template. */
export const EXAMPLE_VARS: Record<string, string> = {
  firstName: 'Sarah',
  lastName: 'Chen',
  fullName: 'Sarah Chen',
  serviceName: 'Piano',
  instructorName: 'Maria K.',
  lessonTime: 'Tue, Dec 1, 4:00 PM',
  shortId: 'BK7Q2M9X',
  amount: '$45.00',
  method: 'card',
  headline: 'News from Lessons',
  message: 'Something new is here.',
};

export function describeAudience(a: Audience): string {
  const parts: string[] = [AUDIENCE_LABELS[a.role]];
  for (const s of a.statuses) parts.push(AUDIENCE_LABELS[s].toLowerCase());
  if (a.activity !== 'any') parts.push(AUDIENCE_LABELS[a.activity].toLowerCase());
  return parts.join(', ');
}

/** A channel as staff read it ("In-app"); one this version does not know reads as stored. */
export function channelLabel(channel: string): string {
  const known = CHANNELS.find((c) => c === channel);
  return known ? AUDIENCE_LABELS[known] : channel;
}
