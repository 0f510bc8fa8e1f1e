import { simulate, statementAsOf, type ClaimFacts, type Statement } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { renderMessage, type LetterData } from '../src/index.js';
import { handoverData, letterData } from './fixtures.js';

// A letter must not state what did not happen (the same reading as docs/legal-notes.md, "A later notice
// built on a notice that never arrived"): a debtor who paid part of the invoice — the invoice amount a
// week late, leaving the interest; 400.00 of 1,000.00 — was told "Einen Zahlungseingang konnten wir
// bisher nicht feststellen" and "ist bis heute nicht beglichen" above a statement listing that very
// payment ("Zahlung auf Hauptforderung … -249,55 €"). With a payment in the statement the letters say
// the invoice is not paid *in full*; without one they keep their words.

const facts: ClaimFacts = {
  id: 'RE-1',
  debtor: { id: 'D-1', kind: 'consumer', name: 'Anna Muster' },
  principal: '249.90',
  currency: 'EUR',
  invoiceDate: '2025-03-03',
  dueDate: '2025-03-17',
  dueDateAgreed: true,
};

/** The claim's statement as of 2025-04-07, from core: paid 249.90 on 2025-03-25 (or nothing). */
function statementOf(paid: boolean): Statement {
  const script = paid ? [{ type: 'pay' as const, claimId: 'RE-1', date: '2025-03-25' as const, amount: '249.90' }] : [];
  const result = simulate({ claims: [facts], policy: 'auto', from: '2025-03-03', to: '2025-04-07', behaviour: { script } });
  return statementAsOf(result.claims[0]!.events, '2025-04-07');
}

const render = (stage: 'reminder' | 'dunning-notice' | 'final-notice', statement: Statement, locale: 'de' | 'en') => {
  const data: LetterData = letterData({ stage, statement, locale });
  return renderMessage(stage, 'letter', data);
};

describe('a letter after a part payment says the invoice is not paid in full (it listed the payment and said nothing was paid)', () => {
  it('the statement core makes lists the payment: 249.90 on 2025-03-25 paid 0.35 interest (7 days, 249.90 × 0.0727 × 7 / 365 = 0.348) and 249.55 principal', () => {
    const s = statementOf(true);
    expect(s.lines.map((l) => `${l.label} ${l.amount.amount.toString()}`)).toContain('Zahlung auf Hauptforderung -249.55');
  });

  for (const stage of ['reminder', 'dunning-notice', 'final-notice'] as const) {
    it(`de, ${stage}: "nicht vollständig" / "in voller Höhe" with a payment; the usual words without — text and HTML`, () => {
      const paid = render(stage, statementOf(true), 'de');
      const unpaid = render(stage, statementOf(false), 'de');
      for (const out of [paid.text, paid.html ?? '']) {
        expect(out).not.toMatch(/Einen Zahlungseingang konnten wir bisher nicht feststellen|(bis heute|weiterhin|bisher) nicht beglichen/);
        expect(out).toMatch(/Eine Zahlung in voller Höhe konnten wir bisher nicht feststellen|(bis heute|weiterhin|bisher) nicht vollständig beglichen/);
      }
      for (const out of [unpaid.text, unpaid.html ?? '']) {
        expect(out).toMatch(/Einen Zahlungseingang konnten wir bisher nicht feststellen|(bis heute|weiterhin|bisher) nicht beglichen/);
        expect(out).not.toMatch(/in voller Höhe|nicht vollständig beglichen/);
      }
    });

    it(`en, ${stage}: "in full" with a payment; the usual words without — text and HTML`, () => {
      const paid = render(stage, statementOf(true), 'en');
      const unpaid = render(stage, statementOf(false), 'en');
      for (const out of [paid.text, paid.html ?? '']) {
        expect(out).not.toMatch(/We have not yet received your payment|has not been paid to date|remains unpaid/);
        expect(out).toMatch(/We have not yet received payment in full|has not been paid in full|has still not been paid in full/);
      }
      for (const out of [unpaid.text, unpaid.html ?? '']) expect(out).not.toMatch(/in full/);
    });
  }

  it('the collection agency\'s first letter (handover-inkasso): "bisher nicht vollständig beglichen" / "has not been paid in full" after a payment', () => {
    const handover = (paid: boolean, locale: 'de' | 'en') => renderMessage('handover-inkasso', 'letter', handoverData({ statement: statementOf(paid), locale }));
    for (const out of [handover(true, 'de').text, handover(true, 'de').html ?? '']) expect(out).toContain('und ist bisher nicht vollständig beglichen.');
    for (const out of [handover(true, 'en').text, handover(true, 'en').html ?? '']) expect(out).toContain('and has not been paid in full.');
    expect(handover(false, 'de').text).toContain('und ist bisher nicht beglichen.');
    expect(handover(false, 'en').text).toContain('and has not been paid.');
  });
});
