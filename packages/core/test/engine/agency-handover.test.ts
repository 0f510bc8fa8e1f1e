import { describe, expect, it } from 'vitest';
import {
  addDays,
  agencyHandoverBlock,
  agencyHandoverMissing,
  checkInvariants,
  deB2bDefaultPolicy,
  deB2cDefaultPolicy,
  decide,
  policySchema,
  project,
  simulate,
  type ClaimEvent,
  type ClaimFacts,
  type IsoDate,
  type Policy,
} from '../../src/index.js';
import { created, facts, ofType, play, timeline, without } from './helpers.js';
import { sendingHost } from './host-fixture.js';

// Rule guard.agency-handover-needs-claim-reason (§ 13a Abs. 1 Nr. 2 RDG): the collection agency's
// first letter to a consumer must name the reason of the claim — the contract's subject and the date
// it was concluded — which the letters take from ClaimFacts.description and contractDate. Without
// them that letter cannot go out (the templates refuse it), so the engine does not enter a stage
// that hands the claim over to an agency, and charges no collection costs: the step is blocked
// with the rule's code, the claim stays at the stage it reached, and the review does not come back
// for it daily: only amendClaimFacts adds the facts, and makes the claim due again
// (amend-claim-facts.test.ts).

const RULE = 'guard.agency-handover-needs-claim-reason';

/** The built-in consumer timeline up to the hand-over day 2025-03-16 and beyond, decided day by day. */
function consumerRun(f: ClaimFacts): ClaimEvent[] {
  return play([created(f)], deB2cDefaultPolicy, '2025-01-02', '2025-05-31');
}

