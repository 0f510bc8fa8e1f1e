import { describe, expect, it } from 'vitest';
import { createMahnwerk, type AbortSignalLike, type Channel, type ChannelSendOptions, type ClaimFactsInput, type IsoDate } from '../../src/index.js';
import { memoryStore } from './memory-store.js';

// The dispatcher's deadline per send (`sendTimeoutMs`) aborts the send's signal. The signal's
// controller is made only when a channel reads `options.signal`; these tests pin down that a
// channel sees the same signal whenever it reads it: live before the deadline, aborted (with the
// deadline's retryable error as reason) after it — also when it first reads it after the deadline.

const facts: ClaimFactsInput = {
  id: 'INV-1',
  debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Muster', email: 'erika@example.org', address: ['Musterstr. 1', '10115 Berlin'] },
  principal: '1000.00',
  currency: 'EUR',
  invoiceDate: '2025-01-02',
  dueDate: '2025-01-16',
  dueDateIsCalendarDate: false,
  reference: 'RE-2025-001',
};

function clockAt(date: IsoDate): { date: IsoDate; today(): IsoDate; now(): string } {
  const c = { date, today: () => c.date, now: () => `${c.date}T09:00:00+01:00` };
  return c;
}

/** An e-mail channel whose sends never answer; `look` is called with the send's options at once and again after `later` ms. */
function hangingChannel(look: (options: ChannelSendOptions, when: 'at once' | 'later') => void, later: number): Channel {
  return {
    specificationVersion: 'v1',
    name: 'email',
    canReach: (to) => to.email !== undefined,
    send: (_message, options) => {
      look(options, 'at once');
      setTimeout(() => look(options, 'later'), later);
      return new Promise(() => undefined);
    },
  };
}

async function dispatchWith(channel: Channel): Promise<{ sent: number; deferred: number }> {
  const clock = clockAt('2025-01-02');
  const mw = createMahnwerk({ store: memoryStore(), clock, channels: [channel], policy: 'auto', sendTimeoutMs: 20 });
  await mw.createClaim(facts);
  clock.date = '2025-01-23';
  const run = await mw.runDue();
  return { sent: run.sent, deferred: run.events.length };
}

describe('dispatch: the send signal and its deadline', () => {
  it('a channel that reads the signal when sending sees it aborted at the deadline, with a retryable reason', async () => {
    const seen: { when: string; aborted: boolean; reason: unknown; same: boolean }[] = [];
    let first: AbortSignalLike | undefined;
    const done = new Promise<void>((resolve) => {
      const channel = hangingChannel((options, when) => {
        const signal = options.signal;
        first ??= signal;
        seen.push({ when, aborted: signal?.aborted === true, reason: signal?.reason, same: signal === first });
        if (when === 'later') resolve();
      }, 60);
      void dispatchWith(channel);
    });
    await done;
    expect(seen.map((s) => [s.when, s.aborted, s.same])).toEqual([
      ['at once', false, true],
      ['later', true, true],
    ]);
    expect(seen[1]?.reason).toMatchObject({ code: 'adapter_failed', retryable: true });
    expect(String((seen[1]?.reason as Error).message)).toMatch(/no answer from email within 20 ms/);
  });

  it('a channel that first reads the signal after the deadline gets it already aborted', async () => {
    let late: AbortSignalLike | undefined;
    const done = new Promise<void>((resolve) => {
      const channel = hangingChannel((options, when) => {
        if (when === 'at once') return; // not read when sending
        late = options.signal;
        resolve();
      }, 60);
      void dispatchWith(channel);
    });
    await done;
    expect(late?.aborted).toBe(true);
    expect(late?.reason).toMatchObject({ code: 'adapter_failed', retryable: true });
  });

  it('a send that answers in time leaves the signal it read unaborted', async () => {
    let signal: AbortSignalLike | undefined;
    const channel: Channel = {
      specificationVersion: 'v1',
      name: 'email',
      canReach: (to) => to.email !== undefined,
      send: (message, options) => {
        signal = options.signal;
        return Promise.resolve({ providerMessageId: message.id });
      },
    };
    const { sent } = await dispatchWith(channel);
    expect(sent).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(signal?.aborted).toBe(false);
  });
});
