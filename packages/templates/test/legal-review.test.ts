import { money, type Statement, type StatementLine } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { renderMessage } from '../src/index.js';
import { handoverData, handoverStatement, principalLine } from './fixtures.js';

/*
 * Letters a court would accept (issue 8): Inkasso-stage letters speak for the agency; cost lines show
 * fee and factor apart from the Nr. 7002 expenses; a cost that an announced step would cause is a
 * notice, not part of the total (KV 1100 GKG is charged by the filing); unconfirmed figures reach the
 * sender's internal notes.
 */

// Facts file § 8 P2 (haufe Rz. 141): 0.9 × 49 = 44.10 EUR (claim < 500, RVG 2021); Nr. 7002: 20 % of 44.10 = 8.82.
const feeLines: StatementLine[] = [
  { part: 'costs', label: 'Geschäftsgebühr Nr. 2300 VV RVG', amount: money('44.10'), basis: 'Nr. 2300 VV RVG Anm. (2) S. 1, 3', date: '2025-03-10', code: 'Nr. 2300 VV RVG', factor: '0.9', baseFee: money('49.00') },
  { part: 'costs', label: 'Auslagenpauschale Nr. 7002 VV RVG', amount: money('8.82'), basis: 'Nr. 7002 VV RVG', date: '2025-03-10', code: 'Nr. 7002 VV RVG' },
];

function withCosts(lines: StatementLine[], extra: Partial<Statement> = {}): Statement {
  return { ...handoverStatement, lines: [principalLine, ...lines], costs: money('52.92'), total: money('1287.48'), interest: money('0'), interestAccrued: money('0'), ...extra };
}

describe('cost lines: Nr. 2300 VV RVG with fee and factor, apart from the Nr. 7002 VV RVG expenses', () => {
  // Every amount shows its legal basis, as the PDF's basis column does; the label names the fee code
  // once, and a basis the label already names in full (Nr. 7002 VV RVG) is not printed again.
  it('"Geschäftsgebühr Nr. 2300 VV RVG … (basis): 0,9 × 49,00 € = 44,10 €" and "Auslagenpauschale Nr. 7002 VV RVG …: 8,82 €"', () => {
    const { text } = renderMessage('handover-inkasso', 'letter', handoverData({ statement: withCosts(feeLines) }));
    expect(text).toContain('- Geschäftsgebühr Nr. 2300 VV RVG vom 10.03.2025 (Nr. 2300 VV RVG Anm. (2) S. 1, 3): 0,9 × 49,00\u00a0€ = 44,10\u00a0€');
    expect(text).toContain('- Auslagenpauschale Nr. 7002 VV RVG vom 10.03.2025: 8,82\u00a0€');
    const statementPart = text.slice(text.indexOf('Forderungsaufstellung'), text.indexOf('Gesamtbetrag:'));
    expect(statementPart.split('Nr. 7002 VV RVG').length - 1).toBe(1);
  });
});

describe('Inkasso-stage letters speak for the agency (§ 13a RDG; the agency collects a claim of the creditor)', () => {
  it('the court-dunning announcement of an agency says "die Forderung Ihres Gläubigers …", never "unserer Rechnung"', () => {
    const { text } = renderMessage('court-dunning-announcement', 'letter', handoverData());
    expect(text).toContain('die Forderung Ihres Gläubigers');
    expect(text).toContain('im Auftrag Ihres Gläubigers beim zuständigen Mahngericht');
    expect(text).not.toContain('unserer Rechnung');
    const { text: en } = renderMessage('court-dunning-announcement', 'letter', handoverData({ locale: 'en' }));
    expect(en).toContain('The claim of your creditor');
    expect(en).not.toContain('our invoice');
  });

  it('the hand-over letter names the claim with its own description and due date', () => {
    const data = handoverData();
    const { text } = renderMessage('handover-inkasso', 'letter', { ...data, claim: { ...data.claim, subject: 'Stromlieferung Oktober 2025' } });
    expect(text).toContain('mit der Einziehung der Forderung aus der Rechnung');
    expect(text).toContain('über Stromlieferung Oktober 2025');
  });
});

describe('KV 1100 GKG: an announcement shows the would-be court fee as a notice, not in the total', () => {
  it('prospective costs are listed apart, after the total, as costs that would arise', () => {
    const data = handoverData({ prospectiveCosts: [{ label: 'Gerichtskosten Mahnverfahren (KV 1100 GKG)', amount: money('38.00') }] });
    const { text, html } = renderMessage('court-dunning-announcement', 'letter', data);
    const total = text.indexOf('Gesamtbetrag:');
    const notice = text.indexOf('Dadurch entstünden weitere Kosten');
    expect(notice).toBeGreaterThan(total);
    expect(text).toContain('- Gerichtskosten Mahnverfahren (KV 1100 GKG): 38,00\u00a0€');
    expect(text.slice(0, total)).not.toContain('KV 1100');
    expect(html).toContain('<li>Gerichtskosten Mahnverfahren (KV 1100 GKG): 38,00');
  });
});

describe('unconfirmed figures reach the internal notes, not the debtor', () => {
  it('a line with `unconfirmed` → internalNotes says what is unconfirmed; none without', () => {
    const line: StatementLine = { ...feeLines[0]!, unconfirmed: 'Basiszinssatz 1.52 % noch nicht amtlich bestätigt' };
    const out = renderMessage('handover-inkasso', 'letter', handoverData({ statement: withCosts([line, feeLines[1]!]) }));
    expect(out.internalNotes).toEqual(['Nicht bestätigte Angabe: Basiszinssatz 1.52 % noch nicht amtlich bestätigt.']);
    expect(out.text).not.toContain('nicht amtlich bestätigt');
    expect(renderMessage('handover-inkasso', 'letter', handoverData()).internalNotes).toBeUndefined();
  });

  it('an announced cost resting on an unconfirmed minimum (KV 1100 GKG 38 EUR from 2025-06-01, secondary sources only) → internalNotes, not the letter', () => {
    const unconfirmed = 'KV 1100 GKG: Mindestgebühr nur aus Sekundärquellen, nicht amtlich bestätigt';
    const data = handoverData({ prospectiveCosts: [{ label: 'Gerichtskosten Mahnverfahren (KV 1100 GKG)', amount: money('38.00'), unconfirmed }] });
    const out = renderMessage('court-dunning-announcement', 'letter', data);
    expect(out.internalNotes).toEqual([`Nicht bestätigte Angabe: ${unconfirmed}.`]);
    expect(out.text).toContain('Gerichtskosten Mahnverfahren (KV 1100 GKG): 38,00');
    expect(out.text).not.toContain('Sekundärquellen');
  });
});
