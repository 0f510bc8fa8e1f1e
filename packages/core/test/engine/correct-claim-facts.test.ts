import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClaimNotFoundError,
  FactCorrectionRefusedError,
  MahnwerkError,
  addDays,
  checkInvariants,
  deB2bDefaultPolicy,
  deB2cDefaultPolicy,
  decideCommand,
  project,
  statement as statementOf,
  type ClaimEvent,
  type ClaimFacts,
  type IsoDate,
} from '../../src/index.js';
import { created, facts, play } from './helpers.js';
import { renderingHost as host, runDays } from './host-fixture.js';

// Correcting a claim's facts that were entered wrongly (correctClaimFacts, command correct-claim-facts,
// event claim-facts-corrected). The rules (docs/legal-notes.md, "Correcting a fact"):
// - an auditable event with the old value, the new value and the reason given; nothing is rewritten:
//   letters sent before keep the facts they were written with, later statements, letters and
//   decisions read the corrected ones;
// - bad input is refused before anything is written: unknown field, the same value, a fact the
//   claim lacks (amendClaimFacts adds those), an empty reason, a date as at creation;
// - a correction never recomputes a booked amount: where one rests on the old value it is refused
//   with FactCorrectionRefusedError (fact_correction_refused) and `because`:
//   applicable-law (§ 288 BGB, Art. 229 § 34 EGBGB, once default began), handed-over (§ 13a Abs. 1
//   Nr. 2 RDG / § 43d Abs. 1 Nr. 2 BRAO, a private person's claim), court-dunning (§ 690 Abs. 1
//   Nr. 3 ZPO);
// - a settled claim is corrected like an open one.

const REASON = 'Tippfehler beim Import; die Auftragsbestätigung nennt den 20.12.2024 und "Gartenstuhl"';

/** The consumer claim of the helpers (1000.00 EUR, invoiced 2025-01-02, agreed due date 2025-01-16) with a mistyped description and contract date. */
const wrong = facts({ description: 'Bestellung 4711: Gartenstul', contractDate: '2024-12-02' });

describe('correctClaimFacts: letters sent before stay as they were, later letters and the state read the corrected facts', () => {
  it('consumer claim: corrected after the final notice, before the hand-over; the agency letter names the corrected reason, the earlier letters and the ledger up to them the old one; no figure changes', async () => {
    const h = host();
    await h.mw.createClaim(wrong);
    await runDays(h, '2025-01-02', '2025-03-10');
    const sentBefore = h.rendered.map((r) => r.template);
    // Reminder, dunning notice and final notice went out (agency-handover.test.ts: hand-over on 2025-03-16).
    expect(sentBefore.length).toBeGreaterThanOrEqual(3);
    expect(h.rendered.every((r) => r.claim.description === 'Bestellung 4711: Gartenstul' && r.claim.contractDate === '2024-12-02')).toBe(true);
    const statementBefore = await h.mw.statement('INV-1', '2025-03-11');

    h.clock.date = '2025-03-11';
    const result = await h.mw.correctClaimFacts({ claimId: 'INV-1', description: 'Bestellung 4711: Gartenstuhl', contractDate: '2024-12-20', reason: `  ${REASON} ` });
    expect(result.replayed).toBe(false);
    expect(result.events).toEqual([
      {
        type: 'claim-facts-corrected',
        claimId: 'INV-1',
        date: '2025-03-11',
        facts: { description: 'Bestellung 4711: Gartenstuhl', contractDate: '2024-12-20' },
        previous: { description: 'Bestellung 4711: Gartenstul', contractDate: '2024-12-02' },
        // The reason as given, trimmed (as every text field of a command).
        correctionReason: REASON,
        reason: {
          rule: 'command.correct-claim-facts',
          text: `Facts of claim INV-1 corrected: description "Bestellung 4711: Gartenstul" → "Bestellung 4711: Gartenstuhl", contract date "2024-12-02" → "2024-12-20". Reason given: ${REASON}`,
        },
        recordedAt: '2025-03-11T09:00:00+01:00',
      },
    ]);
    // Due again on its day, as after every command.
    expect((await h.store.load('INV-1'))?.nextReviewAt).toBe('2025-03-11');
    // A consumer's figures do not rest on the contract date (5 points, § 288 Abs. 1 BGB; no flat fee).
    expect(await h.mw.statement('INV-1', '2025-03-11')).toEqual(statementBefore);

    await runDays(h, '2025-03-11', '2025-03-20');
    const state = await h.mw.claim('INV-1');
    expect(state.facts).toMatchObject({ description: 'Bestellung 4711: Gartenstuhl', contractDate: '2024-12-20' });
    expect(state.handedOver?.date).toBe('2025-03-16');
    const handover = h.rendered.find((r) => r.template === 'handover-inkasso');
    expect(handover?.claim).toMatchObject({ description: 'Bestellung 4711: Gartenstuhl', contractDate: '2024-12-20' });
    // The letters rendered before keep the old facts (nothing rewritten them).
    expect(h.rendered.slice(0, sentBefore.length).map((r) => r.claim.description)).toEqual(sentBefore.map(() => 'Bestellung 4711: Gartenstul'));

    // The audit trail shows what each letter was sent with: the ledger up to a message-sent event, projected.
    const history = await h.mw.history('INV-1');
    const events = history.map((e) => e.event);
    const factsAt = (index: number): ClaimFacts => project(events.slice(0, index + 1)).facts;
    const sent = events.flatMap((e, i) => (e.type === 'message-sent' ? [i] : []));
    const correction = events.findIndex((e) => e.type === 'claim-facts-corrected');
    expect(sent.filter((i) => i < correction)).toHaveLength(sentBefore.length);
    for (const i of sent) expect(factsAt(i).description, `message-sent #${i}`).toBe(i < correction ? 'Bestellung 4711: Gartenstul' : 'Bestellung 4711: Gartenstuhl');
    expect((await h.mw.verify('INV-1')).ok).toBe(true);
    expect(checkInvariants(events, deB2cDefaultPolicy)).toEqual([]);
  });
});

