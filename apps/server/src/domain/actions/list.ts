import { cancelCampaign } from '../communications/cancel.js';
import { sendCampaign } from '../communications/send.js';
import { cancelBooking } from '../bookings/cancel.js';
import { completeBooking } from '../bookings/complete.js';
import { silenceAlerts } from '../alerts/silence.js';
import { changeCommissionTier } from '../instructors/commission-tier.js';
import { holdPayouts } from '../instructors/payout-hold.js';
import { suspendInstructor } from '../instructors/suspend.js';
import { unsuspendInstructor } from '../instructors/unsuspend.js';
import { overrideVerification } from '../instructors/verification-override.js';
import { discardJob, retryJob } from '../jobs/actions.js';
import { erasePerson } from '../privacy/erase.js';
import { createRefund } from '../refunds/create.js';
import { adjustCredit } from '../students/adjust-credit.js';
import { suspendStudent, unsuspendStudent } from '../students/suspend.js';
import { resendNotification } from '../support/resend.js';
import { replayWebhook, replayWebhooks } from '../webhooks/replay.js';
import { listedAction, type ActionDefinition, type ListedAction } from './define.js';

/**
 * Every preview/confirm action the console offers, in one explicit list (no registration by import side effects):
 * the routers expose only listed actions, and an approved request is executed by finding its action here by name.
 */
export const CONSOLE_ACTIONS: readonly ListedAction[] = [
  listedAction(createRefund),
  listedAction(cancelBooking),
  listedAction(completeBooking),
  listedAction(adjustCredit),
  listedAction(suspendStudent),
  listedAction(unsuspendStudent),
  listedAction(suspendInstructor),
  listedAction(unsuspendInstructor),
  listedAction(overrideVerification),
  listedAction(changeCommissionTier),
  listedAction(holdPayouts),
  listedAction(resendNotification),
  listedAction(sendCampaign),
  listedAction(cancelCampaign),
  listedAction(silenceAlerts),
  listedAction(retryJob),
  listedAction(discardJob),
  listedAction(replayWebhook),
  listedAction(replayWebhooks),
  listedAction(erasePerson),
];

const byName = new Map<string, ListedAction>();
for (const action of CONSOLE_ACTIONS) {
  if (byName.has(action.name)) throw new Error(`action ${action.name} is listed twice`);
  byName.set(action.name, action);
}

/** The listed action of that name (an approval names its action), or undefined. */
export function findAction(name: string): ListedAction | undefined {
  return byName.get(name);
}

/** The listed form of a definition a router exposes; an unlisted one is a wiring fault, refused at start. */
export function listed<I, State, Pre>(def: ActionDefinition<I, State, Pre>): ListedAction {
  const action = byName.get(def.name);
  if (!action?.defines(def)) throw new Error(`action ${def.name} is not in the action list (domain/actions/list.ts)`);
  return action;
}
