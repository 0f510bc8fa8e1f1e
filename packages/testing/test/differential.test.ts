import {
  addDays,
  createMahnwerk,
  simulate,
  type BehaviourInput,
  type Channel,
  type ClaimEvent,
  type ClaimFacts,
  type DebtorKind,
  type IsoDate,
  type ScriptedAction,
  type SimulationInput,
  type SimulationPayment,
  renderPlainText,
  type BlockedReason,
  type RenderCheck,
  type Renderer,
  type RenderInput,
  type SimulatedRefusal,
  type SimulationResult,
} from '@mahnwerk/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryClaimStore, createVirtualClock, runBookOnHost } from '../src/index.js';

// The single path (issue 7, DESIGN.md "One path from a command to its events"): a book run through
// `simulate` and the same book run through `createMahnwerk` over the in-memory store on a virtual
// clock — the day's payments and debtor actions booked, then `runDue(day)`, in the engine's
// `dayOrder` — record identical event streams and identical final statements.

const STATEMENT = { allowBeyondKnownBaseRate: true } as const;
const START: IsoDate = '2025-01-01';

/**
 * Channels that reach every debtor and always deliver (simulate delivers every message the day it
 * is queued), writing each message they send to `sent` as a line: day, claim, message id, channel,
 * stage and the open total it asks for.
 */
const recordingChannels = (sent: string[]): Channel[] =>
  ['email', 'letter', 'sms'].map((name) => ({
    specificationVersion: 'v1',
    name,
    canReach: () => true,
    send: (message) => {
      sent.push(messageLine(message.date ?? '-', message.claimId, message.id, message.channel, message.stage ?? '-', message.payment?.amount ?? '-'));
      return Promise.resolve({ providerMessageId: message.id });
    },
  }));

/** A sent message as one line: day, claim, message id, channel, stage, open total. */
function messageLine(day: IsoDate, claimId: string, messageId: string, channel: string, stage: string, total: string): string {
  return `${day} ${claimId} ${messageId} ${channel} ${stage} ${total}`;
}

/** A refused script step as one line: day, claim, action, code, field, rule and message. */
function refusalLine(r: SimulatedRefusal): string {
  return `${r.date} ${r.claimId} ${r.action} ${r.code} ${r.field ?? '-'} ${r.because ?? '-'} ${r.message}`;
}

/**
 * Runs a book through createMahnwerk over the in-memory store day by day (`runBookOnHost`: claims
 * created on their invoice day or, invoiced before, on the first day; each day's payments and scripted actions booked, then runDue), and
 * reads back every claim's ledger and final statement.
 */
async function runHost(
  input: SimulationInput,
  render?: Renderer,
): Promise<{
  events: Map<string, ClaimEvent[]>;
  statements: Map<string, string>;
  facts: Map<string, ClaimFacts>;
  blocked: string[];
  sent: string[];
  refused: string[];
  decided: number;
  decisionDays: Map<IsoDate, number>;
}> {
  const store = createMemoryClaimStore({ verifyChain: false });
  const clock = createVirtualClock(input.from, { time: '12:00:00+01:00' });
  const sent: string[] = [];
  const mw = createMahnwerk({ store, clock, channels: recordingChannels(sent), policy: input.policy, statement: STATEMENT, ...(render === undefined ? {} : { render }) });
  const blocked: string[] = [];
  const refused: string[] = [];
  const decisionDays = new Map<IsoDate, number>();
  const { decided } = await runBookOnHost({
    mahnwerk: mw,
    clock,
    book: { ...input, statement: STATEMENT },
    onDay: (day, run) => {
      for (const b of run.blocked) blocked.push(blockedLine(day, b.claimId, b.reason));
      if (run.decided > 0) decisionDays.set(day, run.decided);
    },
    onRefused: (r) => refused.push(refusalLine(r)),
  });
  const events = new Map<string, ClaimEvent[]>();
  const statements = new Map<string, string>();
  const facts = new Map<string, ClaimFacts>();
  for (const claim of input.claims) {
    const state = await mw.claim(claim.id);
    events.set(claim.id, state.events.map(asSimulated));
    facts.set(claim.id, state.facts);
    statements.set(claim.id, JSON.stringify(await mw.statement(claim.id, input.to)));
  }
  return { events, statements, facts, blocked, sent, refused, decided, decisionDays };
}

