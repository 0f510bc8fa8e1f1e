import type { PaymentProvider } from '@mahnwerk/core';
import { createRecordingPaymentProvider, type RecordingPaymentProvider } from '../../src/index.js';
import { testPaymentProvider } from '../../src/vitest.js';
import { createFlawedPaymentProvider } from '../support/flawed-payment-provider.js';

// Run by suite-teeth.test.ts in a child vitest: the real `testPaymentProvider` against a provider
// that accepts any signature must fail, and against the recording provider must pass.
const webhooks = (p: PaymentProvider) => (p as RecordingPaymentProvider).webhooks;
testPaymentProvider('flawed: accepts any signature', () => createFlawedPaymentProvider('accepts-any-signature'), { webhooks });
testPaymentProvider('recording', () => createRecordingPaymentProvider(), { webhooks });
