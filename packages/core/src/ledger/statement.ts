import { claimLegalTerms } from './legal-terms.js';
import { addDays, parseIsoDate, type IsoDate } from '../calendar/date.js';
import type { BaseRateRow } from '../data/de/base-rates.js';
import { DateError, ValidationError } from '../errors/errors.js';
import type { BaseRateTable } from '../law/de/base-rate.js';
import { computeInterestCorePrepared, extendInterestCore, interestPeriodsOf, interestRestartDay, prepareInterestTerms, type DayCount, type InterestCore, type InterestRounding, type PreparedInterestTerms, type ScaledPrincipalChange } from '../law/de/interest.js';
import { currency as lookupCurrency } from '../money/currency.js';
import { isNegative, money, negate, subtract, sum, type Money } from '../money/money.js';
import { atScale, decimalsOf, parseAtScale, scaledToAmountString, scaledToMoney } from '../money/scaled.js';
import type { ClaimEvent, ClaimEventOf } from './events.js';
import { bookFeeReduction, bookFeeReinstatement } from './fee-reduction.js';
import { bookInterestReallocation, interestReallocationsOf } from './interest-reallocation.js';
import { holdLastDay, project, statementKey, type StatementKey } from './project.js';
import type { ClaimState, Statement, StatementLine } from './state.js';
import { costLabel, germanBasis, germanLabel, germanUnconfirmed, type StatementLineItem } from './statement-words.js';

export { costLabel } from './statement-words.js';

/** Options of {@link statement}. */
export interface StatementOptions {
  /** Base-rate table for default interest (default: the shipped German table). */
  readonly baseRates?: BaseRateTable | readonly BaseRateRow[];
  /**
   * For days after the base-rate table's known end, assume its last rate instead of throwing
   * `base_rate_unknown` (default `false`); such interest lines are computed on an assumed rate.
   */
  readonly allowBeyondKnownBaseRate?: boolean;
  /** Year basis of default interest (default `act/365`, see `computeInterestSchedule`). */
  readonly dayCount?: DayCount;
  /** Rounding of default interest (default `period`: each line to the cent). */
  readonly rounding?: InterestRounding;
}

/** A run of days on which no default interest accrues, both ends inclusive; `to: null` = open-ended. */
interface Exclusion {
  from: IsoDate;
  to: IsoDate | null;
}

const PAYMENT_BASIS = '§ 362 Abs. 1 BGB; § 367 Abs. 1 BGB';
const CREDIT_BASIS = '§ 362 Abs. 1 BGB; § 367 Abs. 1 BGB';
const UNAPPLIED_BASIS = '§ 812 Abs. 1 S. 1 Alt. 1 BGB';
/** Basis of the lines of interest paid for days a withdrawn default took back, credited to the principal. */
const INTEREST_CREDIT_BASIS = '§ 362 Abs. 1 BGB; § 367 Abs. 1 BGB; § 286 Abs. 1 BGB; § 130 Abs. 1 S. 1 BGB';

/**
 * The statement item of a fee reduction: a fee charged on the day the claim was paid drops out
 * (rule `fee.payment-day`), as does the creditor fee of a letter that was never sent (rule
 * `fee.letter-not-sent`) and a fee charged before default as the ledger now shows it (rule
 * `fee.before-default`); collection costs are lowered to the 0.5 Geschäftsgebühr of a simple case.
 */
function reductionItem(rule: string | undefined, kind: string | undefined, code: string): StatementLineItem & { kind: 'fee-reduction' } {
  const collectionCosts = kind === 'collection-costs';
  if (rule === 'fee.payment-day') return { kind: 'fee-reduction', rule: 'payment-day', collectionCosts, code: collectionCosts ? '' : code };
  if (rule === 'fee.letter-not-sent') return { kind: 'fee-reduction', rule: 'letter-not-sent', collectionCosts: false, code };
  if (rule === 'fee.before-default') return { kind: 'fee-reduction', rule: 'before-default', collectionCosts, code: collectionCosts ? '' : code };
  return { kind: 'fee-reduction', rule: 'lowered', collectionCosts, code: collectionCosts ? 'Nr. 2300 VV RVG' : code };
}

/** The statement item of a fee reinstatement (`fee-reinstated`): the fee put back, named as its reduction named it. */
function reinstatementItem(kind: string | undefined, code: string): StatementLineItem & { kind: 'fee-reinstatement' } {
  const collectionCosts = kind === 'collection-costs';
  return { kind: 'fee-reinstatement', collectionCosts, code: collectionCosts ? '' : code };
}

/**
 * Whether a statement line's label already names its whole legal basis (`Verzugspauschale (§ 288
 * Abs. 5 BGB)` with basis `§ 288 Abs. 5 BGB`): running text then prints the basis once, with the
 * label; a table with a column for the basis still shows it there. The one rule every renderer
 * asks (core's plain text, the templates).
 *
 * @param label - the line's label
 * @param basis - the line's basis (empty: none)
 * @returns true when the label contains the basis
 */
export function basisNamedInLabel(label: string, basis: string): boolean {
  return basis !== '' && label.includes(basis);
}

/**
 * The remark for a fee that rests on a minimum fee known from secondary sources only (the KV 1100
 * GKG minimum of a table, `minimumConfirmed: false`): the statement line's `unconfirmed`, and the
 * same words for a cost a letter announces (`prospectiveCosts`). German, as stored; a renderer words
 * it for its reader with `unconfirmedText`.
 *
 * @param code - the fee code, e.g. `KV 1100 GKG`
 */
export function unconfirmedMinimumNote(code: string): string {
  return germanUnconfirmed.minimumFee(code);
}

/** The statement lines of one fee: one per item (fee and rate apart from the Nr. 7002 expenses) when the items add up to the fee, else one. */
function feeLines(fee: ClaimEventOf<'fee-charged'>, cur: string): StatementLine[] {
  const unconfirmed = fee.reason?.inputs?.['minimumConfirmed'] === false ? unconfirmedMinimumNote(fee.code) : undefined;
  const items = fee.items ?? [];
  const itemsAddUp = items.length > 0 && sum(items.map((i) => money(i.amount, cur)), cur).amount.equals(money(fee.amount, cur).amount);
  if (!itemsAddUp) {
    return [
      {
        part: 'costs',
        label: costLabel(fee.code),
        amount: money(fee.amount, cur),
        basis: fee.basis,
        date: fee.date,
        code: fee.code,
        ...(unconfirmed === undefined ? {} : { unconfirmed }),
      },
    ];
  }
  return items.map((item) => ({
    part: 'costs' as const,
    label: costLabel(item.code),
    amount: money(item.amount, cur),
    basis: item.basis,
    date: fee.date,
    code: item.code,
    ...(item.factor === undefined ? {} : { factor: item.factor }),
    ...(item.baseFee === undefined ? {} : { baseFee: money(item.baseFee, cur) }),
    ...(unconfirmed === undefined ? {} : { unconfirmed }),
  }));
}

