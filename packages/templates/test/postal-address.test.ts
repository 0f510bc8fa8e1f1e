import { describe, expect, it } from 'vitest';
import { ValidationError } from '@mahnwerk/core';
import { renderMessage } from '../src/index.js';
import { creditor, letterData } from './fixtures.js';

// Issue 7 point 7: structured addresses in the templates. The address block under the name is made
// after DIN 5008 — domestic without a country line, abroad with the country in capitals.
describe('letters with a structured debtor address (DIN 5008 address block)', () => {
  it('a German debtor: street and number, postal code and city, no country line', () => {
    const data = letterData({
      debtor: { name: 'Maximilian Mustermann', kind: 'consumer', postalAddress: { street: 'Lindenallee', houseNumber: '7', postalCode: '50968', city: 'Köln', country: 'DE' } },
    });
    const { text } = renderMessage('reminder', 'letter', data);
    expect(text).toMatch(/Maximilian Mustermann\nLindenallee 7\n50968 Köln\n/);
    expect(text).not.toContain('DEUTSCHLAND');
  });

  it('an Austrian debtor: the city and the country line in capitals', () => {
    const data = letterData({
      debtor: { name: 'Maria Huber', kind: 'consumer', postalAddress: { street: 'Stephansplatz', houseNumber: '1', postalCode: '1010', city: 'Wien', country: 'AT' } },
    });
    const { text } = renderMessage('reminder', 'letter', data);
    expect(text).toMatch(/Maria Huber\nStephansplatz 1\n1010 WIEN\nÖSTERREICH\n/);
  });

  it('the sender’s structured address sets the home country: an Austrian sender writes DEUTSCHLAND', () => {
    const data = letterData({
      creditor: { ...creditor, postalAddress: { street: 'Ring', houseNumber: '3', postalCode: '1010', city: 'Wien', country: 'AT' } },
      debtor: { name: 'Maximilian Mustermann', kind: 'consumer', postalAddress: { street: 'Lindenallee', houseNumber: '7', postalCode: '50968', city: 'Köln', country: 'DE' } },
    });
    expect(renderMessage('reminder', 'letter', data).text).toMatch(/Lindenallee 7\n50968 KÖLN\nDEUTSCHLAND\n/);
  });

  it('address lines still work, and a wrong field names debtor.postalAddress.<field>', () => {
    expect(renderMessage('reminder', 'letter', letterData()).text).toContain('Lindenallee 7\n50968 Köln');
    const bad = letterData({ debtor: { name: 'X', kind: 'consumer', postalAddress: { street: 'A', postalCode: '1', city: 'B', country: 'Germany' } } });
    expect(() => renderMessage('reminder', 'letter', bad)).toThrow(ValidationError);
    expect(() => renderMessage('reminder', 'letter', bad)).toThrow(/debtor\.postalAddress\.country/);
  });
});
