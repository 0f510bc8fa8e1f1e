import { MahnwerkError, money } from '@mahnwerk/core';
import { describe, expect, it } from 'vitest';
import { builtinTemplates, createRenderer, messageChannels, renderMessage, templateNames, type LetterData } from '../src/index.js';
import { handoverData, letterData } from './fixtures.js';

const NBSP = '\u00a0';

function dataFor(name: string, locale: 'de' | 'en'): LetterData {
  return name === 'handover-inkasso' ? handoverData({ locale }) : letterData({ locale });
}

describe('every built-in template renders for de/en × letter/email/sms with a realistic statement', () => {
  for (const locale of ['de', 'en'] as const) {
    for (const name of templateNames) {
      for (const channel of messageChannels) {
        it(`${locale}/${channel}/${name}`, () => {
          const data = dataFor(name, locale);
          const out = renderMessage(name, channel, data);
          expect(out.subject).toContain('RE-2025-004711');
          expect(out.subject).not.toMatch(/\n/);
          expect(out.text).toContain('RE-2025-004711');
          const total = name === 'handover-inkasso' ? (locale === 'de' ? `1.356,05${NBSP}€` : '€1,356.05') : locale === 'de' ? `1.260,02${NBSP}€` : '€1,260.02';
          if (channel === 'sms') {
            expect(out.html).toBeUndefined();
            expect(out.text).toContain(total.replace(NBSP, ' '));
            expect(out.text).toContain(data.paymentLink);
            return;
          }
          expect(out.text).toContain(total);
          expect(out.html).toMatch(/^<!DOCTYPE html>/);
          expect(out.html).toContain(`<html lang="${locale}">`);
          expect(out.html).toContain('<table class="statement">');
          // Nothing left unrendered.
          expect(out.text).not.toMatch(/\{\{|\}\}/);
          expect(out.html).not.toMatch(/\{\{|\}\}/);
          if (channel === 'letter') {
            expect(out.text).toContain('Lindenallee 7\n50968 Köln');
            expect(out.text).toContain(locale === 'de' ? 'Datum: 10.03.2026' : 'Date: 10 March 2026');
          }
        });
      }
    }
  }
});

