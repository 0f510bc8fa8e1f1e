import { describe, expect, it } from 'vitest';
import { ChannelError, type MessageFallback, type RunDueResult } from '../../src/index.js';
import { autoHost, channel } from './host-fixture.js';
import { strangerFacts } from './stranger-claim.js';

// A message that fails for good on its own channel and goes out on its fallback is reported by the run
// (RunDueResult.fallbacks, DispatchResult.fallbacks): a letter channel that is down must not silently turn
// every letter into an e-mail, with only the message-failed events to show it.
//
// The stranger's claim (a consumer's 249.90 EUR, due Mon 2025-03-17 as agreed), unpaid, under the built-in
// consumer policy: reminder Mon 03-24 (due + 7, by e-mail, letter fallback), Mahnung Mon 04-07 (+ 14, by
// letter, e-mail fallback). The letter channel throws a non-retryable ChannelError (nothing was handed over,
// so the fallback may go); the e-mail channel delivers.
const REFUSED = 'print service refused the PDF: page 2 outside the printable area';

async function runWithBrokenLetters(): Promise<Map<string, RunDueResult>> {
  const h = autoHost({ channels: [channel('email'), channel('letter', () => new ChannelError(REFUSED, { retryable: false }))] });
  h.clock.date = '2025-03-03';
  await h.mw.createClaim(strangerFacts);
  const results = new Map<string, RunDueResult>();
  for (const day of ['2025-03-24', '2025-04-07'] as const) {
    h.clock.date = day;
    results.set(day, await h.mw.runDue());
  }
  return results;
}

describe('runDue reports a message sent on its fallback because its own channel failed (RunDueResult.fallbacks)', () => {
  it('the Mahnung\'s letter fails non-retryably, its e-mail fallback goes: sent 1, failed 0, and the run names the message, both channels and why', async () => {
    const results = await runWithBrokenLetters();
    const reminder = results.get('2025-03-24') as RunDueResult;
    // The reminder went on its own channel (e-mail): nothing to report.
    expect([reminder.sent, reminder.failed, reminder.fallbacks]).toEqual([1, 0, []]);
    const mahnung = results.get('2025-04-07') as RunDueResult;
    expect([mahnung.sent, mahnung.failed, mahnung.failures]).toEqual([1, 0, []]);
    // Without the fix: no `fallbacks` (undefined) — only the message-failed event below showed it.
    expect(mahnung.fallbacks).toEqual<MessageFallback[]>([
      { claimId: 'A', messageId: 'A:msg:dunning-notice:1', template: 'dunning-notice', channel: 'letter', sentOn: 'email', error: `letter: ${REFUSED}` },
    ]);
    expect(mahnung.events.filter((e) => e.type === 'message-failed' || e.type === 'message-sent').map((e) => `${e.type} ${'channel' in e ? e.channel : ''}`)).toEqual([
      'message-failed letter',
      'message-sent email',
    ]);
  });
});
