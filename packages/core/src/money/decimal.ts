import { Decimal } from 'decimal.js';

/**
 * mahnwerk's own decimal.js constructor: 40 significant digits and half-up rounding, independent
 * of any global `Decimal.set()` a host may call.
 */
export const Dec: typeof Decimal = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});

/** An exact decimal: a decimal.js value or a plain decimal string such as `"1234.56"`. Never a JS number. */
export type DecimalInput = Decimal | string;

export { Decimal };
