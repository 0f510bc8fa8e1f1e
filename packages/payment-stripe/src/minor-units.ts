import { currency as lookupCurrency, Dec, MahnwerkError, parseMoney, toAmountString, money } from '@mahnwerk/core';

/**
 * A decimal amount in Stripe's smallest currency unit (cents for EUR), exactly: `"19.99"` → 1999,
 * never through a float (`19.99 * 100` is 1998.9999…).
 *
 * @param amount - decimal string, e.g. `"1011.75"`
 * @param currencyCode - ISO 4217 code
 * @returns the integer amount in minor units
 * @throws MoneyError for more decimals than the currency has, or an amount that is not a decimal string
 */
export function toMinorUnits(amount: string, currencyCode: string): number {
  const value = parseMoney(amount, { currency: currencyCode.toUpperCase() });
  const minor = value.amount.times(new Dec(10).pow(lookupCurrency(currencyCode.toUpperCase()).minorUnit));
  if (!minor.isInteger() || minor.greaterThan(Number.MAX_SAFE_INTEGER)) {
    throw new MahnwerkError('invalid_money', `amount: ${amount} ${currencyCode} cannot be given to Stripe as a whole number of minor units.`, { field: 'amount' });
  }
  return minor.toNumber();
}

/**
 * Stripe's integer minor units as a decimal string with the currency's digits: 1999 EUR → `"19.99"`.
 *
 * @param units - integer minor units from a Stripe object
 * @param currencyCode - ISO 4217 code (any case)
 * @returns the decimal string
 */
export function fromMinorUnits(units: number, currencyCode: string): string {
  const code = currencyCode.toUpperCase();
  if (!Number.isSafeInteger(units)) {
    throw new MahnwerkError('invalid_money', `amount: ${String(units)} is not a whole number of ${code} minor units.`, { field: 'amount' });
  }
  return toAmountString(money(new Dec(units).div(new Dec(10).pow(lookupCurrency(code).minorUnit)), code));
}
