import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ChannelError,
  checkInvariants,
  deB2bDefaultPolicy,
  deB2cDefaultPolicy,
  letterNotSentBasis,
  MahnwerkError,
  renderPlainText,
  statement,
  project,
  toAmountString,
  type ClaimEvent,
  type ClaimFactsInput,
  type IsoDate,
  type OutgoingMessage,
  type Renderer,
} from '../../src/index.js';
import { autoHost, channel } from './host-fixture.js';

// Rule `fee.letter-not-sent`: the creditor fee a stage charges for its letter (de-b2c-default: 1.00
// EUR with the final notice, the material costs of that letter, §§ 280 Abs. 2, 286 BGB) is recoverable
// damage only once that cost arose. When the delivery fails for good — every channel of the message
// (its channel and fallback) failed, was skipped or bounced before delivery — no letter went out, no
// print and postage were spent (§ 249 Abs. 1 BGB: no damage), and the fee drops (`fee-reduced` on the
// failure day). Not when the outcome is unknown (it may have been delivered), not for a letter that
// went out and was reported bounced later (print and postage were spent), never for the § 288 Abs. 5
// BGB flat fee (owed on default, whatever is sent). docs/legal-notes.md, "Built-in policies".
//
// Figures by hand (facts file /work/shared/legal/de-and-eu-facts.md § 1.1, § 2.1, § 2.4):
// - Consumer claim 1500.00, invoice 2025-06-02, due Mon 2025-06-16 (agreed) → default from 06-17.
//   de-b2c-default: reminder 06-23 (e-mail, letter fallback), Mahnung 07-07 (letter, e-mail
//   fallback), final notice Mon 07-28 (letter, e-mail fallback) with the creditor fee 1.00.
// - Interest 5 pp above base: 06-17 … 06-30 = 14 d at 7.27 %: 1500.00 × 0.0727 × 14 / 365 = 1526.70 / 365
//   = 4.1827 → 4.18; 07-01 … 07-28 = 28 d at 6.27 %: 1500.00 × 0.0627 × 28 / 365 = 2633.40 / 365 = 7.2148
//   → 7.21. As of 07-28: 11.39 interest; principal and interest 1511.39 (with the fee 1512.39).
// - As of 07-29: 07-01 … 07-29 = 29 d: 1500.00 × 0.0627 × 29 / 365 = 2727.45 / 365 = 7.4725 → 7.47 (split
//   07-01 … 07-28 on 1500.00 = 7.21 and 07-29 on 1499.40 = 1499.40 × 0.0627 / 365 = 0.2576 → 0.26: the
//   same 7.47); interest 4.18 + 7.47 = 11.65.

/** The claim; `without` leaves the debtor's e-mail, postal address or both out. */
const facts = (id: string, without: readonly ('email' | 'address')[] = [], kind: 'consumer' | 'business' = 'consumer'): ClaimFactsInput => ({
  id,
  debtor: {
    id: `D-${id}`,
    kind,
    name: 'Erika Muster',
    ...(without.includes('email') ? {} : { email: 'erika@example.org' }),
    ...(without.includes('address') ? {} : { address: ['Musterstr. 1', '10115 Berlin'] }),
  },
  principal: '1500.00',
  currency: 'EUR',
  invoiceDate: '2025-06-02',
  dueDate: '2025-06-16',
  dueDateAgreed: true,
});

/** A debtor with neither postal address nor e-mail: every letter and e-mail is skipped (no-address). */
const unreachable = ['email', 'address'] as const;

const setup = autoHost;

/** "date type detail" of the fee events and the final notice's delivery events. */
const feeTimeline = (events: readonly ClaimEvent[]): string[] =>
  events.flatMap((e) => {
    if (e.type === 'fee-charged') return [`${e.date} fee-charged ${e.kind} ${e.amount}`];
    if (e.type === 'fee-reduced') return [`${e.date} fee-reduced ${e.amount}${e.creditedToPrincipal === undefined ? '' : ` credited ${e.creditedToPrincipal}`}`];
    if ((e.type === 'message-sent' || e.type === 'message-failed' || e.type === 'message-skipped' || e.type === 'message-bounced') && e.messageId.includes('final-notice')) {
      return [`${e.date} ${e.type} ${e.channel}`];
    }
    return [];
  });

const figures = (events: readonly ClaimEvent[], asOf: IsoDate): string[] => {
  const s = statement(project(events), asOf);
  return [s.principal, s.interest, s.costs, s.total].map(toAmountString);
};

