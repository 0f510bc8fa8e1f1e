import fc from 'fast-check';
import {
  AdjustmentExceedsPrincipalError,
  addDays,
  amountToSettle,
  bookAdjustment,
  bookIncomingPayment,
  decide,
  decideCommand,
  MahnwerkError,
  policySchema,
  letterNotSentCorrection,
  money,
  paymentPartsLeft,
  project,
  bookPaymentReversal,
  statement,
  toAmountString,
  type ClaimEvent,
  type IsoDate,
  type Policy,
} from '../../src/index.js';
import { CLAIM, created, defaultBegan } from './fixtures.js';

// Random ledgers for the statement's property tests (statement-integer.property.test.ts: against
// the decimal.js oracle; statement.reference.property.test.ts: against the day-by-day definition of
// the Zinsstaffel): a claim in default from a random day with payments, credit notes, collection
// fees and their reductions (some credited to the principal), holds with and without interest,
// write-offs and reopenings, and — when asked — refunds and chargebacks of earlier payments.
// Dunning letters with the creditor's fee (stage entered, fee charged, letter queued) wait in the
// outbox; payments of what the claim amounts to settle it. When the claim closes — settled by a
// payment, or written off — a letter still waiting is withdrawn as the dispatcher withdraws it
// (message-failed, then rule fee.letter-not-sent's letterNotSentCorrection): its fee drops, and what
// payments paid of it goes to principal still open (creditedToPrincipal), the rest back to the
// paying payments' unapplied parts (movedToUnapplied, § 812 Abs. 1 S. 1 Alt. 1 BGB).
// Payments are booked as the engine's record-payment command books them (`bookIncomingPayment`):
// a payment that settles everything but the fees charged on its own day drops those fees first
// (rule fee.payment-day, §§ 280 Abs. 2, 286 BGB; § 254 Abs. 2 BGB; docs/legal-notes.md), and one
// that settles within two weeks of a collection fee lowers it to the simple case (rule
// fee.simple-case, Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG). Refunds and chargebacks are booked as the engine's reverse-payment
// command books them (`bookPaymentReversal`): the fees those two rules dropped or lowered for the
// payment taken back come back (`fee-reinstated`, rule fee.reinstated, § 362 Abs. 1 BGB). A step paid on its day (`step-paid`: a
// letter or a collection fee, then the day before's total paid that day — a host that books the
// day's bank statement after the daily run) is where fee.payment-day applies.
// What the engine books itself is booked by the engine: credit notes and write-downs of any size go
// through bookAdjustment (one above the principal open is refused, and the principal open booked
// instead); a `stage` op runs `decide` with a policy whose next stage charges the flat fee (§ 288
// Abs. 5 BGB), hands the claim over with collection costs (§ 13e RDG) or files a court dunning
// application with its court fee (KV 1100 GKG), so every guard of the engine applies; a `plan` op is
// the host's agree-installment-plan command (decideCommand), with an agency's Einigungsgebühr
// (Nr. 1000 VV RVG). A stage may be followed by the debtor paying in full (rule fee.simple-case
// within two weeks of the agency's demand) or agreeing a plan.

/** The invoice day of every random ledger. */
export const START: IsoDate = '2025-01-01';

/** Cents as a decimal string. */
export const cents = (n: number): string => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;

