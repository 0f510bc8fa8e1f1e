import { dayInWords, Dec, formatMoney, parseIsoDate, periodInWords, type DecimalInput, type IsoDate, type Money } from '@mahnwerk/core';
import type { Locale } from './types.js';

const NBSP = '\u00a0';

/**
 * Formats an amount for a message: `1.234,56 €` (`de`, via `formatMoney(…, 'de-DE')`, with a
 * no-break space before the sign) or `€1,234.56` (`en`). Rounded half up to the minor unit;
 * never goes through a JS number.
 *
 * @param amount - the amount
 * @param locale - `de` or `en`
 */
export function formatMoneyFor(amount: Money, locale: Locale): string {
  return formatMoney(amount, locale === 'de' ? 'de-DE' : 'en');
}

/**
 * Formats a calendar day: `24.11.2026` (`de`) or `24 November 2026` (`en`). Computed from the
 * `YYYY-MM-DD` string, never through a JS `Date`, so no time zone can shift it.
 *
 * @param date - the day, `YYYY-MM-DD`
 * @param locale - `de` or `en`
 * @throws DateError for anything that is not a calendar day
 */
export function formatDateFor(date: IsoDate, locale: Locale): string {
  // Core's words for a day, the ones its English statement labels use too.
  return dayInWords(parseIsoDate(date), locale);
}

/**
 * Formats an annual rate given in percent: `8,37 %` (`de`, no-break space before the sign) or
 * `8.37%` (`en`). At least two decimals; more only when the rate has them (`2.125` → `2,125 %`).
 *
 * @param ratePercent - the rate as a decimal string (`"8.37"`) or decimal.js value
 * @param locale - `de` or `en`
 */
export function formatPercentFor(ratePercent: DecimalInput, locale: Locale): string {
  const d = new Dec(ratePercent);
  const text = d.toFixed(Math.max(2, d.decimalPlaces()));
  return locale === 'de' ? `${text.replace('.', ',')}${NBSP}%` : `${text}%`;
}

/**
 * The days of an interest period in words: `08.03.2025 bis 08.04.2025` (`de`) / `8 March 2025 to
 * 8 April 2025` (`en`), or with `from` `vom 08.03.2025 bis 08.04.2025` / `from … to …`; a period of
 * one day is that day, `am 06.03.2025` / `on 6 March 2025`, never `06.03.2025 bis 06.03.2025`.
 * The `period` template helper (`{{period date to}}`, `{{period date to from=true}}`).
 *
 * @internal
 * @param first - the period's first day
 * @param last - its last day
 * @param locale - `de` or `en`
 * @param from - lead with `vom` / `from` (a period of one day reads `am` / `on` either way)
 */
export function formatPeriodFor(first: IsoDate, last: IsoDate, locale: Locale, from = false): string {
  // Core's one rule of a period's words (a period of one day is that day).
  return periodInWords(parseIsoDate(first), parseIsoDate(last), locale, from);
}
