import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditorReference, isValidCreditorReference, paymentCreditorReference, transferRemittance, validateCreditorReference, ValidationError } from '../../src/index.js';

describe('creditor reference — ISO 11649 (RF)', () => {
  it('the example of ISO 11649: reference 539007547034 gets check digits 18', () => {
    // By hand: "539007547034" + "RF00" → 539007547034 27 15 00; 539007547034271500 mod 97 = 80;
    // 98 − 80 = 18.
    expect(creditorReference('539007547034')).toBe('RF18539007547034');
    expect(isValidCreditorReference('RF18 5390 0754 7034')).toBe(true);
  });

  it('a claim reference with a separator: RE-00102 → RF73RE00102', () => {
    // By hand: "RE00102RF00" → R=27, E=14, R=27, F=15 → 271400102271500 mod 97 = 25; 98 − 25 = 73.
    expect(creditorReference('RE-00102')).toBe('RF73RE00102');
    expect(isValidCreditorReference('rf73re00102')).toBe(true);
  });

  it('a wrong check digit or a non-RF text is not valid', () => {
    expect(isValidCreditorReference('RF19 5390 0754 7034')).toBe(false);
    expect(isValidCreditorReference('RF18 5390 0754 7035')).toBe(false);
    expect(isValidCreditorReference('XX18539007547034')).toBe(false);
    expect(isValidCreditorReference('RF18')).toBe(false);
    expect(() => validateCreditorReference('RF19539007547034', 'ref')).toThrow(ValidationError);
  });

  it('the reference holds 1 to 21 letters and digits; other characters are refused', () => {
    expect(creditorReference('A'.repeat(21))).toMatch(/^RF\d\dA{21}$/);
    expect(() => creditorReference('A'.repeat(22))).toThrow(/22 letters and digits/);
    expect(() => creditorReference('--')).toThrow(/0 letters and digits/);
    expect(() => creditorReference('RE-ä1')).toThrow(ValidationError);
  });

  it('every generated reference validates and keeps its letters and digits (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,20}$/), (ref) => {
        const body = ref.replace(/-/g, '').toUpperCase();
        fc.pre(body.length <= 21);
        const rf = creditorReference(ref);
        expect(isValidCreditorReference(rf)).toBe(true);
        expect(rf.slice(4)).toBe(body);
      }),
    );
  });
});

describe('paymentCreditorReference: the one rule for the reference a transfer carries', () => {
  it('a valid RF in print form is kept, in electronic form (ISO 11649 example RF18 5390 0754 7034)', () => {
    expect(paymentCreditorReference('rf18 5390 0754 7034')).toBe('RF18539007547034');
  });

  it('any other reference becomes one: RE-00102 → RF73RE00102; an RF with wrong check digits is treated as a reference', () => {
    expect(paymentCreditorReference('RE-00102')).toBe('RF73RE00102');
    // RF18 5390 0754 7035 fails MOD 97-10, so it is a plain reference: "RF18539007547035" + "RF00" gets new check digits.
    expect(isValidCreditorReference(paymentCreditorReference('RF18 5390 0754 7035'))).toBe(true);
    expect(() => paymentCreditorReference('Rechnung #1', 'payment.reference')).toThrow(/payment\.reference/);
  });
});

describe('transferRemittance: what a transfer quotes — the creditor reference, else the reference as written', () => {
  it('RE-00102 → { creditorReference: RF73RE00102 } (as paymentCreditorReference); "Rechnung #1", which cannot become one, → { text } unchanged', () => {
    expect(transferRemittance('RE-00102')).toEqual({ creditorReference: 'RF73RE00102' });
    expect(transferRemittance('Rechnung #1')).toEqual({ text: 'Rechnung #1' });
  });
});