describe('guard.agency-handover-needs-claim-reason (§ 13a Abs. 1 Nr. 2 RDG): no hand-over of a consumer claim the agency letter cannot name', () => {
  it('a consumer claim without contractDate is blocked at the hand-over: the code, the field and the law in the reason; no handed-over, no collection costs, no letter', () => {
    const events = consumerRun(without(['contractDate']));
    const lines = timeline(events);
    expect(lines).toContain('2025-02-27 stage final-notice deadline 2025-03-10');
    expect(lines.filter((l) => l > '2025-02-27 ~')).toEqual([]);
    expect(ofType(events, 'handed-over')).toEqual([]);
    expect(ofType(events, 'fee-charged').filter((f) => f.kind === 'collection-costs')).toEqual([]);
    expect(ofType(events, 'message-queued').map((m) => m.template)).not.toContain('handover-inkasso');

    // The decision on the hand-over's trigger day: blocked, with the stage and a message naming what to add and why.
    const before = project(events.filter((e) => e.date < '2025-03-16'));
    const d = decide(before, deB2cDefaultPolicy, '2025-03-16');
    expect(d.events).toEqual([]);
    expect(d.blocked).toEqual([expect.objectContaining({ rule: RULE, basis: '§ 13a Abs. 1 Nr. 2 RDG', stage: 'handover' })]);
    const text = d.blocked[0]?.text ?? '';
    expect(text).toContain('contractDate');
    expect(text).not.toContain('description (');
    expect(text).toContain('§ 13a Abs. 1 Nr. 2 RDG');
    expect(text).toContain('no collection costs are charged');
    // The claim stays at its stage; the review does not come back daily (until amendClaimFacts adds the facts):
    // the next look is the day after the limitation period ends (§§ 195, 199 Abs. 1 BGB: 2028-12-31, a
    // Sunday, and New Year's Day → § 193 BGB: Tue 2029-01-02).
    expect(project(events).stage).toBe('final-notice');
    expect(d.nextReviewAt).toBe('2029-01-03');
  });

  it('without description (or both), the reason names what is missing', () => {
    const noDescription = decide(project(consumerRun(without(['description'])).filter((e) => e.date < '2025-03-16')), deB2cDefaultPolicy, '2025-03-16');
    expect(noDescription.blocked.map((b) => b.rule)).toEqual([RULE]);
    expect(noDescription.blocked[0]?.text).toContain("lacks description (the contract's subject");
    const neither = consumerRun(without(['description', 'contractDate']));
    expect(ofType(neither, 'handed-over')).toEqual([]);
    expect(agencyHandoverMissing(without(['description', 'contractDate']), 'collection-agency')).toEqual(['description', 'contractDate']);
    expect(agencyHandoverMissing(facts({ description: '   ' }), 'collection-agency')).toEqual(['description']);
  });

  it('with description and contractDate the consumer claim is handed over as before (stage, hand-over, § 13e RDG costs 95.04, the agency letter)', () => {
    const lines = timeline(consumerRun(facts()));
    expect(lines.filter((l) => l.startsWith('2025-03-16'))).toEqual([
      '2025-03-16 stage handover deadline 2025-03-31',
      '2025-03-16 handed-over',
      '2025-03-16 fee collection-costs 95.04',
      '2025-03-16 message letter handover-inkasso',
    ]);
  });

  it('a business claim without description and contractDate is handed over: § 13a Abs. 1 RDG protects private persons', () => {
    const f = without(['description', 'contractDate'], { debtor: { kind: 'business' } });
    const events = play([created(f)], deB2bDefaultPolicy, '2025-01-02', '2025-05-31');
    expect(ofType(events, 'handed-over').map((e) => e.to)).toEqual(['collection-agency']);
    expect(ofType(events, 'fee-charged').filter((e) => e.kind === 'collection-costs')).toHaveLength(1);
    expect(agencyHandoverMissing(f, 'collection-agency')).toEqual([]);
  });

  it('the stage is a hand-over by its action { type: "hand-over" }, not by its kind or name', () => {
    const f = without(['contractDate']);
    const handover = deB2cDefaultPolicy.stages.find((s) => s.id === 'handover');
    expect(handover === undefined ? null : agencyHandoverBlock(f, handover)?.rule).toBe(RULE);
    expect(agencyHandoverBlock(f, { id: 'x', actions: [{ type: 'send', channel: 'letter', template: 'handover-inkasso' }] })).toBeNull();
    // A policy whose agency stage is of another kind and name is blocked all the same.
    const renamed: Policy = policySchema.parse({
      ...deB2cDefaultPolicy,
      id: 'renamed',
      stages: deB2cDefaultPolicy.stages.map((s) => (s.id === 'handover' ? { ...s, id: 'inkasso', name: 'Inkasso', kind: 'final-notice' } : s)),
    });
    const events = play([created(f)], renamed, '2025-01-02', '2025-04-30');
    expect(ofType(events, 'handed-over')).toEqual([]);
    expect(decide(project(events.filter((e) => e.date < '2025-03-16')), renamed, '2025-03-16').blocked).toEqual([expect.objectContaining({ rule: RULE, stage: 'inkasso' })]);
  });

  it('checkInvariants reports a hand-over to an agency or a lawyer of a consumer claim without them (not a business claim)', () => {
    const base = { claimId: 'INV-1', date: '2025-03-16' as IsoDate } as const;
    const handedOver = (to: 'collection-agency' | 'lawyer'): ClaimEvent => ({ ...base, type: 'handed-over', to });
    const noDate = created(without(['contractDate']));
    expect(checkInvariants([noDate, handedOver('collection-agency')]).map((r) => [r.guard, r.index, r.basis])).toEqual([[RULE, 1, '§ 13a Abs. 1 Nr. 2 RDG']]);
    const lawyer = checkInvariants([noDate, handedOver('lawyer')]);
    expect(lawyer.map((r) => [r.guard, r.index, r.basis])).toEqual([[RULE, 1, '§ 43d Abs. 1 Nr. 2 BRAO']]);
    expect(lawyer[0]?.message).toContain('Handed over to a lawyer on 2025-03-16');
    expect(checkInvariants([created(facts()), handedOver('collection-agency')])).toEqual([]);
    expect(checkInvariants([created(without(['description', 'contractDate'], { debtor: { kind: 'business' } })), handedOver('collection-agency')])).toEqual([]);
  });

  it('runDue lists the blocked hand-over once, with the code; the claim stays at final-notice, no collection costs are booked, and it is not looked at daily', async () => {
    const { mw, store, clock, sent } = sendingHost();
    await mw.createClaim({
      id: 'INV-1',
      debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Muster', email: 'erika@example.org', address: ['Musterstr. 1', '10115 Berlin'] },
      principal: '1000.00',
      currency: 'EUR',
      invoiceDate: '2025-01-02',
      dueDate: '2025-01-16',
      dueDateAgreed: true,
      description: 'Bestellung 4711: Gartenstuhl',
    });
    const blocked: string[] = [];
    let decidedAfter = 0;
    for (let day: IsoDate = '2025-01-02'; day <= '2025-05-31'; day = addDays(day, 1)) {
      clock.date = day;
      const run = await mw.runDue();
      for (const b of run.blocked) blocked.push(`${day} ${b.claimId} ${b.reason.rule} ${b.reason.stage ?? ''}`);
      if (day > '2025-03-16') decidedAfter += run.decided;
    }
    expect(blocked).toEqual([`2025-03-16 INV-1 ${RULE} handover`]);
    expect(decidedAfter).toBe(0);
    const state = await mw.claim('INV-1');
    expect(state.stage).toBe('final-notice');
    expect(state.fees.map((f) => f.kind)).toEqual(['creditor-dunning-fee']);
    expect(state.handedOver).toBeNull();
    expect((await store.load('INV-1'))?.nextReviewAt).toBe('2029-01-03');
    expect(sent.map((m) => m.id)).toEqual(['INV-1:msg:reminder:1', 'INV-1:msg:dunning-notice:1', 'INV-1:msg:final-notice:1']);
  });

  it('simulate: a consumer claim without them ends at final-notice, with no collection costs or court dunning', () => {
    const claim = without(['contractDate']);
    const result = simulate({ claims: [claim], policy: 'auto', from: '2025-01-02', to: '2025-08-31' });
    const c = result.claims[0];
    expect(c?.stage).toBe('final-notice');
    expect(c?.events.filter((e) => e.type === 'handed-over' || e.type === 'court-dunning-filed' || (e.type === 'fee-charged' && e.kind !== 'creditor-dunning-fee'))).toEqual([]);
  });
});

