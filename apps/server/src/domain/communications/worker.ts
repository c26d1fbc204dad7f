import type { Services } from '../../context.js';
import type { Worker } from '../../workers.js';
import { createMailer, type Mailer } from './mailer.js';
import { deliverOutbox } from './outbox.js';
import { Pacer } from './pacing.js';
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

const outboxes = new WeakMap<Services, { mailer: Mailer; pacer: Pacer }>();

/** The notices actions queue outside campaigns (cancellations, suspensions) are delivered by this loop, in both modes. */
export const outboxWorker: Worker = {
  name: 'communications.outbox',
  intervalMs: 1_000,
  tick(services) {
    let outbox = outboxes.get(services);
    if (!outbox) {
      outbox = { mailer: createMailer(services.config), pacer: new Pacer(services.config.EMAIL_RATE_PER_SECOND) };
      outboxes.set(services, outbox);
    }
    return deliverOutbox(services.dbs.worker, { ...outbox, now: services.now });
  },
};
