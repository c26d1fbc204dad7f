import type { Services } from '../../context.js';
import type { StripeGateway } from '../../integrations/stripe/gateway.js';

/** The configured Stripe gateway, or null when Stripe is not configured (money then stays pending). */
export function stripeOf(services: Pick<Services, 'integrations'>): StripeGateway | null {
  return services.integrations.stripe;
}
