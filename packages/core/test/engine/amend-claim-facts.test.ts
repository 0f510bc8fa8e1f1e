import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClaimNotFoundError,
  FactAlreadySetError,
  MahnwerkError,
  addDays,
  checkInvariants,
  deB2bDefaultPolicy,
  deB2cDefaultPolicy,
  decideCommand,
  project,
  statement as statementOf,
  type ClaimEvent,
  type IsoDate,
} from '../../src/index.js';
import { created, facts, play, without } from './helpers.js';
import { renderingHost as host, runDays } from './host-fixture.js';

// Amending a claim's facts (amendClaimFacts, event claim-facts-amended). Rule
// guard.agency-handover-needs-claim-reason (§ 13a Abs. 1 Nr. 2 RDG): a consumer's claim is not handed
// over to a collection agency while it lacks description or contractDate, because the agency's first
// letter must name the contract's subject and the date it was concluded. The amendment adds what is
// missing — checked as at creation, never changing a fact that is set — as an audited event, and the
// claim is due again on the day of the amendment, so the next run takes up the blocked hand-over.

const RULE = 'guard.agency-handover-needs-claim-reason';

describe('amendClaimFacts: a blocked hand-over (guard.agency-handover-needs-claim-reason, § 13a Abs. 1 Nr. 2 RDG) goes ahead once the facts are added', () => {
  it('blocked without contractDate; after the amendment the same day\'s run hands the claim over, charges the § 13e RDG costs once, and the agency letter gets description and contract date', async () => {
    const h = host();
    await h.mw.createClaim(without(['contractDate']));
    expect(await runDays(h, '2025-01-02', '2025-03-20')).toEqual([`2025-03-16 ${RULE} handover`]);
    // Blocked: still at the final notice, no collection costs for the blocked attempt, and the claim
    // is not due again before the day after its limitation ends (2029-01-03, see agency-handover.test.ts).
    const blockedState = await h.mw.claim('INV-1');
    expect(blockedState.stage).toBe('final-notice');
    expect(blockedState.fees.map((f) => f.kind)).toEqual(['creditor-dunning-fee']);
    expect((await h.store.load('INV-1'))?.nextReviewAt).toBe('2029-01-03');
    const before = await h.mw.statement('INV-1', '2025-03-21');

    h.clock.date = '2025-03-21';
    const amended = await h.mw.amendClaimFacts({ claimId: 'INV-1', contractDate: '2024-12-20' });
    expect(amended.replayed).toBe(false);
    expect(amended.events.map((e) => e.type)).toEqual(['claim-facts-amended']);
    expect(amended.events[0]).toMatchObject({ date: '2025-03-21', facts: { contractDate: '2024-12-20' }, recordedAt: '2025-03-21T09:00:00+01:00', reason: { rule: 'command.amend-claim-facts' } });
    // Due again on the day of the amendment (as after every command), through the one scheduling.
    expect((await h.store.load('INV-1'))?.nextReviewAt).toBe('2025-03-21');
    // Nothing owed changed: a consumer's margin is 5 points whatever the contract date (§ 288 Abs. 1 BGB).
    expect(await h.mw.statement('INV-1', '2025-03-21')).toEqual(before);

    const run = await h.mw.runDue();
    expect(run.blocked).toEqual([]);
    const state = await h.mw.claim('INV-1');
    expect(state.stage).toBe('handover');
    expect(state.handedOver).toMatchObject({ date: '2025-03-21', to: 'collection-agency' });
    // One collection-costs fee, on the day of the hand-over: 0.9 × 88.00 (1.0 fee, value up to 1000 EUR,
    // § 13 RVG table in force until 2025-05-31) = 79.20 (§ 13e Abs. 1 RDG, uncontested) + 20 % expenses
    // Nr. 7002 VV RVG 15.84 = 95.04 — the figure agency-handover.test.ts has for the hand-over on 03-16.
    expect(state.fees.map((f) => `${f.date} ${f.kind} ${f.amount}`)).toEqual([
      expect.stringMatching(/ creditor-dunning-fee /),
      '2025-03-21 collection-costs 95.04',
    ]);
    const letter = h.rendered.find((r) => r.template === 'handover-inkasso');
    expect(letter?.claim).toMatchObject({ description: 'Bestellung 4711: Gartenstuhl', contractDate: '2024-12-20' });

    // In the audit trail with its recording instant; the chain verifies; no guard is broken.
    const history = await h.mw.history('INV-1');
    const entry = history.find((e) => e.event.type === 'claim-facts-amended');
    expect(entry?.event.recordedAt).toBe('2025-03-21T09:00:00+01:00');
    expect((await h.mw.verify('INV-1')).ok).toBe(true);
    expect(checkInvariants(history.map((e) => e.event), deB2cDefaultPolicy)).toEqual([]);
  });

  it('a claim without description and contractDate: adding one leaves it blocked (the reason names the other), adding the other hands it over', async () => {
    const h = host();
    await h.mw.createClaim(without(['description', 'contractDate']));
    await runDays(h, '2025-01-02', '2025-03-16');
    h.clock.date = '2025-03-17';
    await h.mw.amendClaimFacts({ claimId: 'INV-1', description: 'Gartenstuhl "Sonja", Bestellung 4711' });
    const first = await h.mw.runDue();
    expect(first.blocked.map((b) => b.reason.rule)).toEqual([RULE]);
    expect(first.blocked[0]?.reason.text).toContain('lacks contractDate');
    expect(first.blocked[0]?.reason.text).toContain('amendClaimFacts');
    h.clock.date = '2025-03-18';
    await h.mw.amendClaimFacts({ claimId: 'INV-1', contractDate: '2025-01-02' });
    await h.mw.runDue();
    const state = await h.mw.claim('INV-1');
    expect(state.facts).toMatchObject({ description: 'Gartenstuhl "Sonja", Bestellung 4711', contractDate: '2025-01-02' });
    expect(state.handedOver?.date).toBe('2025-03-18');
  });
});

