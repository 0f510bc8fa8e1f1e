import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  collectionCostsCap,
  compare,
  computeCollectionCosts,
  courtDunningFee,
  gkgFee,
  gkgTables,
  money,
  rvgFee,
  rvgTables,
  stepTableFee,
  sum,
  toAmountString,
  type CollectionCase,
  type CollectionCostsInput,
  type Money,
  type StepFeeTable,
} from '../../src/index.js';
import { Decimal as DecimalJs } from 'decimal.js';

/** decimal.js with core's precision (40 digits), independent of core's own instance. */
const Decimal: DecimalJs.Constructor = DecimalJs.clone({ precision: 40 });
type Decimal = DecimalJs;

// Invariants of the § 13e RDG cap and the § 13 RVG / § 34 GKG tables (facts file
// /work/shared/legal/de-and-eu-facts.md §§ 3, 6), on random claims. Amounts are generated as integer
// cents and turned into decimal strings without floating-point arithmetic.

/** Integer cents → "12.34" (exact, no float division). */
function centsToString(cents: number): string {
  const digits = String(cents).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

const eurCents = (cents: number): Money => money(centsToString(cents), 'EUR');

/** Claims from 0.01 EUR to 2,000,000 EUR, biased towards the small claims collection mostly sees. */
const claimCents = fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 200_000_000 }));

const mandateDates = ['2021-01-01', '2021-09-30', '2021-10-01', '2023-06-15', '2025-05-31', '2025-06-01', '2026-03-01'];
const cases: readonly CollectionCase[] = ['simple', 'uncontested', 'contested'];

/** Highest Nr. 2300 rate in hundredths for a case (facts § 3.3: Anm. (1), (2) from 2021-10-01). */
function capHundredths(kind: CollectionCase, date: string, withReason: boolean): number {
  if (date < '2021-10-01') return withReason ? 250 : 130;
  if (kind === 'simple') return 50;
  if (kind === 'uncontested') return withReason ? 130 : 90;
  return withReason ? 250 : 130;
}

const caseArb = fc
  .record({
    claim: claimCents,
    date: fc.constantFrom(...mandateDates),
    kind: fc.constantFrom(...cases),
    withReason: fc.boolean(),
    factorPick: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
    vat: fc.boolean(),
    installment: fc.boolean(),
    credit: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
    lawyer: fc.boolean(),
  })
  .map((r) => {
    const cap = capHundredths(r.kind, r.date, r.withReason);
    const factor = r.factorPick === undefined ? undefined : 50 + (r.factorPick % (cap - 50 + 1));
    const input: CollectionCostsInput = {
      claim: eurCents(r.claim),
      mandateDate: r.date,
      case: r.kind,
      ...(factor !== undefined ? { factor: centsToString(factor) } : {}),
      ...(r.withReason ? { factorReason: 'documented' } : {}),
      ...(r.vat ? { creditorCanDeductVat: false } : {}),
      ...(r.installment ? { installmentAgreement: true } : {}),
      ...(r.credit !== undefined ? { flatFeeCredit: eurCents(r.credit) } : {}),
      ...(r.lawyer ? { alreadyChargedByLawyer: true } : {}),
    };
    return { ...r, cap, factor, input };
  });

