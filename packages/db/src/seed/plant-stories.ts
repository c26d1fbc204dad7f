import type { FullRowSet } from './row-set.js';
import { plantStoryAudit } from './plant-stories/audit.js';
import { plantFraudStudent } from './plant-stories/fraud.js';
import { createStoryKit, type StoryStaff } from './plant-stories/kit.js';
import { plantSarahNotifications } from './plant-stories/notifications.js';
import { plantPaymentProblems } from './plant-stories/payments.js';
import { plantMarcus, plantStoryPayouts } from './plant-stories/payouts.js';
import { plantPeople } from './plant-stories/people.js';
import { plantSarah } from './plant-stories/sarah.js';
import { plantFailedWebhooks } from './plant-stories/webhooks.js';

export type { StoryStaff } from './plant-stories/kit.js';

/**
 * The planted stories' rows, relative to `now`. Their own PRNG keeps Stripe ids stable whatever the data set; each
 * story lives in its own module under plant-stories/ and draws from that stream in the order below.
 */
export function buildStoryRows(now: Date, staff: readonly StoryStaff[]): FullRowSet {
  const kit = createStoryKit(now, staff);
  const instructors = plantPeople(kit);
  const refunded = plantSarah(kit, instructors);
  plantFraudStudent(kit, instructors);
  plantMarcus(kit, instructors);
  plantStoryPayouts(kit);
  const payments = plantPaymentProblems(kit, instructors);
  plantFailedWebhooks(kit, payments);
  plantSarahNotifications(kit);
  plantStoryAudit(kit, refunded);
  return kit.rows;
}