/** One generated booking. */
export type Op =
  | { kind: 'pay'; day: number; cents: number }
  | { kind: 'credit'; day: number; cents: number; writeDown: boolean }
  | { kind: 'collection-fee'; day: number; cents: number; reduceAfter: number; reduceCents: number }
  | { kind: 'hold'; day: number; interestRuns: boolean; untilAfter: number | null; liftAfter: number | null }
  | { kind: 'write-off'; day: number; reopenAfter: number | null }
  | { kind: 'reverse'; day: number; which: number; share: number; chargeback: boolean }
  | { kind: 'letter'; day: number; cents: number }
  | { kind: 'pay-off'; day: number; over: number; writeOffRest: boolean }
  | { kind: 'step-paid'; day: number; step: 'letter' | 'collection'; cents: number; over: number }
  | { kind: 'stage'; day: number; stage: EngineStage; to: 'collection-agency' | 'lawyer'; costsCase: 'auto' | 'simple' | 'uncontested' | 'contested'; then: { what: 'pay-off' | 'plan'; after: number } | null }
  | { kind: 'plan'; day: number; count: number; every: number; noticeBefore: number | null }
  // With `paidInPart` only: a hand-over whose costs a part payment meets, then a payment that settles the
  // claim within the two weeks (fee.simple-case, the paid part credited or held), then a reversal.
  | { kind: 'simple-case-part'; day: number; partAfter: number; partShare: number; creditRest: boolean; settleAfter: number; reverseAfter: number; reverse: 'settling' | 'part'; reverseShare: number; chargeback: boolean }
  | { kind: 'pay-share'; day: number; share: number; costsBut: boolean }
  | { kind: 'settle'; day: number }
  | { kind: 'reverse-of'; day: number; back: 0 | 1; share: number; chargeback: boolean };

/** A stage the engine's `decide` enters (see {@link stagePolicy}). */
export type EngineStage = 'flat-fee' | 'handover' | 'court-dunning';

const DAY = fc.integer({ min: 0, max: 400 });
/** A refund or chargeback of a share of what is left of an earlier payment. */
const reverseOn = (day: fc.Arbitrary<number>) =>
  ({
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('reverse' as const), day, which: fc.nat(), share: fc.integer({ min: 1, max: 100 }), chargeback: fc.boolean() }),
  }) as const;

/**
 * A hand-over paid in part and then settled within the two weeks of the agency's demand (rule
 * fee.simple-case: the costs the part payment paid above the 0.5 fee are credited to the principal or
 * held for the debtor), then one of the two payments refunded or charged back (rule fee.reinstated).
 */
const simpleCasePartOn = (day: fc.Arbitrary<number>) =>
  ({
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('simple-case-part' as const),
      day,
      partAfter: fc.integer({ min: 0, max: 5 }),
      partShare: fc.integer({ min: 1, max: 100 }),
      // The principal left after the part payment credited in full (a credit note): the paid part then has no principal to go to.
      creditRest: fc.boolean(),
      settleAfter: fc.integer({ min: 0, max: 6 }),
      reverseAfter: fc.integer({ min: 0, max: 10 }),
      reverse: fc.constantFrom('settling' as const, 'settling' as const, 'part' as const),
      reverseShare: fc.integer({ min: 1, max: 100 }),
      chargeback: fc.boolean(),
    }),
  }) as const;

