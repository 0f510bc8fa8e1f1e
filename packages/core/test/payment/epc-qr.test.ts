import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditorReference, epcQrPayload, money, parseEpcQr, ValidationError } from '../../src/index.js';

// The worked example of EPC069-12 (Quick Response Code: Guidelines to Enable Data Capture for the
// Initiation of a SEPA Credit Transfer), version 001 with BIC, a donation of one euro.
const epcExample = ['BCD', '001', '1', 'SCT', 'BPOTBEB1', 'Red Cross of Belgium', 'BE72000000001616', 'EUR1', 'CHAR', '', 'Urgency fund', 'Sample EPC QR code'].join('\n');

describe('EPC QR payload — EPC069-12', () => {
  it('reproduces the worked example of the guideline byte for byte', () => {
    expect(
      epcQrPayload({
        version: '001',
        bic: 'BPOTBEB1',
        name: 'Red Cross of Belgium',
        iban: 'BE72000000001616',
        amount: money('1.00'),
        purpose: 'CHAR',
        text: 'Urgency fund',
        information: 'Sample EPC QR code',
      }),
    ).toBe(epcExample);
  });

  it('reads the worked example back', () => {
    expect(parseEpcQr(epcExample)).toEqual({
      version: '001',
      characterSet: 1,
      bic: 'BPOTBEB1',
      name: 'Red Cross of Belgium',
      iban: 'BE72000000001616',
      amount: '1.00',
      purpose: 'CHAR',
      text: 'Urgency fund',
      information: 'Sample EPC QR code',
    });
    expect(parseEpcQr(epcExample.replace(/\n/g, '\r\n')).iban).toBe('BE72000000001616');
  });

  it('a dunning transfer: version 002, UTF-8, structured RF reference in element 10, trailing empties left out', () => {
    const payload = epcQrPayload({
      bic: 'COBADEFFXXX',
      name: 'Müller & Söhne GmbH',
      iban: 'DE89 3704 0044 0532 0130 00',
      amount: '123.45',
      reference: 'RF18 5390 0754 7034',
    });
    expect(payload).toBe(
      'BCD\n002\n1\nSCT\nCOBADEFFXXX\nMüller & Söhne GmbH\nDE89370400440532013000\nEUR123.45\n\nRF18539007547034',
    );
  });

  it('version 002 may leave out the BIC; version 001 may not', () => {
    const base = { name: 'A', iban: 'DE89370400440532013000' };
    expect(epcQrPayload(base)).toBe('BCD\n002\n1\nSCT\n\nA\nDE89370400440532013000');
    expect(() => epcQrPayload({ ...base, version: '001' })).toThrow(/version 001 requires the BIC/);
  });

  it('amount: 0.01 to 999999999.99 euro, at most two decimals, euro only', () => {
    const base = { name: 'A', iban: 'DE89370400440532013000' };
    expect(epcQrPayload({ ...base, amount: '999999999.99' })).toContain('\nEUR999999999.99');
    expect(epcQrPayload({ ...base, amount: '0.01' })).toContain('\nEUR0.01');
    expect(epcQrPayload({ ...base, amount: '12.30' })).toContain('\nEUR12.3');
    expect(() => epcQrPayload({ ...base, amount: '1000000000.00' })).toThrow(/outside the EPC QR range/);
    expect(() => epcQrPayload({ ...base, amount: '0.00' })).toThrow(/outside the EPC QR range/);
    expect(() => epcQrPayload({ ...base, amount: '1.005' })).toThrow(/more than two decimals/);
    expect(() => epcQrPayload({ ...base, amount: money('1.00', 'USD') })).toThrow(/euro only/);
    expect(() => epcQrPayload({ ...base, amount: '-1' })).toThrow(ValidationError);
  });

  it('structured reference XOR unstructured text; the reference must be a valid RF', () => {
    const base = { name: 'A', iban: 'DE89370400440532013000' };
    expect(() => epcQrPayload({ ...base, reference: 'RF18539007547034', text: 'x' })).toThrow(/not both/);
    expect(() => epcQrPayload({ ...base, reference: 'RF19539007547034' })).toThrow(/creditor reference/);
  });

  it('field lengths: name ≤ 70, text ≤ 140, information ≤ 70; no line breaks inside a field', () => {
    const base = { name: 'A', iban: 'DE89370400440532013000' };
    expect(() => epcQrPayload({ ...base, name: 'N'.repeat(71) })).toThrow(/71 characters; .* at most 70/);
    expect(epcQrPayload({ ...base, name: 'N'.repeat(70) })).toContain('N'.repeat(70));
    expect(() => epcQrPayload({ ...base, text: 't'.repeat(141) })).toThrow(/at most 140/);
    expect(() => epcQrPayload({ ...base, information: 'i'.repeat(71) })).toThrow(/at most 70/);
    expect(() => epcQrPayload({ ...base, name: 'Anna\nEUR999' })).toThrow(/line break/);
    expect(() => epcQrPayload({ ...base, name: '' })).toThrow(/empty/);
  });

  it('the whole payload is at most 331 bytes, counted in UTF-8', () => {
    // 70 + 140 + 70 two-byte characters are 560 bytes of fields alone.
    expect(() =>
      epcQrPayload({ name: 'Ü'.repeat(70), iban: 'DE89370400440532013000', text: 'Ä'.repeat(140), information: 'Ö'.repeat(70) }),
    ).toThrow(/bytes; EPC069-12 allows at most 331/);
    expect(() => parseEpcQr(`${epcExample}\n${'x'.repeat(300)}`)).toThrow(ValidationError);
  });

  it('parse refuses what the guideline does not allow', () => {
    expect(() => parseEpcQr(epcExample.replace('BCD', 'BCX'))).toThrow(/serviceTag/);
    expect(() => parseEpcQr(epcExample.replace('SCT', 'INST'))).toThrow(/identification/);
    expect(() => parseEpcQr(epcExample.replace('BE72000000001616', 'BE73000000001616'))).toThrow(/check digits/);
    expect(() => parseEpcQr(epcExample.replace('EUR1', 'EUR1,00'))).toThrow(/amount/);
    expect(() => parseEpcQr(epcExample.replace('\n001\n', '\n003\n'))).toThrow(/version/);
  });

  it('what is written parses back to the same fields (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 99999999999n }),
        fc.stringMatching(/^[A-Z0-9]{1,21}$/),
        fc.string({ minLength: 1, maxLength: 70 }).filter((s) => s.trim() !== '' && !/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(s)),
        (cents, ref, name) => {
          const amount = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
          const reference = creditorReference(ref);
          const payload = epcQrPayload({ name, iban: 'DE89370400440532013000', amount, reference });
          const back = parseEpcQr(payload);
          expect(back).toMatchObject({ name: name.trim(), amount, reference, iban: 'DE89370400440532013000' });
        },
      ),
    );
  });
});