/** A blocked step as one line: day, claim, rule, stage, retry day and text. */
function blockedLine(day: IsoDate, claimId: string, reason: BlockedReason): string {
  return `${day} ${claimId} ${reason.rule} ${reason.stage ?? '-'} ${reason.until ?? '-'} ${reason.text}`;
}

/**
 * A host event as simulate books it: without `recordedAt` (the instant the host stored it; simulate
 * stores nothing) and without the reference to the personal data the host keeps apart from the
 * chain (the events are read through the host, so the personal data itself is back in place).
 */
function asSimulated(event: ClaimEvent): ClaimEvent {
  const { recordedAt: _recordedAt, ...rest } = event;
  if (rest.type !== 'claim-created') return rest as ClaimEvent;
  const { personalData: _ref, ...debtor } = rest.claim.debtor;
  return { ...rest, claim: { ...rest.claim, debtor } } as ClaimEvent;
}

/**
 * Both drivers on one book (with the same renderer, when given: `createMahnwerk({ render })` and
 * `simulate({ render })`): the same events per claim, the same final statements and the same
 * blocked steps day by day (`runDue(day).blocked` against `simulate().blocked`).
 */
async function expectSamePath(input: SimulationInput, render?: Renderer): Promise<SimulationResult> {
  const simulated = simulate(render === undefined ? input : { ...input, render });
  const host = await runHost(input, render);
  for (const claim of simulated.claims) {
    expect(host.events.get(claim.id), `events of ${claim.id}`).toEqual(claim.events);
    expect(host.statements.get(claim.id), `statement of ${claim.id}`).toBe(JSON.stringify(claim.statement));
    // The facts at the end: the corrections booked laid over the facts given.
    expect(host.facts.get(claim.id)?.description, `description of ${claim.id}`).toBe(claim.facts.description);
    expect(host.facts.get(claim.id)?.contractDate, `contract date of ${claim.id}`).toBe(claim.facts.contractDate);
  }
  // The messages the host's channels sent (dispatched each day) are simulate's messages, each with
  // the open total it asks for (the host's payment block, simulate's statement total that day).
  const simulatedSent = simulated.messages.map((m) => messageLine(m.date, m.claimId, m.messageId, m.channel, m.stage, m.totals.total.amount.toFixed(2)));
  expect([...simulatedSent].sort(), 'messages sent').toEqual([...host.sent].sort());
  // The script steps refused on their day (fact corrections): the same refusals, with the same decider's message.
  expect(simulated.refused.map(refusalLine), 'refused steps').toEqual(host.refused);
  // Blocked steps on every book: simulate decides a claim on the days the host does (its review is
  // due, or a command recorded something), not on the day of a debtor action that asks for nothing.
  expect(simulated.blocked.map((b) => blockedLine(b.date, b.claimId, b.reason)), 'blocked steps').toEqual(host.blocked);
  // And as often: simulate's cost measure counts the looks runDue takes (a claim is decided when its
  // stored review is due — from its creation on — or a command recorded something that day).
  expect(simulated.decisions, 'decisions').toBe(host.decided);
  return simulated;
}