describe('the itemized statement (Forderungsaufstellung)', () => {
  it('shows each interest period with dates, days, rate, principal and basis (§ 288 Abs. 1 BGB) — de', () => {
    const { text, html } = renderMessage('dunning-notice', 'email', letterData());
    expect(text).toContain(`- Zinsen 18.11.2025 bis 31.12.2025: 44 Tage zu 6,27${NBSP}% p.${NBSP}a. aus 1.234,56${NBSP}€ (§ 288 Abs. 1 BGB): 9,33${NBSP}€`);
    expect(text).toContain(`- Zinsen 01.01.2026 bis 10.03.2026: 69 Tage zu 6,27${NBSP}% p.${NBSP}a. aus 1.234,56${NBSP}€ (§ 288 Abs. 1 BGB): 14,63${NBSP}€`);
    expect(text).toContain(`Zinsen: 23,96${NBSP}€`);
    expect(text).toContain(`Gesamtbetrag: 1.260,02${NBSP}€`);
    expect(html).toContain(`<td>§ 288 Abs. 1 BGB</td><td class="amount">9,33${NBSP}€</td>`);
  });

  it('shows each interest period — en', () => {
    const { text } = renderMessage('dunning-notice', 'letter', letterData({ locale: 'en' }));
    expect(text).toContain('- Interest 18 November 2025 to 31 December 2025: 44 days at 6.27% p.a. on €1,234.56 (§ 288 Abs. 1 BGB): €9.33');
    expect(text).toContain('Total due: €1,260.02');
  });

  it('shows every fee with its amount, date and legal basis (Nr. 2300, 7002, 7008 VV RVG)', () => {
    const { text, html } = renderMessage('handover-inkasso', 'letter', handoverData());
    expect(text).toContain(`- Mahnkosten (Porto und Druck) vom 01.12.2025 (§§ 280 Abs. 1, 2, 286 BGB): 1,50${NBSP}€`);
    expect(text).toContain(`- Geschäftsgebühr 0,5 (Gegenstandswert 1.234,56 €) vom 10.03.2026 (Nr. 2300 VV RVG, § 13e RDG): 67,25${NBSP}€`);
    expect(text).toContain(`- Post- und Telekommunikationspauschale vom 10.03.2026 (Nr. 7002 VV RVG): 13,45${NBSP}€`);
    expect(text).toContain(`- Umsatzsteuer 19 % vom 10.03.2026 (Nr. 7008 VV RVG): 15,33${NBSP}€`);
    expect(text).toContain(`Kosten: 97,53${NBSP}€`);
    for (const basis of ['Nr. 2300 VV RVG, § 13e RDG', 'Nr. 7002 VV RVG', 'Nr. 7008 VV RVG', '§§ 280 Abs. 1, 2, 286 BGB']) {
      expect(html).toContain(`<td>${basis}</td>`);
    }
  });

  it('shows payments and credits as negative lines', () => {
    const data = letterData();
    const withPayment = letterData({
      statement: {
        ...data.statement,
        lines: [...data.statement.lines, { part: 'principal', label: 'Zahlung', amount: money('-100.00'), basis: '§ 367 Abs. 1 BGB', date: '2026-02-02' }],
      },
    });
    expect(renderMessage('final-notice', 'email', withPayment).text).toContain(`- Zahlung vom 02.02.2026 (§ 367 Abs. 1 BGB): -100,00${NBSP}€`);
  });

  it('leaves out the interest and costs totals for a plain reminder before default', () => {
    const data = letterData();
    const plain = letterData({
      stage: 'reminder',
      statement: { ...data.statement, interest: money('0'), costs: money('0'), total: money('1234.56'), interestAccrued: money('0'), lines: [data.statement.lines[0]!] },
    });
    const { text } = renderMessage('reminder', 'email', plain);
    expect(text).toContain(`Gesamtbetrag: 1.234,56${NBSP}€`);
    expect(text).not.toContain('Zinsen:');
    expect(text).not.toContain('Kosten:');
  });
});

describe('wording per stage', () => {
  it('the dunning notice demands payment by the deadline and mentions default interest (§ 288 BGB)', () => {
    const { text } = renderMessage('dunning-notice', 'letter', letterData());
    expect(text).toContain(`Wir fordern Sie hiermit auf, den offenen Gesamtbetrag von 1.260,02${NBSP}€ bis zum 24.03.2026 zu zahlen.`);
    expect(text).toContain('Verzugszinsen (§ 288 BGB)');
  });

  it('without a deadline, asks for payment without delay', () => {
    const { deadline: _omit, ...rest } = letterData();
    expect(renderMessage('final-notice', 'email', rest).text).toContain('umgehend zu zahlen');
    expect(renderMessage('final-notice', 'email', { ...rest, locale: 'en' }).text).toContain('without delay');
  });

  it('the court dunning announcement names the Mahnbescheid (§§ 688 ff. ZPO) and the right to object', () => {
    const { text } = renderMessage('court-dunning-announcement', 'letter', letterData());
    expect(text).toContain('Mahnbescheids beantragen (§§ 688 ff. ZPO)');
    expect(text).toContain('Widerspruch');
  });

  it('addresses a consumer by name and a business formally', () => {
    expect(renderMessage('reminder', 'email', letterData()).text).toMatch(/^Guten Tag Maximilian Mustermann,/);
    const business = letterData({ debtor: { name: 'Beispiel AG', kind: 'business', addressLines: ['Postfach 1', '10115 Berlin'] } });
    expect(renderMessage('reminder', 'email', business).text).toMatch(/^Sehr geehrte Damen und Herren,/);
    expect(renderMessage('reminder', 'email', { ...business, locale: 'en' }).text).toMatch(/^Dear Sir or Madam,/);
  });

  it('prints the bank account with the creditor reference of the claim reference as payment reference (as the PDF and its GiroCode)', () => {
    const { text } = renderMessage('reminder', 'letter', letterData());
    // RF check digits for RE-2025-004711 worked out in letter-consistency.test.ts: RF19.
    expect(text).toContain('Bankverbindung: IBAN DE02 3705 0198 0000 1234 56, BIC COLSDE33 (Sparkasse KölnBonn)\nVerwendungszweck (bitte unverändert angeben): RF19 RE20 2500 4711');
  });

  it('uses the statement date as letter date when none is given (no clock is read)', () => {
    const { letterDate: _omit, ...rest } = letterData();
    expect(renderMessage('reminder', 'letter', rest).text).toContain('Datum: 10.03.2026');
  });
});