describe('§ 13e RDG cap: collection costs never exceed it', () => {
  it('total ≤ result.cap ≤ collectionCostsCap(...) for the same options; total ≥ 0 and final; items add up', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const r = computeCollectionCosts(c.input);
        expect(compare(r.total, r.cap)).toBeLessThanOrEqual(0);
        expect(r.total.amount.isNegative() && !r.total.amount.isZero()).toBe(false);
        expect(r.total.amount.decimalPlaces()).toBeLessThanOrEqual(2);
        expect(toAmountString(sum(r.items.map((i) => i.amount), 'EUR'))).toBe(toAmountString(r.total));
        const guard = collectionCostsCap(c.input.claim, c.input.mandateDate, {
          case: c.kind,
          withReason: c.withReason,
          ...(c.vat ? { creditorCanDeductVat: false } : {}),
          ...(c.installment ? { installmentAgreement: true } : {}),
          ...(c.input.flatFeeCredit !== undefined ? { flatFeeCredit: c.input.flatFeeCredit } : {}),
          ...(c.lawyer ? { alreadyChargedByLawyer: true } : {}),
        });
        expect(toAmountString(guard)).toBe(toAmountString(r.cap));
        // The absolute ceiling: contested with a reason, VAT, installment agreement, no credit.
        const ceiling = collectionCostsCap(c.input.claim, c.input.mandateDate, {
          case: 'contested',
          withReason: true,
          creditorCanDeductVat: false,
          installmentAgreement: true,
        });
        expect(compare(r.total, ceiling)).toBeLessThanOrEqual(0);
        // Nr. 7002 never above 20 EUR.
        for (const i of r.items) if (i.code === 'Nr. 7002 VV RVG') expect(i.amount.amount.lessThanOrEqualTo(20)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('any rate above the case cap is refused with factor_above_cap (field factor)', () => {
    fc.assert(
      fc.property(claimCents, fc.constantFrom(...mandateDates), fc.constantFrom(...cases), fc.boolean(), fc.integer({ min: 1, max: 200 }), (claim, date, kind, withReason, over) => {
        const factor = capHundredths(kind, date, withReason) + over;
        let code: string | undefined;
        let field: string | undefined;
        try {
          computeCollectionCosts({
            claim: eurCents(claim),
            mandateDate: date,
            case: kind,
            factor: centsToString(factor),
            ...(withReason ? { factorReason: 'documented' } : {}),
          });
        } catch (e) {
          code = (e as { code?: string }).code;
          field = (e as { field?: string }).field;
        }
        expect(code).toBe('factor_above_cap');
        expect(field).toBe('factor');
      }),
      { numRuns: 200 },
    );
  });
});

describe('fees are monotone non-decreasing in the value', () => {
  const pair = fc.tuple(claimCents, claimCents).map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]));

  it('§ 13 RVG 1.0 fee, both tables', () => {
    fc.assert(
      fc.property(pair, fc.constantFrom(...rvgTables), ([a, b], table) => {
        expect(compare(rvgFee(eurCents(a), table), rvgFee(eurCents(b), table))).toBeLessThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('§ 34 GKG 1.0 fee and the KV 1100 court fee, both tables', () => {
    fc.assert(
      fc.property(pair, fc.constantFrom(...gkgTables), ([a, b], table) => {
        expect(compare(gkgFee(eurCents(a), table), gkgFee(eurCents(b), table))).toBeLessThanOrEqual(0);
        const date = table.validFrom;
        expect(compare(courtDunningFee({ value: eurCents(a), date }).amount, courtDunningFee({ value: eurCents(b), date }).amount)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('collection costs for fixed case and options (including the 50 EUR step of § 13 Abs. 2 RVG)', () => {
    fc.assert(
      fc.property(pair, fc.constantFrom(...mandateDates), fc.constantFrom(...cases), fc.boolean(), fc.boolean(), ([a, b], date, kind, vat, installment) => {
        const at = (cents: number) =>
          computeCollectionCosts({
            claim: eurCents(cents),
            mandateDate: date,
            case: kind,
            ...(vat ? { creditorCanDeductVat: false } : {}),
            ...(installment ? { installmentAgreement: true } : {}),
          }).total;
        expect(compare(at(a), at(b))).toBeLessThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('around every table threshold: fee(t) ≤ fee(t + 0.01), and the step adds exactly one increment', () => {
    for (const table of [...rvgTables, ...gkgTables]) {
      const thresholds = [table.baseUpTo, ...table.steps.flatMap((s) => (s.upTo === null ? [] : [s.upTo]))];
      table.steps.forEach((step, i) => {
        const t = thresholds[i]!;
        const below = table.law === 'RVG' ? rvgFee(money(t, 'EUR'), table as (typeof rvgTables)[number]) : gkgFee(money(t, 'EUR'), table as (typeof gkgTables)[number]);
        const aboveValue = money(t, 'EUR').amount.plus('0.01');
        const above =
          table.law === 'RVG' ? rvgFee(money(aboveValue, 'EUR'), table as (typeof rvgTables)[number]) : gkgFee(money(aboveValue, 'EUR'), table as (typeof gkgTables)[number]);
        expect(above.amount.minus(below.amount).toString(), `${table.id} at ${t}`).toBe(money(step.add, 'EUR').amount.toString());
      });
    }
  });
});

describe('stepTableFee: the prepared step sums give the step rule computed step by step', () => {
  /** § 13 Abs. 1 RVG / § 34 Abs. 1 GKG as written: the base fee, plus for every step the started blocks of value inside it times its increase. */
  function byTheSteps(value: Decimal, table: StepFeeTable): string {
    let fee = new Decimal(table.baseFee);
    let lower = new Decimal(table.baseUpTo);
    for (const step of table.steps) {
      if (value.lessThanOrEqualTo(lower)) break;
      const upper = step.upTo === null ? null : new Decimal(step.upTo);
      const top = upper === null || value.lessThan(upper) ? value : upper;
      fee = fee.plus(top.minus(lower).dividedBy(step.per).ceil().times(step.add));
      if (upper === null) break;
      lower = upper;
    }
    return fee.toFixed(2);
  }
  const tables: readonly StepFeeTable[] = [...rvgTables, ...gkgTables];
  // Values on and next to every step boundary, and anywhere up to 2,000,000 EUR.
  const boundaries = tables.flatMap((t) => [t.baseUpTo, ...t.steps.flatMap((s) => (s.upTo === null ? [] : [s.upTo]))]).map((b) => Math.round(Number(b) * 100));
  const cents = fc.oneof(fc.constantFrom(...boundaries).chain((b) => fc.integer({ min: Math.max(0, b - 2), max: b + 2 })), claimCents, fc.constant(0));

  it('equals the step-by-step sum for every table, on and around every step boundary', () => {
    fc.assert(
      fc.property(fc.constantFrom(...tables), cents, (table, c) => {
        const value = eurCents(c);
        expect(toAmountString(stepTableFee(value, table))).toBe(byTheSteps(value.amount, table));
      }),
      { numRuns: 2000 },
    );
  });

  it('follows a table whose figures are changed after it was first used', () => {
    const table = { ...rvgTables[2], steps: rvgTables[2]!.steps.map((s) => ({ ...s })) } as StepFeeTable & { steps: { upTo: string | null; per: string; add: string }[] };
    const value = eurCents(123_456);
    expect(toAmountString(stepTableFee(value, table))).toBe(byTheSteps(value.amount, table));
    table.steps[1]!.add = '99';
    expect(toAmountString(stepTableFee(value, table))).toBe(byTheSteps(value.amount, table));
  });
});
