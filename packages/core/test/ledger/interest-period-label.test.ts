import { describe, expect, it } from 'vitest';
import { periodInWords, project, statement, statementLineItem, statementLineText, toAmountString, type StatementLine } from '../../src/index.js';
import { created, defaultBegan } from './fixtures.js';

// § 288 Abs. 1 BGB default interest for a period of ONE day. Its statement label read
// "Verzugszinsen 2025-01-11–2025-01-11" (English "Default interest 11 January 2025 to 11 January 2025")
// while the templates' letters already wrote "am 11.01.2025" / "on 11 January 2025". A period of one
// day is that day, in core's label as in the letters: one rule, periodInWords (§ 13a Abs. 1 Nr. 3 RDG
// asks for the interest calculation to be comprehensible; the same day twice reads as a typo).
//
// By hand: consumer, 1000.00 EUR, in default from Sat 2025-01-11; base rate from 2025-01-01 2.27 %
// + 5 pp = 7.27 % (§ 288 Abs. 1 S. 2 BGB, § 247 BGB). As of 2025-01-11: one day,
// 1000.00 × 7.27 % × 1 / 365 = 0.199178… → 0.20. As of 2025-01-12: two days, 1000.00 × 7.27 % × 2 / 365
// = 0.398356… → 0.40.
const events = [created('1000.00'), defaultBegan('2025-01-11')];
const interestOf = (asOf: string): StatementLine => {
  const line = statement(project(events), asOf).lines.find((l) => l.part === 'interest');
  if (line === undefined) throw new Error(`no interest line as of ${asOf}`);
  return line;
};

describe('an interest period of one day is labelled with that day: "Verzugszinsen am 2025-01-11" / "Default interest on 11 January 2025" (§ 288 Abs. 1 BGB)', () => {
  it('the statement line of 2025-01-11 alone: label "Verzugszinsen am 2025-01-11", 1 day, 0.20', () => {
    const line = interestOf('2025-01-11');
    expect([line.label, line.date, line.to, line.days, line.ratePercent, toAmountString(line.amount)]).toEqual(['Verzugszinsen am 2025-01-11', '2025-01-11', '2025-01-11', 1, '7.27', '0.20']);
    expect(statementLineText(line, 'de').label).toBe('Verzugszinsen am 2025-01-11');
    expect(statementLineText(line, 'en').label).toBe('Default interest on 11 January 2025');
    expect(statementLineItem(line)).toEqual({ kind: 'interest', from: '2025-01-11', to: '2025-01-11' });
  });

  it('a period of two days keeps its label as before: "Verzugszinsen 2025-01-11–2025-01-12", 0.40', () => {
    const line = interestOf('2025-01-12');
    expect([line.label, line.days, toAmountString(line.amount)]).toEqual(['Verzugszinsen 2025-01-11–2025-01-12', 2, '0.40']);
    expect(statementLineText(line, 'en').label).toBe('Default interest 11 January 2025 to 12 January 2025');
  });

  it('a line stored with the old one-day label is still read as that interest period (outboxes written before)', () => {
    const stored = { ...interestOf('2025-01-11'), label: 'Verzugszinsen 2025-01-11–2025-01-11' };
    expect(statementLineItem(stored)).toEqual({ kind: 'interest', from: '2025-01-11', to: '2025-01-11' });
    expect(statementLineText(stored, 'en').label).toBe('Default interest on 11 January 2025');
    // A one-day label whose day is not the line's `to` is no interest period of that line.
    expect(statementLineItem({ ...stored, label: 'Verzugszinsen am 2025-01-12' })).toEqual({ kind: 'other' });
  });

  it('periodInWords, the one rule: one day "am …" / "on …" (also with from), several days "bis" / "to"', () => {
    expect(periodInWords('2025-01-11', '2025-01-11', 'de')).toBe('am 11.01.2025');
    expect(periodInWords('2025-01-11', '2025-01-11', 'de', true)).toBe('am 11.01.2025');
    expect(periodInWords('2025-01-11', '2025-01-11', 'en', true)).toBe('on 11 January 2025');
    expect(periodInWords('2025-01-11', '2025-01-20', 'de')).toBe('11.01.2025 bis 20.01.2025');
    expect(periodInWords('2025-01-11', '2025-01-20', 'de', true)).toBe('vom 11.01.2025 bis 20.01.2025');
    expect(periodInWords('2025-01-11', '2025-01-20', 'en')).toBe('11 January 2025 to 20 January 2025');
    expect(periodInWords('2025-01-11', '2025-01-20', 'en', true)).toBe('from 11 January 2025 to 20 January 2025');
  });
});
