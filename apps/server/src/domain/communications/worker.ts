import type { Services } from '../../context.js';
import type { Worker } from '../../workers.js';
import { createMailer, type Mailer } from './mailer.js';
import { deliverOutbox } from './outbox.js';
import { Pacer } from './pacing.js';
import { CampaignSender } from './sender.js';

/**
 * The console's one mail transport and its pacer: campaigns and the outbox hand emails over through it, so together
 * they keep to EMAIL_RATE_PER_SECOND.
 */
const transports = new WeakMap<Services, { mailer: Mailer; pacer: Pacer }>();
function mailTransport(services: Services): { mailer: Mailer; pacer: Pacer } {
  let transport = transports.get(services);
  if (!transport) {
    transport = { mailer: createMailer(services.config), pacer: new Pacer(services.config.EMAIL_RATE_PER_SECOND) };
    transports.set(services, transport);
  }
  return transport;
}

const senders = new WeakMap<Services, CampaignSender>();

/** The campaign sender runs in the console's worker loop, on the worker pool. */
export const campaignSenderWorker: Worker = {
  name: 'communications.sender',
  intervalMs: 1_000,
  tick(services) {
    let sender = senders.get(services);
    if (!sender) {
      sender = new CampaignSender(services.dbs.worker, {
        ...mailTransport(services),
        now: services.now,
        timeZone: services.config.BUSINESS_TIME_ZONE,
        sliceMs: 5_000,
      });
      senders.set(services, sender);
    }
    return sender.runOnce();
  },
};

/** The notices actions queue outside campaigns (cancellations, suspensions) are delivered by this loop, in both modes. */
export const outboxWorker: Worker = {
  name: 'communications.outbox',
  intervalMs: 1_000,
  tick(services) {
    return deliverOutbox(services.dbs.worker, { ...mailTransport(services), now: services.now });
  },
};
