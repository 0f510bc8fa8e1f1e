import { creditorReference, MahnwerkError } from '@mahnwerk/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pain008, type DirectDebit, type Pain008Options } from '../src/index.js';
import { validateAgainstXsd, withoutXmllint } from './support/xmllint.js';

// Every pain.008 file the package writes is checked against the ISO 20022 schema
// pain.008.001.02.xsd shipped in schema/ (source and licence in schema/README.md), with
// `xmllint --noout --schema`. The property: for any input, pain008 either refuses it with a
// ValidationError naming the field, or writes a file the schema accepts — never an invalid file.

const creditor: Pain008Options['creditor'] = {
  name: 'Beispiel Shop GmbH',
  iban: 'DE89 3704 0044 0532 0130 00',
  bic: 'COBADEFFXXX',
  creditorId: 'DE98ZZZ09999999999',
  address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '80331', city: 'München', country: 'DE' },
};
const options: Pain008Options = { messageId: 'MW-2025-01-14-1', createdAt: '2025-01-14T09:00:00+01:00', collectionDate: '2025-01-20', creditor };

/** IBANs with a correct checksum (from the ISO 13616 / Bundesbank examples used across the tests) and one with a wrong one. */
const ibans = ['DE02120300000000202051', 'DE02500105170137075030', 'DE02100100100006820101', 'DE89 3704 0044 0532 0130 00', 'AT611904300234573201', 'DE02120300000000202052'];

// Mostly input a host would pass, now and then something wild: each field is wild one time in 15.
const mostly = <T,>(valid: fc.Arbitrary<T>, wild: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ arbitrary: valid, weight: 14 }, { arbitrary: wild, weight: 1 });
// Text: letters, umlauts and XML's special characters; wild: control characters, emoji, blanks, too long.
const fine = (max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9äöüÄÖÜß&<>"' .,/-]{1,${max}}$`)).filter((t) => t.trim() !== '');
const piece = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('&', '<', ']]>', 'ß', '€', '\u0001', '\t', '  ', '\uFFFE', '😀'));
const text = (max: number) => mostly(fine(max), fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('').slice(0, max + 10)));
const address = fc.record({
  street: text(70),
  houseNumber: fc.option(text(16), { nil: undefined }),
  postalCode: text(16),
  city: text(35),
  country: mostly(fc.constantFrom('DE', 'AT', 'FR'), fc.constantFrom('de', 'D', 'DEU')),
});
const sepaId = mostly(fc.stringMatching(/^[A-Za-z0-9+?\-:().,'][A-Za-z0-9+?\-:().,' ]{0,34}$/), fc.oneof(fc.constant(''), fc.string({ maxLength: 40 })));
const amount = mostly(
  fc.bigInt({ min: 1n, max: 99_999_999_999n }).map((minor) => `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`),
  fc.constantFrom('0.00', '-1.00', '1.001', '1e3', '999999999.99', '1000000000.00', '12345678901234567.00'),
);
const bic = mostly(fc.constantFrom('COBADEFFXXX', 'PBNKDEFF', 'BYLADEM1001', 'DEUTDEDBBER'), fc.oneof(fc.stringMatching(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/), fc.constantFrom('ABCDDE01', 'ABCDDE1O', 'ABCDDEFO', 'cobadeff')));
const debit: fc.Arbitrary<DirectDebit> = fc
  .record(
  {
    claimId: sepaId,
    endToEndId: fc.option(sepaId, { nil: undefined }),
    amount,
    sequenceType: fc.constantFrom('FRST', 'RCUR', 'OOFF', 'FNAL'),
    mandate: fc.record({ id: sepaId, signedOn: fc.constantFrom('2024-11-02', '2023-05-01', '2025-01-20') }),
    debtor: fc.record({ name: text(70), iban: mostly(fc.constantFrom(...ibans.slice(0, -1)), fc.constantFrom(...ibans.slice(-1))), bic: fc.option(bic, { nil: undefined }), address: fc.option(address, { nil: undefined }) }),
    creditorReference: fc.option(fc.stringMatching(/^[A-Z0-9]{1,21}$/).map((r) => creditorReference(r)), { nil: undefined }),
    remittance: fc.option(text(140), { nil: undefined }),
  },
  { requiredKeys: ['claimId', 'amount', 'sequenceType', 'mandate', 'debtor'] },
  )
  // Absent options are left out, not set to undefined (as JSON input arrives).
  .map((d) => JSON.parse(JSON.stringify(d)) as DirectDebit);

