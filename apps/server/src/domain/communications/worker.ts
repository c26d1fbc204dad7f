import type { Services } from '../../context.js';
import type { Worker } from '../../workers.js';
import { createMailer } from './mailer.js';
import { CampaignSender } from './sender.js';

const senders = new WeakMap<Services, CampaignSender>();

/** The campaign sender runs in the console's worker loop, on the worker pool. */
export const campaignSenderWorker: Worker = {
  name: 'communications.sender',
  intervalMs: 1_000,
  tick(services) {
    let sender = senders.get(services);
    if (!sender) {
      sender = new CampaignSender(services.dbs.worker, {
        mailer: createMailer(services.config),
        ratePerSecond: services.config.EMAIL_RATE_PER_SECOND,
        now: services.now,
        timeZone: services.config.BUSINESS_TIME_ZONE,
        sliceMs: 5_000,
      });
      senders.set(services, sender);
    }
    return sender.runOnce();
  },
};