/** The bookings on days drawn from `day`; reversals only with `reversals`, the simple case paid in part only with `paidInPart`. */
function opArb(reversals: boolean, day: fc.Arbitrary<number> = DAY, paidInPart = false): fc.Arbitrary<Op> {
  const REVERSE = reverseOn(day);
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('pay' as const), day, cents: fc.integer({ min: 1, max: 200_000 }) }) },
    // A credit note or write-down of any size: up to a little, or up to the largest principal (bookAdjustment refuses more than is open).
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('credit' as const),
        day,
        cents: fc.oneof(fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 1, max: 10_000_000 })),
        writeDown: fc.boolean(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('collection-fee' as const),
        day,
        cents: fc.integer({ min: 100, max: 30_000 }),
        reduceAfter: fc.integer({ min: 0, max: 120 }),
        reduceCents: fc.integer({ min: 1, max: 99 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('hold' as const),
        day,
        interestRuns: fc.boolean(),
        untilAfter: fc.option(fc.integer({ min: 0, max: 60 })),
        liftAfter: fc.option(fc.integer({ min: 0, max: 60 })),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('write-off' as const), day, reopenAfter: fc.option(fc.integer({ min: 1, max: 90 })) }) },
    // A dunning letter with the creditor's fee for its material costs (0.50 … 5.00).
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('letter' as const), day, cents: fc.integer({ min: 50, max: 500 }) }) },
    // The debtor pays what the claim amounts to at the end of the day before, or `over` cents more
    // (an overpayment) or less (short by a little: some principal stays open, and the creditor may
    // write the rest off that day).
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('pay-off' as const),
        day,
        over: fc.oneof(fc.constant(0), fc.integer({ min: -300, max: -1 }), fc.integer({ min: 1, max: 5_000 })),
        writeOffRest: fc.boolean(),
      }),
    },
    // A step on a day — a dunning letter with its creditor fee, or collection costs — and, booked
    // after it on that day, the debtor's payment of the day before's total (or `over` cents more or
    // less): the fee of the step drops when the payment settles everything else (rule fee.payment-day).
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('step-paid' as const),
        day,
        step: fc.constantFrom('letter' as const, 'collection' as const),
        cents: fc.integer({ min: 50, max: 30_000 }),
        over: fc.oneof(fc.constant(0), fc.integer({ min: -300, max: -1 }), fc.integer({ min: 1, max: 5_000 })),
      }),
    },
    // A stage the engine enters (decide): the flat fee (§ 288 Abs. 5 BGB), a hand-over with collection
    // costs (§ 13e RDG; a lawyer after an agency: § 13f RDG), or a court dunning application with its
    // court fee (KV 1100 GKG; from 2025-06-01 its minimum is not confirmed) — and, with `payOffAfter`,
    // with `then`, the debtor paying the day before's total some days later (within two weeks of a collection
    // agency's first demand: rule fee.simple-case) or agreeing an installment plan (after a hand-over
    // to an agency: its Einigungsgebühr, rule fee.agreement).
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('stage' as const),
        day,
        stage: fc.constantFrom('flat-fee' as const, 'handover' as const, 'handover' as const, 'court-dunning' as const),
        to: fc.constantFrom('collection-agency' as const, 'collection-agency' as const, 'lawyer' as const),
        costsCase: fc.constantFrom('auto' as const, 'simple' as const, 'uncontested' as const, 'contested' as const),
        then: fc.option(fc.record({ what: fc.constantFrom('pay-off' as const, 'pay-off' as const, 'plan' as const), after: fc.integer({ min: 0, max: 20 }) }), { freq: 3 }),
      }),
    },
    // An installment plan agreed with the host's command (decideCommand): with a collection agency,
    // its Einigungsgebühr (Nr. 1000 VV RVG, rule fee.agreement) — for a private person only after the
    // § 13a Abs. 3 RDG notice of its costs (`noticeBefore` days before; none: refused, nothing booked).
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('plan' as const),
        day,
        count: fc.integer({ min: 1, max: 6 }),
        every: fc.integer({ min: 7, max: 31 }),
        noticeBefore: fc.option(fc.integer({ min: 0, max: 10 })),
      }),
    },
    ...(reversals ? [REVERSE] : []),
    ...(paidInPart ? [simpleCasePartOn(day)] : []),
  );
}

/** The stage actions of each {@link EngineStage}. */
function stageOf(stage: EngineStage, to: 'collection-agency' | 'lawyer', costsCase: 'auto' | 'simple' | 'uncontested' | 'contested'): { kind: string; actions: unknown[] } {
  switch (stage) {
    case 'flat-fee':
      return { kind: 'final-notice', actions: [{ type: 'charge-flat-fee' }] };
    case 'handover':
      return { kind: 'handover', actions: [{ type: 'hand-over', to }, { type: 'charge-collection-costs', case: costsCase }] };
    case 'court-dunning':
      return { kind: 'court-dunning', actions: [{ type: 'file-court-dunning' }] };
  }
}

