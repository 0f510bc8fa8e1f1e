import { fixtures } from '@mahnwerk/testing';
import { describe, expect, it } from 'vitest';
import { setup } from './setup.js';

// The English page words the statement's lines in English (core's statementLineText); the German page
// shows the ledger's labels as before. Issue: English letters and pages printed the German statement
// labels ("Hauptforderung", "Mahnkosten (Porto und Material)", "Zahlung auf Kosten", …).

/** The German words of core's statement labels and bases (statement-words.ts), as whole words. */
const GERMAN = /(?<![\p{L}])(Hauptforderung|Rechnung|Verzugszinsen|Mahnkosten|Porto|Material|Zahlung|Erstattung|Rückbelastung|Geschäftsgebühr|Auslagenpauschale|Umsatzsteuer|Kosten|Zinsen|Verzugspauschale|Gutschrift|Teilerlass|Verrechnung|Entfällt|Ermäßigung|Rundungsdifferenz|Gerichtskosten|insoweit|Erfüllung|erstattet|Fassung|Schreiben|versandt|Schritts|entstanden)(?![\p{L}])/gu;

/** The statement table of a page (the rows a debtor reads), without tags. */
function statementTable(page: string): string {
  const table = /<table id="statement">[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
  return table.replace(/<[^>]*>/g, ' ');
}

describe('the English page words the statement lines in English (statementLineText)', () => {
  it('principal, interest, creditor fee, collection costs, a payment and a refund: no German statement word; the German page as before', async () => {
    const s = setup('2025-01-31');
    const claim = fixtures.consumerClaim();
    const path = await s.claim(claim);
    // The built-in consumer policy charges its creditor dunning fee on the way and the collection
    // costs at the hand-over (costs lines with fee codes), then the debtor pays and gets part back.
    await s.untilStage(claim.id, 'handover');
    // Paid the day after the hand-over, so that the payment meets the costs first (§ 367 Abs. 1 BGB).
    s.clock.advance(1);
    await s.mahnwerk.recordPayment({ claimId: claim.id, amount: '300.00', paymentId: 'P1' });
    await s.mahnwerk.reversePayment({ claimId: claim.id, paymentId: 'P1', reversalId: 'R1', kind: 'refund', amount: '250.00' });
    const st = (await s.mahnwerk.claim(claim.id)).events;
    const kinds = new Set(st.map((e) => (e.type === 'fee-charged' ? `fee:${e.kind}` : e.type)));
    for (const k of ['default-began', 'fee:creditor-dunning-fee', 'fee:collection-costs', 'payment-received', 'payment-reversed']) expect(kinds, k).toContain(k);

    const en = statementTable(await (await s.portal.app.request(`${path}?lang=en`)).text());
    expect(en).toContain('Principal claim');
    expect(en).toContain(`Invoice ${claim.reference ?? claim.id}`);
    expect(en).toContain('Dunning costs (postage and materials)');
    expect(en).toContain('Business fee, Nr. 2300 VV RVG');
    expect(en).toContain('Payment towards costs');
    expect(en).toContain('Payment refunded (principal claim part)');
    expect(en).toContain('version in force from');
    expect(en.match(GERMAN) ?? []).toEqual([]);

    const de = statementTable(await (await s.portal.app.request(path)).text());
    expect(de).toContain('Hauptforderung');
    expect(de).toContain('Mahnkosten (Porto und Material)');
    expect(de).toContain('Zahlung auf Kosten');
    expect(de).toContain('Erstattung der Zahlung auf Hauptforderung');
  });
});
