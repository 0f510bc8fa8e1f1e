import { isValidCreditorReference, money, paymentCreditorReference, type Statement, type StatementLine } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { renderMessage } from '../src/index.js';
import { letterData } from './fixtures.js';

const NBSP = '\u00a0';

/*
 * A claim paid down in parts (the demo's RE-00035 on 2025-06-22, figures checked by hand): after the
 * payment of 2025-06-16 the principal left is 1.10 EUR. Default interest on it for
 * 2025-06-16..2025-06-22 (7 days, base rate 2.27 % + 5 points = 7.27 %, § 288 Abs. 1 BGB):
 * 1.10 × 7.27 % × 7 / 365 = 0.00153… → 0.00 EUR. The ledger lists that period like every other
 * one (its label carries ISO dates for machines: `Verzugszinsen 2025-06-16–2025-06-22`).
 */
const zeroPeriod: StatementLine = {
  part: 'interest',
  label: 'Verzugszinsen 2025-06-16–2025-06-22',
  amount: money('0.00'),
  basis: '§ 288 Abs. 1 BGB',
  date: '2025-06-16',
  to: '2025-06-22',
  days: 7,
  ratePercent: '7.27',
  onPrincipal: money('1.10'),
};

const paidDown: Statement = {
  claimId: 'RE-00035',
  asOf: '2025-06-22',
  currency: 'EUR',
  principal: money('1.10'),
  interest: money('0.00'),
  costs: money('0.00'),
  total: money('1.10'),
  interestAccrued: money('0.00'),
  unapplied: money('0'),
  lines: [{ part: 'principal', label: 'Hauptforderung', amount: money('1.10'), basis: 'Rechnung RE-00035', date: '2025-02-02' }, zeroPeriod],
  unconfirmed: [],
};

