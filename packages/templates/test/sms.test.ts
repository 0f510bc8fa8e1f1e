import { describe, expect, it } from 'vitest';
import { measureSms, renderMessage, TemplateError, templateNames, toGsmText } from '../src/index.js';
import { handoverData, letterData } from './fixtures.js';

describe('SMS: one segment (160 GSM-7 characters) with a payment link', () => {
  for (const locale of ['de', 'en'] as const) {
    for (const name of templateNames) {
      it(`${locale}/sms/${name} fits with realistic data`, () => {
        const data = name === 'handover-inkasso' ? handoverData({ locale }) : letterData({ locale });
        const { text } = renderMessage(name, 'sms', data);
        const m = measureSms(text);
        expect(m.encoding).toBe('gsm7');
        expect(m.length).toBeLessThanOrEqual(160);
        expect(m.segments).toBe(1);
        expect(text).toContain(data.paymentLink);
        expect(text).not.toMatch(/\n|\u00a0|–/);
      });
    }
  }

  it('the dunning notice SMS reads as expected', () => {
    expect(renderMessage('dunning-notice', 'sms', letterData()).text).toBe(
      'Stadtwerke Musterstadt GmbH: Mahnung Rg. RE-2025-004711, offen 1.260,02 €. Bitte bis 24.03.2026 zahlen: https://pay.stadtwerke-musterstadt.de/p/Xk3f9Q2',
    );
  });

  it('without a payment link it points to post/e-mail', () => {
    const { paymentLink: _omit, ...rest } = letterData();
    expect(renderMessage('reminder', 'sms', rest).text).toContain('Details per Post/E-Mail.');
  });

  it('a message too long for one SMS fails with the length and what to shorten', () => {
    const data = letterData({ creditor: { ...letterData().creditor, name: 'Stadtwerke Musterstadt Versorgungs- und Verkehrsgesellschaft mbH' } });
    try {
      renderMessage('final-notice', 'sms', data);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateError);
      expect((error as TemplateError).message).toMatch(/is \d+ GSM-7 characters long.*Shorten creditor\.name/s);
    }
  });

  it('characters outside GSM-7 that cannot be simplified force UCS-2 (70) and are named', () => {
    const data = letterData({ creditor: { ...letterData().creditor, name: 'Stadtwerke 🙂' } });
    expect(() => renderMessage('reminder', 'sms', data)).toThrow(/UCS-2.*🙂/s);
  });
});

describe('GSM-7 helpers', () => {
  it('counts extension characters (€) twice', () => {
    expect(measureSms('1,00 €')).toMatchObject({ encoding: 'gsm7', length: 7, segments: 1 });
    expect(measureSms('a'.repeat(160))).toMatchObject({ length: 160, segments: 1 });
    expect(measureSms('a'.repeat(161))).toMatchObject({ segments: 2 });
    expect(measureSms('Łódź')).toMatchObject({ encoding: 'ucs2', length: 4, limit: 70 });
  });

  it('maps typography to GSM-7 and drops accents outside it, keeping ä ö ü ß é', () => {
    expect(toGsmText('1.234,56\u00a0€ – „Rechnung“ …')).toBe('1.234,56 € - "Rechnung" ...');
    expect(toGsmText('Müller Straße Café Dvořák')).toBe('Müller Straße Café Dvorak');
  });
});
