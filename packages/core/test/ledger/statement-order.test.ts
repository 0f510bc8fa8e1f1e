import { describe, expect, it } from 'vitest';
import { allocateIncomingPayment, money, project, statement, toAmountString, type ClaimEvent, type Statement } from '../../src/index.js';
import { created, defaultBegan, fee } from './fixtures.js';

// § 288 Abs. 1 BGB with § 367 Abs. 1 BGB: default interest runs on the principal outstanding on each
// day, and a payment on day D lowers the principal from D on — so the interest period that begins on
// D runs on the principal AFTER D's payment. A statement read top to bottom (the letter's table, the
// portal, the CLI) must show that payment above the period whose base ("aus …") it made: lines in date
// order, and on one day the principal, costs, payments and credits before the periods beginning that day.

function pay(events: ClaimEvent[], paymentId: string, amount: string, date: string): void {
  events.push(allocateIncomingPayment(project(events), { paymentId, amount: money(amount), date }));
}

/** Each interest period's base next to the principal the lines above it leave (principal lines summed top to bottom). */
function basesAgainstLinesAbove(s: Statement): Array<[string, string, string]> {
  let principal = money('0');
  const out: Array<[string, string, string]> = [];
  for (const line of s.lines) {
    if (line.part === 'principal') principal = money(principal.amount.plus(line.amount.amount));
    if (line.part === 'interest' && line.onPrincipal !== undefined) out.push([line.date, toAmountString(line.onPrincipal), toAmountString(principal)]);
  }
  return out;
}

describe('statement lines read in date order: a period beginning on a payment day follows that payment (§ 288 Abs. 1, § 367 Abs. 1 BGB)', () => {
  // Consumer 1000.00 EUR, default from 2025-01-01 (base rate 2.27 % + 5 pp = 7.27 %), dunning fee 2.50 on 2025-01-15.
  // Payment 508.48 on 2025-01-31 meets costs 2.50, interest 1000 × 7.27 % × 30 / 365 = 5.9753… → 5.98, principal 500.00.
  // Periods: 01-01…01-30 on 1000.00 = 5.98; 01-31…02-09 on 500.00 = 500 × 0.0727 × 10 / 365 = 0.9958… → 1.00.
  const events = [created('1000.00'), defaultBegan('2025-01-01'), fee('2025-01-15', '2.50', 'creditor-dunning-fee')];
  pay(events, 'P1', '508.48', '2025-01-31');
  const s = statement(project(events), '2025-02-09');

  it('the lines, hand-checked: the payment of 01-31 stands above the period 01-31…02-09 on 500.00', () => {
    expect(s.lines.map((l) => [l.date, l.part, l.label, toAmountString(l.amount), l.onPrincipal === undefined ? '' : toAmountString(l.onPrincipal)])).toEqual([
      ['2024-12-01', 'principal', 'Hauptforderung', '1000.00', ''],
      ['2025-01-01', 'interest', 'Verzugszinsen 2025-01-01–2025-01-30', '5.98', '1000.00'],
      ['2025-01-15', 'costs', 'Mahnkosten (Porto und Material)', '2.50', ''],
      ['2025-01-31', 'costs', 'Zahlung auf Kosten', '-2.50', ''],
      ['2025-01-31', 'interest', 'Zahlung auf Zinsen', '-5.98', ''],
      ['2025-01-31', 'principal', 'Zahlung auf Hauptforderung', '-500.00', ''],
      ['2025-01-31', 'interest', 'Verzugszinsen 2025-01-31–2025-02-09', '1.00', '500.00'],
    ]);
    // 1000.00 + 5.98 + 2.50 − 508.48 + 1.00 = 501.00
    expect(toAmountString(s.total)).toBe('501.00');
  });

  it("each period's base is the principal the lines above it leave (1000.00, then 1000.00 − 500.00 = 500.00)", () => {
    expect(basesAgainstLinesAbove(s)).toEqual([
      ['2025-01-01', '1000.00', '1000.00'],
      ['2025-01-31', '500.00', '500.00'],
    ]);
  });
});
