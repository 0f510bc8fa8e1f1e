import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIban, isValidBic, isValidIban, printFormat, validateBic, validateIban, ValidationError } from '../../src/index.js';

describe('IBAN — ISO 13616 (country length, MOD 97-10 of ISO 7064)', () => {
  it.each([
    // Published examples: the German example IBAN of the Bundesbank/EPC material, the UK example of
    // the ECBS/SWIFT registry, and the Belgian IBAN in the worked example of EPC069-12.
    ['DE89 3704 0044 0532 0130 00', 'DE89370400440532013000'],
    ['GB82 WEST 1234 5698 7654 32', 'GB82WEST12345698765432'],
    ['BE72000000001616', 'BE72000000001616'],
    ['de89370400440532013000', 'DE89370400440532013000'],
  ])('%s is valid (electronic form %s)', (input, electronic) => {
    expect(checkIban(input)).toEqual({ valid: true, iban: electronic, country: electronic.slice(0, 2) });
    expect(validateIban(input)).toBe(electronic);
  });

  it('a wrong check digit is refused: DE88… (the MOD 97 remainder is not 1)', () => {
    expect(checkIban('DE88370400440532013000')).toMatchObject({ valid: false, problem: 'checksum' });
  });

  it('the length of the country is enforced: a German IBAN has 22 characters', () => {
    expect(checkIban('DE8937040044053201300')).toMatchObject({ valid: false, problem: 'length' });
    expect(checkIban('DE893704004405320130000')).toMatchObject({ valid: false, problem: 'length' });
  });

  it('a country without IBAN and a malformed text are refused', () => {
    expect(checkIban('US12345678901234567890')).toMatchObject({ valid: false, problem: 'country' });
    expect(checkIban('DE-89')).toMatchObject({ valid: false, problem: 'format' });
    expect(checkIban('')).toMatchObject({ valid: false, problem: 'format' });
  });

  it('validateIban throws a ValidationError naming the field', () => {
    expect(() => validateIban('DE88370400440532013000', 'creditor.iban')).toThrow(ValidationError);
    expect(() => validateIban('DE88370400440532013000', 'creditor.iban')).toThrow(/creditor\.iban: .*check digits 88/);
  });

  it('MOD 97-10 detects every single changed digit (property)', () => {
    const valid = 'DE89370400440532013000';
    fc.assert(
      fc.property(fc.integer({ min: 2, max: valid.length - 1 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const digit = (Number(valid[pos]) + delta) % 10;
        const changed = valid.slice(0, pos) + String(digit) + valid.slice(pos + 1);
        expect(isValidIban(changed)).toBe(false);
      }),
    );
  });

  it('print form groups by four (DIN 5008)', () => {
    expect(printFormat('DE89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
    expect(printFormat('RF18539007547034')).toBe('RF18 5390 0754 7034');
  });
});

describe('BIC — ISO 9362 form', () => {
  it.each(['COBADEFFXXX', 'BPOTBEB1', 'COBADEFF', 'DEUTDEDB110'])('%s has the form of a BIC', (bic) => {
    expect(isValidBic(bic)).toBe(true);
  });
  it.each(['COBADEF', 'COBADEFFXX', 'C0BADEFF', 'COBA1EFF', 'cobadeff'])('%s does not', (bic) => {
    expect(isValidBic(bic)).toBe(false);
  });
  // ISO 20022 BICIdentifier pattern [A-Z]{6,6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3,3}){0,1}: location code not starting with 0 or 1, second character not O.
  it.each(['COBADE01', 'COBADE1F', 'COBADEFO', 'COBADEFOXXX'])('%s does not (location code outside ISO 9362)', (bic) => {
    expect(isValidBic(bic)).toBe(false);
  });
  it('validateBic upper-cases and names the field on error', () => {
    expect(validateBic('cobadeffxxx')).toBe('COBADEFFXXX');
    expect(() => validateBic('COBADE', 'creditor.bic')).toThrow(/creditor\.bic: "COBADE" is not a BIC/);
  });
});