const policies = new Map<string, Policy>();

/**
 * A policy whose next stage after stage index `current` is the one asked for, due at once (its
 * trigger lies a year before the due day; decide still enters it at most once a day and not while
 * a hold, dispute, promise or kept plan stops escalation). The stages before it do nothing.
 */
export function stagePolicy(current: number, stage: EngineStage, to: 'collection-agency' | 'lawyer', costsCase: 'auto' | 'simple' | 'uncontested' | 'contested'): Policy {
  const key = `${current}:${stage}:${to}:${costsCase}`;
  let policy = policies.get(key);
  if (policy === undefined) {
    const before = Array.from({ length: current + 1 }, (_, i) => ({ id: `before-${i}`, name: 'before', kind: 'reminder', trigger: { after: 'due-date', days: -365 }, actions: [] }));
    const target = { id: `${stage}-${current + 1}`, name: stage, trigger: { after: 'due-date', days: -365 }, ...stageOf(stage, to, costsCase) };
    policy = policySchema.parse({ id: 'random-ledger', version: 1, name: 'random ledger', stages: [...before, target] });
    policies.set(key, policy);
  }
  return policy;
}

/** The policy of the host commands the random ledgers book (its stages are not entered: commands see the calendar's facts only). */
const commandPolicy = (): Policy => stagePolicy(-1, 'flat-fee', 'collection-agency', 'auto');

/** One random ledger's parameters. */
export interface LedgerScenario {
  /** The principal in cents. */
  readonly principal: number;
  readonly debtor: 'consumer' | 'business';
  /** Days from the invoice day to the first day of default; `null`: the claim is not in default. */
  readonly defaultDay: number | null;
  readonly ops: readonly Op[];
  /** A day (from the invoice day) a test may ask the statement for. */
  readonly asOf: number;
  readonly dayCount: 'act/act' | undefined;
  readonly rounding: 'total' | undefined;
  /** `false`: the bookings are made in generated order, some dated before bookings made earlier (backdated); else in date order. */
  readonly chronological?: boolean;
  /** The invoice and due days (from {@link START}; default both 0): with a due day after the invoice day, payments may come before default. */
  readonly invoice?: { readonly invoiceDay: number; readonly dueDay: number };
}

/**
 * A random ledger's parameters. With `options`, also the statement's day count and rounding.
 * With `wide`, also what the ledger invariants of ledger.property.test.ts ask for: a claim
 * invoiced a month before START and due the day before it, bookings from 20 days before START
 * (before the due day) to 540 days after it, or crowded into its first week (many on one day); a
 * claim not in default; bookings made out of date order (backdated).
 *
 * @param opts - `reversals`: refunds and chargebacks; `options`: dayCount and rounding; `wide`: as above;
 *   `paidInPart`: hand-overs paid in part, settled as a simple case and then taken back (`simple-case-part`)
 */
export function ledgerScenario(opts: { reversals: boolean; options: boolean; wide?: boolean; paidInPart?: boolean }): fc.Arbitrary<LedgerScenario> {
  const dayCount = opts.options ? fc.constantFrom(undefined, 'act/act' as const) : fc.constant(undefined);
  const rounding = opts.options ? fc.constantFrom(undefined, 'total' as const) : fc.constant(undefined);
  if (opts.wide === true) {
    return fc.record({
      principal: fc.oneof(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 150_000 })),
      debtor: fc.constantFrom('consumer' as const, 'business' as const),
      defaultDay: fc.option(fc.integer({ min: 0, max: 90 })),
      ops: fc.oneof(
        fc.array(opArb(opts.reversals, fc.integer({ min: -20, max: 540 })), { maxLength: 30 }),
        fc.array(opArb(opts.reversals, fc.integer({ min: 0, max: 6 })), { maxLength: 15 }),
      ),
      asOf: fc.integer({ min: -31, max: 560 }),
      dayCount,
      rounding,
      chronological: fc.boolean(),
      // Invoiced 31 days before START, due the day before it: bookings from 20 days before START
      // fall between the invoice and the due day.
      invoice: fc.constant({ invoiceDay: -31, dueDay: -1 }),
    });
  }
  // The form the statement's property tests use.
  return fc.record({
    // Up to 50,000.00, or up to 1,500.00 (where the court fee is the KV 1100 minimum).
    principal: fc.oneof(fc.integer({ min: 1, max: 5_000_000 }), fc.integer({ min: 1, max: 150_000 })),
    debtor: fc.constantFrom('consumer' as const, 'business' as const),
    defaultDay: fc.integer({ min: 0, max: 60 }),
    ops: fc.array(opArb(opts.reversals, DAY, opts.paidInPart === true), { maxLength: 30 }),
    asOf: fc.integer({ min: 0, max: 520 }),
    dayCount,
    rounding,
  });
}

