import { describe, expect, it } from 'vitest';
import {
  CostNoticeRequiredError,
  MahnwerkError,
  checkInvariants,
  createMahnwerk,
  decideCommand,
  deB2bDefaultPolicy,
  deB2cDefaultPolicy,
  installmentAgreementTerms,
  project,
  simulate,
  statement,
  toAmountString,
  type ClaimEvent,
  type IsoDate,
  type Policy,
} from '../../src/index.js';
import { created, facts, ofType, play } from './helpers.js';
import { accepting, autoHost } from './host-fixture.js';

// Issue 8 point 7: a payment agreement concluded by a collection agency.
// - Nr. 1000 Nr. 2 VV RVG (Einigungsgebühr for a Zahlungsvereinbarung, 0.7 since 2021-10-01) on the value of
//   § 31b RVG (50 % of the claim), recoverable as collection costs up to what a lawyer may charge (§ 13e RDG).
// - § 13a Abs. 3 RDG: before a payment agreement, the agency must tell a private person in Textform which
//   costs it causes. The engine refuses the plan command without that notice (CostNoticeRequiredError).
// Figures by hand (facts file /work/shared/legal/de-and-eu-facts.md § 3):
// - 1500.00, invoice 2025-06-02, due Mon 2025-06-16 (agreed); the built-ins hand over on Thu 2025-08-14 with
//   collection costs at 0.9 (uncontested): RVG 2025 (mandate 08-14, § 60 RVG), value 1500.00: 51.50 + 2 × 41.50
//   = 134.50; 0.9 × 134.50 = 121.05; Nr. 7002 20 % = 24.21 → 20.00; 141.05 (b2c). b2b: less the 40.00 flat fee
//   (§ 288 Abs. 5 S. 3 BGB) = 101.05.
// - Agreement: § 31b value 50 % × 1500.00 = 750.00 → 51.50 + 41.50 = 93.00; 0.7 × 93.00 = 65.10. Nr. 7002 with it:
//   20 % × (121.05 + 65.10) = 37.23 → 20.00, unchanged. The agreement adds 65.10.

const consumerFacts = facts({ id: 'IA-1', principal: '1500.00', invoiceDate: '2025-06-02', dueDate: '2025-06-16', dueDateAgreed: true });
const businessFacts = facts({
  id: 'IA-2',
  principal: '1500.00',
  invoiceDate: '2025-06-02',
  dueDate: '2025-06-16',
  dueDateAgreed: true,
  debtor: { id: 'D-2', kind: 'business', name: 'Muster GmbH' },
});
const ledger = (f: typeof consumerFacts, policy: Policy, to: IsoDate): ClaimEvent[] => play([created(f)], policy, f.invoiceDate, to);
const b2c = ledger(consumerFacts, deB2cDefaultPolicy, '2025-08-19');
const b2b = ledger(businessFacts, deB2bDefaultPolicy, '2025-08-19');
const installments = [
  { dueDate: '2025-09-01', amount: '800.00' },
  { dueDate: '2025-10-01', amount: '800.00' },
];
const plan = (claimId: string, extra: { costNoticeGivenOn?: IsoDate; date?: IsoDate } = {}) => ({
  type: 'agree-installment-plan' as const,
  claimId,
  installments,
  date: '2025-08-20',
  ...extra,
});

function refusal(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return null;
}

