/**
 * Type-level proof that money cannot be a JS number in the public API. Every line marked
 * `@ts-expect-error` MUST fail to compile; if one ever compiles, tsc reports the directive as
 * unused (TS2578). Checked by `tsc -p tsconfig.test.json` and by test/guards/no-number-money.test.ts.
 * This file is type-checked only, never run.
 */
import { add, allocate, allocatePayment, money, multiply, parseMoney, subtract, sum, type Money } from '../../src/index.js';

export function typeLevelChecks(m: Money): void {
  // Positive controls: decimal strings and Money values compile.
  money('12.50');
  add(m, money('5'));
  multiply(m, '1.5');

  // @ts-expect-error — money(12.5): a JS number is not an amount
  money(12.5);
  // @ts-expect-error — add(m, 5): only Money can be added to Money
  add(m, 5);
  // @ts-expect-error — subtract(m, 1)
  subtract(m, 1);
  // @ts-expect-error — sum of numbers
  sum([1, 2]);
  // @ts-expect-error — a factor is a decimal string or Decimal, not a float
  multiply(m, 1.5);
  // @ts-expect-error — ratios are decimals, not floats
  allocate(m, [1, 2]);
  // @ts-expect-error — parseMoney reads text, not numbers
  parseMoney(12.5);
  // @ts-expect-error — a Money literal with a number amount
  const fake: Money = { amount: 5, currency: 'EUR' };
  // @ts-expect-error — a payment given as a number
  allocatePayment({ payment: 500, date: '2025-03-01', claims: [] });
  void fake;
}
