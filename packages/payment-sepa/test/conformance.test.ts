import { testPaymentProvider } from '@mahnwerk/testing/vitest';
import { createSepaPaymentProvider } from '../src/index.js';
import { sepaWebhooks } from './support/camt054.js';

// The PaymentProvider conformance suite of @mahnwerk/testing against the SEPA provider: links to the
// creditor's payment page, and camt.054 notifications (signed under the Standard Webhooks scheme)
// for payments (collected direct debits), refunds (credit transfers back) and chargebacks (returns,
// reason MD06) — duplicates, out-of-order delivery and forged requests included.
const secret = 'sepa-conformance-secret-0123456789';
const creditor = { name: 'Beispiel Shop GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' };

testPaymentProvider('sepa', () => createSepaPaymentProvider({ creditor, paymentPage: 'https://shop.example/pay', webhookSecret: secret }), {
  // A payment page behind a service that is down (e.g. the portal's link signer).
  failing: () =>
    createSepaPaymentProvider({
      creditor,
      webhookSecret: secret,
      paymentPage: () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:8080');
      },
    }),
  webhooks: () => sepaWebhooks(secret),
});
