import {
  addDays,
  ChannelError,
  createMahnwerk,
  createPlainTextRenderer,
  holdProposal,
  MahnwerkError,
  renderPlainText,
  type Channel,
  type ClaimEvent,
  type ClaimFactsInput,
  type ClaimStore,
  type IsoDate,
  type PolicyInput,
  type Renderer,
} from '@mahnwerk/core';
import { createMemoryClaimStore } from '@mahnwerk/testing';
import { describe, expect, it } from 'vitest';
import { describePostgres, usePglite, usePostgres, type TestDatabase } from './support/databases.js';

/**
 * Events are stored as JSON and hashed as built: the new optional event fields — `fee-reduced.movedToUnapplied`
 * (a withdrawn letter's fee held for the debtor) and `message-attempt-unknown.deadline` /
 * `message-failed.deadline` (the deadline a letter that may have gone printed) — come back from the
 * store as the engine wrote them (the chain verifies, personal-data redaction leaves them alone), and
 * what the engine reads from them after a fresh load holds: the money held (the projection row's
 * `unapplied`) and the claim's deadline. Figures by hand in core's letter-withdrawn.test.ts and
 * may-have-gone-deadline.test.ts: 1500.00 + 11.39 interest + 1.00 fee = 1512.39 as of 2025-07-28;
 * booked 2025-02-03 + 14 = 02-17, handed over 02-10 + 14 = 02-24. So does `hold-placed.proposal`, a debtor's
 * installment proposal under review as data (core's hold-proposal.test.ts).
 */

const letterOk = (name: 'email' | 'letter', fail: (stage: string | undefined, n: number) => Error | null = () => null): Channel => {
  const count = new Map<string, number>();
  return {
    specificationVersion: 'v1',
    name,
    canReach: (to) => (name === 'email' ? to.email !== undefined : to.address !== undefined),
    send(message, options) {
      const n = (count.get(message.id) ?? 0) + 1;
      count.set(message.id, n);
      const error = fail(message.stage, n);
      return error === null ? Promise.resolve({ providerMessageId: `${name}:${options.idempotencyKey}` }) : Promise.reject(error);
    },
  };
};

function runner(mw: ReturnType<typeof createMahnwerk>, clock: { date: IsoDate }) {
  let last: IsoDate | null = null;
  return async (to: IsoDate): Promise<void> => {
    for (let day = last === null ? clock.date : addDays(last, 1); day <= to; day = addDays(day, 1)) {
      clock.date = day;
      await mw.runDue();
      last = day;
    }
  };
}

const withdrawnClaim: ClaimFactsInput = {
  id: 'W-1',
  debtor: { id: 'D-W-1', kind: 'consumer', name: 'Erika Muster', address: ['Musterstr. 1', '10115 Berlin'] },
  principal: '1500.00',
  currency: 'EUR',
  invoiceDate: '2025-06-02',
  dueDate: '2025-06-16',
  dueDateAgreed: true,
};

const deadlinePolicy = {
  id: 'may-have-gone',
  version: 1,
  name: 'May have gone',
  mahnungDefault: 'on-receipt',
  stages: [
    { id: 'reminder', name: 'Zahlungserinnerung', kind: 'reminder', trigger: { after: 'due-date', days: 7 }, actions: [{ type: 'send', channel: 'letter', template: 'reminder' }] },
    {
      id: 'dunning-notice',
      name: 'Mahnung',
      kind: 'dunning-notice',
      trigger: { after: 'previous-stage', days: 14 },
      actions: [{ type: 'send', channel: 'letter', template: 'dunning-notice' }, { type: 'set-deadline', days: 14 }],
    },
    {
      id: 'final-notice',
      name: 'Letzte Mahnung',
      kind: 'final-notice',
      trigger: { after: 'previous-stage', days: 7 },
      actions: [{ type: 'send', channel: 'letter', template: 'final-notice' }, { type: 'set-deadline', days: 7 }],
    },
  ],
} as PolicyInput;

