import { fixtures } from '@mahnwerk/testing';
import { describe, expect, it } from 'vitest';
import { germanWordsIn } from '../../core/test/ledger/german-words.js';
import { bankAccount, setup, type Setup } from './setup.js';

// English output has no German word (review of the English pages): the English page of a claim at
// every stage of the built-in policies — reminder to hand-over, the court dunning announcement, the
// filing with its court fee — with the installment plan form and its § 13a (3) RDG cost notice, an
// agreed installment plan, a promise, an open dispute and the overpayment notice. Citations of German
// statutes stay as the law cites them (`§ 288 Abs. 1 BGB`, `KV Nr. 1100 GKG`, `§ 13a (3) RDG`): none of
// their tokens is a word of the list (core/test/ledger/german-words.ts). Names, addresses, the IBAN and
// the link to the German page ("Deutsch") are no words of ours. Days are written as English text writes
// them (`2 January 2025`), never ISO.
//
// The claims: 300.00 EUR, invoice 2026-04-01, due 2026-04-15, so that the court fee charged by the
// filing is the KV 1100 minimum of the GKG 2025 table (38.00 EUR, from secondary sources only: an
// `unconfirmed` remark) and the interest runs into the half-year from 2026-07-01, whose base rate
// (1.52 %) is not confirmed either — the page marks both "provisional" and lists the remarks.

const creditor = { name: 'Garden World Ltd' };
const agency = { name: 'Rhine Collections GmbH' };

function englishClaim(kind: 'consumer' | 'business'): ReturnType<typeof fixtures.consumerClaim> {
  const over = { invoiceDate: '2026-04-01', dueDate: '2026-04-15', principal: '300.00', debtor: { locale: 'en' as const } };
  return kind === 'consumer' ? fixtures.consumerClaim(over) : fixtures.businessClaim(over);
}

/** The test data's names, addresses and free texts. */
function names(claim: ReturnType<typeof fixtures.consumerClaim>): string[] {
  return [creditor.name, agency.name, bankAccount.name, claim.debtor.name, ...(claim.debtor.address ?? []), claim.description ?? '', 'Deutsch'];
}

/** The English page of a claim, through a fresh link (a link expires; the claims run for months). */
async function englishPage(s: Setup, claimId: string): Promise<string> {
  const path = await s.portal.createLink(claimId);
  return (await s.portal.app.request(`${path}?lang=en`)).text();
}

describe('the English portal page has no German word', () => {
  it('at every stage of both built-in policies, with plan form and cost notice, a promise, a dispute, an agreed plan and an overpayment', async () => {
    const found: Record<string, string[]> = {};
    const look = (where: string, page: string, claim: ReturnType<typeof fixtures.consumerClaim>): void => {
      const words = germanWordsIn(page, names(claim));
      if (words.length > 0) found[where] = words;
    };
    for (const kind of ['consumer', 'business'] as const) {
      const claim = englishClaim(kind);
      const s = setup('2026-04-01', { creditor, agency });
      await s.claim(claim);
      for (const stage of ['reminder', 'dunning-notice', 'final-notice', 'handover', 'court-dunning-announcement', 'court-dunning']) {
        await s.untilStage(claim.id, stage);
        look(`${kind} ${stage}`, await englishPage(s, claim.id), claim);
      }
      const filed = await englishPage(s, claim.id);
      expect(filed).toContain('id="unconfirmed-note"');
      expect(filed).toContain('KV 1100 GKG');
      await s.mahnwerk.recordPromise({ claimId: claim.id, amount: '50.00', by: '2026-12-31' });
      look(`${kind} promise`, await englishPage(s, claim.id), claim);
      await s.mahnwerk.openDispute({ claimId: claim.id, note: 'already paid' });
      look(`${kind} dispute`, await englishPage(s, claim.id), claim);
      // Paid well above what is owed: the overpayment notice (§ 812 Abs. 1 BGB) and the settled claim.
      await s.mahnwerk.recordPayment({ claimId: claim.id, amount: '2000.00', paymentId: 'P-1' });
      const overpaid = await englishPage(s, claim.id);
      expect(overpaid).toContain('id="overpaid"');
      look(`${kind} overpaid`, overpaid, claim);
    }
    // An agreed installment plan (business claim at the final notice: no cost notice needed).
    const claim = englishClaim('business');
    const s = setup('2026-04-01', { creditor });
    await s.claim(claim);
    await s.untilStage(claim.id, 'final-notice');
    const today = s.clock.today();
    await s.mahnwerk.agreeInstallmentPlan({ claimId: claim.id, installments: [{ dueDate: today, amount: '200.00' }, { dueDate: '2026-12-01', amount: '150.00' }] });
    const plan = await englishPage(s, claim.id);
    expect(plan).toContain('id="plan-agreed"');
    look('business plan agreed', plan, claim);
    expect(found).toEqual({});
  });
});
