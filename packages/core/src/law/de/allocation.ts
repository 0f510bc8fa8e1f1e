import { CurrencyMismatchError, MoneyError, ValidationError } from '../../errors/errors.js';
import { parseIsoDate, type IsoDate } from '../../calendar/date.js';
import { Dec, type Decimal } from '../../money/decimal.js';
import {
  add,
  allocate,
  compare,
  isFinal,
  isPositive,
  isZero,
  minMoney,
  subtract,
  sum,
  zero,
  type Money,
} from '../../money/money.js';

/**
 * The order in which a payment is applied inside one claim.
 *
 * - `bgb367`: costs → interest → principal (§ 367 Abs. 1 BGB, the general rule).
 * - `bgb497`: costs → principal → interest (§ 497 Abs. 3 BGB, consumer loan contracts in default:
 *   Rechtsverfolgungskosten, then the remaining debt, then default interest).
 */
export type AllocationOrder = 'bgb367' | 'bgb497';

/** One open claim (debt) of the debtor towards the creditor, as it stands on the payment date. */
export interface OpenClaim {
  /** Unique id of the claim within one {@link AllocationInput}. */
  id: string;
  /** Due date. A claim not yet due on the payment date is served after every due claim (§ 366 Abs. 2 BGB: "die fällige Schuld"). */
  dueDate: IsoDate;
  /** Open costs (Kosten, e.g. dunning or collection costs); a final amount, zero or more. */
  costs: Money;
  /** Open interest (Zinsen); a final amount, zero or more. */
  interest: Money;
  /** Open principal (Hauptleistung); a final amount, zero or more. */
  principal: Money;
  /** How well the claim is secured for the creditor: higher = better secured; the less secured claim is served first. Default 0. */
  security?: number;
  /** How burdensome the claim is for the debtor, as a decimal string (e.g. its interest rate in percent): the more burdensome claim is served first. Default `'0'`. */
  burden?: string;
  /** When the claim arose (its age): the older claim is served first. Default: the due date. */
  arose?: IsoDate;
  /** Order inside this claim; default `bgb367`. */
  order?: AllocationOrder;
}

/** A payment and the open claims it is to be applied to. */
export interface AllocationInput {
  /** The amount paid; a final amount above zero. */
  payment: Money;
  /** The day of payment; decides which claims are due. */
  date: IsoDate;
  /** The debtor's open claims. */
  claims: OpenClaim[];
  /**
   * The debtor's designation at payment (§ 366 Abs. 1 BGB): claim ids in the order the debtor named
   * them. `null`, `undefined` or an empty list mean no designation.
   */
  designation?: string[] | null;
}

/** What one claim received from a payment. */
export interface ClaimAllocation {
  /** The claim's id. */
  claimId: string;
  /** Applied to costs. */
  costs: Money;
  /** Applied to interest. */
  interest: Money;
  /** Applied to principal. */
  principal: Money;
  /** Applied to the claim in all. */
  total: Money;
  /** Legal bases, joined by `'; '`, e.g. `'§ 366 Abs. 2 BGB; § 367 Abs. 1 BGB'`. */
  basis: string;
}

/** How a payment was applied. */
export interface AllocationResult {
  /** One row per input claim, in input order — including claims that received nothing (zero rows). */
  allocations: ClaimAllocation[];
  /** The part of the payment no open claim could take (overpayment); zero otherwise. */
  unapplied: Money;
  /** Every legal basis that shaped the result, each once. */
  basis: string[];
  /** Ids of the claims that received money, in the order they were served. Claims served pro rata appear in input order. */
  order: string[];
}

/** The parts of one claim. */
export interface ClaimParts {
  /** Costs. */
  costs: Money;
  /** Interest. */
  interest: Money;
  /** Principal. */
  principal: Money;
}

/** The result of {@link allocateWithinClaim}: what each part received, and what is left of the amount. */
export interface WithinClaimAllocation extends ClaimParts {
  /** The part of the amount left after every part of the claim was paid in full. */
  rest: Money;
}

const BASIS_DESIGNATION = '§ 366 Abs. 1 BGB';
const BASIS_RANKING = '§ 366 Abs. 2 BGB';
const BASIS_367 = '§ 367 Abs. 1 BGB';
const BASIS_497 = '§ 497 Abs. 3 BGB';

const decimalPattern = /^[+-]?\d+(\.\d+)?$/;

type Part = keyof ClaimParts;

const partOrder: Record<AllocationOrder, readonly Part[]> = {
  bgb367: ['costs', 'interest', 'principal'],
  bgb497: ['costs', 'principal', 'interest'],
};