describe('correctClaimFacts refuses bad input before anything is written', () => {
  const cases: readonly [string, Record<string, unknown>, string, RegExp][] = [
    ['an empty reason', { description: 'Tisch', reason: '' }, 'reason', /^reason: must say why the fact is corrected/],
    ['a reason of blanks (trimmed, then empty)', { description: 'Tisch', reason: '   ' }, 'reason', /^reason: must say why the fact is corrected/],
    ['no reason', { description: 'Tisch' }, 'reason', /^reason: /],
    ['an unknown field', { invoiceDate: '2025-01-01', reason: REASON }, '(input)', /unknown field\(s\) "invoiceDate"/],
    ['neither fact', { reason: REASON }, 'description', /give the facts to correct: description, contractDate or both/],
    ['the value the claim has', { description: 'Bestellung 4711: Gartenstul', reason: REASON }, 'description', /has description "Bestellung 4711: Gartenstul" already; a correction gives a different value/],
    ['the contract date the claim has', { contractDate: '2024-12-02', reason: REASON }, 'contractDate', /has contractDate "2024-12-02" already/],
    ['a contract date after the invoice date 2025-01-02', { contractDate: '2025-01-03', reason: REASON }, 'contractDate', /^contractDate: 2025-01-03 is after the invoice date 2025-01-02/],
    ['an impossible date', { contractDate: '2024-02-30', reason: REASON }, 'contractDate', /2024-02-30 is not a day of the calendar \(February 2024 has 29 days\)/],
    ['an empty description', { description: ' ', reason: REASON }, 'description', /must not be empty/],
  ];
  for (const [what, input, field, message] of cases) {
    it(`${what}: ValidationError naming ${field}, nothing written`, async () => {
      const h = host();
      await h.mw.createClaim(wrong);
      const error = await h.mw.correctClaimFacts({ claimId: 'INV-1', ...input } as never).catch((e: unknown) => e);
      expect(MahnwerkError.isInstance(error) && [error.code, error.field]).toEqual(['invalid_input', field]);
      expect((error as Error).message).toMatch(message);
      expect((await h.store.load('INV-1'))?.version).toBe(1);
    });
  }

  it('a fact the claim lacks is not corrected but added (amendClaimFacts): ValidationError naming it, nothing written', async () => {
    const h = host();
    const { contractDate: _, ...noDate } = wrong;
    await h.mw.createClaim(noDate);
    const error = await h.mw.correctClaimFacts({ claimId: 'INV-1', contractDate: '2024-12-20', reason: REASON }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_input', field: 'contractDate' });
    expect((error as Error).message).toBe('contractDate: claim "INV-1" has no contractDate to correct; add a missing fact with amendClaimFacts (CLI: mahnwerk amend without --correct).');
    expect((await h.store.load('INV-1'))?.version).toBe(1);
  });

  it('a claim the store does not hold: ClaimNotFoundError (claim_not_found)', async () => {
    const h = host();
    const error = await h.mw.correctClaimFacts({ claimId: 'NOPE', description: 'Tisch', reason: REASON }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClaimNotFoundError);
    expect(await h.store.load('NOPE')).toBeNull();
  });

  it('idempotency keys as for every command: the same key and content again is a replay; the key for other content idempotency_mismatch', async () => {
    const h = host();
    await h.mw.createClaim(wrong);
    const first = await h.mw.correctClaimFacts({ claimId: 'INV-1', description: 'Tisch', reason: REASON }, { idempotencyKey: 'fix-1' });
    const replay = await h.mw.correctClaimFacts({ claimId: 'INV-1', description: 'Tisch', reason: REASON }, { idempotencyKey: 'fix-1' });
    expect(replay).toMatchObject({ replayed: true, version: first.version });
    await expect(h.mw.correctClaimFacts({ claimId: 'INV-1', description: 'Stuhl', reason: REASON }, { idempotencyKey: 'fix-1' })).rejects.toMatchObject({ code: 'idempotency_mismatch' });
    // Without the key, the same correction again is the same value: refused, nothing written.
    await expect(h.mw.correctClaimFacts({ claimId: 'INV-1', description: 'Tisch', reason: REASON })).rejects.toMatchObject({ code: 'invalid_input', field: 'description' });
    expect((await h.store.load('INV-1'))?.version).toBe(first.version);
  });
});

/** The helpers' claim for a business debtor, contract concluded on the invoice date (current § 288 BGB). */
const business = facts({ debtor: { kind: 'business', name: 'Muster GmbH' } });
const correct = (events: readonly ClaimEvent[], on: IsoDate, input: { description?: string; contractDate?: IsoDate }, policy = deB2bDefaultPolicy) =>
  decideCommand(project(events), { type: 'correct-claim-facts', claimId: 'INV-1', reason: REASON, ...input }, on, { policy });

describe('applicable-law: a contract date that changes the § 288 BGB regime (Art. 229 § 34 EGBGB) is refused once default began — not recomputed', () => {
  it('business debtor in default since 2025-01-17: 2025-01-02 → 2014-07-28 (old law: 8 points, no flat fee) refused naming what would change; → 2014-07-29 (still the current law) recorded', () => {
    const events = play([created(business)], deB2bDefaultPolicy, '2025-01-02', '2025-02-10');
    expect(project(events).defaultBegan).toBe('2025-01-17');
    const error = (() => {
      try {
        correct(events, '2025-02-11', { contractDate: '2014-07-28' });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(FactCorrectionRefusedError);
    expect(error).toMatchObject({ code: 'fact_correction_refused', field: 'contractDate', because: 'applicable-law' });
    expect((error as Error).message).toBe(
      'contractDate: correcting claim "INV-1"\'s contract date from 2025-01-02 to 2014-07-28 would change default interest base rate + 9 points (§ 288 Abs. 2 BGB) → + 8 points ' +
        '(§ 288 Abs. 2 BGB a.F. i.V.m. Art. 229 § 34 EGBGB); the 40 EUR flat fee (§ 288 Abs. 5 BGB) no longer owed (Art. 229 § 34 EGBGB); default began on 2025-01-17 ' +
        'and the interest and fees on the claim were worked out under the law as it stood. The claim under the other law is another claim: write this one off with your bookkeeping and ' +
        'create the claim anew with the right contract date (createClaim, CLI: mahnwerk import).',
    );
    // 2014-07-29 is the first day of the current law (Art. 229 § 34 S. 1 EGBGB: "nach dem 28. Juli 2014"): nothing changes.
    expect(correct(events, '2025-02-11', { contractDate: '2014-07-29' }).events.map((e) => e.type)).toEqual(['claim-facts-corrected']);
  });

  it('before default nothing rests on it: corrected on 2025-01-10 to 2014-07-01, the interest from 2025-01-17 runs at 8 points and no flat fee is charged (figures by hand)', () => {
    const start = play([created(business)], deB2bDefaultPolicy, '2025-01-02', '2025-01-10');
    expect(project(start).defaultBegan).toBeNull();
    const corrected = [...start, ...correct(start, '2025-01-10', { contractDate: '2014-07-01' }).events];
    const withIt = play(corrected, deB2bDefaultPolicy, '2025-01-11', '2025-02-15');
    const withoutIt = play(start, deB2bDefaultPolicy, '2025-01-11', '2025-02-15');
    const interest = (events: readonly ClaimEvent[]) => statementOf(project(events), '2025-02-15').interest.amount.toFixed(2);
    // 2025-01-17 … 2025-02-15 = 15 + 15 = 30 days, base rate 2.27 % (from 2025-01-01), act/365:
    // old law  1000.00 × (2.27 + 8) % × 30/365 = 102.70 × 30 / 365 = 3081 / 365 = 8.4410… → 8.44
    // current  1000.00 × (2.27 + 9) % × 30/365 = 112.70 × 30 / 365 = 3381 / 365 = 9.2630… → 9.26
    expect(interest(withIt)).toBe('8.44');
    expect(interest(withoutIt)).toBe('9.26');
    // The final notice of 2025-02-27 charges the flat fee (§ 288 Abs. 5 BGB, 40.00) — granted only for obligations
    // from 2014-07-29 (Art. 229 § 34 EGBGB): not after the correction.
    const flatFees = (events: readonly ClaimEvent[]) => project(play(events, deB2bDefaultPolicy, '2025-02-16', '2025-03-01')).fees.filter((f) => f.kind === 'flat-fee').map((f) => `${f.date} ${f.amount}`);
    expect(flatFees(withoutIt)).toEqual(['2025-02-27 40.00']);
    expect(flatFees(withIt)).toEqual([]);
    expect(checkInvariants(play(withIt, deB2bDefaultPolicy, '2025-02-16', '2025-03-01'), deB2bDefaultPolicy)).toEqual([]);
  });

  it('one rule for adding and correcting: amendClaimFacts adds a contract date of the old law before default, and refuses it after (the same amountTermsChange)', () => {
    const { contractDate: _, ...noDate } = business;
    const before = play([created(noDate)], deB2bDefaultPolicy, '2025-01-02', '2025-01-10');
    const amend = (events: readonly ClaimEvent[], on: IsoDate) => decideCommand(project(events), { type: 'amend-claim-facts', claimId: 'INV-1', contractDate: '2014-07-01' }, on, { policy: deB2bDefaultPolicy });
    expect(amend(before, '2025-01-10').events.map((e) => e.type)).toEqual(['claim-facts-amended']);
    const after = play(before, deB2bDefaultPolicy, '2025-01-11', '2025-02-10');
    expect(() => amend(after, '2025-02-11')).toThrow(/^contractDate: 2014-07-01 would put claim "INV-1" under the old § 288 BGB/);
  });

  it("property: a consumer's contract date corrected at any time changes no figure (§ 288 Abs. 1 BGB: 5 points and no flat fee whatever the obligation date)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000_000 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 6000 }), (cents, correctAfter, daysBack) => {
        const f = facts({ principal: (cents / 100).toFixed(2) });
        const on = addDays('2025-01-02', correctAfter);
        const events = play([created(f)], deB2cDefaultPolicy, '2025-01-02', on);
        const d = correct(events, on, { contractDate: addDays('2025-01-02', -daysBack) }, deB2cDefaultPolicy);
        const withIt = project([...events, ...d.events]);
        const withoutIt = project([...events, ...d.events.filter((e) => e.type !== 'claim-facts-corrected')]);
        for (const day of [on, addDays(on, 30), addDays(on, 400)]) expect(statementOf(withIt, day)).toEqual(statementOf(withoutIt, day));
      }),
      { numRuns: 25 },
    );
  });
});

