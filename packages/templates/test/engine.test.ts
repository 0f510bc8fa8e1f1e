import { money, prospectiveCosts, renderPlainText, statementAsOf, type ClaimEvent, type ClaimFacts, type RenderInput } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { createEngineRenderer, InkassoDisclosureError } from '../src/index.js';
import { agency, creditor, inkasso } from './fixtures.js';

const facts: ClaimFacts = {
  id: 'claim-0815',
  debtor: { id: 'd-1', kind: 'consumer', name: 'Maximilian Mustermann', address: ['Lindenallee 7', '50968 Köln'], locale: 'de' },
  principal: '1234.56',
  currency: 'EUR',
  invoiceDate: '2025-10-20',
  dueDate: '2025-11-03',
  reference: 'RE-2025-004711',
  contractDate: '2024-02-01',
};
const events: ClaimEvent[] = [
  { type: 'claim-created', claimId: facts.id, date: '2025-10-20', claim: facts },
  { type: 'default-began', claimId: facts.id, date: '2025-11-18', basis: '§ 286 Abs. 1 BGB', route: 'reminder' },
];

function input(template: string, channel: string): RenderInput {
  return {
    template,
    channel,
    locale: 'de',
    claim: facts,
    statement: statementAsOf(events, '2026-03-10'),
    deadline: '2026-03-24',
    paymentLink: 'https://pay.stadtwerke-musterstadt.de/p/Xk3f9Q2',
    stage: template,
  };
}

