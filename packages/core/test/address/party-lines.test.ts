import { describe, expect, it } from 'vitest';
import { partyAddressLines } from '../../src/index.js';
import { caught } from '../errors/caught.js';

describe('a party\'s address lines: postalAddress after DIN 5008, else addressLines (the one rule of the letter head and the letterhead)', () => {
  it('a structured address wins over address lines, printed without a country line in the sender\'s own country', () => {
    const party = {
      postalAddress: { street: 'Hafenstraße', houseNumber: '12', postalCode: '50667', city: 'Köln', country: 'DE' },
      addressLines: ['Alte Straße 1', '10115 Berlin'],
    };
    // DIN 5008: street and number, postal code and city; domestic, so no country line.
    expect(partyAddressLines(party, { field: 'sender' })).toEqual(['Hafenstraße 12', '50667 Köln']);
  });

  it('the sender\'s country decides the country line: an Austrian address seen from Germany ends in ÖSTERREICH', () => {
    const party = { postalAddress: { street: 'Ringstraße', houseNumber: '5', postalCode: '1010', city: 'Wien', country: 'AT' } };
    // Deutsche Post: a foreign address ends with the country's name in capitals, the city in capitals.
    expect(partyAddressLines(party, { field: 'debtor', senderCountry: 'DE' })).toEqual(['Ringstraße 5', '1010 WIEN', 'ÖSTERREICH']);
    // The party's own country by default: a sender's own letterhead has no country line.
    expect(partyAddressLines(party, { field: 'sender' })).toEqual(['Ringstraße 5', '1010 Wien']);
  });

  it('address lines without blank ones, each cleaned first when a cleaner is given', () => {
    expect(partyAddressLines({ addressLines: ['Musterweg 1', '  ', '', '10115 Berlin'] }, { field: 'creditor' })).toEqual(['Musterweg 1', '10115 Berlin']);
    const clean = (line: string): string => line.replace(/\u202e/g, '').trim();
    expect(partyAddressLines({ addressLines: ['\u202e', ' Musterweg 1 '] }, { field: 'creditor', clean })).toEqual(['Musterweg 1']);
  });

  it('a party with neither gets no lines: whether that is allowed is the caller\'s rule', () => {
    expect(partyAddressLines({}, { field: 'debtor' })).toEqual([]);
    expect(partyAddressLines({ postalAddress: null, addressLines: null }, { field: 'debtor' })).toEqual([]);
  });

  it('wrong input is refused with the field where it sits', () => {
    expect(caught(() => partyAddressLines({ addressLines: 'Musterweg 1, 10115 Berlin' }, { field: 'sender' })).field).toBe('sender.addressLines');
    expect(caught(() => partyAddressLines({ addressLines: ['Musterweg 1', 7] }, { field: 'sender' })).field).toBe('sender.addressLines[1]');
    expect(caught(() => partyAddressLines({ postalAddress: 'Musterweg 1' }, { field: 'creditor' })).field).toBe('creditor.postalAddress');
    const wrong = caught(() =>
      partyAddressLines({ postalAddress: { street: 'Musterweg', postalCode: '10115', city: 'Berlin', country: 'XX' } }, { field: 'creditor', purpose: 'the sender in the letterhead' }),
    );
    expect(wrong.code).toBe('invalid_input');
    expect(wrong.field).toBe('creditor.postalAddress.country');
    expect(wrong.message).toMatch(/^creditor\.postalAddress\.country: .*\(the sender in the letterhead\)$/);
  });
});