// § 43d Abs. 1 Nr. 2 BRAO (text read in kmein/gesetze laws/BRAO-BJNR005650959.md): "Der Rechtsanwalt,
// der Inkassodienstleistungen erbringt, muss mit der ersten Geltendmachung einer Forderung gegenüber
// einer Privatperson … übermitteln: … 2. den Forderungsgrund, bei Verträgen unter konkreter Darlegung
// des Vertragsgegenstands und des Datums des Vertragsschlusses" — word for word § 13a Abs. 1 Nr. 2
// RDG; Privatperson (§ 43d Abs. 5 BRAO) as in § 13a Abs. 5 RDG. So a hand-over to a lawyer is held
// to the same facts.
describe('guard.agency-handover-needs-claim-reason for a lawyer (§ 43d Abs. 1 Nr. 2 BRAO)', () => {
  /** The built-in consumer policy with its hand-over going to a lawyer instead of an agency. */
  const toLawyer: Policy = policySchema.parse({
    ...deB2cDefaultPolicy,
    id: 'to-lawyer',
    stages: deB2cDefaultPolicy.stages.map((s) =>
      s.id === 'handover' ? { ...s, actions: s.actions.map((a) => (a.type === 'hand-over' ? { ...a, to: 'lawyer' } : a)) } : s,
    ),
  });

  it('a consumer claim without contractDate is not handed over to a lawyer: the basis is § 43d Abs. 1 Nr. 2 BRAO, no collection costs', () => {
    const f = without(['contractDate']);
    const events = play([created(f)], toLawyer, '2025-01-02', '2025-05-31');
    expect(ofType(events, 'handed-over')).toEqual([]);
    expect(ofType(events, 'fee-charged').filter((e) => e.kind === 'collection-costs')).toEqual([]);
    const d = decide(project(events.filter((e) => e.date < '2025-03-16')), toLawyer, '2025-03-16');
    expect(d.events).toEqual([]);
    expect(d.blocked).toEqual([expect.objectContaining({ rule: RULE, basis: '§ 43d Abs. 1 Nr. 2 BRAO', stage: 'handover' })]);
    expect(d.blocked[0]?.text).toContain('hands the claim over to a lawyer');
    expect(d.blocked[0]?.text).toContain('contractDate');
    expect(agencyHandoverMissing(f, 'lawyer')).toEqual(['contractDate']);
  });

  it('with both facts the consumer claim goes to the lawyer on the same day as to an agency; a business claim without them too', () => {
    const withFacts = play([created(facts())], toLawyer, '2025-01-02', '2025-05-31');
    expect(ofType(withFacts, 'handed-over').map((e) => [e.date, e.to])).toEqual([['2025-03-16', 'lawyer']]);
    const business = without(['description', 'contractDate'], { debtor: { kind: 'business' } });
    expect(agencyHandoverMissing(business, 'lawyer')).toEqual([]);
    expect(agencyHandoverBlock(business, { id: 'x', actions: [{ type: 'hand-over', to: 'lawyer' }] })).toBeNull();
  });
});