describe('installmentAgreementTerms: what the portal shows with a plan offer (Nr. 1000 VV RVG, § 31b RVG, § 13a Abs. 3 RDG)', () => {
  it('consumer at the Inkasso stage: notice required; the agreement adds 65.10 (0.7 × 93.00 on 750.00); the German notice names it', () => {
    const terms = installmentAgreementTerms(project(b2c), '2025-08-20');
    expect(terms.byCollectionAgency).toBe(true);
    expect(terms.noticeRequired).toBe(true);
    expect(terms.fee && toAmountString(terms.fee.amount)).toBe('65.10');
    expect(terms.fee?.items.map((i) => [i.code, i.amount, i.factor ?? null, i.baseFee ?? null])).toEqual([['Nr. 1000 VV RVG', '65.10', '0.7', '93.00']]);
    expect(terms.notice).toContain('Hinweis nach § 13a Abs. 3 RDG');
    expect(terms.notice).toContain('weitere Kosten von 65,10\u00a0€');
    expect(terms.notice).toContain('Gegenstandswert von 750,00\u00a0€, § 31b RVG');
  });

  it('before the hand-over (the creditor agrees itself): no notice duty, no Einigungsgebühr', () => {
    const early = project(b2c.filter((e) => e.date < '2025-08-14'));
    expect(installmentAgreementTerms(early, '2025-08-13')).toEqual({ byCollectionAgency: false, noticeRequired: false, fee: null, notice: null });
  });

  it('business debtor at the Inkasso stage: no notice duty (§ 13a Abs. 3 RDG protects private persons), the fee is charged: 65.10', () => {
    // With the flat fee credited: 121.05 + 65.10 + 20.00 − 40.00 = 166.15; without: 101.05; difference 65.10.
    const terms = installmentAgreementTerms(project(b2b), '2025-08-20');
    expect(terms.noticeRequired).toBe(false);
    expect(terms.fee && toAmountString(terms.fee.amount)).toBe('65.10');
  });

  it('while the debtor disputes the claim, a plan carries no Einigungsgebühr (§ 254 Abs. 2 BGB: costs of the agency for a disputed claim are not necessary; guard.no-escalation-during-dispute)', () => {
    const disputed: ClaimEvent[] = [...b2b, { type: 'dispute-opened', claimId: businessFacts.id, date: '2025-08-19', disputeId: 'd1', note: 'Ware mangelhaft' }];
    expect(installmentAgreementTerms(project(disputed), '2025-08-20').fee).toBeNull();
  });

  it('while a hold (Mahnstopp) is active on the day, a plan carries no Einigungsgebühr (agreed standstill: no default, no damage of delay, §§ 280 Abs. 2, 286 BGB; guard.no-escalation-during-hold) — found by the random-book property test', () => {
    const held: ClaimEvent[] = [...b2b, { type: 'hold-placed', claimId: businessFacts.id, date: '2025-08-19', holdId: 'h1', note: 'Ratenzahlung wird besprochen', interestRuns: false }];
    expect(installmentAgreementTerms(project(held), '2025-08-20').fee).toBeNull();
    // The hold ends with its `until`: a plan agreed after it carries the fee again (65.10, as above).
    const until: ClaimEvent[] = [...b2b, { type: 'hold-placed', claimId: businessFacts.id, date: '2025-08-19', holdId: 'h1', note: 'eine Woche', interestRuns: true, until: '2025-08-25' }];
    expect(installmentAgreementTerms(project(until), '2025-08-25').fee).toBeNull();
    const after = installmentAgreementTerms(project(until), '2025-08-26').fee;
    expect(after && toAmountString(after.amount)).toBe('65.10');
    // Through the command: the plan is agreed, no fee is charged, and no guard is broken.
    const decision = decideCommand(project(held), plan('IA-2'), '2025-08-20', { policy: deB2bDefaultPolicy });
    expect(ofType(decision.events, 'installment-plan-agreed')).toHaveLength(1);
    expect(ofType(decision.events, 'fee-charged')).toEqual([]);
    expect(checkInvariants([...held, ...decision.events], deB2bDefaultPolicy)).toEqual([]);
  });
});