const partBasis: Record<AllocationOrder, string> = { bgb367: BASIS_367, bgb497: BASIS_497 };

function checkMoney(value: unknown, field: string): Money {
  const m = value as Money | null | undefined;
  if (typeof m !== 'object' || m === null || !Dec.isDecimal(m.amount) || typeof m.currency !== 'string') {
    throw new MoneyError(`${field}: expected a Money value such as money('12.30', 'EUR'), got ${m === null ? 'null' : typeof m}.`, { field });
  }
  return m;
}

function checkSameCurrency(m: Money, expected: string, field: string): void {
  if (m.currency !== expected) {
    throw new CurrencyMismatchError(
      `${field}: is in ${m.currency}, but the payment is in ${expected}; every amount of an allocation must be in one currency.`,
      { field },
    );
  }
}

function checkOrder(order: unknown, field: string): AllocationOrder {
  if (order === 'bgb367' || order === 'bgb497') return order;
  throw new ValidationError(`${field}: "${String(order)}" is not an allocation order; use 'bgb367' (§ 367 Abs. 1 BGB) or 'bgb497' (§ 497 Abs. 3 BGB).`, { field });
}

function checkParts(parts: ClaimParts, currencyCode: string, label: string, fieldPrefix: string, final: boolean): void {
  for (const part of ['costs', 'interest', 'principal'] as const) {
    const field = `${fieldPrefix}.${part}`;
    const m = checkMoney(parts[part], field);
    checkSameCurrency(m, currencyCode, field);
    if (m.amount.isNegative() && !m.amount.isZero()) {
      throw new ValidationError(`${field}: ${label} has negative ${part} (${m.amount.toString()}); open amounts must be zero or more.`, { field });
    }
    if (final && !isFinal(m)) {
      throw new MoneyError(`${field}: ${label} has ${part} ${m.amount.toString()} with more decimals than ${m.currency} has; round it with roundMoney first.`, { field });
    }
  }
}

/**
 * Applies an amount to the parts of one claim in the order of § 367 Abs. 1 BGB (costs → interest →
 * principal) or § 497 Abs. 3 BGB (costs → principal → interest). Each part takes what it can; what
 * is left over after every part is paid is returned as `rest`.
 *
 * @param amount - the amount to apply, zero or more
 * @param parts - the open costs, interest and principal of the claim, each zero or more
 * @param order - `bgb367` (default) or `bgb497`
 * @returns what each part received, and the rest
 * @throws CurrencyMismatchError when the amounts are in different currencies
 * @throws ValidationError when the amount or a part is negative, or the order is unknown
 */
export function allocateWithinClaim(amount: Money, parts: ClaimParts, order: AllocationOrder = 'bgb367'): WithinClaimAllocation {
  const given = checkMoney(amount, 'amount');
  if (given.amount.isNegative() && !given.amount.isZero()) {
    throw new ValidationError(`amount: ${given.amount.toString()} is negative; the amount to apply must be zero or more.`, { field: 'amount' });
  }
  if (typeof parts !== 'object' || parts === null) {
    throw new ValidationError('parts: expected { costs, interest, principal } as Money values.', { field: 'parts' });
  }
  checkParts(parts, given.currency, 'the claim', 'parts', false);
  const sequence = partOrder[checkOrder(order, 'order')];
  let rest = given;
  const applied: ClaimParts = { costs: zero(given.currency), interest: zero(given.currency), principal: zero(given.currency) };
  for (const part of sequence) {
    const take = minMoney(rest, parts[part]);
    applied[part] = take;
    rest = subtract(rest, take);
  }
  return { ...applied, rest };
}

interface Prepared {
  claim: OpenClaim;
  index: number;
  due: boolean;
  security: number;
  burden: Decimal;
  arose: IsoDate;
  order: AllocationOrder;
  outstanding: Money;
}