describe('input checks', () => {
  it('a letter needs the debtor address', () => {
    const data = letterData({ debtor: { name: 'Max', kind: 'consumer', addressLines: [] } });
    expect(() => renderMessage('reminder', 'letter', data)).toThrow(/debtor\.addressLines/);
    expect(renderMessage('reminder', 'email', data).text).toContain('Guten Tag Max,');
  });

  it("a letter needs the sender's address too (DIN 5008: letterhead and return line above the window)", () => {
    const base = letterData();
    const data = { ...base, creditor: { ...base.creditor, addressLines: ['  '] } };
    expect(() => renderMessage('reminder', 'letter', data)).toThrow(/creditor\.addressLines: a letter prints the sender's postal address/);
    // an e-mail names the sender without a postal address
    expect(() => renderMessage('reminder', 'email', data)).not.toThrow();
  });

  it('names the wrong field for malformed data', () => {
    const bad = { ...letterData(), statement: { ...letterData().statement, total: '1260.02' } } as unknown as LetterData;
    try {
      renderMessage('reminder', 'email', bad);
      expect.unreachable();
    } catch (error) {
      expect(MahnwerkError.isInstance(error)).toBe(true);
      expect((error as MahnwerkError).code).toBe('invalid_input');
      expect((error as MahnwerkError).field).toBe('statement.total');
    }
    expect(() => renderMessage('reminder', 'email', { ...letterData(), locale: 'fr' } as unknown as LetterData)).toThrow(/locale/);
    expect(() => renderMessage('reminder', 'email', letterData({ deadline: '2026-02-30' }))).toThrow(/deadline/);
    expect(() => renderMessage('reminder', 'fax' as 'email', letterData())).toThrow(/channel/);
  });

  it('rejects an unknown template name with the known ones listed', () => {
    expect(() => renderMessage('second-reminder', 'email', letterData())).toThrow(/no template "de\/email\/second-reminder".*reminder/s);
  });
});

describe('renderer', () => {
  it('exposes every built-in key: 2 locales × 5 names × (letter 3 + email 3 + sms 2) + partials', () => {
    const keys = Object.keys(builtinTemplates);
    for (const locale of ['de', 'en']) {
      for (const name of templateNames) {
        for (const key of [`letter/${name}`, `letter/${name}.subject`, `letter/${name}.html`, `email/${name}`, `email/${name}.subject`, `email/${name}.html`, `sms/${name}`, `sms/${name}.subject`]) {
          expect(keys).toContain(`${locale}/${key}`);
        }
      }
      for (const partial of ['salutation', 'statement', 'statement.html', 'payment', 'inkasso-disclosure', 'closing', 'footer']) {
        expect(keys).toContain(`${locale}/partials/${partial}`);
      }
    }
    const renderer = createRenderer();
    expect(renderer.keys()).toEqual([...keys].sort());
    expect(renderer.has('reminder', 'sms', 'en')).toBe(true);
    expect(renderer.source('de/sms/reminder')).toBe(builtinTemplates['de/sms/reminder']);
  });

  it('renders the same output twice (compiled templates are cached, no state leaks)', () => {
    const renderer = createRenderer();
    const a = renderer.render('final-notice', 'letter', letterData());
    const b = renderer.render('final-notice', 'letter', letterData());
    expect(b).toEqual(a);
  });
});