/** What the random books covered: corrections booked, refused by rule (or as the value the claim has), messages sent. */
function coverage(): { seen: Map<string, number>; count(result: SimulationResult): void } {
  const seen = new Map<string, number>();
  const add = (key: string): void => void seen.set(key, (seen.get(key) ?? 0) + 1);
  return {
    seen,
    count: (result) => {
      for (const claim of result.claims) if (claim.events.some((e) => e.type === 'claim-facts-corrected')) add('booked');
      for (const r of result.refused) add(r.because ?? r.code);
      if (result.messages.length > 0) add('messages');
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Small random books: 1–3 claims of up to two debtors, over 140 days.

const cents = (n: number): string => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;

const claimArb = fc.record({
  kind: fc.constantFrom<DebtorKind>('consumer', 'business'),
  debtor: fc.integer({ min: 0, max: 1 }),
  principalCents: fc.oneof(fc.integer({ min: 500, max: 20_000 }), fc.integer({ min: 20_000, max: 800_000 })),
  // Days after the first day; half of the claims were invoiced before it (up to 90 days: due, in
  // default or past a stage when the run starts), as a host's older invoices are on its first day.
  invoiceDay: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: -90, max: -1 })),
  dueAfter: fc.integer({ min: 0, max: 30 }),
  dueDateIsCalendarDate: fc.boolean(),
  invoicePointedOut30DayRule: fc.boolean(),
  // The facts a correction can replace: none, a description, or a description and a contract date
  // (a consumer's claim is handed over only with both, § 13a Abs. 1 Nr. 2 RDG). The contract dates
  // straddle Art. 229 § 34 EGBGB: a business claim from a contract before 2014-07-29 is under the
  // old § 288 BGB (8 points, no flat fee), from that day on under the new (9 points, 40 EUR).
  named: fc.constantFrom('none' as const, 'description' as const, 'both' as const, 'both' as const),
  contract: fc.constantFrom<ContractChoice>('recent', '2014-07-28', '2014-07-29'),
});

/** A contract date of a random claim: ten days before the invoice, or one side of Art. 229 § 34 EGBGB. */
type ContractChoice = 'recent' | '2014-07-28' | '2014-07-29';

/**
 * A correction of the facts a claim has, `from`–`to` days after its invoice: a new description
 * and/or contract date, or the value it was created with (refused once it has it: a correction
 * gives a different value). Late ones meet a hand-over (§ 13a Abs. 1 Nr. 2 RDG) or default
 * (Art. 229 § 34 EGBGB, for a business claim whose contract date crosses 2014-07-29).
 */
const correctionArb = (from: number, to: number) =>
  fc.record({
    type: fc.constant('correct' as const),
    day: fc.integer({ min: from, max: to }),
    description: fc.constantFrom('keep' as const, 'same' as const, 'new' as const, 'other' as const),
    contract: fc.constantFrom<'keep' | ContractChoice>('keep', 'recent', '2014-07-28', '2014-07-29'),
  });

const actionArb = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('pay' as const), day: fc.integer({ min: 0, max: 130 }), permille: fc.integer({ min: 1, max: 1_200 }), id: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('pay-in-full' as const), day: fc.integer({ min: 0, max: 130 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('dispute' as const),
      day: fc.integer({ min: 0, max: 110 }),
      resolveAfter: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
      outcome: fc.constantFrom<'debtor-right' | 'creditor-right' | 'partial'>('debtor-right', 'creditor-right', 'partial'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('hold' as const),
      day: fc.integer({ min: 0, max: 110 }),
      until: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
      interestRuns: fc.boolean(),
      liftAfter: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('installment-plan' as const),
      day: fc.integer({ min: 0, max: 100 }),
      count: fc.integer({ min: 1, max: 3 }),
      every: fc.integer({ min: 7, max: 30 }),
      pays: fc.integer({ min: 0, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('promise' as const), day: fc.integer({ min: 0, max: 110 }), within: fc.integer({ min: 0, max: 30 }) }) },
  { weight: 3, arbitrary: correctionArb(0, 130) },
  // A credit note or write-down of up to 120 % of the principal (the host's recordAdjustment): above
  // the principal open it is refused (AdjustmentExceedsPrincipalError) in both drivers alike.
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant('adjustment' as const), day: fc.integer({ min: 0, max: 130 }), permille: fc.integer({ min: 1, max: 1_200 }), writeDown: fc.boolean() }),
  },
);

const bookArb = fc.record({
  claims: fc.array(fc.record({ claim: claimArb, actions: fc.array(actionArb, { maxLength: 3 }) }), { minLength: 1, maxLength: 3 }),
  days: fc.constantFrom(100, 140),
});

type BookSpec = typeof bookArb extends fc.Arbitrary<infer T> ? T : never;

/**
 * Books about corrections: claims with both facts a correction can replace, one or two corrections
 * each — half of them 50–130 days after the invoice, where a consumer's claim is handed over and a
 * business claim in default — and at most one other debtor action.
 */
