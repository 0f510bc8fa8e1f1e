import { MahnwerkError, money } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { checkInkassoDisclosure, InkassoDisclosureError, renderMessage, type InkassoInfo, type LetterData } from '../src/index.js';
import { handoverData, inkasso, interestLines } from './fixtures.js';

function renderError(data: LetterData, channel: 'letter' | 'email' | 'sms' = 'letter'): InkassoDisclosureError {
  try {
    renderMessage('handover-inkasso', channel, data);
  } catch (error) {
    expect(error).toBeInstanceOf(InkassoDisclosureError);
    return error as InkassoDisclosureError;
  }
  throw new Error('expected an InkassoDisclosureError');
}

function withInkasso(info: InkassoInfo | undefined): LetterData {
  const { inkasso: _omit, ...rest } = handoverData();
  return info === undefined ? rest : { ...rest, inkasso: info };
}

describe('§ 13a Abs. 1 RDG: information with the first demand of a collection agency to a private person', () => {
  it('complete data passes and every item appears in the letter, e-mail text and HTML', () => {
    expect(checkInkassoDisclosure(handoverData())).toEqual({ ok: true, missing: [], problems: [] });
    for (const channel of ['letter', 'email'] as const) {
      const { text, html } = renderMessage('handover-inkasso', channel, handoverData());
      // Nr. 1 client, Nr. 2 reason with contract subject and date
      expect(text).toContain('Auftraggeber: Stadtwerke Musterstadt GmbH, Hafenstraße 12, 50667 Köln');
      expect(text).toContain('Forderungsgrund: Vertrag vom 01.02.2024 über Stromlieferung, Vertragskonto 55-1234; Rechnung RE-2025-004711 vom 20.10.2025, fällig am 03.11.2025');
      // Nr. 3 interest calculation: principal, rate, period
      expect(text).toContain('- 1.234,56\u00a0€ × 6,27\u00a0% p.\u00a0a. vom 18.11.2025 bis 31.12.2025 (44 Tage) = 9,33\u00a0€ (§ 288 Abs. 1 BGB)');
      expect(text).toContain('- 1.234,56\u00a0€ × 6,27\u00a0% p.\u00a0a. vom 01.01.2026 bis 10.03.2026 (69 Tage) = 14,63\u00a0€ (§ 288 Abs. 1 BGB)');
      // Nr. 5 costs: type, amount and origin
      expect(text).toContain('- Geschäftsgebühr 0,5 (Gegenstandswert 1.234,56 €): 67,25\u00a0€, entstanden am 10.03.2026; Grundlage: Nr. 2300 VV RVG, § 13e RDG');
      expect(text).toContain('- Umsatzsteuer 19 %: 15,33\u00a0€, entstanden am 10.03.2026; Grundlage: Nr. 7008 VV RVG');
      // Nr. 6 input-VAT declaration
      expect(text).toContain('Unser Auftraggeber ist nicht zum Vorsteuerabzug berechtigt');
      // Nr. 8 supervisory authority
      expect(text).toContain('Zuständige Aufsichtsbehörde: Bundesamt für Justiz, 53094 Bonn, www.bundesjustizamt.de');
      expect(html).toContain('<h2>Informationen nach § 13a Abs. 1 RDG</h2>');
      expect(html).toContain('<dt>Zuständige Aufsichtsbehörde</dt>');
    }
    const en = renderMessage('handover-inkasso', 'email', handoverData({ locale: 'en' })).text;
    expect(en).toContain('Information under § 13a(1) RDG');
    expect(en).toContain('Client: Stadtwerke Musterstadt GmbH, Hafenstraße 12, 50667 Köln');
    expect(en).toContain('Competent supervisory authority: Bundesamt für Justiz');
  });

  it('without any inkasso information, rendering for a consumer throws and names each missing item', () => {
    const data = withInkasso(undefined);
    const { claim } = data;
    const noReason = { ...data, claim: { id: claim.id, reference: 'RE-2025-004711', invoiceDate: claim.invoiceDate, dueDate: claim.dueDate } };
    const error = renderError(noReason);
    expect(MahnwerkError.isInstance(error)).toBe(true);
    expect(error.code).toBe('template_invalid');
    expect(error.templateKey).toBe('de/letter/handover-inkasso');
    expect(error.missing).toEqual([
      '§ 13a Abs. 1 Nr. 1 RDG: name or firm of the client (Auftraggeber) (inkasso.client.name)',
      '§ 13a Abs. 1 Nr. 1 RDG: address of the client (Auftraggeber) (inkasso.client.addressLines)',
      '§ 13a Abs. 1 Nr. 2 RDG: concrete subject of the contract the claim arises from (or claim.subject) (inkasso.claimReason.subject)',
      '§ 13a Abs. 1 Nr. 2 RDG: date the contract was concluded (or claim.contractDate) (inkasso.claimReason.date)',
      '§ 13a Abs. 1 Nr. 6 RDG: VAT is claimed on the collection costs: the declaration that the client cannot deduct it as input tax (inkasso.clientCannotDeductVat)',
      '§ 13a Abs. 1 Nr. 7 RDG: whether the address was researched rather than supplied by the client (true or false) (inkasso.addressResearched)',
      '§ 13a Abs. 1 Nr. 8 RDG: name of the supervisory authority (inkasso.supervisoryAuthority.name)',
      '§ 13a Abs. 1 Nr. 8 RDG: address of the supervisory authority (inkasso.supervisoryAuthority.addressLines)',
      '§ 13a Abs. 1 Nr. 8 RDG: electronic contact of the supervisory authority (email or website) (inkasso.supervisoryAuthority.email)',
    ]);
    for (const line of error.missing) expect(error.message).toContain(line);
    expect(checkInkassoDisclosure(noReason).missing).toEqual(error.missing);
    // Every channel is refused: the data must be complete before the first demand goes out.
    renderError(noReason, 'email');
    renderError(noReason, 'sms');
  });

  it('Nr. 2: the reason falls back to claim.subject and claim.contractDate', () => {
    const { claimReason: _omit, ...rest } = inkasso;
    const data = withInkasso(rest);
    expect(checkInkassoDisclosure(data).ok).toBe(true);
    expect(renderMessage('handover-inkasso', 'email', data).text).toContain('Forderungsgrund: Vertrag vom 01.02.2024 über Stromlieferung Oktober 2025');
  });

  it('Nr. 2: a tort names type and date of the act', () => {
    const data = withInkasso({ ...inkasso, claimReason: { kind: 'tort', subject: 'Sachbeschädigung am Stromzähler', date: '2025-09-01' } });
    expect(renderMessage('handover-inkasso', 'email', data).text).toContain('Forderungsgrund: Sachbeschädigung am Stromzähler am 01.09.2025');
    const broken = withInkasso({ ...inkasso, claimReason: { kind: 'tort', subject: '', date: 'gestern' } });
    expect(checkInkassoDisclosure(broken).missing).toEqual([
      '§ 13a Abs. 1 Nr. 2 RDG: type of the tortious act (inkasso.claimReason.subject)',
      '§ 13a Abs. 1 Nr. 2 RDG: date of the act (inkasso.claimReason.date)',
    ]);
  });

  it('Nr. 3: an interest period without principal or rate is named', () => {
    const base = handoverData();
    const { onPrincipal: _p, ratePercent: _r, ...partial } = interestLines[0]!;
    const lines = [base.statement.lines[0]!, partial, ...base.statement.lines.slice(2)];
    const data = handoverData({ statement: { ...base.statement, lines } });
    expect(renderError(data).missing).toEqual([
      '§ 13a Abs. 1 Nr. 3 RDG: interest calculation: principal bearing interest of "Verzugszinsen 2025-11-18–2025-12-31" (statement.lines[1].onPrincipal)',
      '§ 13a Abs. 1 Nr. 3 RDG: interest calculation: interest rate of "Verzugszinsen 2025-11-18–2025-12-31" (statement.lines[1].ratePercent)',
    ]);
  });

  it('Nr. 3: interest lines without any period data are named; a rounding line next to complete periods is fine', () => {
    const base = handoverData();
    const bare = base.statement.lines.map((l) => {
      if (l.part !== 'interest') return l;
      const { onPrincipal: _p, ratePercent: _r, to: _t, days: _d, ...rest } = l;
      return rest;
    });
    expect(checkInkassoDisclosure(handoverData({ statement: { ...base.statement, lines: bare } })).missing).toEqual([
      "§ 13a Abs. 1 Nr. 3 RDG: interest calculation: the statement claims interest but has no interest lines (part 'interest' with to, days, ratePercent, onPrincipal) (statement.lines)",
    ]);
    const rounding = { part: 'interest' as const, label: 'Rundungsdifferenz Verzugszinsen', amount: money('0.01'), basis: '§ 288 Abs. 1 BGB', date: '2026-01-01' };
    expect(checkInkassoDisclosure(handoverData({ statement: { ...base.statement, lines: [...base.statement.lines, rounding] } })).ok).toBe(true);
  });

  it('Nr. 3: interest claimed without any interest line is named', () => {
    const base = handoverData();
    const data = handoverData({ statement: { ...base.statement, lines: base.statement.lines.filter((l) => l.part !== 'interest') } });
    expect(checkInkassoDisclosure(data).missing).toEqual([
      "§ 13a Abs. 1 Nr. 3 RDG: interest calculation: the statement claims interest but has no interest lines (part 'interest' with to, days, ratePercent, onPrincipal) (statement.lines)",
    ]);
  });

  it('Nr. 4: a rate above base rate + 5 points needs a note with the reason', () => {
    // Base rate 2026-01-01: 1.27 % (facts file § 1.1) → statutory 6.27 %; 9.00 % is above it.
    const base = handoverData();
    const high = { ...interestLines[1]!, ratePercent: '9.00', amount: money('21.00'), basis: '§ 288 Abs. 3 BGB' };
    const others = base.statement.lines.filter((l) => l.part !== 'interest');
    const data = handoverData({ statement: { ...base.statement, lines: [...others, high] } });
    expect(checkInkassoDisclosure(data).missing).toEqual([
      '§ 13a Abs. 1 Nr. 4 RDG: the interest rate is above the statutory default rate (§ 288 Abs. 1 BGB): a separate note with the reason (inkasso.higherInterestReason)',
    ]);
    // The same rate above the statutory one is detected from the base rate even when the basis does not say so.
    const unmarked = handoverData({ statement: { ...base.statement, lines: [...others, { ...high, basis: 'Zinsen' }] } });
    expect(checkInkassoDisclosure(unmarked).ok).toBe(false);
    const withReason = handoverData({
      inkasso: { ...inkasso, higherInterestReason: 'vertraglich vereinbarter Zinssatz nach Nr. 7 der Allgemeinen Geschäftsbedingungen' },
      statement: { ...base.statement, lines: [...others, high] },
    });
    expect(renderMessage('handover-inkasso', 'email', withReason).text).toContain(
      'Hinweis: Der Zinssatz liegt über dem gesetzlichen Verzugszinssatz (Basiszinssatz zuzüglich 5 Prozentpunkte, § 288 Abs. 1 BGB). Grund: vertraglich vereinbarter Zinssatz',
    );
    // 6.27 % exactly is the statutory rate: no note needed.
    expect(renderMessage('handover-inkasso', 'email', handoverData()).text).not.toContain('Hinweis: Der Zinssatz');
  });

  it('Nr. 5: a cost item without origin (basis) is named', () => {
    const base = handoverData();
    const lines = base.statement.lines.map((l) => (l.label === 'Post- und Telekommunikationspauschale' ? { ...l, basis: '' } : l));
    expect(checkInkassoDisclosure(handoverData({ statement: { ...base.statement, lines } })).missing).toEqual([
      '§ 13a Abs. 1 Nr. 5 RDG: origin (legal basis) of the cost item "Post- und Telekommunikationspauschale" (statement.lines[5].basis)',
    ]);
  });

  it('Nr. 6: VAT on costs is detected from Nr. 7008 VV RVG and needs the declaration; none without VAT', () => {
    const { clientCannotDeductVat: _omit, ...noDeclaration } = inkasso;
    expect(checkInkassoDisclosure(withInkasso(noDeclaration)).problems).toEqual([
      { item: 6, field: 'inkasso.clientCannotDeductVat', description: 'VAT is claimed on the collection costs: the declaration that the client cannot deduct it as input tax' },
    ]);
    const base = handoverData();
    const noVat = { ...withInkasso(noDeclaration), statement: { ...base.statement, lines: base.statement.lines.filter((l) => !l.basis.includes('7008')) } };
    expect(checkInkassoDisclosure(noVat).ok).toBe(true);
    expect(renderMessage('handover-inkasso', 'email', noVat).text).not.toContain('Vorsteuerabzug');
    expect(checkInkassoDisclosure({ ...noVat, inkasso: { ...noDeclaration, vatOnCosts: true } }).ok).toBe(false);
  });

  it('Nr. 7: a researched address is disclosed with how to report errors', () => {
    const data = withInkasso({ ...inkasso, addressResearched: true, addressSource: 'Melderegisterauskunft' });
    const { text } = renderMessage('handover-inkasso', 'letter', data);
    expect(text).toContain(
      'Anschrift: Ihre Anschrift wurde uns nicht von unserem Auftraggeber mitgeteilt, sondern von uns ermittelt (Melderegisterauskunft). Ist sie unrichtig, teilen Sie uns dies bitte per E-Mail an service@rheinland-inkasso.de oder schriftlich an Rheinland Inkasso GmbH, Domkloster 3, 50667 Köln mit.',
    );
    expect(renderMessage('handover-inkasso', 'letter', handoverData()).text).not.toContain('von uns ermittelt');
  });

  it('Nr. 8: an electronic contact of the authority is required', () => {
    const data = withInkasso({ ...inkasso, supervisoryAuthority: { name: 'Bundesamt für Justiz', addressLines: ['53094 Bonn'] } });
    expect(checkInkassoDisclosure(data).missing).toEqual([
      '§ 13a Abs. 1 Nr. 8 RDG: electronic contact of the supervisory authority (email or website) (inkasso.supervisoryAuthority.email)',
    ]);
  });

  it('does not block a business debtor (§ 13a Abs. 5 RDG: private persons only), but the check still reports — the agency must still name its client', () => {
    const business = { name: 'Beispiel AG', kind: 'business' as const, addressLines: ['Postfach 1', '10115 Berlin'] };
    // Only the client (what the letter says the agency collects for): the other § 13a items are not required.
    const data = { ...withInkasso({ client: { name: 'Stadtwerke Musterstadt GmbH' } } as InkassoInfo), debtor: business };
    expect(checkInkassoDisclosure(data).ok).toBe(false);
    const { text } = renderMessage('handover-inkasso', 'letter', data);
    expect(text).toContain('wir wurden von Stadtwerke Musterstadt GmbH mit der Einziehung der Forderung aus der Rechnung');
    expect(text).toContain('Zinsberechnung:');
    // Without the client the letter would say "von Ihrem Gläubiger … beauftragt": refused (see agency-sender.test.ts).
    expect(() => renderMessage('handover-inkasso', 'letter', { ...withInkasso(undefined), debtor: business })).toThrow(/inkasso\.client\.name/);
  });
});
