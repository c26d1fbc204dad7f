import { describe, expect, it } from 'vitest';
import { alertRuleParts, re2Problem, silenceInputSchema, silenceMatchersProblem } from './alerts.js';

const m = (name: string, value: string, isRegex = false, isEqual = true) => ({ name, value, isRegex, isEqual });

describe('silence matchers validated as Alertmanager does', () => {
  it('refuses regexes RE2 rejects, and ones that do not parse', () => {
    expect(re2Problem('api|web')).toBeNull();
    expect(re2Problem('(?=api)')).toMatch(/lookaround/);
    expect(re2Problem('(?<!x)y')).toMatch(/lookaround/);
    expect(re2Problem('(a)\\1')).toMatch(/backreferences/);
    expect(re2Problem('a++')).toMatch(/possessive/);
    expect(re2Problem('(unclosed')).toMatch(/does not parse/);
  });

  it('refuses a silence whose every matcher matches the empty string', () => {
    expect(silenceMatchersProblem([m('alertname', '.*', true)])).toMatch(/must not match the empty string/);
    expect(silenceMatchersProblem([m('team', '')])).toMatch(/must not match the empty string/);
    expect(silenceMatchersProblem([m('team', 'x', false, false)])).toMatch(/must not match the empty string/);
    expect(silenceMatchersProblem([m('alertname', '.*', true), m('service', 'api')])).toBeNull();
    expect(silenceMatchersProblem([m('alertname', 'HighErrorRate')])).toBeNull();
  });

  it('names the matcher in the form error, and nothing else changes', () => {
    const parsed = silenceInputSchema.safeParse({
      matchers: [m('service', 'api'), m('alertname', '(?=High).*', true)],
      durationMinutes: 60,
      comment: 'deploying',
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ['matchers'],
      message: 'matcher 2 (alertname=~"(?=High).*"): lookaround such as (?= or (?<! is not supported by RE2',
    });
  });
});

describe("an alerting rule's parts", () => {
  it('splits the watched query from its trailing threshold, label matchers and all', () => {
    expect(alertRuleParts('sum by (queue) (background_jobs{queue="payments",status!="done"}) > 10')).toEqual({
      query: 'sum by (queue) (background_jobs{queue="payments",status!="done"})',
      threshold: { op: '>', value: 10 },
    });
    expect(alertRuleParts('x >= 0.02')).toEqual({ query: 'x', threshold: { op: '>=', value: 0.02 } });
    expect(alertRuleParts('up == 0')).toEqual({ query: 'up', threshold: { op: '==', value: 0 } });
  });

  it('leaves a rule without a numeric comparison whole', () => {
    expect(alertRuleParts('absent(up{job="api"})')).toEqual({ query: 'absent(up{job="api"})', threshold: null });
    expect(alertRuleParts('a > bool 1')).toEqual({ query: 'a > bool 1', threshold: null });
  });
});
