import { describe, expect, it } from 'vitest';
import { channelLabel, describeAudience } from './communications.js';

describe('how a campaign reads', () => {
  it('names its channels and audience in words, a channel it does not know as stored', () => {
    expect(['email', 'in_app'].map(channelLabel)).toEqual(['Email', 'In-app']);
    expect(channelLabel('sms')).toBe('sms');
    expect(describeAudience({ role: 'instructors', statuses: ['founding'], activity: 'booked_30d' })).toBe(
      'Instructors, founding instructors, booked in the last 30 days',
    );
  });
});