function prepareClaim(claim: OpenClaim, index: number, date: IsoDate, currencyCode: string): Prepared {
  const prefix = `claims[${index}]`;
  if (typeof claim !== 'object' || claim === null) {
    throw new ValidationError(`${prefix}: expected an open claim object with id, dueDate, costs, interest and principal.`, { field: prefix });
  }
  if (typeof claim.id !== 'string' || claim.id.trim() === '') {
    throw new ValidationError(`${prefix}.id: every claim needs a non-empty string id.`, { field: `${prefix}.id` });
  }
  const label = `claim "${claim.id}"`;
  const dueDate = parseIsoDate(claim.dueDate, `${prefix}.dueDate`);
  const arose = claim.arose === undefined ? dueDate : parseIsoDate(claim.arose, `${prefix}.arose`);
  const security = claim.security ?? 0;
  if (typeof security !== 'number' || !Number.isFinite(security)) {
    throw new ValidationError(`${prefix}.security: ${label} has security ${String(security)}; use a finite number (higher = better secured).`, {
      field: `${prefix}.security`,
    });
  }
  const burdenText = claim.burden ?? '0';
  if (typeof burdenText !== 'string' || !decimalPattern.test(burdenText.trim())) {
    throw new ValidationError(`${prefix}.burden: ${label} has burden ${JSON.stringify(burdenText)}; write it as a decimal string such as "9.5".`, {
      field: `${prefix}.burden`,
    });
  }
  checkParts(claim, currencyCode, label, prefix, true);
  return {
    claim,
    index,
    due: dueDate <= date,
    security,
    burden: new Dec(burdenText.trim()),
    arose,
    order: checkOrder(claim.order ?? 'bgb367', `${prefix}.order`),
    outstanding: sum([claim.costs, claim.interest, claim.principal], currencyCode),
  };
}

/** § 366 Abs. 2 BGB: negative when `a` is served before `b`, zero at equal rank. */
function rank(a: Prepared, b: Prepared): number {
  if (a.due !== b.due) return a.due ? -1 : 1; // (1) the due debt first
  if (a.security !== b.security) return a.security < b.security ? -1 : 1; // (2) less secured first
  const burden = b.burden.comparedTo(a.burden); // (3) more burdensome first
  if (burden !== 0) return burden;
  if (a.arose !== b.arose) return a.arose < b.arose ? -1 : 1; // (4) older first
  return 0; // (5) equal rank: pro rata
}

function checkDesignation(designation: unknown, ids: ReadonlySet<string>): string[] {
  if (designation === undefined || designation === null) return [];
  if (!Array.isArray(designation)) {
    throw new ValidationError('designation: expected a list of claim ids in the order the debtor named them, or null.', { field: 'designation' });
  }
  const seen = new Set<string>();
  for (const id of designation as unknown[]) {
    if (typeof id !== 'string' || !ids.has(id)) {
      throw new ValidationError(
        `designation: the debtor named ${JSON.stringify(id)}, which is not among the open claims (${[...ids].map((i) => JSON.stringify(i)).join(', ')}); name only open claims.`,
        { field: 'designation' },
      );
    }
    if (seen.has(id)) {
      throw new ValidationError(`designation: claim "${id}" is named twice; name each claim once.`, { field: 'designation' });
    }
    seen.add(id);
  }
  return designation as string[];
}

/**
 * Applies a payment to a debtor's open claims under §§ 366, 367 BGB.
 *
 * Across claims (§ 366 BGB):
 * - With a designation by the debtor (§ 366 Abs. 1), the named claims are served first, in the
 *   named order. If money is left, the remaining claims follow by the rules of § 366 Abs. 2
 *   (mahnwerk's choice: the designation binds only as far as it goes). Unknown or repeated ids
 *   are rejected.
 * - Without one (§ 366 Abs. 2): (1) due claims before those not yet due, (2) the less secured,
 *   (3) the more burdensome for the debtor, (4) the older; (5) claims of equal rank share the
 *   money in proportion to their outstanding totals, split to the cent with `allocate` (largest
 *   remainder; an odd cent goes to the claim listed earlier in the input). Among claims not yet
 *   due, steps 2–5 apply in the same way.
 *
 * Within each claim: § 367 Abs. 1 (costs → interest → principal) or, for `order: 'bgb497'`,
 * § 497 Abs. 3 (costs → principal → interest). A debtor's designation that departs from § 367
 * Abs. 1 within a claim may be refused by the creditor (§ 367 Abs. 2) and is not modelled here.
 *
 * Money the claims cannot take is returned as `unapplied` (overpayment). The `allocations` list one
 * row per input claim, in input order, including claims that received nothing.
 *
 * @param input - payment, payment date, open claims and the debtor's designation
 * @returns the applied amounts per claim and part, the unapplied rest, the bases and the order served
 * @throws ValidationError naming the field for a payment of zero or less, a bad claim, a negative part or a bad designation
 * @throws MoneyError for amounts with more decimals than the currency has
 * @throws CurrencyMismatchError when an amount is not in the payment's currency
 * @throws DateError for a date that is not `YYYY-MM-DD`
 */
