import { z } from 'zod';

/** Alertmanager silences (feature word `alerts`). The form and the procedure share this schema. */
export const alertMatcherSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { message: 'matcher name is required' })
    .max(200)
    .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, { message: 'matcher name must be a label name' })
    .describe('The label to compare, e.g. alertname, service or severity.'),
  value: z
    .string()
    .max(1_000)
    .describe("The label's value, e.g. HighErrorRate; with isRegex, an RE2 regular expression the whole value must match."),
  isRegex: z.boolean().default(false).describe('true reads value as an RE2 regular expression (false when omitted).'),
  isEqual: z.boolean().default(true).describe('true: the label must match value; false: it must not (true when omitted).'),
});
export type AlertMatcher = z.infer<typeof alertMatcherSchema>;

/**
 * Why Go's RE2 (Alertmanager's regex engine) would refuse a pattern, or null. RE2 has no lookaround, no
 * backreferences and no atomic groups; beyond those, a pattern JavaScript cannot parse is refused too.
 */
export function re2Problem(pattern: string): string | null {
  const unsupported: Array<[RegExp, string]> = [
    [/\(\?<?[=!]/, 'lookaround such as (?= or (?<! is not supported by RE2'],
    [/\\[1-9]|\\k</, 'backreferences are not supported by RE2'],
    [/\(\?>/, 'atomic groups (?> are not supported by RE2'],
    [/[*+?}][+]/, 'possessive quantifiers are not supported by RE2'],
  ];
  for (const [re, message] of unsupported) if (re.test(pattern)) return message;
  try {
    new RegExp(`^(?:${pattern})$`);
  } catch (error) {
    return `it does not parse: ${error instanceof Error ? error.message : String(error)}`;
  }
  return null;
}

/**
 * Alertmanager's own silence rules (0.25, `ValidateSilence`): every regex is RE2, and at least one matcher must
 * not match the empty string (a silence that matches an absent label would silence everything). A message naming
 * the matcher, or null.
 */
export function silenceMatchersProblem(matchers: readonly AlertMatcher[]): string | null {
  for (const [i, m] of matchers.entries()) {
    if (!m.isRegex) continue;
    const problem = re2Problem(m.value);
    if (problem) return `matcher ${i + 1} (${m.name}${m.isEqual ? '=~' : '!~'}"${m.value}"): ${problem}`;
  }
  if (matchers.length > 0 && matchers.every((m) => matcherMatches(m, {})))
    return 'at least one matcher must not match the empty string (as written, the silence would match every alert)';
  return null;
}

export const SILENCE_DURATIONS_MINUTES = [30, 60, 120, 240, 480, 1_440] as const;

export const silenceInputSchema = z.object({
  matchers: z
    .array(alertMatcherSchema)
    .min(1, { message: 'matchers: at least one matcher is needed' })
    .max(20)
    .superRefine((matchers, ctx) => {
      const problem = silenceMatchersProblem(matchers);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe(
      'Which alerts to silence: those whose labels meet every matcher (1 to 20), e.g. [{"name":"alertname","value":"HighErrorRate"}]. At least one must not match an empty label.',
    ),
  durationMinutes: z
    .number({ message: 'durationMinutes must be a number of minutes' })
    .int({ message: 'durationMinutes must be whole minutes' })
    .min(5, { message: 'durationMinutes must be at least 5 minutes' })
    .max(7 * 24 * 60, { message: 'durationMinutes must be at most 7 days' })
    .describe('How long the silence lasts from now, in whole minutes: 5 to 10080 (7 days), e.g. 120 for two hours.'),
  comment: z
    .string()
    .trim()
    .min(3, { message: 'comment is required (at least 3 characters)' })
    .max(500)
    .describe(
      'The silence\'s comment in Alertmanager, followed there by the execute\'s reason (3 to 500 characters), e.g. "Stripe incident, fix deploying".',
    ),
});
export type SilenceInput = z.input<typeof silenceInputSchema>;

/** Ending a silence before its time: Alertmanager expires it, and what it held fires (and notifies) again. */
export const expireSilenceInputSchema = z.object({
  silenceId: z
    .string({ message: 'silenceId is required' })
    .trim()
    .min(1, { message: 'silenceId is required' })
    .max(100, { message: 'silenceId must be at most 100 characters' })
    .describe("The silence's id in Alertmanager, as the list of active silences gives it."),
});
export type ExpireSilenceInput = z.input<typeof expireSilenceInputSchema>;

export function formatDuration(minutes: number): string {
  if (minutes % 1_440 === 0) return `${minutes / 1_440} day${minutes === 1_440 ? '' : 's'}`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'}`;
  return `${minutes} minutes`;
}

/** Alertmanager's matching: equality or a fully anchored RE2-like regex; `isEqual: false` negates. */
export function matcherMatches(m: AlertMatcher, labels: Record<string, string>): boolean {
  const value = labels[m.name] ?? '';
  let hit: boolean;
  if (m.isRegex) {
    try {
      hit = new RegExp(`^(?:${m.value})$`).test(value);
    } catch {
      hit = false;
    }
  } else hit = value === m.value;
  return m.isEqual ? hit : !hit;
}

/** Matchers as Alertmanager's own UI writes them: `alertname="HighErrorRate", service!="api"`. */
export function describeMatchers(matchers: readonly AlertMatcher[]): string {
  return matchers.map((m) => `${m.name}${m.isEqual ? '' : '!'}${m.isRegex ? '=~' : '='}"${m.value}"`).join(', ');
}

export function matchersMatch(matchers: readonly AlertMatcher[], labels: Record<string, string>): boolean {
  return matchers.every((m) => matcherMatches(m, labels));
}

export interface ActiveSilence {
  id: string;
  state: string;
  matchers: AlertMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

/** An alerting rule's trailing comparison with a number (filter mode, no `bool`): `<query> > 0.02`. */
const RULE_COMPARISON = /^(.*\S)\s*(==|!=|>=|<=|>|<)\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/i;

/**
 * What an alerting rule watches and when it fires: `sum(…) > 10` is the query `sum(…)` and the threshold `> 10`.
 * Charting the query alone shows the trend up to the threshold (the whole rule charts nothing while it holds); a
 * rule that does not end in a comparison with a number is all query.
 */
export function alertRuleParts(expr: string): { query: string; threshold: { op: string; value: number } | null } {
  const m = RULE_COMPARISON.exec(expr.trim());
  if (!m) return { query: expr.trim(), threshold: null };
  const [, query = '', op = '', value = ''] = m;
  return { query, threshold: { op, value: Number(value) } };
}