describe('fee.letter-not-sent: the creditor fee of a letter that never went out drops (§§ 280 Abs. 2, 286, 249 BGB)', () => {
  it('final notice to a debtor without postal address and e-mail: fee-charged 1.00, letter and e-mail skipped, fee-reduced 1.00 the same day; costs 0.00, total 1511.39', async () => {
    const { mw, run, events } = setup();
    await mw.createClaim(facts('LN-1', unreachable));
    await run('2025-07-28');
    const ledger = await events('LN-1');
    expect(feeTimeline(ledger)).toEqual([
      '2025-07-28 fee-charged creditor-dunning-fee 1.00',
      '2025-07-28 message-skipped letter',
      '2025-07-28 message-skipped email',
      '2025-07-28 fee-reduced 1.00',
    ]);
    const reduced = ledger.find((e) => e.type === 'fee-reduced');
    expect(reduced).toMatchObject({ feeId: 'LN-1:fee:creditor-dunning-fee:2025-07-28:1', amount: '1.00', basis: letterNotSentBasis, items: [] });
    expect(reduced?.reason).toMatchObject({ rule: 'fee.letter-not-sent', basis: letterNotSentBasis, inputs: { messageId: 'LN-1:msg:final-notice:1', stage: 'final-notice', dropped: '1.00' } });
    expect(reduced?.reason?.text).toBe(
      'Message LN-1:msg:final-notice:1 of stage final-notice was not sent on any channel: no material costs arose, so the creditor dunning fee LN-1:fee:creditor-dunning-fee:2025-07-28:1 is not owed. 1.00 EUR dropped.',
    );
    // 1500.00 + 11.39 interest + 0.00 costs (1.00 charged, 1.00 dropped) = 1511.39.
    expect(figures(ledger, '2025-07-28')).toEqual(['1500.00', '11.39', '0.00', '1511.39']);
    const line = statement(project(ledger), '2025-07-28').lines.find((l) => l.part === 'costs' && l.amount.amount.isNegative());
    expect(line).toMatchObject({ label: 'Entfällt: Mahnkosten (Porto und Material), Schreiben nicht versandt', basis: letterNotSentBasis, date: '2025-07-28' });
    expect(checkInvariants(ledger, deB2cDefaultPolicy)).toEqual([]);
  });

  it('no channel configured at all: "no channel letter/email is configured" fails both for good → the fee drops the same way', async () => {
    const { mw, run, events } = setup({ channels: [] });
    await mw.createClaim(facts('LN-2'));
    await run('2025-07-28');
    const ledger = await events('LN-2');
    expect(feeTimeline(ledger)).toEqual([
      '2025-07-28 fee-charged creditor-dunning-fee 1.00',
      '2025-07-28 message-failed letter',
      '2025-07-28 message-failed email',
      '2025-07-28 fee-reduced 1.00',
    ]);
    expect(figures(ledger, '2025-07-28')).toEqual(['1500.00', '11.39', '0.00', '1511.39']);
  });

  it('the letter goes out on its fallback (no postal address, e-mail sent) → the fee stays; without address and e-mail it drops', async () => {
    const { mw, run, events } = setup();
    await mw.createClaim(facts('LN-3', ['address']));
    await mw.createClaim(facts('LN-4', unreachable));
    await run('2025-07-28');
    const sent = await events('LN-3');
    expect(feeTimeline(sent)).toEqual(['2025-07-28 fee-charged creditor-dunning-fee 1.00', '2025-07-28 message-skipped letter', '2025-07-28 message-sent email']);
    // 1500.00 + 11.39 + 1.00 = 1512.39.
    expect(figures(sent, '2025-07-28')).toEqual(['1500.00', '11.39', '1.00', '1512.39']);
    expect(feeTimeline(await events('LN-4')).at(-1)).toBe('2025-07-28 fee-reduced 1.00');
  });

  it('bounced at send time on the letter, skipped on e-mail → nothing delivered, the fee drops; a letter sent and reported bounced later (recordDelivery) keeps it (print and postage were spent)', async () => {
    const bouncing = channel('letter', (m) => (m.stage === 'final-notice' ? new ChannelError('address unknown', { bounced: true }) : null));
    const { mw, run, events } = setup({ channels: [channel('email'), bouncing] });
    await mw.createClaim(facts('LN-5', ['email']));
    await run('2025-07-28');
    expect(feeTimeline(await events('LN-5'))).toEqual([
      '2025-07-28 fee-charged creditor-dunning-fee 1.00',
      '2025-07-28 message-bounced letter',
      '2025-07-28 message-skipped email',
      '2025-07-28 fee-reduced 1.00',
    ]);

    const later = setup();
    await later.mw.createClaim(facts('LN-6', ['email']));
    await later.run('2025-07-28');
    later.clock.date = '2025-07-31';
    await later.mw.recordDelivery({ claimId: 'LN-6', messageId: 'LN-6:msg:final-notice:1', channel: 'letter', status: 'bounced', detail: 'Empfänger unbekannt' });
    const ledger = await later.events('LN-6');
    expect(feeTimeline(ledger)).toEqual(['2025-07-28 fee-charged creditor-dunning-fee 1.00', '2025-07-28 message-sent letter', '2025-07-31 message-bounced letter']);
    expect(figures(ledger, '2025-07-28')).toEqual(['1500.00', '11.39', '1.00', '1512.39']);
  });

  it('only the final failure drops it: a send whose outcome is unknown (retryable error, attempts used up) keeps the fee — it may have been delivered', async () => {
    const unknown = channel('letter', (m) => (m.stage === 'final-notice' ? new ChannelError('gateway timeout', { retryable: true }) : null));
    const definite = channel('letter', (m) => (m.stage === 'final-notice' ? new ChannelError('print job rejected', { retryable: false }) : null));
    const a = setup({ channels: [channel('email'), unknown], maxAttempts: 1 });
    const b = setup({ channels: [channel('email'), definite], maxAttempts: 1 });
    await a.mw.createClaim(facts('LN-7', ['email']));
    await b.mw.createClaim(facts('LN-8', ['email']));
    await a.run('2025-07-28');
    await b.run('2025-07-28');
    // Unknown: no failover, the fee stays.
    expect(feeTimeline(await a.events('LN-7'))).toEqual(['2025-07-28 fee-charged creditor-dunning-fee 1.00', '2025-07-28 message-failed letter']);
    // Definite: nothing was handed over; e-mail skipped (no address) → dropped.
    expect(feeTimeline(await b.events('LN-8'))).toEqual([
      '2025-07-28 fee-charged creditor-dunning-fee 1.00',
      '2025-07-28 message-failed letter',
      '2025-07-28 message-skipped email',
      '2025-07-28 fee-reduced 1.00',
    ]);
  });

  /** A renderer that fails the final notice with a retryable error on 07-28, and as `on29` says on 07-29. */
  const flaky = (clock: { date: IsoDate }, on29: 'ok' | 'broken'): Renderer => (input) => {
    if (input.stage === 'final-notice' && clock.date === '2025-07-28') throw new MahnwerkError('template_invalid', 'template store unavailable', { retryable: true });
    if (input.stage === 'final-notice' && on29 === 'broken') throw new MahnwerkError('template_invalid', 'template final-notice is broken');
    return renderPlainText(input);
  };

  it('a retry that succeeds keeps the fee (sent 07-29); the same retry followed by a failure for good drops it on 07-29', async () => {
    const shared = { date: '2025-06-02' as IsoDate };
    const a = setup({ render: flaky(shared, 'ok') });
    const b = setup({ render: flaky(shared, 'broken') });
    await a.mw.createClaim(facts('LN-9', ['email']));
    await b.mw.createClaim(facts('LN-10', ['email']));
    shared.date = '2025-07-28';
    await a.run('2025-07-28');
    await b.run('2025-07-28');
    shared.date = '2025-07-29';
    await a.run('2025-07-29');
    await b.run('2025-07-29');
    expect(feeTimeline(await a.events('LN-9'))).toEqual(['2025-07-28 fee-charged creditor-dunning-fee 1.00', '2025-07-29 message-sent letter']);
    expect(feeTimeline(await b.events('LN-10'))).toEqual([
      '2025-07-28 fee-charged creditor-dunning-fee 1.00',
      '2025-07-29 message-failed letter',
      '2025-07-29 message-skipped email',
      '2025-07-29 fee-reduced 1.00',
    ]);
  });

  it('a fee partly paid before the failure (§ 367 BGB: costs first) → fee-reduced 1.00 with 0.60 credited to the principal; costs 0.00, principal 1499.40, total 1511.05', async () => {
    const shared = { date: '2025-06-02' as IsoDate };
    const broken = setup({ render: flaky(shared, 'broken') });
    await broken.mw.createClaim(facts('LN-11', ['email']));
    shared.date = '2025-07-28';
    await broken.run('2025-07-28');
    // 07-29: 0.60 paid before the day's run. § 367 Abs. 1 BGB against the claim as of the end of 07-28
    // (costs 1.00, interest 11.39, principal 1500.00): costs first → all 0.60 on the fee.
    shared.date = '2025-07-29';
    broken.clock.date = '2025-07-29';
    const paid = await broken.mw.recordPayment({ claimId: 'LN-11', amount: '0.60', date: '2025-07-29', paymentId: 'bank-1' });
    expect(paid.events.find((e) => e.type === 'payment-received')).toMatchObject({ allocation: { costs: '0.60', interest: '0.00', principal: '0.00', unapplied: '0.00' } });
    await broken.run('2025-07-29');
    const ledger = await broken.events('LN-11');
    // The fee is not owed at all: 1.00 dropped; 0.40 of it was open, the 0.60 paid on it is credited
    // to the principal (1.00 − 0.40 = 0.60), so the costs end at 0.40 − 1.00 + 0.60 = 0.00.
    expect(feeTimeline(ledger)).toEqual([
      '2025-07-28 fee-charged creditor-dunning-fee 1.00',
      '2025-07-29 message-failed letter',
      '2025-07-29 message-skipped email',
      '2025-07-29 fee-reduced 1.00 credited 0.60',
    ]);
    // 1499.40 + 11.65 + 0.00 = 1511.05 (= 1500.00 + 11.65 + 1.00 − 0.60 paid − 1.00 dropped).
    expect(figures(ledger, '2025-07-29')).toEqual(['1499.40', '11.65', '0.00', '1511.05']);
    expect(checkInvariants(ledger, deB2cDefaultPolicy)).toEqual([]);
  });

  it('business debtor (de-b2b-default): the § 288 Abs. 5 BGB flat fee of 40.00 stays when the final notice cannot be sent — only the creditor fee of the consumer letter drops', async () => {
    const { mw, run, events } = setup();
    await mw.createClaim(facts('LN-12', unreachable, 'business'));
    await mw.createClaim(facts('LN-13', unreachable));
    await run('2025-07-28');
    const business = await events('LN-12');
    expect(feeTimeline(business)).toEqual(['2025-07-28 fee-charged flat-fee 40.00', '2025-07-28 message-skipped letter', '2025-07-28 message-skipped email']);
    expect(statement(project(business), '2025-07-28').costs.amount.toFixed(2)).toBe('40.00');
    expect(checkInvariants(business, deB2bDefaultPolicy)).toEqual([]);
    expect(feeTimeline(await events('LN-13')).at(-1)).toBe('2025-07-28 fee-reduced 1.00');
  });
});