describe('amendClaimFacts refuses bad input before anything is written (checked as at creation)', () => {
  const cases: readonly [string, Record<string, unknown>, string, RegExp][] = [
    ['an impossible date', { contractDate: '2025-02-30' }, 'contractDate', /2025-02-30 is not a day of the calendar \(February 2025 has 28 days\)/],
    ['a date not written YYYY-MM-DD', { contractDate: '20.12.2024' }, 'contractDate', /"20\.12\.2024" is not a date written YYYY-MM-DD/],
    ['a contract date after the invoice date 2025-01-02', { contractDate: '2025-01-03' }, 'contractDate', /is after the invoice date 2025-01-02; give the day the obligation arose/],
    ['an empty description', { description: '' }, 'description', /must not be empty/],
    ['a description of blanks (trimmed, then empty)', { description: '   ' }, 'description', /must not be empty/],
    ['a description over 500 characters', { description: 'x'.repeat(501) }, 'description', /at most 500 characters/],
    ['neither fact', {}, 'description', /give the facts to add: description, contractDate or both/],
    ['an unknown field', { contractDate: '2024-12-20', invoiceDate: '2025-01-01' }, '(input)', /unknown field\(s\) "invoiceDate"/],
  ];
  for (const [what, input, field, message] of cases) {
    it(`${what}: ValidationError naming ${field}, nothing written`, async () => {
      const h = host();
      await h.mw.createClaim(without(['description', 'contractDate']));
      const error = await h.mw.amendClaimFacts({ claimId: 'INV-1', ...input }).catch((e: unknown) => e);
      expect(MahnwerkError.isInstance(error) && [error.code, error.field]).toEqual(['invalid_input', field]);
      expect((error as Error).message).toMatch(message);
      expect((await h.store.load('INV-1'))?.version).toBe(1);
    });
  }

  it('the same checks as createClaim: a claim created with those facts is refused with the same message', async () => {
    const h = host();
    const error = await h.mw.createClaim(facts({ contractDate: '2025-01-03' })).catch((e: unknown) => e);
    expect((error as Error).message).toBe('facts.contractDate: is after the invoice date 2025-01-02; give the day the obligation arose.');
    await h.mw.createClaim(without(['contractDate']));
    const amend = await h.mw.amendClaimFacts({ claimId: 'INV-1', contractDate: '2025-01-03' }).catch((e: unknown) => e);
    expect((amend as Error).message).toBe('contractDate: 2025-01-03 is after the invoice date 2025-01-02; give the day the obligation arose.');
  });

  it('a claim the store does not hold: ClaimNotFoundError (claim_not_found), nothing written', async () => {
    const h = host();
    const error = await h.mw.amendClaimFacts({ claimId: 'NOPE', contractDate: '2024-12-20' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClaimNotFoundError);
    expect((error as MahnwerkError).code).toBe('claim_not_found');
    expect(await h.store.load('NOPE')).toBeNull();
  });
});

describe('a fact is added, never changed', () => {
  it('a fact the claim has with another value: FactAlreadySetError (fact_already_set) naming the field and the value; nothing written', async () => {
    const h = host();
    await h.mw.createClaim(without(['contractDate']));
    const error = await h.mw.amendClaimFacts({ claimId: 'INV-1', description: 'Tisch', contractDate: '2024-12-20' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FactAlreadySetError);
    expect(error).toMatchObject({ code: 'fact_already_set', field: 'description', current: 'Bestellung 4711: Gartenstuhl' });
    expect((error as Error).message).toMatch(/^description: claim "INV-1" has description "Bestellung 4711: Gartenstuhl" already; a fact that is set is not changed/);
    expect((await h.store.load('INV-1'))?.version).toBe(1);
    // A contract date added once is set too.
    await h.mw.amendClaimFacts({ claimId: 'INV-1', contractDate: '2024-12-20' });
    await expect(h.mw.amendClaimFacts({ claimId: 'INV-1', contractDate: '2024-12-21' })).rejects.toMatchObject({ code: 'fact_already_set', field: 'contractDate', current: '2024-12-20' });
  });

  it('the values the claim has already: nothing recorded, the events that recorded them answered (replayed)', async () => {
    const h = host();
    await h.mw.createClaim(without(['contractDate']));
    const first = await h.mw.amendClaimFacts({ claimId: 'INV-1', contractDate: '2024-12-20' });
    const again = await h.mw.amendClaimFacts({ claimId: 'INV-1', contractDate: '2024-12-20', description: 'Bestellung 4711: Gartenstuhl' });
    expect(again.replayed).toBe(true);
    expect(again.version).toBe(first.version);
    expect(again.events.map((e) => e.type)).toEqual(['claim-created', 'claim-facts-amended']);
  });
});

describe('idempotency keys, as for every command', () => {
  it('the same key and content again: the first result, nothing written; the key for other content: idempotency_mismatch', async () => {
    const h = host();
    await h.mw.createClaim(without(['description', 'contractDate']));
    const first = await h.mw.amendClaimFacts({ claimId: 'INV-1', description: 'Gartenstuhl' }, { idempotencyKey: 'amend-1' });
    expect(first.events[0]).toMatchObject({ type: 'claim-facts-amended', idempotencyKey: 'amend-1' });
    const replay = await h.mw.amendClaimFacts({ claimId: 'INV-1', description: 'Gartenstuhl' }, { idempotencyKey: 'amend-1' });
    expect(replay).toMatchObject({ replayed: true, version: first.version });
    await expect(h.mw.amendClaimFacts({ claimId: 'INV-1', contractDate: '2024-12-20' }, { idempotencyKey: 'amend-1' })).rejects.toMatchObject({ code: 'idempotency_mismatch' });
    expect((await h.store.load('INV-1'))?.version).toBe(first.version);
  });
});

describe('the amendment changes no amount, no date of default and nothing sent (decideCommand, pure)', () => {
  it('the event holds only the facts added; the state reads them laid over the facts as created', () => {
    const f = without(['contractDate']);
    const events = play([created(f)], deB2cDefaultPolicy, '2025-01-02', '2025-03-20');
    const state = project(events);
    const d = decideCommand(state, { type: 'amend-claim-facts', claimId: 'INV-1', contractDate: '2024-12-20' }, '2025-03-21', { policy: deB2cDefaultPolicy });
    expect(d.events).toEqual([
      {
        type: 'claim-facts-amended',
        claimId: 'INV-1',
        date: '2025-03-21',
        facts: { contractDate: '2024-12-20' },
        reason: { rule: 'command.amend-claim-facts', basis: '§ 13a Abs. 1 Nr. 2 RDG', text: 'Facts added to claim INV-1: contract date 2024-12-20.' },
      },
    ]);
    const after = project([...events, ...d.events]);
    expect(after.facts).toEqual({ ...f, contractDate: '2024-12-20' });
    expect(after.facts.debtor).toBe(state.facts.debtor);
    // Default, stage, messages and money as before.
    for (const key of ['defaultBegan', 'stage', 'deadline', 'messages', 'fees', 'payments', 'status'] as const) expect(after[key], key).toEqual(state[key]);
  });

  it('business debtor: a contract date that puts the claim under the old § 288 BGB (obligation before 2014-07-29, Art. 229 § 34 EGBGB: 8 instead of 9 points) is refused; one that does not is added', () => {
    const f = without(['contractDate'], { debtor: { kind: 'business' } });
    const state = project(play([created(f)], deB2bDefaultPolicy, '2025-01-02', '2025-02-10'));
    const amend = (contractDate: IsoDate) => decideCommand(state, { type: 'amend-claim-facts', claimId: 'INV-1', contractDate }, '2025-02-11', { policy: deB2bDefaultPolicy });
    expect(() => amend('2014-07-28')).toThrow(/^contractDate: 2014-07-28 would put claim "INV-1" under the old § 288 BGB \(Art\. 229 § 34 S\. 1 EGBGB\) instead of the current one/);
    expect(amend('2014-07-29').events.map((e) => e.type)).toEqual(['claim-facts-amended']);
    // A consumer's margin does not depend on it (5 points, § 288 Abs. 1 BGB): an old contract date is added.
    const consumer = project([created(without(['contractDate']))]);
    expect(decideCommand(consumer, { type: 'amend-claim-facts', claimId: 'INV-1', contractDate: '2013-05-01' }, '2025-01-10', { policy: deB2cDefaultPolicy }).events.map((e) => e.type)).toEqual([
      'claim-facts-amended',
    ]);
  });

  it('checkInvariants reads the facts added: a hand-over after the amendment breaks no rule, one before it does', () => {
    const base = { claimId: 'INV-1' } as const;
    const amended: ClaimEvent = { ...base, type: 'claim-facts-amended', date: '2025-03-20', facts: { contractDate: '2024-12-20' } };
    const handedOver = (date: IsoDate): ClaimEvent => ({ ...base, type: 'handed-over', date, to: 'collection-agency' });
    const noDate = created(without(['contractDate']));
    expect(checkInvariants([noDate, amended, handedOver('2025-03-21')])).toEqual([]);
    expect(checkInvariants([noDate, handedOver('2025-03-19'), amended]).map((r) => [r.guard, r.index])).toEqual([[RULE, 1]]);
  });
});

describe('property: adding a consumer claim\'s contract date changes no figure (§ 288 Abs. 1 BGB: 5 points whatever the obligation date)', () => {
  it('for any principal, amendment day and contract date not after the invoice date, the statement on every later day is the same with and without the amendment', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 6000 }),
        (cents, amendAfter, daysBack) => {
          const f = without(['contractDate'], { principal: (cents / 100).toFixed(2) });
          const amendOn = addDays('2025-01-02', amendAfter);
          const events = play([created(f)], deB2cDefaultPolicy, '2025-01-02', amendOn);
          const contractDate = addDays('2025-01-02', -daysBack);
          const d = decideCommand(project(events), { type: 'amend-claim-facts', claimId: 'INV-1', contractDate }, amendOn, { policy: deB2cDefaultPolicy });
          const withIt = project([...events, ...d.events]);
          const withoutIt = project([...events, ...d.events.filter((e) => e.type !== 'claim-facts-amended')]);
          expect(withIt.facts.contractDate).toBe(contractDate);
          for (const day of [amendOn, addDays(amendOn, 30), addDays(amendOn, 400)]) {
            expect(statementOf(withIt, day)).toEqual({ ...statementOf(withoutIt, day) });
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