const correctionBookArb: fc.Arbitrary<BookSpec> = fc.record({
  claims: fc.array(
    fc.record({
      claim: claimArb.map((c) => ({ ...c, named: 'both' as const })),
      actions: fc
        .tuple(fc.array(fc.oneof(correctionArb(0, 50), correctionArb(50, 130)), { minLength: 1, maxLength: 2 }), fc.array(actionArb, { maxLength: 1 }))
        .map(([corrections, others]) => [...corrections, ...others]),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  days: fc.constant(140),
});

function toInput(spec: BookSpec): SimulationInput {
  const claims: ClaimFacts[] = [];
  const script: ScriptedAction[] = [];
  const payments: SimulationPayment[] = [];
  const to = addDays(START, spec.days - 1);
  spec.claims.forEach(({ claim: c, actions }, i) => {
    const id = `D${i + 1}`; // ids in book order: runDue decides claims by id, simulate by book position
    const invoiceDate = addDays(START, c.invoiceDay);
    const contractDate = (choice: ContractChoice): IsoDate => (choice === 'recent' ? addDays(invoiceDate, -10) : choice);
    const description = `Bestellung ${id}`;
    claims.push({
      id,
      debtor: { id: `${c.kind}-${c.debtor}`, kind: c.kind, name: `Debtor ${c.debtor}`, email: `d${c.debtor}@example.org`, phone: '+4915112345678', address: ['Hauptstr. 1', '10115 Berlin'] },
      principal: cents(c.principalCents),
      currency: 'EUR',
      invoiceDate,
      dueDate: addDays(invoiceDate, c.dueAfter),
      dueDateIsCalendarDate: c.dueDateIsCalendarDate,
      invoicePointedOut30DayRule: c.invoicePointedOut30DayRule,
      ...(c.named === 'none' ? {} : { description }),
      ...(c.named === 'both' ? { contractDate: contractDate(c.contract) } : {}),
    });
    // Days after the invoice; a day before the first day (a claim invoiced before it) is the first day:
    // simulate refuses a step before the run, and a host books nothing before it starts.
    const at = (d: number): IsoDate => (addDays(invoiceDate, d) < START ? START : addDays(invoiceDate, d));
    actions.forEach((a, k) => {
      switch (a.type) {
        case 'pay':
          if (a.id) payments.push({ claimId: id, date: at(a.day), amount: cents(Math.max(1, Math.floor((c.principalCents * a.permille) / 1000))), paymentId: `bank-${id}-${k}` });
          else script.push({ type: 'pay', claimId: id, date: at(a.day), amount: cents(Math.max(1, Math.floor((c.principalCents * a.permille) / 1000))) });
          break;
        case 'pay-in-full':
          script.push({ type: 'pay-in-full', claimId: id, date: at(a.day) });
          break;
        case 'dispute':
          script.push({ type: 'dispute', claimId: id, date: at(a.day) });
          if (a.resolveAfter !== null) script.push({ type: 'resolve-dispute', claimId: id, date: at(a.day + a.resolveAfter), outcome: a.outcome });
          break;
        case 'hold':
          script.push({ type: 'hold', claimId: id, date: at(a.day), interestRuns: a.interestRuns, note: 'random hold', ...(a.until === null ? {} : { until: at(a.day + a.until) }) });
          if (a.liftAfter !== null) script.push({ type: 'lift-hold', claimId: id, date: at(a.day + a.liftAfter) });
          break;
        case 'installment-plan': {
          const part = Math.max(1, Math.floor(c.principalCents / a.count));
          const installments = Array.from({ length: a.count }, (_, n) => ({
            dueDate: at(a.day + a.every * (n + 1)),
            amount: cents(n === a.count - 1 ? Math.max(1, c.principalCents - part * (a.count - 1)) : part),
          }));
          script.push({ type: 'installment-plan', claimId: id, date: at(a.day), installments, paysInstallments: Math.min(a.pays, a.count) });
          break;
        }
        case 'promise':
          script.push({ type: 'promise', claimId: id, date: at(a.day), amount: cents(c.principalCents), by: at(a.day + a.within) });
          break;
        case 'adjustment':
          script.push({
            type: 'adjustment',
            claimId: id,
            date: at(a.day),
            kind: a.writeDown ? 'write-down' : 'credit-note',
            amount: cents(Math.max(1, Math.floor((c.principalCents * a.permille) / 1000))),
            ...(a.writeDown ? {} : { note: 'Rücksendung' }),
          });
          break;
        case 'correct': {
          // Only facts the claim has (a script cannot add one); 'same' gives the value it was created with.
          const newDescription = c.named === 'none' || a.description === 'keep' ? undefined : a.description === 'same' ? description : a.description === 'new' ? `${description}: Gartenstuhl` : 'Wartungsvertrag';
          const newContract = c.named !== 'both' || a.contract === 'keep' ? undefined : contractDate(a.contract);
          if (newDescription === undefined && newContract === undefined) break;
          script.push({
            type: 'correct-facts',
            claimId: id,
            date: at(a.day),
            reason: `Korrektur ${k}`,
            ...(newDescription === undefined ? {} : { description: newDescription }),
            ...(newContract === undefined ? {} : { contractDate: newContract }),
          });
          break;
        }
      }
    });
  });
  const behaviour: BehaviourInput = { script };
  return { claims, payments, policy: 'auto', from: START, to, behaviour, statement: STATEMENT };
}

describe('one path: simulate and createMahnwerk record the same ledger (issue 7)', () => {
  it('random books (claims, some invoiced before the first day, value-dated payments, disputes, holds, installment plans, promises, fact corrections booked and refused, credit notes and write-downs booked and refused): identical event streams, final statements and facts, messages sent, blocked steps day by day, refused steps and decisions, 200 books', async () => {
    const adjustments = new Map<string, number>();
    const add = (key: string): void => void adjustments.set(key, (adjustments.get(key) ?? 0) + 1);
    await fc.assert(
      fc.asyncProperty(bookArb, async (spec) => {
        const result = await expectSamePath(toInput(spec));
        for (const claim of result.claims) if (claim.events.some((e) => e.type === 'adjustment')) add('booked');
        for (const r of result.refused) if (r.action === 'adjustment') add(r.code);
      }),
      { numRuns: 200 },
    );
    // The books booked credit notes and had some refused (above the principal open, § 362 Abs. 1 BGB).
    for (const key of ['booked', 'adjustment_exceeds_principal']) expect(adjustments.get(key) ?? 0, key).toBeGreaterThan(0);
  }, 300_000);

  it('random books about fact corrections (booked; refused after a hand-over, across Art. 229 § 34 EGBGB after default, or to the value the claim has): the same ledgers, facts, messages, blocked and refused steps, 100 books', async () => {
    const covered = coverage();
    await fc.assert(
      fc.asyncProperty(correctionBookArb, async (spec) => {
        covered.count(await expectSamePath(toInput(spec)));
      }),
      { numRuns: 100 },
    );
    // The books reached every outcome the property is about (fast-check's seed varies between runs).
    for (const key of ['booked', 'handed-over', 'applicable-law', 'invalid_input', 'messages']) expect(covered.seen.get(key) ?? 0, key).toBeGreaterThan(0);
  }, 300_000);

  // guard.message-cannot-be-written: a renderer whose check refuses some messages (the agency's
  // letter always; the agency's letter only once the statement holds collection costs, which the
  // check sees only when it is asked after the stage's own costs; a dunning notice by e-mail only,
  // which its letter fallback can write; the court-dunning announcement to consumers). Both drivers
  // ask it through decide, so the ledgers and the blocked steps agree.
  const checks: Record<string, RenderCheck> = {
    'refuses the agency letter': (i) => (i.template === 'handover-inkasso' ? 'no collection agency as sender' : null),
    'refuses collection costs without a cost list': (i) =>
      i.template === 'handover-inkasso' && i.statement.lines.some((l) => l.part === 'costs' && /2300/.test(l.code ?? l.label)) ? 'no § 13a Abs. 1 Nr. 5 RDG cost list' : null,
    'refuses e-mail dunning notices': (i) => (i.template === 'dunning-notice' && i.channel === 'email' ? 'no e-mail template' : null),
    'refuses announcements to consumers': (i) => (i.template === 'court-dunning-announcement' && i.claim.debtor.kind === 'consumer' ? 'no consumer wording' : null),
  };
  it('random books with a renderer whose check refuses some messages: identical event streams, final statements, messages, blocked steps day by day, refused steps and decisions, 100 books', async () => {
    await fc.assert(
      fc.asyncProperty(bookArb, fc.constantFrom(...Object.keys(checks)), async (spec, name) => {
        const check = checks[name] as RenderCheck;
        const render: Renderer = Object.assign((input: RenderInput) => renderPlainText(input, { name: 'Muster GmbH' }), { check });
        await expectSamePath(toInput(spec), render);
      }),
      { numRuns: 100 },
    );
  }, 300_000);
});

// ---------------------------------------------------------------------------------------------
// The demo's three claims (mahnwerk demo, seed 42, 300 claims from 2025-01-02): each debtor pays
// in full on the day the next stage was due. Before issue 7, simulate took the step first — RE-00102
// was handed over with 280.60 collection costs and later announced a Mahnbescheid over a settled
// principal; RE-00193 was charged the 1.00 creditor fee, RE-00236 the 40.00 flat fee — while the
// host API settled them. The day's payment now comes before the day's step in both.
// The demo book of d3c49c4 treated every due date as agreed (§ 286 Abs. 2 Nr. 1 BGB), so these
// claims say dueDateAgreed: true; the hand-checked figures below rest on default from the due date.

const demoDebtor = (id: string, kind: DebtorKind, name: string): ClaimFacts['debtor'] => ({ id, kind, name, email: `${id.toLowerCase()}@example.org`, address: ['Gartenweg 29', '60311 Frankfurt am Main'], locale: 'de' });

const demoClaims: ClaimFacts[] = [
  { id: 'RE-00102', debtor: demoDebtor('D-102', 'business', 'Bäckerei Sonnenschein UG (haftungsbeschränkt)'), principal: '4590.72', currency: 'EUR', invoiceDate: '2025-01-03', dueDate: '2025-02-02', reference: 'RE-00102', invoicePointedOut30DayRule: true, dueDateAgreed: true },
  { id: 'RE-00193', debtor: demoDebtor('D-193', 'consumer', 'Sophie Becker'), principal: '1329.25', currency: 'EUR', invoiceDate: '2025-01-21', dueDate: '2025-02-04', reference: 'RE-00193', invoicePointedOut30DayRule: true, dueDateAgreed: true },
  { id: 'RE-00236', debtor: demoDebtor('D-236', 'business', 'Nordlicht Logistik KG'), principal: '5455.71', currency: 'EUR', invoiceDate: '2025-02-21', dueDate: '2025-03-23', reference: 'RE-00236', invoicePointedOut30DayRule: true, dueDateAgreed: true },
];

describe('demo regressions: paid in full on the day of a step, never charged for it (issue 7)', () => {
  const payDay: Record<string, IsoDate> = { 'RE-00102': '2025-04-02', 'RE-00193': '2025-03-18', 'RE-00236': '2025-05-04' };
  // Hand-checked: § 288 Abs. 1/2 BGB, base rate 2.27 % (1 Jan 2025), act/365, to the end of the day before the payment.
  // RE-00102: 4590.72 × 11.27 % × 57/365 (02-04…04-01) = 80.80; + flat fee 40.00 (final notice 03-16) = 4711.52.
  // RE-00193: 1329.25 × 7.27 % × 41/365 (02-05…03-17) = 10.86 → 1340.11 (no final notice, so no 1.00 fee).
  // RE-00236: 5455.71 × 11.27 % × 40/365 (03-25…05-03) = 67.38 → 5523.09 (no final notice, so no 40.00 flat fee).
  const paid: Record<string, string> = { 'RE-00102': '4711.52', 'RE-00193': '1340.11', 'RE-00236': '5523.09' };
  const input: SimulationInput = {
    claims: demoClaims,
    policy: 'auto',
    from: '2025-01-02',
    to: '2025-06-30',
    behaviour: { script: demoClaims.map((c) => ({ type: 'pay-in-full' as const, claimId: c.id, date: payDay[c.id] as IsoDate })) },
    statement: STATEMENT,
  };

  it('simulate: settled on the payment day, no stage, fee, hand-over or court dunning that day or after', () => {
    const result = simulate(input);
    for (const claim of result.claims) {
      const day = payDay[claim.id] as IsoDate;
      const payment = claim.events.find((e) => e.type === 'payment-received');
      expect(payment?.date).toBe(day);
      expect(payment?.type === 'payment-received' ? payment.amount : null).toBe(paid[claim.id]);
      expect(claim.events.filter((e) => e.date >= day && e.type !== 'payment-received' && e.type !== 'settled')).toEqual([]);
      expect(claim.events.some((e) => e.type === 'handed-over' || e.type === 'court-dunning-filed')).toBe(false);
      expect(claim.status).toBe('settled');
      expect(claim.statement.total.amount.toFixed(2)).toBe('0.00');
    }
  });

  it('createMahnwerk over the memory store records the same ledgers and statements', async () => {
    await expectSamePath(input);
  });
});


// ---------------------------------------------------------------------------------------------
// The first look at a claim. The host stores a new claim with its review (createClaim:
// `nextReviewAt`) and `runDue` decides it only once that is due; simulate decided every claim on
// its invoice day as well (a look that recorded nothing, but counted as a decision, and was the day
// its decisions started). Both now follow the one rule: the creation's `nextReviewAt`.

describe('first look: a claim is decided when its creation review is due, in both drivers', () => {
  const debtor = (id: string, kind: DebtorKind): ClaimFacts['debtor'] => ({ id, kind, name: `Debtor ${id}`, email: `${id}@example.org`, address: ['Hauptstr. 1', '10115 Berlin'] });
  // Checked by hand against the built-in policies and § 286 BGB:
  // - F1, consumer, due 2025-02-05 fixed by the calendar: default begins the next day without a
  //   notice (§ 286 Abs. 2 Nr. 1 BGB), 2025-02-06 — before the reminder at due + 7 (de-b2c-default).
  // - F2, business, due 2025-01-20 (Monday), not a calendar date: default only 30 days after the
  //   invoice (§ 286 Abs. 3 BGB, 2025-02-05…), so the first thing due is the reminder at due + 7
  //   (de-b2b-default), 2025-01-27 (a Monday).
  // F1 and F2 invoiced on 2025-01-06, in a run from 2025-01-01: the creation review lies weeks after the first day.
  const cases: { facts: ClaimFacts; firstLook: IsoDate }[] = [
    {
      facts: { id: 'F1', debtor: debtor('f1', 'consumer'), principal: '100.00', currency: 'EUR', invoiceDate: '2025-01-06', dueDate: '2025-02-05', dueDateIsCalendarDate: true },
      firstLook: '2025-02-06',
    },
    { facts: { id: 'F2', debtor: debtor('f2', 'business'), principal: '1000.00', currency: 'EUR', invoiceDate: '2025-01-06', dueDate: '2025-01-20' }, firstLook: '2025-01-27' },
    // Invoiced before the first day (a host that starts on 2025-01-01 with older invoices): created on
    // 2025-01-01 by both (claimCreationDay; simulate dated the creation on the invoice day), and first
    // decided when the creation's review is due — checked by hand as F1:
    // - G1, consumer, due Monday 2024-11-18 fixed by the calendar: default from 2024-11-19, reminder
    //   due 2024-11-25 (due + 7) — both before the run, so decided on its first day, 2025-01-01.
    // - G2, consumer, due Monday 2025-01-20 fixed by the calendar: default from 2025-01-21, before the
    //   reminder at 2025-01-27.
    {
      facts: { id: 'G1', debtor: debtor('g1', 'consumer'), principal: '100.00', currency: 'EUR', invoiceDate: '2024-11-04', dueDate: '2024-11-18', dueDateIsCalendarDate: true },
      firstLook: '2025-01-01',
    },
    {
      facts: { id: 'G2', debtor: debtor('g2', 'consumer'), principal: '100.00', currency: 'EUR', invoiceDate: '2024-12-20', dueDate: '2025-01-20', dueDateIsCalendarDate: true },
      firstLook: '2025-01-21',
    },
  ];
  for (const { facts, firstLook } of cases) {
    const book = (to: IsoDate): SimulationInput => ({ claims: [facts], policy: 'auto', from: '2025-01-01', to, statement: STATEMENT });
    it(`${facts.id} (${facts.debtor.kind}): simulate's first decision day is the host's, ${firstLook}`, async () => {
      // The host: the first day runDue decides the claim.
      const host = await runHost(book('2025-03-31'));
      expect([...host.decisionDays.keys()][0]).toBe(firstLook);
      // simulate: no decision in a run that ends the day before (when that is in the run), one in a run that ends on it.
      if (firstLook > '2025-01-01') expect(simulate(book(addDays(firstLook, -1))).decisions).toBe(0);
      expect(simulate(book(firstLook)).decisions).toBe(1);
      // Both record the creation on the later of invoice day and first day, the day the host's clock said.
      const created = (await runHost(book('2025-01-31'))).events.get(facts.id)?.[0];
      expect(created).toMatchObject({ type: 'claim-created', date: facts.invoiceDate > '2025-01-01' ? facts.invoiceDate : '2025-01-01' });
      expect(simulate(book('2025-01-31')).claims[0]?.events[0]).toEqual(created);
      // And the whole run: the same ledger, blocked steps and number of decisions.
      await expectSamePath(book('2025-03-31'));
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Credit notes and write-downs in a script (`adjustment`): simulate books them through decideCommand
// → bookAdjustment, the host through its recordAdjustment — the same decider, so the same ledger; one
// above the principal open is refused by both (AdjustmentExceedsPrincipalError, § 362 Abs. 1 BGB):
// the host writes nothing, simulate books nothing, and both report it with the same words.

describe('credit notes and write-downs: simulate and the host\'s recordAdjustment record the same ledger', () => {
  const claim: ClaimFacts = {
    id: 'CN-1',
    debtor: { id: 'cn-1', kind: 'consumer', name: 'Erika Muster', email: 'erika@example.org', address: ['Hauptstr. 1', '10115 Berlin'] },
    principal: '500.00',
    currency: 'EUR',
    invoiceDate: '2025-01-02',
    dueDate: '2025-01-16',
    dueDateAgreed: true,
    description: 'Bestellung 4711: Gartenstühle',
    contractDate: '2025-01-02',
  };
  const input: SimulationInput = {
    claims: [claim],
    policy: 'auto',
    from: '2025-01-02',
    to: '2025-04-30',
    behaviour: {
      script: [
        { type: 'adjustment', claimId: 'CN-1', date: '2025-02-14', kind: 'credit-note', amount: '100.00', note: 'Rücksendung' },
        { type: 'adjustment', claimId: 'CN-1', date: '2025-02-20', kind: 'credit-note', amount: '400.01' },
        { type: 'adjustment', claimId: 'CN-1', date: '2025-03-20', kind: 'write-down', amount: '150.00' },
      ],
    },
    statement: STATEMENT,
  };

  it('a credit note of 100.00 mid-dunning, one of 400.01 refused (400.00 open), a write-down of 150.00 after the hand-over: identical ledgers, statements, messages and refusals', async () => {
    const result = await expectSamePath(input);
    // Hand check of the principal: 500.00 − 100.00 (02-14) − 150.00 (03-20) = 250.00; the 400.01 of
    // 02-20 is above the 400.00 then open and is refused.
    expect(result.claims[0]?.events.filter((e) => e.type === 'adjustment').map((e) => (e.type === 'adjustment' ? `${e.date} ${e.kind} ${e.amount}` : ''))).toEqual([
      '2025-02-14 credit-note 100.00',
      '2025-03-20 write-down 150.00',
    ]);
    expect(result.claims[0]?.statement.principal.amount.toFixed(2)).toBe('250.00');
    expect(result.refused.map((r) => `${r.date} ${r.action} ${r.code} ${r.field ?? '-'}`)).toEqual(['2025-02-20 adjustment adjustment_exceeds_principal amount']);
    expect(result.refused[0]?.message).toContain('is more than the principal open on claim "CN-1", 400.00 EUR on 2025-02-20');
  });
});
