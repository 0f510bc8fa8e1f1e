import { allocateIncomingPayment, money, project, reverseIncomingPayment, statement, type ClaimEvent, type Statement } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { messageChannels, renderMessage, templateNames } from '../src/index.js';
import { handoverData, letterData } from './fixtures.js';

// English letters word the statement's lines in English (core's statementLineText); German letters
// print the ledger's labels as before. Issue: an English letter printed "- **Hauptforderung** of
// 3 March 2025 (**Rechnung** RE-1)" and "- **Mahnkosten (Porto und Material)** of 28 April 2025".

const CLAIM = 'RE-1';

/**
 * A consumer claim of 249.90 EUR (invoice RE-1 of 2025-03-03, in default from 2025-03-18) with a
 * creditor dunning fee, collection costs (Nr. 2300, 7002, 7008 VV RVG), a payment of 100.00 on
 * 2025-06-02 and a refund of 60.00 of it on 2025-06-10: every kind of line the issue names.
 */
function issueStatement(): Statement {
  const facts = { id: CLAIM, reference: 'RE-1', debtor: { id: 'D-1', kind: 'consumer' as const, name: 'Jane Doe' }, principal: '249.90', currency: 'EUR', invoiceDate: '2025-03-03', dueDate: '2025-03-17' };
  const events: ClaimEvent[] = [
    { type: 'claim-created', claimId: CLAIM, date: '2025-03-03', claim: facts },
    { type: 'default-began', claimId: CLAIM, date: '2025-03-18', basis: '§ 286 Abs. 1 BGB', route: 'dunning-notice' },
    { type: 'fee-charged', claimId: CLAIM, date: '2025-04-28', feeId: 'F1', kind: 'creditor-dunning-fee', code: 'Mahnkosten', amount: '2.50', basis: '§§ 280 Abs. 1, 2, 286 BGB' },
    {
      type: 'fee-charged',
      claimId: CLAIM,
      date: '2025-05-20',
      feeId: 'F2',
      kind: 'collection-costs',
      code: 'Nr. 2300 VV RVG',
      amount: '36.77',
      basis: '§ 13e RDG',
      items: [
        { code: 'Nr. 2300 VV RVG', amount: '25.75', factor: '0.5', baseFee: '51.50', basis: 'Nr. 2300 VV RVG, § 13e Abs. 1 RDG' },
        { code: 'Nr. 7002 VV RVG', amount: '5.15', basis: 'Nr. 7002 VV RVG' },
        { code: 'Nr. 7008 VV RVG', amount: '5.87', basis: 'Nr. 7008 VV RVG, § 13a Abs. 1 Nr. 6 RDG' },
      ],
    },
  ];
  events.push(allocateIncomingPayment(project(events), { paymentId: 'P1', amount: money('100.00'), date: '2025-06-02' }));
  events.push(...reverseIncomingPayment(project(events), { reversalId: 'R1', paymentId: 'P1', kind: 'refund', amount: money('60.00'), date: '2025-06-10' }));
  return statement(project(events), '2025-06-20');
}

/** The German words of core's statement labels and bases (statement-words.ts), as whole words. */
const GERMAN = /\b(Hauptforderung|Rechnung|Verzugszinsen|Mahnkosten|Porto|Material|Zahlung|Erstattung|Rückbelastung|Geschäftsgebühr|Auslagenpauschale|Umsatzsteuer|Kosten|Zinsen|Verzugspauschale|Gutschrift|Teilerlass|Verrechnung|Entfällt|Ermäßigung|Rundungsdifferenz|Gerichtskosten|insoweit|Erfüllung|erstattet|Fassung|Schreiben|versandt|Schritts|entstanden)\b/gu;

describe('English letters word statement lines in English (statementLineText)', () => {
  const st = issueStatement();
  const claim = { id: CLAIM, reference: 'RE-1', invoiceDate: '2025-03-03', dueDate: '2025-03-17' };
  const en = letterData({ locale: 'en', letterDate: '2025-06-20', claim, statement: st });

  it('the dunning notice letter names principal, creditor fee, collection costs, payment and refund in English', () => {
    const { text } = renderMessage('dunning-notice', 'letter', en);
    // The wording chosen in core (statement-words.ts); dates as the English templates write them.
    expect(text).toContain('- Principal claim of 3 March 2025 (Invoice RE-1): €249.90');
    expect(text).toContain('- Dunning costs (postage and materials) of 28 April 2025 (§§ 280 Abs. 1, 2, 286 BGB): €2.50');
    expect(text).toContain('- Business fee, Nr. 2300 VV RVG of 20 May 2025 (Nr. 2300 VV RVG, § 13e Abs. 1 RDG): 0.5 × €51.50 = €25.75');
    expect(text).toContain('- Payment towards costs of 2 June 2025 (§ 362 Abs. 1 BGB; § 367 Abs. 1 BGB): -€39.27');
    expect(text).toContain('- Payment refunded (principal claim part) of 10 June 2025 (Payment refunded to the debtor; to that extent the claim is not paid (§ 362 Abs. 1 BGB)): €56.95');
  });

  it('no English letter or e-mail of any template prints a German statement word (text and HTML)', () => {
    let rendered = 0;
    for (const name of templateNames) {
      for (const channel of messageChannels) {
        const data = name === 'handover-inkasso' ? handoverData({ locale: 'en', letterDate: '2025-06-20', claim, statement: st }) : { ...en, stage: name };
        let out: { text: string; html?: string };
        try {
          out = renderMessage(name, channel, data);
        } catch {
          continue; // a template a channel does not offer
        }
        rendered++;
        const statementPart = `${out.text}\n${out.html ?? ''}`;
        expect(statementPart.match(GERMAN) ?? [], `${name}/${channel}`).toEqual([]);
      }
    }
    expect(rendered).toBeGreaterThanOrEqual(templateNames.length);
  });

  it('German letters print the ledger labels as they are', () => {
    const { text } = renderMessage('dunning-notice', 'letter', { ...en, locale: 'de' });
    expect(text).toContain('- Hauptforderung vom 03.03.2025 (Rechnung RE-1): 249,90\u00a0€');
    expect(text).toContain('- Mahnkosten (Porto und Material) vom 28.04.2025 (§§ 280 Abs. 1, 2, 286 BGB): 2,50\u00a0€');
  });
});
