import { describe, expect, it } from 'vitest';
import {
  activitySince,
  campaignSendInputSchema,
  channelLabel,
  describeAudience,
  templateUpdateInputSchema,
} from './communications.js';

describe('how a campaign reads', () => {
  it('names its channels and audience in words, a channel it does not know as stored', () => {
    expect(['email', 'in_app'].map(channelLabel)).toEqual(['Email', 'In-app']);
    expect(channelLabel('sms')).toBe('sms');
    expect(describeAudience({ role: 'instructors', statuses: ['founding'], activity: 'booked_30d' })).toBe(
      'Instructors, founding instructors, booked in the last 30 days',
    );
  });
});

describe('activitySince', () => {
  it('starts an activity window at the start of a business day, on either side of a clock change', () => {
    const afternoon = new Date('2026-12-02T20:00:00Z');
    // 60 days before 2 December is 3 October, still summer time in New York (UTC−4); 30 days is 2 November (UTC−5).
    expect(activitySince('inactive_60d', afternoon, 'America/New_York').toISOString()).toBe('2026-10-03T04:00:00.000Z');
    expect(activitySince('booked_30d', afternoon, 'America/New_York').toISOString()).toBe('2026-11-02T05:00:00.000Z');
    // The same all day: just after midnight and just before the next one.
    expect(activitySince('booked_30d', new Date('2026-12-02T05:00:00Z'), 'America/New_York')).toEqual(
      activitySince('booked_30d', new Date('2026-12-03T04:59:59Z'), 'America/New_York'),
    );
  });
});

describe('message errors', () => {
  const issues = (r: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
    (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

  it('name a template’s Body as the template editor labels it', () => {
    const template = { key: 'announcement_general', name: 'General announcement', subject: 'News' };
    expect(issues(templateUpdateInputSchema.safeParse({ ...template, body: '  ' }))).toEqual(['body: Body is required']);
    expect(issues(templateUpdateInputSchema.safeParse({ ...template, body: 'x'.repeat(10_001) }))).toEqual([
      'body: Body must be at most 10,000 characters',
    ]);
  });

  it('name a campaign’s Message as the compose form labels it', () => {
    const campaign = {
      name: 'Spring news',
      subject: 'Hello',
      audience: { role: 'students' },
      channels: ['email'],
    };
    expect(issues(campaignSendInputSchema.safeParse({ ...campaign, body: '' }))).toEqual(['body: Message is required']);
    expect(issues(campaignSendInputSchema.safeParse({ ...campaign, body: 'x'.repeat(10_001) }))).toEqual([
      'body: Message must be at most 10,000 characters',
    ]);
  });

  it('name the field over its length in the form’s words, not zod’s', () => {
    const campaign = { name: 'Spring news', subject: 'Hello', body: 'Hi', audience: { role: 'students' }, channels: ['email'] };
    expect(issues(campaignSendInputSchema.safeParse({ ...campaign, name: 'x'.repeat(121) }))).toEqual([
      'name: Campaign name must be at most 120 characters',
    ]);
    expect(issues(campaignSendInputSchema.safeParse({ ...campaign, name: 'x'.repeat(120) }))).toEqual([]);
    const template = { key: 'announcement_general', name: 'General announcement', subject: 'News', body: 'Hi' };
    expect(issues(templateUpdateInputSchema.safeParse({ ...template, name: 'x'.repeat(121) }))).toEqual([
      'name: Name must be at most 120 characters',
    ]);
    expect(issues(templateUpdateInputSchema.safeParse({ ...template, key: '' }))).toEqual(['key: Template is required']);
  });
});
