import { describe, expect, it } from 'vitest';
import { parseClaimsFile } from '../src/book.js';

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