/** The events a statement as of the end of `asOf` may see: the claim-created event and every event dated `asOf` or earlier. */
function eventsUpTo(events: readonly ClaimEvent[], asOf: IsoDate): ClaimEvent[] {
  return events.filter((e, i) => i === 0 || e.date <= asOf);
}

/** Days without interest: holds with `interestRuns: false`, and from a settled/written-off day until the claim is reopened. */
function exclusions(state: ClaimState): Exclusion[] {
  const out: Exclusion[] = [];
  for (const hold of state.holds) {
    if (hold.interestRuns) continue;
    const last = holdLastDay(hold);
    if (last === null || last >= hold.placedOn) out.push({ from: hold.placedOn, to: last });
  }
  let stoppedOn: IsoDate | null = null;
  for (const e of state.events) {
    if ((e.type === 'settled' || e.type === 'written-off') && stoppedOn === null) stoppedOn = e.date;
    else if (e.type === 'reopened' && stoppedOn !== null) {
      const last = addDays(e.date, -1);
      if (last >= stoppedOn) out.push({ from: stoppedOn, to: last });
      stoppedOn = null;
    }
  }
  if (stoppedOn !== null) out.push({ from: stoppedOn, to: null });
  return out;
}

function isExcluded(day: IsoDate, excl: readonly Exclusion[]): boolean {
  return excl.some((x) => x.from <= day && (x.to === null || day <= x.to));
}

/** A change of the principal owed on a day (at the statement's scale): principal parts of payments, adjustments, costs credited to the principal. */
interface PrincipalDelta {
  readonly date: IsoDate;
  readonly amount: bigint;
}

/**
 * Everything that lowers the principal owed, by date: the principal parts of payments (less what
 * refunds and chargebacks put back), adjustments (credit notes, write-downs) and costs credited to
 * the principal by a fee reduction (`creditedToPrincipal`, less what a reinstatement took back,
 * `backFromPrincipal`). Sorted by date (stable), so one sweep gives the principal on every day.
 */
