// The test oracle of the interest arithmetic: the Zinsstaffel as it was computed before issue 7
// point 5 moved it to integers (commit 0923dd4's packages/core/src/law/de/interest.ts, unchanged
// but for the imports and names) — every product and quotient in decimal.js. Test-only: the
// property test `interest-core.property.test.ts` checks that the integer path gives the same
// figures for random schedules.
import {
  addDays,
  addMonths,
  assertOrdered,
  daysInclusive,
  daysInYear,
  monthOf,
  parseIsoDate,
  yearOf,
  type IsoDate,
} from '../../src/calendar/date.js';
import { CurrencyMismatchError, ValidationError } from '../../src/errors/errors.js';
import { Dec, type Decimal } from '../../src/money/decimal.js';
import { isNegative, money, roundMoney, sum, type Money } from '../../src/money/money.js';
import { baseRateOn, resolveBaseRateTable } from '../../src/law/de/base-rate.js';
import {
  defaultInterestMargin,
  type DayCount,
  type InterestPeriod,
  type InterestResult,
  type InterestRounding,
  type InterestScheduleInput,
  type InterestTerms,
  type PrincipalChange,
} from '../../src/law/de/interest.js';

const dayCounts: readonly string[] = ['act/365', 'act/act'];
const roundings: readonly string[] = ['period', 'total'];
const ratePattern = /^\d{1,3}(\.\d+)?$/;

function checkEnum(value: unknown, allowed: readonly string[], field: string): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new ValidationError(`${field}: ${JSON.stringify(value)} is not one of ${allowed.map((a) => `'${a}'`).join(', ')}.`, { field });
  }
}

function checkPrincipal(value: unknown, field: string): Money {
  const m = value as Money | undefined;
  if (typeof m !== 'object' || m === null || !Dec.isDecimal(m.amount) || typeof m.currency !== 'string') {
    throw new ValidationError(`${field}: expected an amount made with money('1000.00', 'EUR').`, { field });
  }
  if (!m.amount.isFinite()) throw new ValidationError(`${field}: ${m.amount.toString()} is not a finite amount.`, { field });
  if (isNegative(m)) {
    throw new ValidationError(`${field}: ${m.amount.toString()} ${m.currency} is negative; default interest runs on an open principal of zero or more.`, { field });
  }
  return m;
}

/** First 1 January or 1 July after `date`. */
function nextHalfYearStart(date: IsoDate): IsoDate {
  const y = yearOf(date);
  return monthOf(date) >= 7 ? `${String(y + 1).padStart(4, '0')}-01-01` : `${String(y).padStart(4, '0')}-07-01`;
}

interface RawSegment {
  from: IsoDate;
  to: IsoDate;
  principal: Money;
}