describe('agree-installment-plan at the Inkasso stage (§ 13a Abs. 3 RDG enforced by the engine; Nr. 1000 VV RVG charged)', () => {
  const context = { policy: deB2cDefaultPolicy };
  const state = project(b2c);

  it('consumer without a cost notice → refused: CostNoticeRequiredError (code cost_notice_required, field costNoticeGivenOn) carrying the notice and fee', () => {
    const error = refusal(() => decideCommand(state, plan('IA-1'), '2025-08-20', context));
    expect(error).toBeInstanceOf(CostNoticeRequiredError);
    expect(MahnwerkError.isInstance(error) && error.code).toBe('cost_notice_required');
    expect(MahnwerkError.isInstance(error) && error.field).toBe('costNoticeGivenOn');
    expect((error as CostNoticeRequiredError).fee).toBe('65.10');
    expect((error as CostNoticeRequiredError).notice).toContain('§ 13a Abs. 3 RDG');
    expect((error as Error).message).toContain('§ 13a Abs. 3 RDG');
  });

  it('consumer with the notice dated after the agreement → refused ("must come before")', () => {
    const error = refusal(() => decideCommand(state, plan('IA-1', { costNoticeGivenOn: '2025-08-21' }), '2025-08-21', context));
    expect(error).toBeInstanceOf(CostNoticeRequiredError);
    expect((error as Error).message).toContain('must come before');
  });

  it('consumer with the notice given the day before → plan agreed (notice date recorded), then the Einigungsgebühr 65.10 charged', () => {
    const decision = decideCommand(state, plan('IA-1', { costNoticeGivenOn: '2025-08-19' }), '2025-08-20', context);
    const agreed = ofType(decision.events, 'installment-plan-agreed');
    expect(agreed.map((e) => [e.date, e.costNoticeGivenOn])).toEqual([['2025-08-20', '2025-08-19']]);
    const fees = ofType(decision.events, 'fee-charged');
    expect(fees.map((f) => [f.date, f.kind, f.code, f.amount, f.feeId])).toEqual([['2025-08-20', 'agreement-fee', 'Nr. 1000 VV RVG', '65.10', 'IA-1:fee:agreement-fee:2025-08-20:1']]);
    expect(fees[0]?.reason?.inputs).toMatchObject({ costNoticeGivenOn: '2025-08-19', noticeRequired: true });
    // The plan first, its fee after it.
    expect(decision.events.map((e) => e.type).slice(-2)).toEqual(['installment-plan-agreed', 'fee-charged']);
    const after = [...b2c, ...decision.events];
    // Costs: 1.00 creditor fee + 141.05 collection costs + 65.10 = 207.15; statement lines show the fee with rate and base.
    const s = statement(project(after), '2025-08-20');
    expect(toAmountString(s.costs)).toBe('207.15');
    expect(s.lines.filter((l) => l.date === '2025-08-20' && l.part === 'costs').map((l) => [l.label, toAmountString(l.amount)])).toEqual([
      [expect.stringContaining('Einigungsgebühr Nr. 1000 VV RVG'), '65.10'],
    ]);
    expect(checkInvariants(after, deB2cDefaultPolicy)).toEqual([]);
    // One agreement fee per claim: a second plan after it adds none.
    expect(installmentAgreementTerms(project(after), '2025-08-20').fee).toBeNull();
  });

  it('the notice on the day of the agreement is enough (given before it that day)', () => {
    expect(ofType(decideCommand(state, plan('IA-1', { costNoticeGivenOn: '2025-08-20' }), '2025-08-20', context).events, 'fee-charged')).toHaveLength(1);
  });

  it('business debtor: agreed without a notice; the fee is charged', () => {
    const decision = decideCommand(project(b2b), plan('IA-2'), '2025-08-20', { policy: deB2bDefaultPolicy });
    expect(ofType(decision.events, 'fee-charged').map((f) => [f.kind, f.amount])).toEqual([['agreement-fee', '65.10']]);
  });

  it('the creditor itself (before the hand-over): agreed without a notice, no fee', () => {
    const early = project(b2c.filter((e) => e.date < '2025-08-14'));
    const decision = decideCommand(early, plan('IA-1', { date: '2025-08-12' }), '2025-08-12', context);
    expect(ofType(decision.events, 'fee-charged')).toEqual([]);
    expect(ofType(decision.events, 'installment-plan-agreed')).toHaveLength(1);
  });

  it('createMahnwerk.agreeInstallmentPlan: refused without the notice and nothing is written; accepted with it', async () => {
    const { mw, run } = autoHost({ channels: [accepting('email'), accepting('letter')] });
    await mw.createClaim(consumerFacts);
    await run('2025-08-20');
    const before = (await mw.history('IA-1')).length;
    await expect(mw.agreeInstallmentPlan({ claimId: 'IA-1', installments })).rejects.toBeInstanceOf(CostNoticeRequiredError);
    expect((await mw.history('IA-1')).length).toBe(before);
    const result = await mw.agreeInstallmentPlan({ claimId: 'IA-1', installments, costNoticeGivenOn: '2025-08-18' });
    expect(result.events.map((e) => e.type)).toEqual(['installment-plan-agreed', 'fee-charged']);
  });

  it('simulate: a consumer plan at the Inkasso stage — the simulated agency gives the notice with the offer (that day) and charges 65.10', () => {
    const result = simulate({
      claims: [consumerFacts],
      policy: 'auto',
      from: '2025-06-02',
      to: '2025-08-25',
      behaviour: { script: [{ type: 'installment-plan', claimId: 'IA-1', date: '2025-08-20', installments }] },
    });
    const events = result.claims[0]?.events ?? [];
    expect(ofType(events, 'installment-plan-agreed').map((e) => e.costNoticeGivenOn)).toEqual(['2025-08-20']);
    expect(ofType(events, 'fee-charged').map((f) => [f.date, f.kind, f.amount])).toEqual([
      ['2025-07-28', 'creditor-dunning-fee', '1.00'],
      ['2025-08-14', 'collection-costs', '141.05'],
      ['2025-08-20', 'agreement-fee', '65.10'],
    ]);
  });
});