function principalDeltas(state: ClaimState, scale: number): PrincipalDelta[] {
  const out: PrincipalDelta[] = [];
  for (const pay of state.payments) out.push({ date: pay.date, amount: parseAtScale(pay.allocation.principal, scale) });
  // A refund or chargeback puts its principal part back: a negative lowering.
  for (const rev of state.reversals) out.push({ date: rev.date, amount: -parseAtScale(rev.allocation.principal, scale) });
  for (const adj of state.adjustments) out.push({ date: adj.date, amount: parseAtScale(adj.amount, scale) });
  for (const red of state.feeReductions) if (red.creditedToPrincipal !== undefined) out.push({ date: red.date, amount: parseAtScale(red.creditedToPrincipal, scale) });
  // A reinstatement taking such a credit back (fee-reinstated.backFromPrincipal): owed again from its day, a negative lowering.
  for (const rei of state.feeReinstatements) if (rei.backFromPrincipal !== undefined) out.push({ date: rei.date, amount: -parseAtScale(rei.backFromPrincipal, scale) });
  // Interest paid for days a withdrawn default took back, credited to the principal from the withdrawal's day.
  for (const w of interestReallocationsOf(state)) {
    bookInterestReallocation(w, (part, sign, text) => {
      if (part === 'principal') out.push({ date: w.date, amount: -sign * parseAtScale(text, scale) });
    });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * What {@link leastPrincipalOpenFrom} answers: the least principal open at `scale` decimals and its day.
 *
 * @internal
 */
export interface LeastPrincipalOpen {
  /** The least principal open, at `scale` decimals (below zero when the ledger shows it so). */
  readonly principal: bigint;
  /** The day it is open on: the day asked for, or the later day that leaves the least. */
  readonly day: IsoDate;
  /** The decimals of `principal` (the statement's scale). */
  readonly scale: number;
  /** The currency's minor unit (for writing the amount). */
  readonly minorUnit: number;
}

/**
 * The least principal open at the end of `from` and of every later day the ledger changes the
 * principal on (a payment's principal part, a refund or chargeback putting one back, an adjustment,
 * costs credited to the principal), read off the same deltas as the statement's principal — what a
 * credit note or write-down dated `from` may lower at most without the principal going below zero
 * on any day (`bookAdjustment`). A day's deltas count together (the principal at the end of the day).
 *
 * @internal
 * @param state - the projected claim
 * @param from - the adjustment's day
 * @returns the least principal open and its day ({@link LeastPrincipalOpen})
 */
export function leastPrincipalOpenFrom(state: ClaimState, from: IsoDate): LeastPrincipalOpen {
  const { minorUnit } = lookupCurrency(state.facts.currency);
  const scale = statementScale(state, minorUnit);
  const deltas = principalDeltas(state, scale);
  let owed = parseAtScale(state.facts.principal, scale);
  let k = 0;
  while (k < deltas.length && (deltas[k] as PrincipalDelta).date <= from) owed -= (deltas[k++] as PrincipalDelta).amount;
  let least = owed;
  let day = from;
  while (k < deltas.length) {
    const on = (deltas[k] as PrincipalDelta).date;
    while (k < deltas.length && (deltas[k] as PrincipalDelta).date === on) owed -= (deltas[k++] as PrincipalDelta).amount;
    if (owed < least) {
      least = owed;
      day = on;
    }
  }
  return { principal: least, day, scale, minorUnit };
}

/**
 * The Zinsstaffel input: the interest-bearing principal (never below zero, zero on excluded days)
 * at every day it may change between `from` and `to`. The principal on a day is the original
 * principal minus every delta dated that day or earlier; one sweep over the sorted deltas and the
 * sorted days gives all of them (linear in the claim's events after sorting, not payments × days).
 */
function principalChanges(deltas: readonly PrincipalDelta[], from: IsoDate, to: IsoDate, original: bigint, excl: readonly Exclusion[]): ScaledPrincipalChange[] {
  let days: IsoDate[];
  if (excl.length === 0) {
    // The usual case: `from` and the deltas' days after it (sorted already), each once.
    days = [from];
    for (const d of deltas) if (d.date > from && d.date <= to && d.date !== days[days.length - 1]) days.push(d.date);
  } else {
    const all = new Set<IsoDate>([from]);
    for (const d of deltas) all.add(d.date);
    for (const x of excl) {
      all.add(x.from);
      if (x.to !== null) all.add(addDays(x.to, 1));
    }
    days = [...all].filter((d) => d >= from && d <= to).sort();
  }
  const changes: ScaledPrincipalChange[] = [];
  let owedBefore = original;
  let next = 0;
  for (const day of days) {
    while (next < deltas.length && (deltas[next] as PrincipalDelta).date <= day) {
      owedBefore -= (deltas[next] as PrincipalDelta).amount;
      next++;
    }
    const principal = excl.length > 0 && isExcluded(day, excl) ? 0n : owedBefore > 0n ? owedBefore : 0n;
    const prev = changes[changes.length - 1];
    if (prev !== undefined && prev.principal === principal) continue;
    changes.push({ date: day, principal });
  }
  return changes;
}

/** The decimals the statement computes at: the currency's minor unit, or more if an amount of the ledger has more. */
function statementScale(state: ClaimState, minorUnit: number): number {
  let scale = minorUnit;
  const see = (text: string | undefined): void => {
    if (text === undefined) return;
    const d = decimalsOf(text);
    if (d > scale) scale = d;
  };
  see(state.facts.principal);
  for (const f of state.fees) see(f.amount);
  for (const r of state.feeReductions) {
    see(r.amount);
    see(r.creditedToPrincipal);
    if (r.movedToUnapplied !== undefined) for (const m of r.movedToUnapplied) see(m.amount);
  }
  for (const r of state.feeReinstatements) {
    see(r.amount);
    see(r.backFromPrincipal);
    if (r.backFromUnapplied !== undefined) for (const m of r.backFromUnapplied) see(m.amount);
  }
  for (const p of state.payments) {
    see(p.allocation.costs);
    see(p.allocation.interest);
    see(p.allocation.principal);
    see(p.allocation.unapplied);
  }
  for (const p of state.reversals) {
    see(p.allocation.costs);
    see(p.allocation.interest);
    see(p.allocation.principal);
    see(p.allocation.unapplied);
  }
  for (const a of state.adjustments) see(a.amount);
  for (const w of interestReallocationsOf(state)) bookInterestReallocation(w, (_part, _sign, text) => see(text));
  return scale;
}

/**
 * The statement of a claim as of the end of `asOf`, from every event dated `asOf` or earlier.
 * No date check: {@link statement} checks; the payment allocation also asks for the day before the
 * invoice date.
 */
export function statementAsOf(events: readonly ClaimEvent[], asOf: IsoDate, options: StatementOptions = {}): Statement {
  return statementOfState(project(eventsUpTo(events, asOf)), asOf, options);
}

/**
 * The interest terms of a claim under statement options, without its days (`from`, `to`), checked
 * and prepared (`prepareInterestTerms`): made again only when the facts or an option differ from
 * the last call's. With them, the claim's last interest computed under them (see {@link interestOf}).
 */
function interestTerms(facts: ClaimState['facts'], options: StatementOptions): TermsMade {
  let known: TermsMade | undefined = termsOfFacts.get(facts);
  if (
    known === undefined ||
    known.baseRates !== options.baseRates ||
    known.allowBeyondKnownBaseRate !== options.allowBeyondKnownBaseRate ||
    known.dayCount !== options.dayCount ||
    known.rounding !== options.rounding
  ) {
    known = {
      baseRates: options.baseRates,
      allowBeyondKnownBaseRate: options.allowBeyondKnownBaseRate,
      dayCount: options.dayCount,
      rounding: options.rounding,
      terms: prepareInterestTerms({
        ...claimLegalTerms(facts),
        ...(options.baseRates === undefined ? {} : { baseRates: options.baseRates }),
        ...(options.allowBeyondKnownBaseRate === undefined ? {} : { allowBeyondKnownBaseRate: options.allowBeyondKnownBaseRate }),
        ...(options.dayCount === undefined ? {} : { dayCount: options.dayCount }),
        ...(options.rounding === undefined ? {} : { rounding: options.rounding }),
      }),
      last: undefined,
    };
    termsOfFacts.set(facts, known);
  }
  return known;
}

/**
 * {@link interestTerms}, remembered on the ledger's sums too: the statements of one ledger (several
 * days, and the states of neutral events) read them with a property access instead of a WeakMap
 * lookup by the facts.
 */
function termsOfLedger(sums: LedgerSums, facts: ClaimState['facts'], options: StatementOptions): TermsMade {
  const known = sums.terms;
  if (
    known !== undefined &&
    known.baseRates === options.baseRates &&
    known.allowBeyondKnownBaseRate === options.allowBeyondKnownBaseRate &&
    known.dayCount === options.dayCount &&
    known.rounding === options.rounding
  ) {
    return known;
  }
  return (sums.terms = interestTerms(facts, options));
}

/** The last interest terms made for a claim's facts (never changed once recorded), with the options they were made under. */
const termsOfFacts = new WeakMap<object, TermsMade>();

/** Interest terms with the options they were made under, and the last interest computed on them. */
interface TermsMade {
  readonly baseRates: StatementOptions['baseRates'] | undefined;
  readonly allowBeyondKnownBaseRate: boolean | undefined;
  readonly dayCount: DayCount | undefined;
  readonly rounding: InterestRounding | undefined;
  readonly terms: PreparedInterestTerms;
  last: LastInterest | undefined;
}

/** An interest computation with what it was computed from (besides the terms it is kept with). */
interface LastInterest {
  readonly defaultBegan: IsoDate;
  readonly asOf: IsoDate;
  readonly scale: number;
  readonly original: bigint;
  readonly deltas: readonly PrincipalDelta[];
  readonly exclusions: readonly Exclusion[];
  readonly core: InterestCore;
}

function sameDeltas(a: readonly PrincipalDelta[], b: readonly PrincipalDelta[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as PrincipalDelta;
    const y = b[i] as PrincipalDelta;
    if (x.date !== y.date || x.amount !== y.amount) return false;
  }
  return true;
}

function sameExclusions(a: readonly Exclusion[], b: readonly Exclusion[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Exclusion;
    const y = b[i] as Exclusion;
    if (x.from !== y.from || x.to !== y.to) return false;
  }
  return true;
}

/**
 * The Zinsstaffel of a claim from `defaultBegan` to the end of `asOf`. Interest reads only the
 * terms, the first day of default, the principal and what changes it, and the days without interest:
 * a fee charged or reduced, or a message, leaves it as it was. So the claim's last computation is
 * kept with its terms and used again when those inputs are the same — as it is for the same day,
 * and extended (`extendInterestCore`: only the last period computed again) for a later day.
 */
function interestOf(made: TermsMade, defaultBegan: IsoDate, asOf: IsoDate, sums: LedgerSums, deltas: readonly PrincipalDelta[], excl: readonly Exclusion[], cur: string): InterestCore {
  const { scale, original } = sums;
  const last = made.last;
  let core: InterestCore | undefined;
  if (
    last !== undefined &&
    last.defaultBegan === defaultBegan &&
    last.scale === scale &&
    last.original === original &&
    last.asOf <= asOf &&
    sameDeltas(last.deltas, deltas) &&
    sameExclusions(last.exclusions, excl)
  ) {
    if (last.asOf === asOf) return last.core;
    const restart = interestRestartDay(last.core);
    if (restart !== undefined) {
      core = extendInterestCore(made.terms, last.core, defaultBegan, asOf, principalChanges(deltas, restart, asOf, original, excl), scale, cur);
    }
  }
  core ??= computeInterestCorePrepared(made.terms, defaultBegan, asOf, principalChanges(deltas, defaultBegan, asOf, original, excl), scale, cur);
  made.last = { defaultBegan, asOf, scale, original, deltas, exclusions: excl, core };
  return core;
}

/** True when no event after the first is dated after `asOf`: the state is then the statement's ledger as it is. */
function seesEveryEvent(state: ClaimState, asOf: IsoDate): boolean {
  // The latest date of any event (the first included) is at most `asOf`: nothing to look at.
  if (state.lastEventDate <= asOf) return true;
  const events = state.events;
  for (let i = 1; i < events.length; i++) if ((events[i] as ClaimEvent).date > asOf) return false;
  return true;
}

/**
 * The statement of a state whose every event is dated `asOf` or earlier. The figures are computed
 * in exact integers at the ledger's scale (decimal strings in, decimal.js values out); the lines,
 * with their labels and legal bases, are made the first time `lines` is read.
 */
function statementOfState(state: ClaimState, asOf: IsoDate, options: StatementOptions): Statement {
  return statementOfFigures(figuresOfState(state, asOf, options));
}

/** The figures of {@link statementOfState}, before they are made a statement. */
function figuresOfState(state: ClaimState, asOf: IsoDate, options: StatementOptions): StatementFigures {
  const facts = state.facts;
  const cur = facts.currency;
  const sums = ledgerSums(state);
  const { scale, minorUnit } = sums;

  // Default interest (§§ 286, 288 BGB): a Zinsstaffel from the first day of default to the end of asOf.
  let interest: InterestCore | null = null;
  let interestAccrued = 0n;
  if (state.defaultBegan !== null && state.defaultBegan <= asOf) {
    const excl = (sums.exclusions ??= exclusions(state));
    const deltas = (sums.deltas ??= principalDeltas(state, scale));
    interest = interestOf(termsOfLedger(sums, facts, options), state.defaultBegan, asOf, sums, deltas, excl, cur);
    interestAccrued = atScale({ value: interest.total, scale: minorUnit }, scale);
  }
  return new StatementFigures(state, asOf, interest, sums, interestAccrued - sums.interestPaid, interestAccrued);
}

/**
 * A statement's figures, each made a Money (decimal.js) when first read — most readers want one or
 * two of them — and its lines when first read. The engine reads its total and principal from here
 * ({@link statementFigures}); {@link statement} shows the same object as a {@link Statement}, made
 * once per figures: a statement's accessors are own properties (enumerable, like plain fields), and
 * defining them costs about 1 µs per statement, which the engine's questions do not need.
 *
 * @internal
 */
export class StatementFigures {
  /** @internal */
  constructor(
    readonly state: ClaimState,
    readonly asOf: IsoDate,
    readonly interestCore: InterestCore | null,
    readonly sums: LedgerSums,
    /** Interest accrued less interest paid, at the ledger's scale. */
    readonly interestPart: bigint,
    /** Interest accrued, at the ledger's scale. */
    readonly interestAccruedScaled: bigint,
  ) {}
  private interestMoney: Money | undefined = undefined;
  private totalMoney: Money | undefined = undefined;
  private accruedMoney: Money | undefined = undefined;
  private linesMade: readonly StatementLine[] | undefined = undefined;
  private unconfirmedMade: readonly string[] | undefined = undefined;
  /** The statement showing these figures, once made. @internal */
  shown: Statement | undefined = undefined;

  /** The claim's currency. */
  get currency(): string {
    return this.state.facts.currency;
  }
  /** Principal still open (the same on every day of the ledger: made once per ledger). */
  get principal(): Money {
    return principalOfSums(this.sums, this.currency);
  }
  /** Interest accrued less interest paid. */
  get interest(): Money {
    return (this.interestMoney ??= figure(this.sums, this.interestPart, this.currency));
  }
  /** Costs still open. */
  get costs(): Money {
    const sums = this.sums;
    return (sums.costsMoney ??= figure(sums, sums.costs, this.currency));
  }
  /** What is left to pay. */
  get total(): Money {
    return (this.totalMoney ??= figure(this.sums, this.totalScaled, this.currency));
  }
  /** What is left to pay, at the ledger's scale (`total` without a decimal.js value). @internal */
  get totalScaled(): bigint {
    const sums = this.sums;
    return sums.principal + this.interestPart + sums.costs;
  }
  /** `toAmountString(total)`, from the integers. @internal */
  get totalAmountString(): string {
    return scaledToAmountString(this.totalScaled, this.sums.scale, this.sums.minorUnit);
  }
  /** `toAmountString(principal)`, from the integers. @internal */
  get principalAmountString(): string {
    return scaledToAmountString(this.sums.principal, this.sums.scale, this.sums.minorUnit);
  }
  /** True when principal is open (`principal` above zero), from the integers. @internal */
  get principalOpen(): boolean {
    return this.sums.principal > 0n;
  }
  /** Interest accrued. */
  get interestAccrued(): Money {
    return (this.accruedMoney ??= figure(this.sums, this.interestAccruedScaled, this.currency));
  }
  /** Paid and not applied. */
  get unapplied(): Money {
    const sums = this.sums;
    return (sums.unappliedMoney ??= figure(sums, sums.unapplied, this.currency));
  }
  /** The lines. */
  get lines(): readonly StatementLine[] {
    return (this.linesMade ??= statementLines(this.state, this.interestCore, () => this.interestAccrued));
  }
  /** What the figures rest on that is not confirmed: the distinct remarks of the lines, in line order. */
  get unconfirmed(): readonly string[] {
    return (this.unconfirmedMade ??= Object.freeze([...new Set(this.lines.flatMap((l) => (l.unconfirmed === undefined ? [] : [l.unconfirmed])))]));
  }
}

/** The principal part of a ledger's sums as Money, made once per ledger: the statement's principal and {@link openPrincipalOf}. */
function principalOfSums(sums: LedgerSums, currencyCode: string): Money {
  return (sums.principalMoney ??= figure(sums, sums.principal, currencyCode));
}

/**
 * The principal still open after every event of the claim's ledger: the claim's principal less the
 * principal parts of its payments (as allocated under § 367 Abs. 1 BGB: costs, then interest, then
 * principal), less credit notes and write-downs (`adjustment`) and costs credited to the principal
 * (`fee-reduced.creditedToPrincipal`), plus what refunds and chargebacks and a withdrawn default's
 * interest re-allocation put back — the `principal` of `statement(state, day)` for every day on or
 * after the ledger's last event, read off the same sums (one computation, no second way). It needs
 * no day and no interest: the principal does not depend on the interest, so no base-rate table is
 * read (a store that summarizes a claim with the default options cannot fail where the host's own
 * table reaches further). What the claim's query projection keeps as `ClaimSummary.openPrincipal`.
 *
 * @internal
 * @param state - the projected claim
 * @returns the principal still open, at the ledger's scale (zero when paid or credited in full)
 */
export function openPrincipalOf(state: ClaimState): Money {
  return principalOfSums(ledgerSums(state), state.facts.currency);
}

/**
 * `toAmountString(openPrincipalOf(state))`, written from the same sums' integers without making a
 * decimal.js value: what a write's claim summary stores as `openPrincipal` (`summarizeState`).
 *
 * @internal
 * @param state - the projected claim
 * @returns the principal still open, rounded half up to the currency's minor unit (e.g. `"1200.00"`)
 */
export function openPrincipalAmountString(state: ClaimState): string {
  const sums = ledgerSums(state);
  return scaledToAmountString(sums.principal, sums.scale, sums.minorUnit);
}

/** The statement showing figures: frozen, its figures accessors reading them. */
function statementOfFigures(figures: StatementFigures): Statement {
  const result = { claimId: figures.state.facts.id, asOf: figures.asOf, currency: figures.currency };
  Object.defineProperty(result, INPUTS, { value: figures });
  for (const [name, descriptor] of FIGURES) Object.defineProperty(result, name, descriptor);
  return Object.freeze(result) as unknown as Statement;
}

const INPUTS = Symbol('mahnwerk.statement.inputs');

function inputsOf(statement: object): StatementFigures {
  return (statement as { [INPUTS]: StatementFigures })[INPUTS];
}

/** A figure at the ledger's scale as Money. */
function figure(sums: LedgerSums, value: bigint, currencyCode: string): Money {
  return scaledToMoney(value, sums.scale, currencyCode);
}

const accessor = (get: (this: Statement) => unknown): PropertyDescriptor => ({ get, enumerable: true, configurable: true });

/**
 * The accessors of a statement, in the order of its fields, shared by every statement: an object
 * literal with getters makes a new function per getter and statement, and leaves V8 a slow
 * dictionary object (~3.5 µs each; this way ~1 µs).
 */
const FIGURES: readonly (readonly [string, PropertyDescriptor])[] = [
  ['principal', accessor(function principal(this: Statement): Money { return inputsOf(this).principal; })],
  ['interest', accessor(function interest(this: Statement): Money { return inputsOf(this).interest; })],
  ['costs', accessor(function costs(this: Statement): Money { return inputsOf(this).costs; })],
  ['total', accessor(function total(this: Statement): Money { return inputsOf(this).total; })],
  ['interestAccrued', accessor(function interestAccrued(this: Statement): Money { return inputsOf(this).interestAccrued; })],
  ['unapplied', accessor(function unapplied(this: Statement): Money { return inputsOf(this).unapplied; })],
  ['lines', accessor(function lines(this: Statement): readonly StatementLine[] { return inputsOf(this).lines; })],
  ['unconfirmed', accessor(function unconfirmed(this: Statement): readonly string[] { return inputsOf(this).unconfirmed; })],
];

/**
 * What a statement adds up apart from its interest, the same on every day from the state's last
 * event on, and what the Zinsstaffel of every day reads from the ledger (made when first needed).
 */
interface LedgerSums {
  readonly scale: number;
  readonly minorUnit: number;
  readonly original: bigint;
  /** The principal part: the claim's principal less what was paid, credited and adjusted on it, plus what was put back. */
  readonly principal: bigint;
  /** Interest paid, less what refunds and chargebacks put back. */
  readonly interestPaid: bigint;
  readonly costs: bigint;
  readonly unapplied: bigint;
  /** The principal's changes by date ({@link principalDeltas}). */
  deltas: readonly PrincipalDelta[] | undefined;
  /** The days without interest ({@link exclusions}). */
  exclusions: readonly Exclusion[] | undefined;
  /** The interest terms last read for this ledger ({@link termsOfLedger}). */
  terms: TermsMade | undefined;
  /** `principal`, `costs`, `unapplied` as Money (shared by the statements of every day: Money is immutable). */
  principalMoney: Money | undefined;
  costsMoney: Money | undefined;
  unappliedMoney: Money | undefined;
}

/**
 * A statement key with what is remembered under it: the sums of its ledger, computed once per key
 * (states are immutable, and states that differ only by events a statement does not read share a
 * key, see `statementKey`; decide asks one ledger for several days), and the last statements.
 */
interface LedgerSlot extends StatementKey {
  sums: LedgerSums | undefined;
  statements: RememberedStatement[] | undefined;
}

/** A statement remembered under its statement key. */
interface RememberedStatement {
  readonly key: string;
  readonly baseRates: StatementOptions['baseRates'];
  readonly result: StatementFigures;
}

/** The statement key of a state, with what is remembered under it. */
function slotOf(state: ClaimState): LedgerSlot {
  return statementKey(state) as LedgerSlot;
}

/**
 * The parts, as the lines add them up (see statementLines): what was charged, less what was
 * reduced, paid or credited, plus what refunds and chargebacks put back.
 */
function ledgerSums(state: ClaimState): LedgerSums {
  const slot = slotOf(state);
  const known = slot.sums;
  if (known !== undefined) return known;
  const base = slot.base;
  let sums: LedgerSums | undefined;
  if (base !== undefined) {
    sums = carriedSums(base.sums as LedgerSums, slot.since as readonly ClaimEvent[]);
    // Read once: the key no longer holds the state before (nor what is remembered for it).
    slot.base = undefined;
    slot.since = undefined;
  }
  sums ??= sumsOfLedger(state);
  slot.sums = sums;
  return sums;
}

/**
 * What one event's booking function (`book`) books on three of the sums' parts, as integers read by
 * `at` (at the sums' scale): the amounts it hands over added up per part, in the order of `parts` (an
 * amount of a part other than the first two counts to the third). One reading for
 * {@link reductionSums} and {@link reallocationSums}.
 */
function partSums<P extends string>(
  parts: readonly [P, P, P],
  book: (add: (part: P, sign: 1n | -1n, text: string) => void) => void,
  at: (text: string) => bigint,
): [bigint, bigint, bigint] {
  const sums: [bigint, bigint, bigint] = [0n, 0n, 0n];
  book((part, sign, text) => {
    const k = part === parts[0] ? 0 : part === parts[1] ? 1 : 2;
    sums[k] = sums[k] + sign * at(text);
  });
  return sums;
}

/**
 * What a fee reduction books on the sums' costs, principal and unapplied parts, as integers read by
 * `at` (at the sums' scale): {@link bookFeeReduction}'s amounts added up per part, for
 * {@link sumsOfLedger} and {@link carriedSums}.
 */
function reductionSums(red: ClaimEventOf<'fee-reduced'>, at: (text: string) => bigint): [costs: bigint, principal: bigint, unapplied: bigint] {
  return partSums(['costs', 'principal', 'unapplied'], (add) => bookFeeReduction(red, add), at);
}

/**
 * What a fee reinstatement books on the sums' costs, principal and unapplied parts, as integers read by
 * `at` (at the sums' scale): {@link bookFeeReinstatement}'s amounts added up per part, for
 * {@link sumsOfLedger} and {@link carriedSums}.
 */
function reinstatementSums(rei: ClaimEventOf<'fee-reinstated'>, at: (text: string) => bigint): [costs: bigint, principal: bigint, unapplied: bigint] {
  return partSums(['costs', 'principal', 'unapplied'], (add) => bookFeeReinstatement(rei, add), at);
}

/**
 * What an interest re-allocation books on the sums' open interest, principal and unapplied parts, as
 * integers read by `at`: {@link bookInterestReallocation}'s amounts added up per part, for
 * {@link sumsOfLedger} and {@link carriedSums} (the open interest rising is the interest paid falling).
 */
function reallocationSums(event: ClaimEventOf<'default-withdrawn'>, at: (text: string) => bigint): [interest: bigint, principal: bigint, unapplied: bigint] {
  return partSums(['interest', 'principal', 'unapplied'], (add) => bookInterestReallocation(event, add), at);
}

/**
 * The sums of a state folded from a state with sums `before` by `changes` (its events that are
 * not statement-neutral): `before` moved by what each of them books — the same integers
 * {@link sumsOfLedger} reads from the whole ledger, proven equal by the statement property tests
 * (each state of a random ledger asked, against the decimal.js statement). `undefined` when an
 * event is of another kind, or has more decimals than `before`'s scale (the scale would change):
 * then the ledger is read again. The principal's changes and the days without interest are
 * carried when no event changes them, the interest terms always (the facts never change).
 */
function carriedSums(before: LedgerSums, changes: readonly ClaimEvent[]): LedgerSums | undefined {
  const { scale } = before;
  let { principal, interestPaid, costs, unapplied } = before;
  let deltas = before.deltas;
  let excl = before.exclusions;
  let fits = true;
  const at = (text: string): bigint => {
    if (decimalsOf(text) > scale) fits = false;
    return fits ? parseAtScale(text, scale) : 0n;
  };
  for (const e of changes) {
    switch (e.type) {
      case 'default-began':
        // The sums do not read the first day of default; the interest does, from the state.
        break;
      case 'default-withdrawn':
        // Its interest re-allocation, if any, books on the sums (and changes the principal's changes).
        if (e.interestReallocated !== undefined) {
          const [i, p, u] = reallocationSums(e, at);
          interestPaid -= i;
          principal += p;
          unapplied += u;
          deltas = undefined;
        }
        break;
      case 'fee-charged':
        costs += at(e.amount);
        break;
      case 'fee-reinstated': {
        const [c, p, u] = reinstatementSums(e, at);
        costs += c;
        principal += p;
        unapplied += u;
        // A credit taken back from the principal is a change of the principal (principalDeltas).
        if (e.backFromPrincipal !== undefined) deltas = undefined;
        break;
      }
      case 'fee-reduced': {
        const [c, p, u] = reductionSums(e, at);
        costs += c;
        principal += p;
        unapplied += u;
        // Costs credited to the principal are a change of the principal (principalDeltas).
        if (e.creditedToPrincipal !== undefined) deltas = undefined;
        break;
      }
      case 'payment-received':
        costs -= at(e.allocation.costs);
        interestPaid += at(e.allocation.interest);
        principal -= at(e.allocation.principal);
        unapplied += at(e.allocation.unapplied);
        deltas = undefined;
        break;
      case 'settled':
      case 'written-off':
      case 'reopened':
        excl = undefined;
        break;
      default:
        return undefined;
    }
    if (!fits) return undefined;
  }
  return {
    scale,
    minorUnit: before.minorUnit,
    original: before.original,
    principal,
    interestPaid,
    costs,
    unapplied,
    deltas,
    exclusions: excl,
    terms: before.terms,
    principalMoney: principal === before.principal ? before.principalMoney : undefined,
    costsMoney: costs === before.costs ? before.costsMoney : undefined,
    unappliedMoney: unapplied === before.unapplied ? before.unappliedMoney : undefined,
  };
}

/** The sums of a state read from its whole ledger. */
function sumsOfLedger(state: ClaimState): LedgerSums {
  const { minorUnit } = lookupCurrency(state.facts.currency);
  const scale = statementScale(state, minorUnit);
  const at = (text: string): bigint => parseAtScale(text, scale);
  const original = at(state.facts.principal);
  let principal = original;
  let interestPaid = 0n;
  let costs = 0n;
  let unapplied = 0n;
  for (const fee of state.fees) costs += at(fee.amount);
  for (const red of state.feeReductions) {
    const [c, p, u] = reductionSums(red, at);
    costs += c;
    principal += p;
    unapplied += u;
  }
  for (const rei of state.feeReinstatements) {
    const [c, p, u] = reinstatementSums(rei, at);
    costs += c;
    principal += p;
    unapplied += u;
  }
  for (const pay of state.payments) {
    costs -= at(pay.allocation.costs);
    interestPaid += at(pay.allocation.interest);
    principal -= at(pay.allocation.principal);
    unapplied += at(pay.allocation.unapplied);
  }
  for (const rev of state.reversals) {
    costs += at(rev.allocation.costs);
    interestPaid -= at(rev.allocation.interest);
    principal += at(rev.allocation.principal);
    unapplied -= at(rev.allocation.unapplied);
  }
  for (const adj of state.adjustments) principal -= at(adj.amount);
  for (const w of interestReallocationsOf(state)) {
    const [i, p, u] = reallocationSums(w, at);
    interestPaid -= i;
    principal += p;
    unapplied += u;
  }
  return {
    scale,
    minorUnit,
    original,
    principal,
    interestPaid,
    costs,
    unapplied,
    deltas: undefined,
    exclusions: undefined,
    terms: undefined,
    principalMoney: undefined,
    costsMoney: undefined,
    unappliedMoney: undefined,
  };
}

/**
 * The lines of a statement, sorted by date; they add up to its figures. `interestAccrued` (the
 * statement's figure as Money) is read only when the interest periods' rounded amounts do not add
 * up to it (rounding `total`), for the correction line.
 */
function statementLines(state: ClaimState, interest: InterestCore | null, interestAccrued: () => Money): readonly StatementLine[] {
  const facts = state.facts;
  const cur = facts.currency;
  const original = money(facts.principal, cur);
  const principalLines: StatementLine[] = [];
  const interestLines: StatementLine[] = [];
  const costLines: StatementLine[] = [];
  const reductionLines: StatementLine[] = [];

  principalLines.push({
    part: 'principal',
    label: germanLabel({ kind: 'principal' }),
    amount: original,
    basis: germanBasis.invoice(facts.reference ?? facts.id),
    date: facts.invoiceDate,
  });

  if (interest !== null && state.defaultBegan !== null) {
    // The lines print each period's rounded amount, never its exact one: not computed.
    const periods = interestPeriodsOf(interest, undefined, false);
    for (const p of periods) {
      interestLines.push({
        part: 'interest',
        label: germanLabel({ kind: 'interest', from: p.from, to: p.to }),
        amount: p.amount,
        basis: p.basis,
        date: p.from,
        to: p.to,
        days: p.days,
        ratePercent: p.ratePercent.toString(),
        onPrincipal: p.principal,
        ...(p.assumedBaseRate === true
          ? { unconfirmed: germanUnconfirmed.assumedBaseRate(p.baseRatePercent.toString()) }
          : p.unconfirmedBaseRate === true
            ? { unconfirmed: germanUnconfirmed.baseRateNotConfirmed(p.baseRatePercent.toString()) }
            : {}),
      });
    }
    // With rounding 'total' the shown period amounts need not add up to the total; a correction
    // line keeps "total = sum of lines" true. Compared in the core's integers (the periods' amounts
    // and the total, both in minor units: the figures' interest accrued is that total), so the
    // figures are made Money only for the correction.
    let shownMinor = 0n;
    for (const p of interest.periods) shownMinor += p.amount;
    if (shownMinor !== interest.total) {
      const accrued = interestAccrued();
      const shown = sum(interestLines.map((l) => l.amount), cur);
      interestLines.push({
        part: 'interest',
        label: germanLabel({ kind: 'interest-rounding' }),
        amount: subtract(accrued, shown),
        basis: periods[periods.length - 1]?.basis ?? '§ 288 BGB',
        // Dated like the last period, so it follows the interest lines.
        date: periods[periods.length - 1]?.from ?? state.defaultBegan,
      });
    }
  }
  for (const fee of state.fees) costLines.push(...feeLines(fee, cur));
  // Fee reductions come before the payments of their day: a reduction on the day of a payment
  // lowers the costs that payment meets (see openPartsForPayment).
  for (const red of state.feeReductions) {
    const fee = state.fees.find((f) => f.feeId === red.feeId);
    reductionLines.push({
      part: 'costs',
      label: germanLabel(reductionItem(red.reason?.rule, fee?.kind, fee?.code ?? red.feeId)),
      amount: negate(money(red.amount, cur)),
      basis: red.basis,
      date: red.date,
    });
    const credited = red.creditedToPrincipal === undefined ? null : money(red.creditedToPrincipal, cur);
    if (credited !== null && !credited.amount.isZero()) {
      // Costs already paid above the lowered fee: moved from the costs to the principal.
      reductionLines.push({ part: 'costs', label: germanLabel({ kind: 'costs-credited' }), amount: credited, basis: CREDIT_BASIS, date: red.date });
      reductionLines.push({ part: 'principal', label: germanLabel({ kind: 'costs-credited' }), amount: negate(credited), basis: CREDIT_BASIS, date: red.date });
    }
    if (red.movedToUnapplied !== undefined && red.movedToUnapplied.length > 0) {
      // Costs paid on the dropped fee with no principal left to take them: they pay no costs any more
      // and are held for the debtor (the statement's `unapplied`, not part of the total).
      const moved = sum(red.movedToUnapplied.map((m) => money(m.amount, cur)), cur);
      if (!moved.amount.isZero()) reductionLines.push({ part: 'costs', label: germanLabel({ kind: 'costs-unapplied' }), amount: moved, basis: UNAPPLIED_BASIS, date: red.date });
    }
  }

  // Interest paid for days a withdrawn default took back: no longer paid on interest, credited to the
  // principal (both lines) or held for the debtor (the interest line only; not part of the total).
  for (const w of interestReallocationsOf(state)) {
    let credited = money('0', cur);
    let held = money('0', cur);
    bookInterestReallocation(w, (part, _sign, text) => {
      if (part === 'principal') credited = sum([credited, money(text, cur)], cur);
      else if (part === 'unapplied') held = sum([held, money(text, cur)], cur);
    });
    if (!credited.amount.isZero()) {
      reductionLines.push({ part: 'interest', label: germanLabel({ kind: 'interest-credited' }), amount: credited, basis: INTEREST_CREDIT_BASIS, date: w.date });
      reductionLines.push({ part: 'principal', label: germanLabel({ kind: 'interest-credited' }), amount: negate(credited), basis: INTEREST_CREDIT_BASIS, date: w.date });
    }
    if (!held.amount.isZero()) reductionLines.push({ part: 'interest', label: germanLabel({ kind: 'interest-unapplied' }), amount: held, basis: UNAPPLIED_BASIS, date: w.date });
  }

  for (const pay of state.payments) {
    for (const part of ['costs', 'interest', 'principal'] as const) {
      const amount = money(pay.allocation[part], cur);
      if (amount.amount.isZero()) continue;
      reductionLines.push({
        part,
        label: germanLabel({ kind: 'payment', part }),
        amount: negate(amount),
        basis: pay.reason?.basis ? `§ 362 Abs. 1 BGB; ${pay.reason.basis}` : PAYMENT_BASIS,
        date: pay.date,
      });
    }
  }
  // A refund or chargeback puts back the parts its payment had paid (positive lines, from its day).
  for (const rev of state.reversals) {
    for (const part of ['costs', 'interest', 'principal'] as const) {
      const amount = money(rev.allocation[part], cur);
      if (amount.amount.isZero()) continue;
      reductionLines.push({ part, label: germanLabel({ kind: 'reversal', reversal: rev.kind, part }), amount, basis: germanBasis.reversal(rev.kind), date: rev.date });
    }
  }
  // What a refund or chargeback put back on a fee dropped or lowered for its payment (fee-reinstated): a
  // costs line after the reversal's lines, from its day.
  for (const rei of state.feeReinstatements) {
    const fee = state.fees.find((f) => f.feeId === rei.feeId);
    reductionLines.push({ part: 'costs', label: germanLabel(reinstatementItem(fee?.kind, fee?.code ?? rei.feeId)), amount: money(rei.amount, cur), basis: rei.basis, date: rei.date });
    // The paid part a reduction had moved, moved back: off the principal credit (both lines), or off what
    // was held for the debtor (the costs line only; the unapplied is not part of the total).
    const back = rei.backFromPrincipal === undefined ? null : money(rei.backFromPrincipal, cur);
    if (back !== null && !back.amount.isZero()) {
      reductionLines.push({ part: 'costs', label: germanLabel({ kind: 'costs-credit-undone' }), amount: negate(back), basis: CREDIT_BASIS, date: rei.date });
      reductionLines.push({ part: 'principal', label: germanLabel({ kind: 'costs-credit-undone' }), amount: back, basis: CREDIT_BASIS, date: rei.date });
    }
    if (rei.backFromUnapplied !== undefined && rei.backFromUnapplied.length > 0) {
      const moved = sum(rei.backFromUnapplied.map((m) => money(m.amount, cur)), cur);
      if (!moved.amount.isZero()) reductionLines.push({ part: 'costs', label: germanLabel({ kind: 'costs-unapplied-undone' }), amount: negate(moved), basis: CREDIT_BASIS, date: rei.date });
    }
  }
  for (const adj of state.adjustments) {
    reductionLines.push({
      part: 'principal',
      label: germanLabel(adj.note ? { kind: 'adjustment', adjustment: adj.kind, note: adj.note } : { kind: 'adjustment', adjustment: adj.kind }),
      amount: negate(money(adj.amount, cur)),
      basis: adj.reason?.basis ?? germanBasis.adjustment(adj.kind),
      date: adj.date,
    });
  }

  // Stable sort by date: on one day the principal, then costs, then payments and credits, then the
  // interest periods that begin that day. A payment or credit on day D lowers the principal from D on,
  // so a period beginning on D runs on the principal after it: read top to bottom, each period's base
  // ("aus …") follows from the lines above it (letters, the portal and the CLI print this order).
  // Array.prototype.sort is stable (ECMAScript 2019): lines of one day keep the order they are
  // listed in here, with no index carried per line.
  const lines = [...principalLines, ...costLines, ...reductionLines, ...interestLines];
  lines.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const line of lines) Object.freeze(line);
  return Object.freeze(lines);
}

/**
 * What a claim amounts to at the END of `date`, itemized with legal bases; only events dated
 * `date` or earlier count, whatever their position in the ledger.
 *
 * - Principal: the claim's principal, minus the principal parts of payments, minus
 *   adjustments (credit notes, write-downs) and minus costs paid above a lowered fee
 *   (`fee-reduced.creditedToPrincipal`, moved from the costs to the principal on its day; moved
 *   back when the fee is reinstated, `fee-reinstated.backFromPrincipal`, from that day).
 * - Interest: a Zinsstaffel (`computeInterestSchedule`, §§ 288, 247 BGB) from the first day of
 *   default to `date` on the principal outstanding on each day — a payment or adjustment on day D
 *   lowers the principal from D on — minus the interest parts of payments. Only the principal bears
 *   interest (§ 289 BGB). No interest on days of a hold placed with `interestRuns: false` (from its
 *   day to the day before it is lifted, or its `until` day), nor from the day a claim is settled or
 *   written off until it is reopened. Before default: none.
 * - Costs: fees charged, minus fee reductions (`fee-reduced`, a negative costs line with its basis,
 *   e.g. collection costs lowered to the simple-case fee), minus the costs parts of payments.
 * - Refunds and chargebacks (`payment-reversed`) put back the parts of their payment they undo, as
 *   positive lines on their day: principal bears interest again from that day; an undone overpayment
 *   lowers `unapplied`.
 * - Overpayments are reported as `unapplied` and are not part of `total`.
 *
 * Rate terms come from the facts: the debtor's kind, `claimKind`, and `contractDate` (else
 * `invoiceDate`) as the day the obligation arose (Art. 229 § 34 EGBGB).
 *
 * @param state - the projected claim ({@link project})
 * @param date - the day, inclusive
 * @param options - base-rate table and interest conventions
 * @returns the statement; `total` equals the sum of `lines`
 * @throws DateError naming `date` for an invalid day or one before the invoice date
 * @throws LegalDataError `base_rate_unknown` when interest reaches beyond the known base rates
 *   (pass `allowBeyondKnownBaseRate` or extend the table)
 */
export function statement(state: ClaimState, date: IsoDate, options: StatementOptions = {}): Statement {
  const figures = statementFigures(state, date, options);
  return (figures.shown ??= statementOfFigures(figures));
}

/**
 * The figures of {@link statement} (the same arguments, checks and remembered results) without
 * making them a {@link Statement}: what the engine reads a claim's total and principal from.
 *
 * @internal
 * @param state - the projected claim
 * @param date - the day, inclusive
 * @param options - base-rate table and interest conventions
 */
export function statementFigures(state: ClaimState, date: IsoDate, options: StatementOptions = {}): StatementFigures {
  if (typeof state !== 'object' || state === null || !Array.isArray(state.events)) {
    throw new ValidationError('state: expected a claim state made by project(events).', { field: 'state' });
  }
  const asOf = parseIsoDate(date, 'date');
  if (asOf < state.facts.invoiceDate) {
    throw new DateError(
      `date: ${asOf} is before the invoice date ${state.facts.invoiceDate} of claim "${state.facts.id}"; a statement can be made from the invoice date on.`,
      { field: 'date' },
    );
  }
  // States are immutable and a statement is a pure function of (state, date, options), so results
  // are remembered per statement key (shared by states that differ only by events a statement does
  // not read, see statementKey): deciding on one claim asks for the same statement several times.
  // A few entries per key (the days asked for last), kept only as long as a state with the key lives.
  // The default conventions key by the day alone (no string built per call); others by day and conventions ('|' never in a day).
  const key =
    options.dayCount === undefined && options.rounding === undefined && options.allowBeyondKnownBaseRate !== true
      ? asOf
      : `${asOf}|${options.dayCount ?? ''}|${options.rounding ?? ''}|${options.allowBeyondKnownBaseRate === true ? 1 : 0}`;
  const slot = slotOf(state);
  let memo = slot.statements;
  if (memo !== undefined) {
    for (const entry of memo) if (entry.key === key && entry.baseRates === options.baseRates) return entry.result;
  } else {
    memo = [];
    slot.statements = memo;
  }
  const result = figuresOfState(seesEveryEvent(state, asOf) ? state : project(eventsUpTo(state.events, asOf)), asOf, options);
  // The new entry first, the oldest of four dropped: moved by hand (`unshift` is a call into the runtime).
  const entry = { key, baseRates: options.baseRates, result };
  if (memo.length < 4) memo.push(entry);
  for (let k = memo.length - 1; k > 0; k--) memo[k] = memo[k - 1] as (typeof memo)[number];
  memo[0] = entry;
  return result;
}


/**
 * The figures of `statementAsOf(state.events, asOf, options)` — the claim as of the end of `asOf`
 * from its events dated then or earlier — read from the state: through {@link statementFigures}
 * (remembered, no projection when the state has no later event) from the invoice date on, else
 * projected as `statementAsOf` does.
 *
 * @internal
 * @param state - the projected claim
 * @param asOf - a valid day
 * @param options - base-rate table and interest conventions
 */
export function figuresAsOf(state: ClaimState, asOf: IsoDate, options: StatementOptions = {}): StatementFigures {
  if (asOf >= state.facts.invoiceDate) return statementFigures(state, asOf, options);
  return figuresOfState(project(eventsUpTo(state.events, asOf)), asOf, options);
}

/**
 * The default interest a claim's principal bears from `firstDayOfDefault` to the end of `asOf`, as the
 * statement computes it (the Zinsstaffel on the principal of each day, days without interest left
 * out, rounded as the options say) — whatever first day of default the state itself shows. What the
 * interest owed on a day would be had default begun on `firstDayOfDefault`: the engine asks it when a
 * withdrawn default is counted anew. Zero when `firstDayOfDefault` is after `asOf`.
 *
 * @internal
 * @param state - the claim's state (its principal's changes up to `asOf` are read)
 * @param firstDayOfDefault - the first day of default to count from
 * @param asOf - the last day counted
 * @param options - base-rate table and interest conventions
 */
export function interestAccruedOn(state: ClaimState, firstDayOfDefault: IsoDate, asOf: IsoDate, options: StatementOptions = {}): Money {
  const cur = state.facts.currency;
  const sums = ledgerSums(state);
  if (firstDayOfDefault > asOf) return scaledToMoney(0n, sums.minorUnit, cur);
  const excl = (sums.exclusions ??= exclusions(state));
  const deltas = (sums.deltas ??= principalDeltas(state, sums.scale));
  const made = termsOfLedger(sums, state.facts, options);
  const core = computeInterestCorePrepared(made.terms, firstDayOfDefault, asOf, principalChanges(deltas, firstDayOfDefault, asOf, sums.original, excl), sums.scale, cur);
  return scaledToMoney(core.total, sums.minorUnit, cur);
}

/** True when a statement shows nothing left to pay (total zero or below). */
export function isStatementSettled(s: Pick<Statement, 'total'>): boolean {
  // The engine's figures answer from their integers (the same sign as `total`), without making `total`.
  if (s instanceof StatementFigures) return s.totalScaled <= 0n;
  return s.total.amount.isZero() || isNegative(s.total);
}