describe('handed-over and court-dunning: a correction the hand-over or the court papers rest on is refused', () => {
  it("a consumer's claim handed over to a collection agency (2025-03-16): description and contract date are not corrected (§ 13a Abs. 1 Nr. 2 RDG)", () => {
    const events = play([created(wrong)], deB2cDefaultPolicy, '2025-01-02', '2025-03-20');
    expect(project(events).handedOver).toMatchObject({ date: '2025-03-16', to: 'collection-agency' });
    for (const input of [{ description: 'Bestellung 4711: Gartenstuhl' }, { contractDate: '2024-12-20' as IsoDate }]) {
      const field = Object.keys(input)[0];
      expect(() => correct(events, '2025-03-21', input, deB2cDefaultPolicy)).toThrow(FactCorrectionRefusedError);
      expect(() => correct(events, '2025-03-21', input, deB2cDefaultPolicy)).toThrow(
        new RegExp(`^${field}: claim "INV-1" was handed over to a collection agency on 2025-03-16, whose first letter to the debtor named the claim's reason with ${field} .*\\(§ 13a Abs\\. 1 Nr\\. 2 RDG\\)`),
      );
      // The party named in the advice reads as English ("the a collection agency" before the fix).
      expect(() => correct(events, '2025-03-21', input, deB2cDefaultPolicy)).toThrow(/is for the creditor and the collection agency to decide, .* Have the collection agency send the debtor the right reason/);
    }
    // The day before the hand-over it is still corrected (and the hand-over letter then names the right reason).
    const before = events.slice(0, events.findIndex((e) => e.type === 'handed-over' || (e.type === 'stage-entered' && e.stage === 'handover')));
    expect(correct(before, '2025-03-15', { description: 'Bestellung 4711: Gartenstuhl' }, deB2cDefaultPolicy).events.map((e) => e.type)).toEqual(['claim-facts-corrected']);
  });

  it("a business debtor's claim handed over: corrected (§ 13a Abs. 1 protects private persons only, § 13a Abs. 5 RDG)", () => {
    const handedOver: ClaimEvent = { type: 'handed-over', claimId: 'INV-1', date: '2025-03-16', to: 'collection-agency' };
    const events = [created({ ...business, description: 'Bestellung 4711: Gartenstul' }), handedOver];
    expect(correct(events, '2025-03-21', { description: 'Bestellung 4711: Gartenstuhl' }).events.find((e) => e.type === 'claim-facts-corrected')).toMatchObject({
      type: 'claim-facts-corrected',
      facts: { description: 'Bestellung 4711: Gartenstuhl' },
      previous: { description: 'Bestellung 4711: Gartenstul' },
    });
  });

  it('a claim before the court (court dunning filed, or titled): no fact is corrected, whoever the debtor (§ 690 Abs. 1 Nr. 3 ZPO)', () => {
    const filed: ClaimEvent = { type: 'court-dunning-filed', claimId: 'INV-1', date: '2025-04-01' };
    const titled: ClaimEvent = { type: 'titled', claimId: 'INV-1', date: '2025-05-01', title: 'enforcement-order' };
    for (const events of [[created(business), filed], [created(business), filed, titled]]) {
      let error: unknown = null;
      try {
        correct(events, '2025-05-02', { description: 'Tisch' });
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'fact_correction_refused', field: 'description', because: 'court-dunning' });
      expect((error as Error).message).toMatch(/the court's papers name the claim as filed \(§ 690 Abs\. 1 Nr\. 3 ZPO\)/);
    }
  });

  it('a settled claim is corrected like an open one: the state reads the new value and stays settled', async () => {
    const h = host();
    await h.mw.createClaim(wrong);
    h.clock.date = '2025-01-10';
    await h.mw.recordPayment({ claimId: 'INV-1', amount: '1000.00' });
    await h.mw.runDue();
    expect((await h.mw.claim('INV-1')).status).toBe('settled');
    await h.mw.correctClaimFacts({ claimId: 'INV-1', description: 'Bestellung 4711: Gartenstuhl', reason: REASON });
    const state = await h.mw.claim('INV-1');
    expect([state.status, state.facts.description]).toEqual(['settled', 'Bestellung 4711: Gartenstuhl']);
    expect((await h.store.load('INV-1'))?.nextReviewAt ?? null).toBeNull();
  });
});

