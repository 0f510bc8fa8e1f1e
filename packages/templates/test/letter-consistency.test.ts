import { money, type Statement, type StatementLine } from '@mahnwerk/core';
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
    expect(text).toContain(`- Zinsen 16.06.2025 bis 22.06.2025: 7 Tage zu 7,27${NBSP}% p. a. aus 1,10${NBSP}€ (§ 288 Abs. 1 BGB): 0,00${NBSP}€`);
    expect(html).toContain(`<td>Zinsen 16.06.2025 bis 22.06.2025: 7 Tage zu 7,27${NBSP}% p.&nbsp;a. aus 1,10${NBSP}€</td><td>§ 288 Abs. 1 BGB</td><td class="amount">0,00${NBSP}€</td>`);
    for (const out of [text, html]) {
      expect(out).not.toContain('Verzugszinsen 2025-06-16');
      expect(out).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
  });

  it('is listed like every other period — en text', () => {
    const { text } = renderMessage('final-notice', 'letter', letterData({ locale: 'en', stage: 'final-notice', statement: paidDown }));
    expect(text).toContain('- Interest 16 June 2025 to 22 June 2025: 7 days at 7.27% p.a. on €1.10 (§ 288 Abs. 1 BGB): €0.00');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});
