import { dayInWords, formatMoney, isZero, statementLineText, type Statement } from '@mahnwerk/core';
import type { LetterStatement } from './document.js';

const texts = {
  de: {
    title: (asOf: string) => `Forderungsaufstellung (Stand ${asOf})`,
    interest: (from: string, to: string, days: number, rate: string, on: string | null) =>
      `Zinsen ${from} bis ${to}: ${days} ${days === 1 ? 'Tag' : 'Tage'} zu ${rate.replace('.', ',')} % p. a.${on === null ? '' : ` aus ${on}`}`,
    on: (label: string, date: string) => `${label} vom ${date}`,
    principal: 'Hauptforderung',
    interestTotal: 'Zinsen',
    costs: 'Kosten',
    total: 'Gesamtbetrag',
  },
  en: {
    title: (asOf: string) => `Statement of account (as of ${asOf})`,
    interest: (from: string, to: string, days: number, rate: string, on: string | null) =>
      `Interest ${from} to ${to}: ${days} ${days === 1 ? 'day' : 'days'} at ${rate} % p.a.${on === null ? '' : ` on ${on}`}`,
    on: (label: string, date: string) => `${label} of ${date}`,
    principal: 'Principal',
    interestTotal: 'Interest',
    costs: 'Costs',
    total: 'Total',
  },
} as const;

/**
 * The itemized statement of a claim (from the core ledger) as the letter's table: one row per
 * statement line with its legal basis — interest periods with dates, days, rate and the principal
 * they run on — and the sums principal, interest (when any), costs (when any) and total. Labels
 * and bases are worded in the letter's language by core's `statementLineText`.
 *
 * @param statement - the claim's statement on the letter date
 * @param locale - `de` or `en`
 */
export function statementTable(statement: Statement, locale: 'de' | 'en'): LetterStatement {
  const t = texts[locale];
  const tag = locale === 'de' ? 'de-DE' : 'en';
  // Days as the letter's language writes them: 18.03.2025 / 18 March 2025.
  const day = (d: string) => dayInWords(d, locale);
  return {
    title: t.title(day(statement.asOf)),
    rows: statement.lines.map((line) => {
      // Label and basis in the letter's language (core's one wording of statement lines; German as stored).
      const words = statementLineText(line, locale);
      const description =
        line.part === 'interest' && line.to !== undefined && line.days !== undefined && line.ratePercent !== undefined
          ? t.interest(day(line.date), day(line.to), line.days, line.ratePercent, line.onPrincipal === undefined ? null : formatMoney(line.onPrincipal, tag))
          : t.on(words.label, day(line.date));
      return { description, ...(words.basis === '' ? {} : { basis: words.basis }), amount: line.amount };
    }),
    totals: [
      { label: t.principal, amount: statement.principal },
      ...(isZero(statement.interest) ? [] : [{ label: t.interestTotal, amount: statement.interest }]),
      ...(isZero(statement.costs) ? [] : [{ label: t.costs, amount: statement.costs }]),
      { label: t.total, amount: statement.total },
    ],
  };
}