describe('checkInvariants reads a correction from its place in the ledger', () => {
  it('a flat fee charged to a business debtor whose contract date read 2014-07-01 (old law) is reported before a correction to 2025-01-02, not after it', () => {
    const old = facts({ debtor: { kind: 'business' }, contractDate: '2014-07-01' });
    const fix: ClaimEvent = { type: 'claim-facts-corrected', claimId: 'INV-1', date: '2025-01-10', facts: { contractDate: '2025-01-02' }, previous: { contractDate: '2014-07-01' }, correctionReason: REASON };
    const began: ClaimEvent = { type: 'default-began', claimId: 'INV-1', date: '2025-01-17', basis: '§ 286 Abs. 2 Nr. 1 BGB', route: 'calendar' };
    const fee = (date: IsoDate): ClaimEvent => ({ type: 'fee-charged', claimId: 'INV-1', date, feeId: `flat-${date}`, kind: 'flat-fee', code: '§ 288 Abs. 5 BGB', amount: '40.00', basis: '§ 288 Abs. 5 BGB' });
    const rules = (events: ClaimEvent[]) => checkInvariants(events).map((r) => `${r.guard} ${r.index}`);
    expect(rules([created(old), began, fix, fee('2025-01-20')])).toEqual([]);
    expect(rules([created(old), began, fee('2025-01-20'), fix])).toEqual(['guard.flat-fee-business-only 2']);
  });
});