describe('fee.letter-not-sent, property: the fee is dropped exactly when no channel delivered the letter and none may have', () => {
  type Outcome = 'ok' | 'bounce' | 'definite' | 'unknown';
  const outcome = fc.constantFrom<Outcome>('ok', 'bounce', 'definite', 'unknown');
  const errorOf = (o: Outcome): Error | null =>
    o === 'ok'
      ? null
      : o === 'bounce'
        ? new ChannelError('recipient refused', { bounced: true })
        : o === 'definite'
          ? new ChannelError('rejected', { retryable: false })
          : new ChannelError('no answer', { retryable: true });

  it('random addresses and channel outcomes of the final notice (letter, then e-mail): fee left 0.00 or 1.00 as the channels decide, costs never below zero, no guard fires', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.boolean(), outcome, outcome, async (hasAddress, hasEmail, onLetter, onEmail) => {
        const only = (o: Outcome) => (m: OutgoingMessage) => (m.stage === 'final-notice' ? errorOf(o) : null);
        const { mw, run, events } = setup({ channels: [channel('email', only(onEmail)), channel('letter', only(onLetter))], maxAttempts: 1 });
        const without = [...(hasAddress ? [] : ['address' as const]), ...(hasEmail ? [] : ['email' as const])];
        await mw.createClaim(facts('LN-P', without));
        await run('2025-07-28');
        const ledger = await events('LN-P');
        // The dispatcher's order, by hand: letter, then e-mail; a channel without the address is skipped;
        // a send that went out ends it (fee stays); an unknown outcome ends it without failover (fee stays).
        let drops = true;
        for (const [reach, o] of [
          [hasAddress, onLetter],
          [hasEmail, onEmail],
        ] as const) {
          if (!reach) continue;
          if (o === 'ok' || o === 'unknown') {
            drops = false;
            break;
          }
        }
        const charged = ledger.filter((e) => e.type === 'fee-charged' && e.kind === 'creditor-dunning-fee');
        const reduced = ledger.filter((e) => e.type === 'fee-reduced');
        expect(charged).toHaveLength(1);
        expect(reduced.map((e) => (e.type === 'fee-reduced' ? `${e.date} ${e.amount}` : ''))).toEqual(drops ? ['2025-07-28 1.00'] : []);
        const costs = statement(project(ledger), '2025-07-28').costs;
        expect(toAmountString(costs)).toBe(drops ? '0.00' : '1.00');
        expect(checkInvariants(ledger, deB2cDefaultPolicy)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