describe.skipIf(withoutXmllint)('pain008 against the ISO 20022 schema pain.008.001.02.xsd (xmllint --schema)', () => {
  it('the reference file (FRST with address and RF, RCUR with text remittance and without BIC) is valid', () => {
    const xml = pain008(
      [
        { claimId: 'RE-2025-001', amount: '1011.75', sequenceType: 'FRST', mandate: { id: 'MNDT-2024-0042', signedOn: '2024-11-02' }, debtor: { name: 'Erika Mustermann', iban: 'DE02120300000000202051', address: { street: 'Musterstraße', houseNumber: '1', postalCode: '10115', city: 'Berlin', country: 'DE' } }, creditorReference: 'RF27RE2025001' },
        { claimId: 'RE-2025-002', amount: '0.10', sequenceType: 'RCUR', mandate: { id: 'MNDT-2023-0007', signedOn: '2023-05-01' }, debtor: { name: 'Hans Beispiel', iban: 'DE02500105170137075030' }, remittance: 'Rechnung RE-2025-002 & <Mahnung>' },
        { claimId: 'RE-2025-003', amount: '0.20', sequenceType: 'RCUR', mandate: { id: 'MNDT-2023-0008', signedOn: '2023-05-01' }, debtor: { name: 'Jana Probe', iban: 'DE02100100100006820101', bic: 'PBNKDEFF' } },
      ],
      options,
    );
    const verdict = validateAgainstXsd(xml);
    expect(verdict.messages).toContain('validates');
    expect(verdict.valid).toBe(true);
  });

  it('the check has teeth: the schema rejects a file with the elements of a debit out of order, and one with a lower-case BIC', () => {
    const xml = pain008([{ claimId: 'RE-1', amount: '5.00', sequenceType: 'OOFF', mandate: { id: 'M-1', signedOn: '2024-01-01' }, debtor: { name: 'A', iban: 'DE02120300000000202051', bic: 'PBNKDEFF' } }], options);
    expect(validateAgainstXsd(xml).valid).toBe(true);
    const swapped = xml.replace(/(<InstdAmt[^>]*>[^<]*<\/InstdAmt>)(\s*)(<PmtId>[\s\S]*?<\/PmtId>)/, '$3$2$1').replace(/(\s*<PmtId>[\s\S]*?<\/PmtId>)(\s*<InstdAmt[^>]*>[^<]*<\/InstdAmt>)/, '$2$1');
    expect(swapped).not.toBe(xml);
    expect(validateAgainstXsd(swapped).valid).toBe(false);
    expect(validateAgainstXsd(xml.replace('<BIC>PBNKDEFF</BIC>', '<BIC>pbnkdeff</BIC>')).valid).toBe(false);
  });

  it('property: for any input, pain008 refuses it with a ValidationError or MoneyError naming the field, or writes a file the schema accepts', () => {
    let written = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.array(debit, { minLength: 1, maxLength: 3 }), fc.option(fc.constantFrom('CORE', 'B2B') as fc.Arbitrary<'CORE' | 'B2B'>, { nil: undefined }), (debits, scheme) => {
        let xml: string;
        try {
          xml = pain008(debits, { ...options, ...(scheme === undefined ? {} : { scheme }) });
        } catch (error) {
          if (!MahnwerkError.isInstance(error) || !['invalid_input', 'invalid_money'].includes(error.code) || error.field === undefined) throw error;
          refused += 1;
          return;
        }
        written += 1;
        const verdict = validateAgainstXsd(xml);
        if (!verdict.valid) throw new Error(`pain008 wrote a file the schema rejects:\n${verdict.messages}\n${xml}`);
      }),
      { numRuns: 200, seed: 20250114 },
    );
    // Both branches are exercised: the generator is not so wild that everything is refused.
    expect(written).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
  });
});
