import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  collectionCostsCap,
  computeCollectionCosts,
  courtDunningFee,
  feeAtRate,
  gkgTables,
  money,
  rvgTables,
  stepTableFee,
  toAmountString,
  type CollectionCase,
  type CollectionCostsInput,
  type StepFeeTable,
} from '../../src/index.js';
import {
  decimalCollectionCostsCap,
  decimalComputeCollectionCosts,
  decimalCourtDunningFee,
  decimalFeeAtRate,
  decimalStepTableFee,
} from '../oracle/fees-decimal.js';
import { courtDunningFeeFigures } from '../../src/law/de/court-fee.js';

// The step tables, fees at a rate, collection costs and the court fee in scaled integers give the
// figures of the decimal.js arithmetic they replaced (test/oracle/fees-decimal.ts), for values over
// the whole range of the tables — every step, the open last step, values with more decimals than
// cents — and for every option of computeCollectionCosts. Issue 7 point 5.

/** Integer digits and a count of decimals → "12.34" (exact, no float division). */
function decimalText(digits: bigint, decimals: number): string {
  const text = digits.toString().padStart(decimals + 1, '0');
  return decimals === 0 ? text : `${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
}

/** Values from 0 to beyond the last closed step (500,000 EUR) up to 10^12 EUR, in cents or with up to 6 decimals. */
const valueText = fc.oneof(
  fc.bigInt({ min: 0n, max: 100_000_000n }).map((c) => decimalText(c, 2)),
  fc.bigInt({ min: 0n, max: 100_000_000_000_000n }).map((c) => decimalText(c, 2)),
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 6 })).map(([d, n]) => decimalText(d, n)),
);

/** A value on or next to a step boundary of a table (the exact boundary, one cent or one ten-thousandth off). */
function boundaryTexts(table: StepFeeTable): string[] {
  const out: string[] = [];
  for (const b of [table.baseUpTo, ...table.steps.map((s) => s.upTo).filter((u): u is string => u !== null)]) {
    const cents = BigInt(b) * 100n;
    out.push(decimalText(cents, 2), decimalText(cents + 1n, 2), decimalText(cents - 1n, 2), decimalText(cents * 100n + 1n, 4), decimalText(cents * 100n - 1n, 4));
  }
  return out;
}

const tables: readonly StepFeeTable[] = [...rvgTables, ...gkgTables];

/** The figures of a result as text: amounts and rates compared as exact decimals, not as objects. */
const figures = (x: unknown): string => JSON.stringify(x, (_k, v: unknown) => (typeof v === 'object' && v !== null && 'd' in v && 'e' in v ? `dec:${String(v)}` : v));

describe('fees in scaled integers equal the decimal.js arithmetic (issue 7 point 5)', () => {
  it('stepTableFee: every table, random values of the whole range and every step boundary', () => {
    for (const table of tables) for (const text of boundaryTexts(table)) expect(stepTableFee(money(text), table).amount.toString(), `${table.id} ${text}`).toBe(decimalStepTableFee(money(text), table).amount.toString());
    fc.assert(
      fc.property(valueText, fc.constantFrom(...tables), (text, table) => {
        expect(stepTableFee(money(text), table).amount.toString()).toBe(decimalStepTableFee(money(text), table).amount.toString());
      }),
      { numRuns: 3000 },
    );
  });

  it('stepTableFee: a table with figures of more decimals than cents', () => {
    const odd: StepFeeTable = { ...(rvgTables[2] as StepFeeTable), id: 'odd', baseFee: '51.505', steps: [{ upTo: '1000.5', per: '333.333', add: '10.0001' }, { upTo: null, per: '7', add: '0.5' }] };
    fc.assert(
      fc.property(valueText, (text) => {
        expect(stepTableFee(money(text), odd).amount.toString()).toBe(decimalStepTableFee(money(text), odd).amount.toString());
      }),
      { numRuns: 1000 },
    );
  });

  it('feeAtRate: random 1.0 fees and rates, rounded half up, never below the minimum', () => {
    fc.assert(
      fc.property(valueText, fc.tuple(fc.bigInt({ min: 0n, max: 30_000n }), fc.integer({ min: 0, max: 4 })), fc.constantFrom(...tables), (base, [f, n], table) => {
        const factor = decimalText(f, n);
        expect(feeAtRate(money(base), factor, table).amount.toString()).toBe(decimalFeeAtRate(money(base), factor, table).amount.toString());
      }),
      { numRuns: 3000 },
    );
  });

  it('courtDunningFee: random values and application days', () => {
    const days = ['2013-08-01', '2020-12-31', '2021-01-01', '2025-05-31', '2025-06-01', '2026-07-15'];
    fc.assert(
      fc.property(valueText, fc.constantFrom(...days), (text, date) => {
        fc.pre(text.replace(/[0.]/g, '') !== '');
        const oracle = decimalCourtDunningFee({ value: money(text), date });
        expect(figures(courtDunningFee({ value: money(text), date }))).toBe(figures(oracle));
        // What the engine writes into the fee event, without Money in between.
        const f = courtDunningFeeFigures({ value: money(text), date });
        expect([f.amountText, f.factorText, f.code]).toEqual([toAmountString(oracle.amount), oracle.factor.toString(), oracle.code]);
      }),
      { numRuns: 2000 },
    );
  });

  it('computeCollectionCosts and collectionCostsCap: random claims and every option', () => {
    const dates = ['2013-08-01', '2020-12-31', '2021-01-01', '2021-09-30', '2021-10-01', '2025-05-31', '2025-06-01', '2026-03-01'];
    const cases: readonly CollectionCase[] = ['simple', 'uncontested', 'contested'];
    const input = fc.record(
      {
        claim: valueText,
        mandateDate: fc.constantFrom(...dates),
        case: fc.constantFrom(...cases),
        factor: fc.constantFrom('0.5', '0.7', '0.9', '1.0', '1.25', '1.3', '2.5'),
        factorReason: fc.constant('extensive work'),
        creditorCanDeductVat: fc.boolean(),
        vatRatePercent: fc.constantFrom('19', '7', '16', '7.5'),
        installmentAgreement: fc.boolean(),
        flatFeeCredit: fc.oneof(fc.constantFrom('40.00', '0', '12.345'), fc.bigInt({ min: 0n, max: 100_000n }).map((c) => decimalText(c, 2))),
        alreadyChargedByLawyer: fc.boolean(),
        lawyerInCourtProceedings: fc.boolean(),
        courtValue: valueText,
        lawyerHiredAfterDispute: fc.boolean(),
      },
      { requiredKeys: ['claim', 'mandateDate', 'case'] },
    );
    const outcome = (f: () => unknown): string => {
      try {
        return figures(f());
      } catch (e) {
        return `throws ${(e as Error).constructor.name}: ${(e as Error).message}`;
      }
    };
    fc.assert(
      fc.property(input, (raw) => {
        const { claim, flatFeeCredit, courtValue, ...rest } = raw;
        const i: CollectionCostsInput = {
          ...rest,
          claim: money(claim),
          ...(flatFeeCredit === undefined ? {} : { flatFeeCredit: money(flatFeeCredit) }),
          ...(courtValue === undefined ? {} : { courtValue: money(courtValue) }),
        };
        expect(outcome(() => computeCollectionCosts(i))).toBe(outcome(() => decimalComputeCollectionCosts(i)));
        const { claim: c, mandateDate, case: kind, factor: _f, factorReason, ...options } = i;
        const capOptions = { ...options, case: kind, withReason: factorReason !== undefined };
        expect(outcome(() => collectionCostsCap(c, mandateDate, capOptions))).toBe(outcome(() => decimalCollectionCostsCap(c, mandateDate, capOptions)));
      }),
      { numRuns: 3000 },
    );
  });
});