function fieldChecks(name: string, makeStore: () => Promise<ClaimStore>): void {
  it(`${name}: a proposal under review — hold-placed.proposal comes back as written (JSON round trip), the chain verifies, holdProposal reads it after a fresh load`, async () => {
    const store = await makeStore();
    const clock = { date: '2025-06-30' as IsoDate, today: () => clock.date, now: () => `${clock.date}T09:00:00+02:00` };
    const mw = createMahnwerk({ store, clock, policy: 'auto' });
    await mw.createClaim(withdrawnClaim);
    // 1,500.00 in four: 375.00 each, monthly from 2025-07-15; the notice shown and acknowledged on the day.
    const proposal = {
      installments: [
        { dueDate: '2025-07-15' as IsoDate, amount: '375.00' },
        { dueDate: '2025-08-15' as IsoDate, amount: '375.00' },
        { dueDate: '2025-09-15' as IsoDate, amount: '375.00' },
        { dueDate: '2025-10-15' as IsoDate, amount: '375.00' },
      ],
      costNoticeGivenOn: '2025-06-30' as IsoDate,
    };
    const written = (await mw.placeHold({ claimId: 'W-1', note: 'Erika Muster schlägt vier Raten vor', until: '2025-07-14', interestRuns: true, proposal })).events.filter((e) => e.type === 'hold-placed');
    const fresh = createMahnwerk({ store, clock, policy: 'auto' });
    const stored = (await fresh.history('W-1')).map((h) => h.event).filter((e): e is Extract<ClaimEvent, { type: 'hold-placed' }> => e.type === 'hold-placed');
    expect(stored).toHaveLength(1);
    expect(stored[0]?.proposal).toEqual(proposal);
    // The note's personal data was redacted before the chain; the proposal (days and amounts) is not personal data.
    expect(stored[0]?.note).toBe('[personal data] schlägt vier Raten vor');
    expect(JSON.parse(JSON.stringify(stored[0]))).toEqual(JSON.parse(JSON.stringify(written[0])));
    expect((await fresh.verify('W-1')).ok).toBe(true);
    expect(stored.map((e) => holdProposal(e, 'EUR'))).toEqual([proposal]);
  }, 120_000);

  it(`${name}: a withdrawn letter's fee — fee-reduced.movedToUnapplied comes back as written, the claim holds 1.00 after a fresh load`, async () => {
    const store = await makeStore();
    const clock = { date: '2025-06-02' as IsoDate, today: () => clock.date, now: () => `${clock.date}T09:00:00+02:00` };
    // The final notice waits in the outbox (template store down, retryable) until the claim is paid.
    const held: Renderer = (input) => {
      if (input.stage === 'final-notice') throw new MahnwerkError('template_invalid', 'template store unavailable', { retryable: true });
      return renderPlainText(input);
    };
    const mw = createMahnwerk({ store, clock, channels: [letterOk('email'), letterOk('letter')], policy: 'auto', render: held, maxAttempts: 10 });
    const run = runner(mw, clock);
    await mw.createClaim(withdrawnClaim);
    await run('2025-07-28');
    clock.date = '2025-07-29';
    await mw.recordPayment({ claimId: 'W-1', amount: '1512.39', date: '2025-07-29', paymentId: 'bank-1' });
    const day = await mw.runDue();
    const written = day.events.filter((e) => e.type === 'fee-reduced');
    expect(written).toHaveLength(1);
    const fresh = createMahnwerk({ store, clock, channels: [letterOk('email'), letterOk('letter')], policy: 'auto' });
    const stored = (await fresh.history('W-1')).map((h) => h.event).filter((e): e is Extract<ClaimEvent, { type: 'fee-reduced' }> => e.type === 'fee-reduced');
    expect(stored).toHaveLength(1);
    expect(stored[0]?.movedToUnapplied).toEqual([{ paymentId: 'bank-1', amount: '1.00' }]);
    expect(JSON.parse(JSON.stringify(stored[0]))).toEqual(JSON.parse(JSON.stringify(written[0])));
    expect((await fresh.verify('W-1')).ok).toBe(true);
    expect((await fresh.statement('W-1', '2025-07-29')).unapplied.amount.toFixed(2)).toBe('1.00');
    if (store.queryClaims !== undefined) {
      const page = await store.queryClaims({ holdsUnapplied: true });
      expect(page.claims.map((c) => [c.claimId, c.unapplied])).toEqual([['W-1', '1.00']]);
    }
  }, 120_000);

  it(`${name}: a letter that may have gone — message-attempt-unknown.deadline and message-failed.deadline come back as written, the claim reads 2025-02-24`, async () => {
    const store = await makeStore();
    const clock = { date: '2025-01-02' as IsoDate, today: () => clock.date, now: () => `${clock.date}T10:00:00+01:00` };
    const plain = createPlainTextRenderer({ creditor: { name: 'Beispiel GmbH' } });
    const render: Renderer = (input) => {
      if (input.stage === 'dunning-notice' && clock.date < '2025-02-10') throw new MahnwerkError('template_invalid', 'template store unavailable', { retryable: true });
      return plain(input);
    };
    // The Mahnung: the first hand-over loses the connection (unknown), the retry is refused for good.
    const letter = letterOk('letter', (stage, n) =>
      stage !== 'dunning-notice' ? null : n === 1 ? new Error('connection reset after the request was sent') : new ChannelError('print job rejected', { retryable: false }),
    );
    const mw = createMahnwerk({ store, clock, channels: [letter], policy: deadlinePolicy, render, maxAttempts: 10 });
    const run = runner(mw, clock);
    await mw.createClaim({
      id: 'G-1',
      debtor: { id: 'D-G-1', kind: 'consumer', name: 'Erika Muster', address: ['Musterstr. 1', '10115 Berlin'] },
      principal: '500.00',
      currency: 'EUR',
      invoiceDate: '2025-01-02',
      dueDate: '2025-01-13',
    });
    await run('2025-02-11');
    const fresh = createMahnwerk({ store, clock, channels: [letter], policy: deadlinePolicy });
    const events = (await fresh.history('G-1')).map((h) => h.event);
    const ofMahnung = (t: string) => events.filter((e) => e.type === t && 'messageId' in e && e.messageId === 'G-1:msg:dunning-notice:1');
    expect(ofMahnung('message-attempt-unknown').map((e) => [e.date, (e as { deadline?: string }).deadline])).toEqual([['2025-02-10', '2025-02-24']]);
    expect(ofMahnung('message-failed').map((e) => [e.date, (e as { deadline?: string }).deadline])).toEqual([['2025-02-11', '2025-02-24']]);
    expect((await fresh.verify('G-1')).ok).toBe(true);
    expect((await fresh.claim('G-1')).deadline).toBe('2025-02-24');
  }, 120_000);
}

describe('new event fields on the in-memory store', () => {
  fieldChecks('memory', () => Promise.resolve(createMemoryClaimStore()));
});

const withDb = (db: TestDatabase) => () => db.freshStore();

describe('new event fields on PGlite', () => {
  fieldChecks('PGlite', withDb(usePglite()));
});

describePostgres('new event fields on PostgreSQL', () => {
  fieldChecks('PostgreSQL', withDb(usePostgres()));
});