/** Computes interest for a principal that changes at given dates; the core of both public functions. */
function compute(terms: InterestTerms, changes: readonly PrincipalChange[]): InterestResult {
  const from = parseIsoDate(terms.from, 'from');
  const to = parseIsoDate(terms.to, 'to');
  assertOrdered(from, to, 'from', 'to');
  const dayCount = terms.dayCount ?? 'act/365';
  checkEnum(dayCount, dayCounts, 'dayCount');
  const rounding = terms.rounding ?? 'period';
  checkEnum(rounding, roundings, 'rounding');
  const { marginPoints, basis: statutoryBasis } = defaultInterestMargin({
    debtor: terms.debtor,
    ...(terms.claimKind === undefined ? {} : { claimKind: terms.claimKind }),
    ...(terms.creditor === undefined ? {} : { creditor: terms.creditor }),
    ...(terms.obligationDate === undefined ? {} : { obligationDate: terms.obligationDate }),
    ...(terms.continuingObligation === undefined ? {} : { continuingObligation: terms.continuingObligation }),
    ...(terms.performedOn === undefined ? {} : { performedOn: terms.performedOn }),
  });
  let contractual: Decimal | undefined;
  if (terms.contractualRatePercent !== undefined) {
    if (typeof terms.contractualRatePercent !== 'string' || !ratePattern.test(terms.contractualRatePercent.trim())) {
      throw new ValidationError(
        `contractualRatePercent: ${JSON.stringify(terms.contractualRatePercent)} is not an annual rate in percent; write it as a decimal string such as '12' or '9.5'.`,
        { field: 'contractualRatePercent' },
      );
    }
    contractual = new Dec(terms.contractualRatePercent.trim());
  }
  const table = resolveBaseRateTable(terms.baseRates, 'baseRates');
  const currency = changes[0]?.principal.currency ?? 'EUR';

  // Cut [from, to] at every 1 January / 1 July (base-rate half-years) and every principal change.
  const cuts = new Set<IsoDate>();
  for (let d = nextHalfYearStart(from); d <= to; d = addMonths(d, 6)) cuts.add(d);
  for (const c of changes) if (c.date > from && c.date <= to) cuts.add(c.date);
  const starts = [from, ...[...cuts].sort()];
  const raw: RawSegment[] = [];
  let changeIndex = -1;
  starts.forEach((start, i) => {
    const next = starts[i + 1];
    while (changeIndex + 1 < changes.length && (changes[changeIndex + 1] as PrincipalChange).date <= start) changeIndex++;
    const principal = changeIndex >= 0 ? (changes[changeIndex] as PrincipalChange).principal : money('0', currency);
    raw.push({ from: start, to: next === undefined ? to : addDays(next, -1), principal });
  });

  // Look up the rate of every segment that bears interest; merge neighbours with the same terms.
  interface Draft {
    from: IsoDate;
    to: IsoDate;
    principal: Money;
    yearDays: number;
    base: ReturnType<typeof baseRateOn>;
    key: string;
  }
  const drafts: Draft[] = [];
  for (const seg of raw) {
    if (seg.principal.amount.isZero()) continue;
    // Name `to` when the period runs past the known table, `from` when it starts outside it.
    const field = seg.from > table.knownUntil && from <= table.knownUntil ? 'to' : 'from';
    const base = baseRateOn(seg.from, { table, allowBeyondKnown: terms.allowBeyondKnownBaseRate === true, field });
    const yearDays = dayCount === 'act/act' ? daysInYear(yearOf(seg.from)) : 365;
    const key = [
      seg.principal.amount.toString(),
      base.ratePercent.toString(),
      String(base.assumed),
      String(base.confirmed),
      dayCount === 'act/act' ? String(yearOf(seg.from)) : '',
    ].join('|');
    const prev = drafts[drafts.length - 1];
    if (prev !== undefined && prev.key === key && addDays(prev.to, 1) === seg.from) {
      prev.to = seg.to;
      continue;
    }
    drafts.push({ from: seg.from, to: seg.to, principal: seg.principal, yearDays, base, key });
  }

  const periods: InterestPeriod[] = drafts.map((d) => {
    const days = daysInclusive(d.from, d.to);
    let statutory = d.base.ratePercent.plus(marginPoints);
    // With the real table the statutory rate is never negative (lowest base rate −0.88 + 5);
    // a host table with a lower base rate must not make the creditor owe interest to the debtor.
    if (statutory.isNegative()) statutory = new Dec(0);
    const useContract = contractual !== undefined && contractual.greaterThan(statutory);
    const ratePercent = useContract ? (contractual as Decimal) : statutory;
    const exact = money(
      d.principal.amount.times(ratePercent).times(days).dividedBy(new Dec(100).times(d.yearDays)),
      d.principal.currency,
    );
    return {
      from: d.from,
      to: d.to,
      days,
      yearDays: d.yearDays,
      principal: d.principal,
      baseRatePercent: d.base.ratePercent,
      marginPoints,
      ratePercent,
      statutoryRatePercent: statutory,
      amount: roundMoney(exact),
      exactAmount: exact,
      basis: useContract ? '§ 288 Abs. 3 BGB' : statutoryBasis,
      baseRateSource: d.base.source,
      ...(d.base.assumed ? { assumedBaseRate: true } : {}),
      ...(d.base.confirmed ? {} : { unconfirmedBaseRate: true }),
    };
  });

  const total =
    rounding === 'period'
      ? sum(periods.map((p) => p.amount), currency)
      : roundMoney(sum(periods.map((p) => p.exactAmount ?? p.amount), currency));
  return Object.freeze({
    total,
    currency,
    dayCount: dayCount as DayCount,
    rounding: rounding as InterestRounding,
    periods: Object.freeze(periods.map((p) => Object.freeze(p))),
    ...(rounding === 'total' && periods.length > 1
      ? {
          note:
            'Rounded once on the total: the period amounts are shown rounded to the cent for display only; the total is the rounded sum of the exact period amounts and may differ from the sum of the shown amounts by a cent or so.',
        }
      : {}),
  });
}

export function decimalInterestSchedule(input: InterestScheduleInput): InterestResult {
  const changes = input.changes;
  if (!Array.isArray(changes) || changes.length === 0) {
    throw new ValidationError("changes: give at least one principal change, e.g. [{ date: '2025-01-01', principal: money('1000.00') }].", { field: 'changes' });
  }
  const checked: PrincipalChange[] = [];
  changes.forEach((c: PrincipalChange, i: number) => {
    const date = parseIsoDate(c?.date, `changes[${i}].date`);
    const principal = checkPrincipal(c?.principal, `changes[${i}].principal`);
    const prev = checked[i - 1];
    if (prev !== undefined && date <= prev.date) {
      throw new ValidationError(`changes[${i}].date: ${date} is not after ${prev.date}; list the principal changes in ascending date order, one per day.`, {
        field: `changes[${i}].date`,
      });
    }
    if (prev !== undefined && principal.currency !== prev.principal.currency) {
      throw new CurrencyMismatchError(`changes[${i}].principal: ${principal.currency} differs from ${prev.principal.currency}; a Zinsstaffel runs in one currency.`, {
        field: `changes[${i}].principal`,
      });
    }
    checked.push({ date, principal });
  });
  return compute(input, checked);
}
