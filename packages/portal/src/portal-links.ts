import type { PaymentProvider } from '@mahnwerk/core';
import type { Portal } from './portal.js';

/**
 * A payment provider whose links are portal links: wrap the host's provider with it and pass the
 * result to `createMahnwerk({ payments })`, and every message (letter, e-mail, SMS) carries a signed
 * link to the debtor's portal page instead of a bare checkout link — the page shows the statement and
 * offers the provider's checkout, the bank transfer and the other options. The link expires with the
 * request's `expiresAt` (else after the portal's `linkValidDays`); its link id is the message's
 * idempotency key (the message id), so a host can revoke the links of one message. Webhooks go to
 * the wrapped provider.
 *
 * @param portal - the portal whose links to print
 * @param provider - the provider the portal's "pay online" uses and whose webhooks are verified; without it webhooks are rejected
 * @returns a payment provider for `createMahnwerk`
 */
export function portalLinkProvider(portal: Pick<Portal, 'createLink'>, provider?: PaymentProvider): PaymentProvider {
  return {
    specificationVersion: 'v1',
    name: provider === undefined ? 'portal' : `portal+${provider.name}`,
    async createPaymentLink(request) {
      const url = await portal.createLink(request.claimId, {
        linkId: request.idempotencyKey,
        ...(request.expiresAt === undefined ? {} : { expiresAt: request.expiresAt }),
      });
      return { url, id: request.idempotencyKey };
    },
    async handleWebhook(rawBody, headers) {
      if (provider === undefined) return { status: 'rejected', reason: 'bad-signature', message: 'the portal link provider wraps no payment provider; send webhooks to the provider itself' };
      return provider.handleWebhook(rawBody, headers);
    },
  };
}
