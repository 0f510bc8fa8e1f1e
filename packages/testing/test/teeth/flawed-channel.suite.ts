import { createRecordingChannel } from '../../src/index.js';
import { testChannel } from '../../src/vitest.js';

// Run by suite-teeth.test.ts in a child vitest: the real `testChannel` against a channel that
// delivers every send again (no idempotency) and ignores its signal must fail; against the
// recording channel it must pass.
testChannel('flawed: delivers every send', () => {
  let n = 0;
  return { ...createRecordingChannel('email'), send: (message) => Promise.resolve({ providerMessageId: `p-${message.id}-${++n}` }) };
});
const recording = createRecordingChannel('email');
testChannel('recording', () => recording, { deliveries: (_c, key) => recording.deliveries(key), failing: () => createRecordingChannel('email', { failWith: { retryable: true } }) });
