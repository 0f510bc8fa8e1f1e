import { money, type Statement, type StatementLine } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { renderMessage } from '../src/index.js';
import { dunningFeeLine, handoverData, interestLines, letterData, principalLine, statement } from './fixtures.js';

const NBSP = '\u00a0';

/*
 * § 288 Abs. 1 BGB interest periods as letters, e-mails and the § 13a Abs. 1 Nr. 3 RDG interest
 * calculation print them. The fixture's first period (2025-11-18…2025-12-31, 44 days, 9.33) and a
 * period of ONE day, 2026-01-01: 1234.56 × 6.27 % × 1 / 365 = 0.21207… → 0.21 (HALF_UP).
 * Interest 9.33 + 0.21 = 9.54; total 1234.56 + 9.54 + 1.50 = 1245.60 (as of 2026-01-01).
 */
const oneDay: StatementLine = {
  part: 'interest',
  label: 'Verzugszinsen 2026-01-01–2026-01-01',
  amount: money('0.21'),
  basis: '§ 288 Abs. 1 BGB',
  date: '2026-01-01',
  to: '2026-01-01',
  days: 1,
  ratePercent: '6.27',
  onPrincipal: money('1234.56'),
};
const oneDayStatement: Statement = {
  ...statement,
  asOf: '2026-01-01',
  interest: money('9.54'),
  interestAccrued: money('9.54'),
  total: money('1245.60'),
  lines: [principalLine, interestLines[0] as StatementLine, dunningFeeLine, oneDay],
};
const handoverOneDay: Statement = { ...oneDayStatement, total: money('1245.60') };

describe('an interest period of one day reads "am 06.03.2025" / "on 6 March 2025", never "06.03.2025 bis 06.03.2025" (§ 288 Abs. 1 BGB, § 13a Abs. 1 Nr. 3 RDG)', () => {
  const de = (channel: 'letter' | 'email') => renderMessage('dunning-notice', channel, letterData({ letterDate: '2026-01-01', statement: oneDayStatement }));
  const en = (channel: 'letter' | 'email') => renderMessage('dunning-notice', channel, letterData({ locale: 'en', letterDate: '2026-01-01', statement: oneDayStatement }));

  it('German: the letter table, the e-mail text and the HTML table', () => {
    const rows = de('letter').letterStatement?.rows.map((r) => r.description) ?? [];
    expect(rows).toContain(`Zinsen am 01.01.2026: 1 Tag zu 6,27${NBSP}% p.${NBSP}a. aus 1.234,56${NBSP}€`);
    // A period of several days keeps "bis".
    expect(rows).toContain(`Zinsen 18.11.2025 bis 31.12.2025: 44 Tage zu 6,27${NBSP}% p.${NBSP}a. aus 1.234,56${NBSP}€`);
    const mail = de('email');
    expect(mail.text).toContain(`- Zinsen am 01.01.2026: 1 Tag zu 6,27${NBSP}% p.${NBSP}a. aus 1.234,56${NBSP}€ (§ 288 Abs. 1 BGB): 0,21${NBSP}€`);
    expect(mail.html).toContain('Zinsen am 01.01.2026: 1 Tag zu');
    for (const text of [mail.text, mail.html ?? '', ...rows]) expect(text).not.toContain('01.01.2026 bis 01.01.2026');
  });

  it('English: "on 1 January 2026"', () => {
    const rows = en('letter').letterStatement?.rows.map((r) => r.description) ?? [];
    expect(rows).toContain('Interest on 1 January 2026: 1 day at 6.27% p.a. on €1,234.56');
    expect(rows).toContain('Interest 18 November 2025 to 31 December 2025: 44 days at 6.27% p.a. on €1,234.56');
    const mail = en('email');
    expect(mail.text).toContain('- Interest on 1 January 2026: 1 day at 6.27% p.a. on €1,234.56 (§ 288 Abs. 1 BGB): €0.21');
    expect(mail.html).toContain('Interest on 1 January 2026: 1 day at');
    for (const text of [mail.text, mail.html ?? '', ...rows]) expect(text).not.toContain('1 January 2026 to 1 January 2026');
  });

  it('the § 13a Abs. 1 Nr. 3 RDG interest calculation of the agency letter: "am …" / "on …", several days "vom … bis …" / "from … to …"', () => {
    const deMail = renderMessage('handover-inkasso', 'email', handoverData({ letterDate: '2026-01-01', statement: handoverOneDay }));
    expect(deMail.text).toContain(`- 1.234,56${NBSP}€ × 6,27${NBSP}% p.${NBSP}a. am 01.01.2026 (1 Tag) = 0,21${NBSP}€ (§ 288 Abs. 1 BGB)`);
    expect(deMail.text).toContain(`- 1.234,56${NBSP}€ × 6,27${NBSP}% p.${NBSP}a. vom 18.11.2025 bis 31.12.2025 (44 Tage) = 9,33${NBSP}€`);
    expect(deMail.html).toContain('p.&nbsp;a. am 01.01.2026 (1 Tag)');
    const enMail = renderMessage('handover-inkasso', 'email', handoverData({ locale: 'en', letterDate: '2026-01-01', statement: handoverOneDay }));
    expect(enMail.text).toContain('- €1,234.56 × 6.27% p.a. on 1 January 2026 (1 day) = €0.21 (§ 288 Abs. 1 BGB)');
    expect(enMail.text).toContain('- €1,234.56 × 6.27% p.a. from 18 November 2025 to 31 December 2025 (44 days) = €9.33');
    expect(enMail.html).toContain('p.a. on 1 January 2026 (1 day)');
  });
});

describe('what must not break in the printed statement table is glued with a no-break space: "p. a.", "€" after amounts, "§ 288", "Abs. 1"', () => {
  // The letter PDF wraps the description and basis columns (RE-00080 of the demo printed "p." and "a." on two lines).
  const table = renderMessage('dunning-notice', 'letter', letterData()).letterStatement;
  const cells = (table?.rows ?? []).flatMap((r) => [r.description, r.basis ?? '', r.amount]);

  it('p. a. and the amounts and rates in the descriptions', () => {
    expect(table?.rows[1]?.description).toBe(`Zinsen 18.11.2025 bis 31.12.2025: 44 Tage zu 6,27${NBSP}% p.${NBSP}a. aus 1.234,56${NBSP}€`);
    for (const cell of cells) {
      expect(cell).not.toMatch(/p\. a\./u);
      expect(cell).not.toMatch(/\d [€%]/u);
    }
  });

  it('§ and its number, Abs./Nr. and theirs, in the basis column: "§ 288 Abs. 1 BGB", "§§ 280 Abs. 1, 2, 286 BGB"', () => {
    expect(table?.rows.map((r) => r.basis)).toEqual([`§${NBSP}433 Abs.${NBSP}2 BGB`, `§${NBSP}288 Abs.${NBSP}1 BGB`, `§${NBSP}288 Abs.${NBSP}1 BGB`, `§§${NBSP}280 Abs.${NBSP}1, 2, 286 BGB`]);
    for (const cell of cells) expect(cell).not.toMatch(/(§|Abs\.|Nr\.) \d/u);
  });
});
