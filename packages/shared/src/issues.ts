/** One validation issue as zod (and tRPC's error cause) carries it: where, and what is wrong. */
export interface ValidationIssue {
  path: readonly PropertyKey[];
  message: string;
}

/** The field an issue is about, as a dotted path ("input" for the input as a whole). */
export function issueField(issue: ValidationIssue): string {
  return issue.path.map(String).join('.') || 'input';
}

/**
 * "field: message" for one issue. Some schema messages already start with their field ("q: type an email…"), as
 * a form shows them; those are not prefixed again, so every field is named exactly once.
 */
export function describeIssue(issue: ValidationIssue): string {
  const field = issueField(issue);
  return issue.message.startsWith(`${field}:`) ? issue.message : `${field}: ${issue.message}`;
}

/** "email: Email must be an email address; amount: …": the one wording of validation errors for every client. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map(describeIssue).join('; ');
}
