import {
  createBaseRateTable,
  createMahnwerk,
  germanBaseRates,
  LegalDataError,
  MahnwerkError,
  simulate,
  type Channel,
  type ClaimFacts,
  type SimulationInput,
} from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { createMemoryClaimStore, createVirtualClock, runBookOnHost } from '../src/index.js';

// House rule: a message that says what was wrong, where, and how to fix it — and one path: a book
// run through the host (runBookOnHost) fails as simulate fails on it. Before, runBookOnHost passed on
// the host's own error (a LegalDataError naming the internal field `to`) without naming the book's
// entry that caused it; simulate names it (core's scriptStepError). Now the host run names the same
// entry with the same words, keeping the host's error class and code, its error as `cause`.

const claim: ClaimFacts = { id: 'A', debtor: { id: 'D-A', kind: 'consumer', name: 'Debtor A' }, principal: '100.00', currency: 'EUR', invoiceDate: '2025-01-02', dueDate: '2025-01-16' };
// A base-rate table whose last row is 2025-01-01: the rate is known through 2025-06-30 (§ 247 BGB:
// a rate holds for a half-year), not for 2025-07-01.
const statement = { baseRates: createBaseRateTable(germanBaseRates.filter((r) => r.from <= '2025-01-01')) };
const channels: Channel[] = ['email', 'letter', 'sms'].map((name) => ({
  specificationVersion: 'v1',
  name,
  canReach: () => true,
  send: (message) => Promise.resolve({ providerMessageId: message.id }),
}));
const beyond =
  'the base rate (§ 247 BGB) for 2025-07-01 is not known; the table ends on 2025-06-30 (last row from 2025-01-01: 2.27 %). To fix: pass the newer half-year rows published by the Deutsche Bundesbank via extendBaseRates(table, rows) (option baseRates), or opt in with allowBeyondKnownBaseRate: true (baseRateOn: allowBeyondKnown: true) to assume 2.27 % — such periods are marked as assumed.';

/** What the host run of the book threw, and what simulate threw on the same book. */
async function bothRefuse(book: Pick<SimulationInput, 'payments' | 'behaviour'>): Promise<{ host: unknown; simulated: unknown }> {
  const input = { claims: [claim], policy: 'auto', from: '2025-01-02', to: '2025-07-31', statement, ...book } as const;
  const clock = createVirtualClock(input.from, { time: '12:00:00+01:00' });
  const mahnwerk = createMahnwerk({ store: createMemoryClaimStore({ verifyChain: false }), clock, channels, policy: 'auto', statement });
  let host: unknown;
  let simulated: unknown;
  await runBookOnHost({ mahnwerk, clock, book: input }).catch((error: unknown) => (host = error));
  try {
    simulate(input);
  } catch (error) {
    simulated = error;
  }
  return { host, simulated };
}

describe('runBookOnHost names the book entry of a step the host cannot book, as simulate does (one path; a message that says what was wrong, where, and how to fix it)', () => {
  // By hand: claim A (100.00 EUR, consumer, due 2025-01-16) pays 10.00 on 2025-02-03 (before
  // default: all principal), is in default from 2025-02-10 (Mahnung of 2025-02-06, received
  // 2025-02-09, § 286 Abs. 1 BGB); a payment of 2025-07-02 is allocated (§ 367 Abs. 1 BGB) against
  // the interest up to the end of 2025-07-01 — no base rate in the table (§ 247 BGB): base_rate_unknown.
  it('an entry of payments (payments[1]): LegalDataError base_rate_unknown, field payments[1], "the payment of 2025-07-02"', async () => {
    const { host, simulated } = await bothRefuse({
      payments: [
        { claimId: 'A', date: '2025-02-03', amount: '10.00' },
        { claimId: 'A', date: '2025-07-02', amount: '10.00' },
      ],
    });
    expect(host).toBeInstanceOf(LegalDataError);
    expect(host).toMatchObject({ code: 'base_rate_unknown', field: 'payments[1]', message: `payments[1]: the payment of 2025-07-02 on claim "A" was refused: ${beyond}` });
    expect(MahnwerkError.isInstance((host as Error).cause) && ((host as Error).cause as MahnwerkError).field).toBe('to');
    expect([(host as Error).message, (host as MahnwerkError).field]).toEqual([(simulated as Error).message, (simulated as MahnwerkError).field]);
  });

  it('a script entry (behaviour.script[1], a pay): the same entry and words as simulate\'s', async () => {
    const { host, simulated } = await bothRefuse({
      behaviour: {
        script: [
          { type: 'pay', claimId: 'A', date: '2025-02-03', amount: '10.00' },
          { type: 'pay', claimId: 'A', date: '2025-07-02', amount: '10.00' },
        ],
      },
    });
    expect(host).toBeInstanceOf(LegalDataError);
    expect(host).toMatchObject({ code: 'base_rate_unknown', field: 'behaviour.script[1]', message: `behaviour.script[1]: the pay of 2025-07-02 on claim "A" was refused: ${beyond}` });
    expect((host as Error).message).toBe((simulated as Error).message);
  });

  // By hand: without the early payment, default from 2025-02-10 as well; the plan of 2025-02-17 is
  // agreed in default, so interest keeps running (§ 288 Abs. 1 BGB); its second installment, paid
  // on its due day 2025-07-02, needs the base rate of 2025-07-01.
  it('an installment a scripted plan\'s debtor pays (behaviour.script[0].installments[1]): the same entry and words as simulate\'s', async () => {
    const { host, simulated } = await bothRefuse({
      behaviour: {
        script: [
          {
            type: 'installment-plan',
            claimId: 'A',
            date: '2025-02-17',
            installments: [
              { dueDate: '2025-03-03', amount: '50.00' },
              { dueDate: '2025-07-02', amount: '50.00' },
            ],
          },
        ],
      },
    });
    expect(host).toBeInstanceOf(LegalDataError);
    expect(host).toMatchObject({
      code: 'base_rate_unknown',
      field: 'behaviour.script[0].installments[1]',
      message: `behaviour.script[0].installments[1]: the installment of 2025-07-02 of the installment-plan of 2025-02-17 on claim "A" was refused: ${beyond}`,
    });
    expect((host as Error).message).toBe((simulated as Error).message);
  });
});