/** The ledger of a scenario: the events booked in date order, as a host books them (in generated order when `chronological` is `false`). */
export function buildLedger(sc: LedgerScenario): ClaimEvent[] {
  const invoiceDate = addDays(START, sc.invoice?.invoiceDay ?? 0);
  const dueDate = addDays(START, sc.invoice?.dueDay ?? 0);
  // With what a collection agency's first letter to a consumer names (§ 13a Abs. 1 Nr. 2 RDG), so a consumer's claim may be handed over.
  const events: ClaimEvent[] = [
    created(cents(sc.principal), { debtor: sc.debtor, date: invoiceDate, facts: { invoiceDate, dueDate, description: 'Bestellung 4711: Gartenstuhl', contractDate: invoiceDate } }),
  ];
  if (sc.defaultDay !== null) events.push(defaultBegan(addDays(START, sc.defaultDay)));
  let n = 0;
  // Booked in date order, as a host books them; same-day bookings keep their generated order.
  // Follow-ups (fee reductions, lifts, reopenings) wait until their day comes.
  // (Out of date order only when the scenario asks for it: backdated bookings.)
  // What a stage's `then` asks for is an op of its own, right after it (same day: after it in the day's order).
  const expanded = sc.ops.flatMap((op): Op[] => {
    if (op.kind === 'simple-case-part') {
      const part = op.day + op.partAfter;
      const settle = part + op.settleAfter;
      return [
        { kind: 'stage', day: op.day, stage: 'handover', to: 'collection-agency', costsCase: 'auto', then: null },
        { kind: 'pay-share', day: part, share: op.partShare, costsBut: op.creditRest },
        ...(op.creditRest ? [{ kind: 'credit' as const, day: part, cents: 10_000_000, writeDown: false }] : []),
        { kind: 'settle', day: settle },
        { kind: 'reverse-of', day: settle + op.reverseAfter, back: op.reverse === 'settling' ? 0 : 1, share: op.reverseShare, chargeback: op.chargeback },
      ];
    }
    if (op.kind !== 'stage' || op.then === null) return [op];
    const day = op.day + op.then.after;
    return [op, op.then.what === 'pay-off' ? { kind: 'pay-off', day, over: 0, writeOffRest: false } : { kind: 'plan', day, count: 1 + (op.day % 6), every: 14, noticeBefore: op.day % 3 === 0 ? null : 1 }];
  });
  const ops = sc.chronological === false ? expanded : [...expanded].sort((a, b) => a.day - b.day);
  const later: ClaimEvent[] = [];
  const flush = (upTo: IsoDate | null): void => {
    later.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    while (later.length > 0 && (upTo === null || (later[0] as ClaimEvent).date <= upTo)) {
      const e = later.shift() as ClaimEvent;
      if (e.type !== 'fee-reduced') {
        events.push(e);
        continue;
      }
      // A collection fee lowered (Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG), booked as the engine books
      // its reductions: a fee a payment has dropped or lowered already (rule fee.payment-day or
      // fee.simple-case) is not lowered a second time; costs payments paid above what the costs now
      // are (§ 367 Abs. 1 BGB put them on the costs first) are credited to the principal open
      // (`creditedToPrincipal` = reduction − costs open that day, as fee.simple-case credits them),
      // so the costs never turn negative; where the principal open cannot take them (the paid part
      // would have to go back to the payments), no lowering is booked.
      const state = project(events);
      if (state.feeReductions.some((r) => r.feeId === e.feeId)) continue;
      const open = statement(state, e.date);
      const toCents = (m: { amount: { toFixed(n: number): string } }): number => Number(m.amount.toFixed(2).replace('.', ''));
      const credited = Number(e.amount.replace('.', '')) - Math.max(0, toCents(open.costs));
      if (credited > Math.max(0, toCents(open.principal))) continue;
      events.push(credited > 0 ? { ...e, creditedToPrincipal: cents(credited) } : e);
    }
  };
  // Letters waiting in the outbox (their message ids and the days they were queued).
  let waiting: { messageId: string; date: IsoDate }[] = [];
  // The claim closed on `date`: each letter still waiting is withdrawn, as the dispatcher does. (A
  // backdated close does not withdraw a letter queued after it: that letter was not waiting then.)
  const withdraw = (date: IsoDate, status: 'settled' | 'written-off'): void => {
    for (const { messageId } of waiting.filter((w) => w.date <= date)) {
      events.push({ type: 'message-failed', claimId: CLAIM, date, messageId, channel: 'letter', error: `not sent: the claim is ${status}`, retryable: false });
      events.push(...letterNotSentCorrection(project(events), messageId, date));
    }
    waiting = waiting.filter((w) => w.date > date);
  };
  // A payment that leaves nothing to pay while a letter waits: the claim is settled that day (the letter is withdrawn).
  const settleIfPaid = (date: IsoDate): void => {
    if (waiting.length === 0) return;
    const state = project(events);
    if (state.status === 'settled' || state.status === 'written-off') return;
    if (statement(state, date).total.amount.greaterThan(0)) return;
    events.push({ type: 'settled', claimId: CLAIM, date });
    withdraw(date, 'settled');
  };
  // A payment booked as the engine's record-payment command books it: the fee corrections it brings
  // about (rule fee.payment-day, then fee.simple-case), then its § 367 BGB allocation.
  const pay = (paymentId: string, amount: number, date: IsoDate): void => {
    events.push(...bookIncomingPayment(project(events), { paymentId, amount: money(cents(amount)), date }));
    settleIfPaid(date);
  };
  // The debtor pays what the claim amounts to at the end of the day before, `over` cents more or less.
  const payOff = (paymentId: string, over: number, date: IsoDate): boolean => {
    const state = project(events);
    const owed = state.facts.invoiceDate < date ? statement(state, addDays(date, -1)).total : money('0.00');
    const amount = Number(toAmountString(owed).replace('.', '')) + over;
    if (amount <= 0) return false;
    pay(paymentId, amount, date);
    return true;
  };
  // One stage entry's block, as decide books it: stage entered, its fee, its one letter.
  const letter = (date: IsoDate, amount: number): void => {
    const stage = `mahnung-${n}`;
    events.push({ type: 'stage-entered', claimId: CLAIM, date, stage, stageIndex: n });
    events.push({ type: 'fee-charged', claimId: CLAIM, date, feeId: `L${n}`, kind: 'creditor-dunning-fee', code: 'Mahnkosten', amount: cents(amount), basis: '§§ 280 Abs. 2, 286 BGB' });
    events.push({ type: 'message-queued', claimId: CLAIM, date, messageId: `M${n}`, stage, channel: 'letter', template: stage });
    waiting.push({ messageId: `M${n}`, date });
  };
  for (const op of ops) {
    n++;
    const date = addDays(START, op.day);
    flush(date);
    switch (op.kind) {
      case 'pay':
        pay(`P${n}`, op.cents, date);
        break;
      case 'pay-off': {
        if (!payOff(`P${n}`, op.over, date)) break;
        const after = project(events);
        if (op.writeOffRest && after.status !== 'settled' && after.status !== 'written-off') {
          const rest = statement(after, date).total;
          if (rest.amount.greaterThan(0)) {
            events.push({ type: 'written-off', claimId: CLAIM, date, amount: toAmountString(rest) });
            withdraw(date, 'written-off');
          }
        }
        break;
      }
      case 'letter':
        letter(date, op.cents);
        break;
      case 'step-paid':
        if (op.step === 'letter') letter(date, Math.min(op.cents, 500));
        else events.push({ type: 'fee-charged', claimId: CLAIM, date, feeId: `F${n}`, kind: 'collection-costs', code: 'Nr. 2300 VV RVG', amount: cents(op.cents), basis: 'Nr. 2300 VV RVG' });
        payOff(`P${n}`, op.over, date);
        break;
      case 'credit': {
        // Booked as the host's recordAdjustment books it (bookAdjustment), of any size: one above the
        // principal open is refused (AdjustmentExceedsPrincipalError), and the creditor books what the
        // refusal names instead — the principal open (from its day on), leaving 0.00.
        const state = project(events);
        try {
          events.push(bookAdjustment(state, { kind: op.writeDown ? 'write-down' : 'credit-note', amount: money(cents(op.cents)), date }));
        } catch (error) {
          if (!(error instanceof AdjustmentExceedsPrincipalError)) throw error;
          if (error.open !== '0.00') events.push(bookAdjustment(state, { kind: op.writeDown ? 'write-down' : 'credit-note', amount: money(error.open), date }));
        }
        break;
      }
      case 'collection-fee': {
        const feeId = `F${n}`;
        events.push({ type: 'fee-charged', claimId: CLAIM, date, feeId, kind: 'collection-costs', code: 'Nr. 2300 VV RVG', amount: cents(op.cents), basis: 'Nr. 2300 VV RVG' });
        later.push({
          type: 'fee-reduced',
          claimId: CLAIM,
          date: addDays(date, op.reduceAfter),
          feeId,
          amount: cents(Math.max(1, Math.floor((op.cents * op.reduceCents) / 100))),
          basis: 'Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG',
        });
        break;
      }
      case 'hold':
        events.push({
          type: 'hold-placed',
          claimId: CLAIM,
          date,
          holdId: `H${n}`,
          note: 'test',
          interestRuns: op.interestRuns,
          ...(op.untilAfter === null ? {} : { until: addDays(date, op.untilAfter) }),
        });
        if (op.liftAfter !== null) later.push({ type: 'hold-lifted', claimId: CLAIM, date: addDays(date, op.liftAfter), holdId: `H${n}`, expired: false });
        break;
      case 'reverse': {
        const state = project(events);
        const pay = state.payments[op.which % Math.max(1, state.payments.length)];
        if (pay === undefined || pay.date > date) break;
        const left = paymentPartsLeft(state, pay.paymentId);
        if (left === null) break;
        const leftCents = ['costs', 'interest', 'principal', 'unapplied'].reduce((s, k) => s + Number(left[k as keyof typeof left].replace('.', '')), 0);
        const amount = Math.floor((leftCents * op.share) / 100);
        if (amount <= 0) break;
        events.push(...bookPaymentReversal(state, { reversalId: `R${n}`, paymentId: pay.paymentId, kind: op.chargeback ? 'chargeback' : 'refund', amount: money(cents(amount)), date }));
        break;
      }
      case 'stage': {
        // The engine's daily decision with a policy whose next stage is this one (nothing for a
        // closed or paid claim: decide would settle it, which the letters waiting would have to follow).
        const state = project(events);
        if (state.status === 'settled' || state.status === 'written-off' || date < state.facts.invoiceDate) break;
        if (!statement(state, date).total.amount.greaterThan(0)) break;
        const current = state.stageIndex < 0 ? -1 : state.stageIndex;
        events.push(...decide(state, stagePolicy(current, op.stage, op.to, op.costsCase), date).events);
        break;
      }
      case 'plan': {
        // The host's agree-installment-plan command: the day before's total in `count` parts.
        const state = project(events);
        if (state.status === 'settled' || state.status === 'written-off' || date <= state.facts.invoiceDate) break;
        const owed = Number(toAmountString(statement(state, addDays(date, -1)).total).replace('.', ''));
        if (owed <= 0) break;
        const part = Math.max(1, Math.floor(owed / op.count));
        const installments = Array.from({ length: op.count }, (_, i) => ({ dueDate: addDays(date, op.every * (i + 1)), amount: cents(part) }));
        const notice = op.noticeBefore === null ? {} : { costNoticeGivenOn: addDays(date, -op.noticeBefore) };
        try {
          events.push(...decideCommand(state, { type: 'agree-installment-plan', claimId: CLAIM, date, installments, ...notice }, date, { policy: commandPolicy() }).events);
        } catch (error) {
          // Refused as the host would refuse it (backdated behind a money event; no § 13a Abs. 3 RDG notice): nothing booked.
          if (!MahnwerkError.isInstance(error)) throw error;
        }
        break;
      }
      case 'pay-share': {
        // A share of the day before's total: § 367 Abs. 1 BGB puts it on the costs first. With `costsBut`,
        // the costs but one cent and a share of the interest: the rest of the principal is then credited
        // (creditRest), and a payment of the interest and the cent left settles the claim with no principal open.
        const state = project(events);
        if (date <= state.facts.invoiceDate) break;
        const before = statement(state, addDays(date, -1));
        const owed = (m: typeof before.total): number => Number(toAmountString(m).replace('.', ''));
        const amount = op.costsBut ? owed(before.costs) - 1 + Math.floor((owed(before.interest) * op.share) / 100) : Math.floor((owed(before.total) * op.share) / 100);
        if (amount > 0) pay(`P${n}`, amount, date);
        break;
      }
      case 'settle': {
        // What settles the claim on the day: the day before's total, less the simple-case reduction paying it brings about.
        const state = project(events);
        if (date <= state.facts.invoiceDate) break;
        const total = statement(state, addDays(date, -1)).total;
        if (!total.amount.greaterThan(0)) break;
        pay(`P${n}`, Number(toAmountString(amountToSettle(state, date, total)).replace('.', '')), date);
        break;
      }
      case 'reverse-of': {
        // The latest payment (back 0) or the one before it (back 1), a share of what is left of it.
        const state = project(events);
        const pay = state.payments[state.payments.length - 1 - op.back];
        if (pay === undefined || pay.date > date) break;
        const left = paymentPartsLeft(state, pay.paymentId);
        if (left === null) break;
        const leftCents = ['costs', 'interest', 'principal', 'unapplied'].reduce((s, k) => s + Number(left[k as keyof typeof left].replace('.', '')), 0);
        const amount = Math.max(1, Math.floor((leftCents * op.share) / 100));
        if (leftCents <= 0) break;
        events.push(...bookPaymentReversal(state, { reversalId: `R${n}`, paymentId: pay.paymentId, kind: op.chargeback ? 'chargeback' : 'refund', amount: money(cents(amount)), date }));
        break;
      }
      case 'write-off':
        events.push({ type: 'written-off', claimId: CLAIM, date, amount: '0.00' });
        withdraw(date, 'written-off');
        if (op.reopenAfter !== null) later.push({ type: 'reopened', claimId: CLAIM, date: addDays(date, op.reopenAfter) });
        break;
    }
  }
  flush(null);
  return events;
}

