import { describe, expect, it } from 'vitest';
import { parseClaimsFile, parsePaymentsFile } from '../src/book.js';

const claim = (debtor: Record<string, unknown>) =>
  JSON.stringify([{ id: 'K1', debtor: { kind: 'consumer', name: 'Erika Muster', ...debtor }, principal: '10.00', invoiceDate: '2025-01-02', dueDate: '2025-01-16' }]);

// Issue 7 point 7: books from shops and ERPs carry addresses as fields; lines stay accepted.
describe('claims file: debtor addresses as lines or as fields', () => {
  it('address lines as a list or one text, as before', () => {
    expect(parseClaimsFile(claim({ address: ['Musterweg 1', '10115 Berlin'] }), 'c.json')[0]?.debtor.address).toEqual(['Musterweg 1', '10115 Berlin']);
    expect(parseClaimsFile(claim({ address: 'Musterweg 1, 10115 Berlin' }), 'c.json')[0]?.debtor.address).toEqual(['Musterweg 1, 10115 Berlin']);
  });

  it('address as fields (under address or postalAddress) becomes the debtor’s postalAddress', () => {
    const fields = { street: 'Musterweg', houseNumber: '1', postalCode: '10115', city: 'Berlin', country: 'de' };
    for (const key of ['address', 'postalAddress']) {
      const debtor = parseClaimsFile(claim({ [key]: fields }), 'c.json')[0]?.debtor;
      expect(debtor?.postalAddress).toEqual({ ...fields, country: 'DE' });
      expect(debtor?.address).toBeUndefined();
    }
  });

  it('a wrong field is an error naming the file, the record and the field', () => {
    expect(() => parseClaimsFile(claim({ postalAddress: { street: 'Musterweg', postalCode: '10115', city: 'Berlin', country: 'Deutschland' } }), 'c.json')).toThrow(
      /c\.json: record 1 \(id "K1"\): debtor\.postalAddress\.country: expected an ISO 3166-1 alpha-2/,
    );
  });
});

// The book's dates go through core's one rule of a bad date (isoDateProblem), as every command and
// simulation input does: a date of the right form that the calendar does not have is named as such
// here, with the file and record (and line), before core sees the claim — not taken as a date and
// compared as text ("dueDate: 2025-02-14 is before invoiceDate 2025-02-30").
describe('claims and payments file: an impossible date says which day is missing (isoDateProblem)', () => {
  const book = (fields: Record<string, unknown>) =>
    JSON.stringify([{ id: 'K1', debtor: { kind: 'consumer', name: 'Erika Muster' }, principal: '10.00', invoiceDate: '2025-01-02', dueDate: '2025-01-16', ...fields }]);

  it('invoiceDate 2025-02-30: February 2025 has 28 days (2025 is no leap year)', () => {
    expect(() => parseClaimsFile(book({ invoiceDate: '2025-02-30', dueDate: '2025-02-14' }), 'c.json')).toThrow(
      'c.json: record 1 (id "K1"): invoiceDate: 2025-02-30 is not a day of the calendar (February 2025 has 28 days).',
    );
  });

  it('contractDate 2024-02-30: February 2024 has 29 days (leap year); a wrong form keeps the form wording', () => {
    expect(() => parseClaimsFile(book({ contractDate: '2024-02-30' }), 'c.json')).toThrow('c.json: record 1 (id "K1"): contractDate: 2024-02-30 is not a day of the calendar (February 2024 has 29 days).');
    expect(() => parseClaimsFile(book({ dueDate: '16.01.2025' }), 'c.json')).toThrow('c.json: record 1 (id "K1"): dueDate: "16.01.2025" is not a date written YYYY-MM-DD (e.g. 2025-03-31).');
  });

  it('a payment on 2025-04-31: April has 30 days', () => {
    const claims = parseClaimsFile(book({}), 'c.json');
    expect(() => parsePaymentsFile(JSON.stringify([{ claimId: 'K1', date: '2025-04-31', amount: '10.00' }]), 'p.json', claims)).toThrow(
      'p.json: record 1: date: 2025-04-31 is not a day of the calendar (April 2025 has 30 days).',
    );
  });
});