describe('an interest period that rounds to 0,00 € (§ 367 BGB statement: the periods run without a gap)', () => {
  // The letter PDF (channel-letter) lists such a period with German dates, days, rate and basis;
  // text and HTML list it the same way, never with the ledger's ISO label.
  it('is listed like every other period — de text and html', () => {
    const { text, html } = renderMessage('final-notice', 'letter', letterData({ stage: 'final-notice', statement: paidDown }));
    expect(text).toContain(`- Zinsen 16.06.2025 bis 22.06.2025: 7 Tage zu 7,27${NBSP}% p.${NBSP}a. aus 1,10${NBSP}€ (§ 288 Abs. 1 BGB): 0,00${NBSP}€`);
    expect(html).toContain(`<td>Zinsen 16.06.2025 bis 22.06.2025: 7 Tage zu 7,27${NBSP}% p.&nbsp;a. aus 1,10${NBSP}€</td><td>§ 288 Abs. 1 BGB</td><td class="amount">0,00${NBSP}€</td>`);
    for (const out of [text, html]) {
      expect(out).not.toContain('Verzugszinsen 2025-06-16');
      expect(out).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
  });

  // The PDF's totals (the letter-statement partial's sums, which channel-letter prints from the
  // message's letterStatement) list interest and costs only when their sum is not zero; here the only
  // interest line is the 0,00 € period, so interest owed is 0.00. Text and html agree with the PDF.
  it('the totals leave out "Zinsen: 0,00 €" when no interest is owed, as the PDF does — text and html', () => {
    const { text, html } = renderMessage('final-notice', 'letter', letterData({ stage: 'final-notice', statement: paidDown }));
    expect(text).toContain(`Hauptforderung: 1,10${NBSP}€\nGesamtbetrag: 1,10${NBSP}€`);
    expect(text).not.toContain('Zinsen: ');
    expect(html).not.toContain('<tr><td colspan="2">Zinsen</td>');
    expect(html).not.toContain('<tr><td colspan="2">Kosten</td>');
  });

  it('is listed like every other period — en text', () => {
    const { text } = renderMessage('final-notice', 'letter', letterData({ locale: 'en', stage: 'final-notice', statement: paidDown }));
    expect(text).toContain('- Interest 16 June 2025 to 22 June 2025: 7 days at 7.27% p.a. on €1.10 (§ 288 Abs. 1 BGB): €0.00');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});

/*
 * Cost lines as the ledger writes them (with their fee `code`; the demo's RE-00093): Mahnkosten of
 * 1.00 EUR on 2025-02-28 (§§ 280 Abs. 1, 2, 286 BGB), and after handover on 2025-03-17 the business
 * fee Nr. 2300 VV RVG at 0.9 of the 1.0 fee 49.00 EUR = 44.10 EUR and the expenses Nr. 7002 VV RVG,
 * 20 % of 44.10 = 8.82 EUR. Costs 1.00 + 44.10 + 8.82 = 53.92; total 211.87 + 53.92 = 265.79.
 */
const withFees: Statement = {
  claimId: 'RE-00093',
  asOf: '2025-03-17',
  currency: 'EUR',
  principal: money('211.87'),
  interest: money('0.00'),
  costs: money('53.92'),
  total: money('265.79'),
  interestAccrued: money('0.00'),
  unapplied: money('0'),
  lines: [
    { part: 'principal', label: 'Hauptforderung', amount: money('211.87'), basis: 'Rechnung RE-00093', date: '2025-01-03' },
    { part: 'costs', label: 'Mahnkosten (Porto und Material)', amount: money('1.00'), basis: '§§ 280 Abs. 1, 2, 286 BGB', date: '2025-02-28', code: 'Mahnkosten' },
    {
      part: 'costs',
      label: 'Geschäftsgebühr Nr. 2300 VV RVG',
      amount: money('44.10'),
      basis: 'Nr. 2300 VV RVG Anm. (2) S. 1, 3, § 13 Abs. 1 RVG, § 13e Abs. 1 RDG',
      date: '2025-03-17',
      code: 'Nr. 2300 VV RVG',
      factor: '0.9',
      baseFee: money('49.00'),
    },
    { part: 'costs', label: 'Auslagenpauschale Nr. 7002 VV RVG', amount: money('8.82'), basis: 'Nr. 7002 VV RVG', date: '2025-03-17', code: 'Nr. 7002 VV RVG' },
  ],
  unconfirmed: [],
};

describe('every cost line shows its legal basis (house rule: every amount carries its reason), as the PDF does', () => {
  it('Mahnkosten and fee lines with a fee code — de text', () => {
    const { text } = renderMessage('final-notice', 'letter', letterData({ stage: 'final-notice', statement: withFees }));
    expect(text).toContain(`- Mahnkosten (Porto und Material) vom 28.02.2025 (§§ 280 Abs. 1, 2, 286 BGB): 1,00${NBSP}€`);
    expect(text).toContain(
      `- Geschäftsgebühr Nr. 2300 VV RVG vom 17.03.2025 (Nr. 2300 VV RVG Anm. (2) S. 1, 3, § 13 Abs. 1 RVG, § 13e Abs. 1 RDG): 0,9 × 49,00${NBSP}€ = 44,10${NBSP}€`,
    );
    // The label already names the whole basis: it is not printed twice.
    expect(text).toContain(`- Auslagenpauschale Nr. 7002 VV RVG vom 17.03.2025: 8,82${NBSP}€`);
  });

  it('Mahnkosten and fee lines with a fee code — de html (basis column, as in the PDF table)', () => {
    const { html } = renderMessage('final-notice', 'letter', letterData({ stage: 'final-notice', statement: withFees }));
    expect(html).toContain(`<td>Mahnkosten (Porto und Material) vom 28.02.2025</td><td>§§ 280 Abs. 1, 2, 286 BGB</td><td class="amount">1,00${NBSP}€</td>`);
    expect(html).toContain(`<td>Nr. 2300 VV RVG Anm. (2) S. 1, 3, § 13 Abs. 1 RVG, § 13e Abs. 1 RDG</td><td class="amount">44,10${NBSP}€</td>`);
    expect(html).toContain(`<td>Auslagenpauschale Nr. 7002 VV RVG vom 17.03.2025</td><td>Nr. 7002 VV RVG</td><td class="amount">8,82${NBSP}€</td>`);
  });

  it('Mahnkosten with a fee code — en text and html, worded in English (core statementLineText; the German label here was the bug of English letters printing German labels)', () => {
    const { text, html } = renderMessage('final-notice', 'letter', letterData({ locale: 'en', stage: 'final-notice', statement: withFees }));
    expect(text).toContain('- Dunning costs (postage and materials) of 28 February 2025 (§§ 280 Abs. 1, 2, 286 BGB): €1.00');
    expect(html).toContain('<td>§§ 280 Abs. 1, 2, 286 BGB</td><td class="amount">€1.00</td>');
  });
});

describe('the remittance reference (Verwendungszweck) is the one the PDF prints and its GiroCode carries', () => {
  // The letter PDF prints and encodes paymentCreditorReference(reference) (channel-letter), and the
  // SEPA payment matching ties a credit to its claim first by that creditor reference (ISO 11649).
  // RF check digits of RE-2025-004711 by hand: "RE2025004711" + "RF00", letters as numbers (R=27,
  // E=14, F=15) → 27142025004711271500 mod 97 = 79; 98 − 79 = 19 → RF19 RE20 2500 4711.
  it('text and html of a letter quote RF19 RE20 2500 4711 for RE-2025-004711 — de', () => {
    const { text, html } = renderMessage('dunning-notice', 'letter', letterData());
    expect(paymentCreditorReference('RE-2025-004711')).toBe('RF19RE2025004711');
    expect(text).toContain('Verwendungszweck (bitte unverändert angeben): RF19 RE20 2500 4711\n');
    expect(html).toContain('Verwendungszweck (bitte unverändert angeben): RF19 RE20 2500 4711</p>');
    expect(text).not.toContain('Verwendungszweck: RE-2025-004711');
  });

  it('en: "Payment reference (please quote unchanged): RF19 RE20 2500 4711"', () => {
    const { text, html } = renderMessage('reminder', 'email', letterData({ locale: 'en' }));
    expect(text).toContain('Payment reference (please quote unchanged): RF19 RE20 2500 4711\n');
    expect(html).toContain('Payment reference (please quote unchanged): RF19 RE20 2500 4711</p>');
  });

  it('a reference that already is an RF is quoted as it is; one that cannot become an RF is quoted as written', () => {
    const base = letterData();
    const rf = renderMessage('reminder', 'letter', { ...base, claim: { ...base.claim, reference: 'RF18 5390 0754 7034' } });
    expect(isValidCreditorReference('RF18 5390 0754 7034')).toBe(true);
    expect(rf.text).toContain('Verwendungszweck (bitte unverändert angeben): RF18 5390 0754 7034\n');
    // '#' is no character of a creditor reference: the PDF would refuse it, the portal shows it as text.
    const plain = renderMessage('reminder', 'letter', { ...base, claim: { ...base.claim, reference: 'Rechnung #4711' } });
    expect(plain.text).toContain('Verwendungszweck (bitte unverändert angeben): Rechnung #4711\n');
  });
});