export function allocatePayment(input: AllocationInput): AllocationResult {
  if (typeof input !== 'object' || input === null) {
    throw new ValidationError('input: expected { payment, date, claims, designation? }.', { field: 'input' });
  }
  const payment = checkMoney(input.payment, 'payment');
  if (!isPositive(payment)) {
    throw new ValidationError(`payment: ${payment.amount.toString()} ${payment.currency} is not above zero; a payment to allocate must be positive.`, {
      field: 'payment',
    });
  }
  if (!isFinal(payment)) {
    throw new MoneyError(`payment: ${payment.amount.toString()} has more decimals than ${payment.currency} has; pass the amount actually paid.`, {
      field: 'payment',
    });
  }
  const date = parseIsoDate(input.date, 'date');
  if (!Array.isArray(input.claims)) {
    throw new ValidationError('claims: expected a list of open claims (it may be empty).', { field: 'claims' });
  }
  const cur = payment.currency;
  const prepared = input.claims.map((c, i) => prepareClaim(c, i, date, cur));
  const ids = new Set<string>();
  for (const p of prepared) {
    if (ids.has(p.claim.id)) {
      throw new ValidationError(`claims[${p.index}].id: the id "${p.claim.id}" is used twice; claim ids must be unique.`, { field: `claims[${p.index}].id` });
    }
    ids.add(p.claim.id);
  }
  const designation = checkDesignation(input.designation, ids);
  const byId = new Map(prepared.map((p) => [p.claim.id, p]));

  // Groups of claims in serving order; claims within one group share the money pro rata.
  const groups: { members: Prepared[]; basis: string | null }[] = [];
  const designated = new Set(designation);
  for (const id of designation) groups.push({ members: [byId.get(id) as Prepared], basis: BASIS_DESIGNATION });
  // With a single claim there is nothing to rank: § 366 Abs. 2 is not engaged.
  const rankingBasis = prepared.length > 1 ? BASIS_RANKING : null;
  const ranked = prepared.filter((p) => !designated.has(p.claim.id)).sort((a, b) => rank(a, b) || a.index - b.index);
  let current: Prepared[] = [];
  for (const p of ranked) {
    const head = current[0];
    if (head && rank(head, p) === 0) current.push(p);
    else {
      if (head) groups.push({ members: current, basis: rankingBasis });
      current = [p];
    }
  }
  if (current.length > 0) groups.push({ members: current, basis: rankingBasis });

  const applied = new Map<string, ClaimParts>();
  const selection = new Map<string, string | null>();
  const served: string[] = [];
  const usedBases = new Set<string>();
  let remaining = payment;

  const apply = (p: Prepared, share: Money, basis: string | null): void => {
    const result = allocateWithinClaim(share, p.claim, p.order);
    applied.set(p.claim.id, { costs: result.costs, interest: result.interest, principal: result.principal });
    remaining = subtract(remaining, subtract(share, result.rest));
    if (compare(share, result.rest) > 0) {
      served.push(p.claim.id);
      if (basis) usedBases.add(basis);
      usedBases.add(partBasis[p.order]);
    }
  };

  for (const group of groups) {
    for (const p of group.members) selection.set(p.claim.id, group.basis);
    if (isZero(remaining)) continue;
    const owed = sum(
      group.members.map((p) => p.outstanding),
      cur,
    );
    if (isZero(owed)) continue;
    if (compare(remaining, owed) >= 0 || group.members.length === 1) {
      for (const p of group.members) apply(p, minMoney(remaining, p.outstanding), group.basis);
      continue;
    }
    // (5) equal rank, not enough for all: proportional to the outstanding totals. Each share is at
    // most the claim's total, because the money is less than the group's total.
    const shares = allocate(
      remaining,
      group.members.map((p) => p.outstanding.amount),
    );
    group.members.forEach((p, i) => apply(p, shares[i] as Money, group.basis));
  }

  const none = zero(cur);
  const allocations = prepared.map((p): ClaimAllocation => {
    const parts = applied.get(p.claim.id) ?? { costs: none, interest: none, principal: none };
    const basis = [selection.get(p.claim.id) ?? null, partBasis[p.order]].filter((b): b is string => b !== null).join('; ');
    return {
      claimId: p.claim.id,
      costs: parts.costs,
      interest: parts.interest,
      principal: parts.principal,
      total: add(add(parts.costs, parts.interest), parts.principal),
      basis,
    };
  });

  const basisOrder = [BASIS_DESIGNATION, BASIS_RANKING, BASIS_367, BASIS_497];
  return {
    allocations,
    unapplied: remaining,
    basis: basisOrder.filter((b) => usedBases.has(b)),
    order: served,
  };
}
