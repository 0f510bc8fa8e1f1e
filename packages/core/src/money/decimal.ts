import { Decimal as DecimalJs } from 'decimal.js';

/**
 * mahnwerk's own decimal.js constructor: 40 significant digits and half-up rounding, independent
 * of any global `Decimal.set()` a host may call.
 */
export const Dec: DecimalJs.Constructor = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});

/** An exact decimal: a decimal.js value or a plain decimal string such as `"1234.56"`. Never a JS number. */
export type DecimalInput = DecimalJs | string;


/** An exact decimal value (a decimal.js instance), as used in rates and factors of results. */
export type Decimal = import('decimal.js').Decimal;