describe('createEngineRenderer: the render option of createMahnwerk', () => {
  const render = createEngineRenderer({
    creditor: (i) => (i.template === 'handover-inkasso' ? agency : creditor),
    extra: (i) => ({ claimSubject: 'Stromlieferung Oktober 2025', ...(i.template === 'handover-inkasso' ? { inkasso } : {}) }),
  });

  it('maps the engine input to a letter with the debtor address from the claim facts', async () => {
    const out = await render(input('dunning-notice', 'letter'));
    expect(out.subject).toBe('Mahnung – Rechnung RE-2025-004711');
    expect(out.text).toContain('Maximilian Mustermann\nLindenallee 7\n50968 Köln');
    expect(out.text).toContain('über Stromlieferung Oktober 2025');
    expect(out.html).toContain('<html lang="de">');
  });

  it('passes core\'s causesDefault on: the Mahnung whose receipt causes default says so (§ 286 Abs. 1 BGB); without it, it does not', async () => {
    const causing = await render({ ...input('dunning-notice', 'letter'), causesDefault: true });
    expect(causing.text).toContain('Mit dem Zugang dieser Mahnung geraten Sie in Zahlungsverzug (§ 286 Abs. 1 BGB)');
    expect(causing.text).toContain('Die Zahlungsfrist bis zum 24.03.2026 ist keine Stundung');
    expect((await render(input('dunning-notice', 'letter'))).text).not.toContain('Mit dem Zugang dieser Mahnung');
  });

  it("passes core's causesDefaultAfterDeadline on (mahnungDefault 'after-deadline'): the letter says default begins the day after the deadline, not with receipt", async () => {
    const after = await render({ ...input('dunning-notice', 'letter'), causesDefaultAfterDeadline: true });
    expect(after.text).toContain('Zahlen Sie nicht bis zum 24.03.2026, geraten Sie ab dem folgenden Tag in Zahlungsverzug (§ 286 Abs. 1 BGB)');
    expect(after.text).not.toContain('Mit dem Zugang dieser Mahnung');
  });

  it('uses the agency as sender for the handover letter and checks § 13a RDG', async () => {
    const out = await render(input('handover-inkasso', 'email'));
    expect(out.text).toContain('Rheinland Inkasso GmbH');
    expect(out.text).toContain('Informationen nach § 13a Abs. 1 RDG');
    const bare = createEngineRenderer({ creditor: agency });
    expect(() => bare(input('handover-inkasso', 'letter'))).toThrow(InkassoDisclosureError);
  });

  it('prints the costs the engine announces (prospectiveCosts) after the total, never in it; an unconfirmed minimum goes to the internal notes (issue 8 points 1, 14)', async () => {
    const base = input('court-dunning-announcement', 'letter');
    const unconfirmed = 'KV 1100 GKG: Mindestgebühr nur aus Sekundärquellen, nicht amtlich bestätigt';
    const out = await render({ ...base, prospectiveCosts: [{ label: 'Gerichtskosten Mahnverfahren (KV 1100 GKG)', amount: money('38.00'), basis: 'KV Nr. 1100 GKG', unconfirmed }] });
    const total = out.text.indexOf('Gesamtbetrag:');
    expect(total).toBeGreaterThan(0);
    expect(out.text.slice(0, total)).not.toContain('KV 1100');
    expect(out.text.slice(total)).toContain('Gerichtskosten Mahnverfahren (KV 1100 GKG): 38,00');
    expect(out.internalNotes).toEqual([`Nicht bestätigte Angabe: ${unconfirmed}.`]);
    // without announced costs nothing of the kind is printed
    expect((await render(base)).text).not.toContain('KV 1100');
  });

  it("prints the same announced court fee as core's plain-text fallback from one input (core's prospectiveCosts, no second computation): 41,00 € for 1.234,56 €", async () => {
    // By hand, § 34 GKG from 2025-06-01 (filing from 2026-03-25, the day after the deadline): the 1.0 fee for 1,234.56 € is
    // 40.00 (to 500) + 2 × 21.00 (to 1,500) = 82.00 €, the KV 1100 fee its half, 41.00 € (above the 38.00 € minimum).
    const base = input('court-dunning-announcement', 'letter');
    for (const locale of ['de', 'en'] as const) {
      const announced = prospectiveCosts('court-dunning-announcement', base.statement, base.statement.asOf, base.deadline, locale);
      expect(announced.map((c) => c.amount.amount.toFixed(2))).toEqual(['41.00']);
      const withCosts = { ...base, locale, prospectiveCosts: announced };
      const fee = locale === 'de' ? 'Gerichtskosten Mahnverfahren (KV 1100 GKG): 41,00\u00a0€' : 'Court fee for the court dunning procedure (KV 1100 GKG): €41.00';
      expect((await render(withCosts)).text).toContain(`- ${fee}`);
      expect(renderPlainText(withCosts, creditor).text).toContain(`  ${fee} (KV Nr. 1100 GKG`);
    }
  });

  it('in an English letter the announced court fee and the internal notes are English, also when the host gives the German words core stores (review: "Gerichtskosten Mahnverfahren", "Nicht bestätigte Angabe: … Mindestgebühr …")', async () => {
    // The German label and remark as core stores them; the English words are core's (statement-words.ts).
    const unconfirmed = 'KV 1100 GKG: Mindestgebühr nur aus Sekundärquellen, nicht amtlich bestätigt';
    const base = { ...input('court-dunning-announcement', 'letter'), locale: 'en' as const };
    const out = await render({ ...base, prospectiveCosts: [{ label: 'Gerichtskosten Mahnverfahren (KV 1100 GKG)', amount: money('38.00'), basis: 'KV Nr. 1100 GKG', unconfirmed }] });
    expect(out.text).toContain('- Court fee for the court dunning procedure (KV 1100 GKG): €38.00');
    expect(out.internalNotes).toEqual(['Unconfirmed figure: KV 1100 GKG: minimum fee known from secondary sources only, not officially confirmed.']);
    // A statement line's remark (an unconfirmed base rate) is worded the same way.
    const line = { part: 'interest' as const, label: 'Verzugszinsen 2026-07-01–2026-07-10', amount: money('1.00'), basis: '§ 288 Abs. 1 BGB', date: '2026-07-01' as const, to: '2026-07-10' as const, days: 10, ratePercent: '6.52', onPrincipal: money('1000.00'), unconfirmed: 'Basiszinssatz 1.52 % noch nicht amtlich bestätigt (§ 247 BGB; Bundesbank/Bundesanzeiger prüfen)' };
    const withLine = await render({ ...base, template: 'reminder', statement: { ...base.statement, lines: [...base.statement.lines, line] } });
    expect(withLine.internalNotes).toEqual(['Unconfirmed figure: Base rate 1.52 % not yet officially confirmed (§ 247 BGB; check with the Bundesbank or the Federal Gazette).']);
  });

  it("the claim's description is what it was for when the host gives no claimSubject (ClaimFacts.description; § 13a Abs. 1 Nr. 2 RDG: the agency's letter names the contract's subject and date)", async () => {
    const plain = createEngineRenderer({ creditor: agency, extra: (i) => (i.template === 'handover-inkasso' ? { inkasso } : {}) });
    const described: RenderInput = { ...input('handover-inkasso', 'letter'), claim: { ...facts, description: 'Bestellung 4711: Gartenstuhl' } };
    const out = await plain(described);
    expect(out.text).toContain('über Bestellung 4711: Gartenstuhl');
    // Without a description the letter names no subject after the reference.
    expect((await plain(input('handover-inkasso', 'letter'))).text).not.toContain('Gartenstuhl');
    // The host's own wording wins over the description.
    expect((await render({ ...described, template: 'dunning-notice' })).text).toContain('über Stromlieferung Oktober 2025');
  });

  it('serves whatsapp with the SMS text and rejects unmapped channels', async () => {
    const out = await render(input('reminder', 'whatsapp'));
    expect(out.html).toBeUndefined();
    expect(out.text.length).toBeLessThanOrEqual(160);
    expect(() => render(input('reminder', 'pigeon'))).toThrow(/pigeon/);
  });
});
