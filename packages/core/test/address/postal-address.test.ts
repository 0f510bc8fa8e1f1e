import { describe, expect, it } from 'vitest';
import {
  addDays,
  createMahnwerk,
  postalAddressLines,
  ValidationError,
  type Channel,
  type IsoDate,
  type OutgoingMessage,
} from '../../src/index.js';
import { memoryStore } from '../engine/memory-store.js';

describe('postal addresses as fields — DIN 5008 address block (issue 7 point 7)', () => {
  it('a German address to a German sender: street and number, postal code and city, no country line', () => {
    expect(postalAddressLines({ street: 'Musterweg', houseNumber: '12a', postalCode: '10115', city: 'Berlin', country: 'DE' })).toEqual([
      'Musterweg 12a',
      '10115 Berlin',
    ]);
  });

  it('the extra line (c/o, department) comes above the street', () => {
    expect(
      postalAddressLines({ street: 'Hafenstraße', houseNumber: '2', addressLine2: 'c/o Buchhaltung', postalCode: '20457', city: 'Hamburg', country: 'de' }),
    ).toEqual(['c/o Buchhaltung', 'Hafenstraße 2', '20457 Hamburg']);
  });

  it('abroad: city in capitals and the country name in capitals as the last line (Deutsche Post, DIN 5008)', () => {
    expect(postalAddressLines({ street: 'Stephansplatz', houseNumber: '1', postalCode: '1010', city: 'Wien', country: 'AT' })).toEqual([
      'Stephansplatz 1',
      '1010 WIEN',
      'ÖSTERREICH',
    ]);
  });

  it('abroad in the destination’s order: France writes the number first, Britain the city before the postcode', () => {
    expect(postalAddressLines({ street: 'rue de la Paix', houseNumber: '12', postalCode: '75002', city: 'Paris', country: 'FR' })).toEqual([
      '12 rue de la Paix',
      '75002 PARIS',
      'FRANKREICH',
    ]);
    expect(postalAddressLines({ street: 'Downing Street', houseNumber: '10', postalCode: 'SW1A 2AA', city: 'London', country: 'GB' })).toEqual([
      '10 Downing Street',
      'LONDON SW1A 2AA',
      'VEREINIGTES KÖNIGREICH',
    ]);
  });

  it('a sender abroad writes a German address with DEUTSCHLAND', () => {
    expect(postalAddressLines({ street: 'Musterweg', houseNumber: '1', postalCode: '10115', city: 'Berlin', country: 'DE' }, { senderCountry: 'AT' })).toEqual([
      'Musterweg 1',
      '10115 BERLIN',
      'DEUTSCHLAND',
    ]);
  });

  it('bad fields are a ValidationError naming the field', () => {
    const base = { street: 'Musterweg', postalCode: '10115', city: 'Berlin', country: 'DE' };
    expect(() => postalAddressLines({ ...base, country: 'XX' })).toThrow(ValidationError);
    expect(() => postalAddressLines({ ...base, country: 'XX' })).toThrow(/address\.country: expected an ISO 3166-1 alpha-2/);
    expect(() => postalAddressLines({ ...base, city: '' })).toThrow(/address\.city/);
    expect(() => postalAddressLines({ ...base, street: 'Musterweg\r\nBcc: x' })).toThrow(/address\.street: must be one line/);
  });
});

describe('createMahnwerk accepts a structured address alongside address lines', () => {
  function letterChannel(): Channel & { sent: OutgoingMessage[] } {
    const ch = {
      specificationVersion: 'v1' as const,
      name: 'letter',
      sent: [] as OutgoingMessage[],
      canReach: (to: OutgoingMessage['to']) => to.address !== undefined,
      send(message: OutgoingMessage) {
        ch.sent.push(message);
        return Promise.resolve({ providerMessageId: message.id });
      },
    };
    return ch;
  }

  it('the letter channel gets DIN 5008 lines and the fields', async () => {
    const letter = letterChannel();
    const clock = { date: '2025-01-02' as IsoDate, today: () => clock.date, now: () => `${clock.date}T09:00:00+01:00` };
    const mw = createMahnwerk({ store: memoryStore(), clock, channels: [letter], policy: 'auto' });
    const postalAddress = { street: 'Stephansplatz', houseNumber: '1', postalCode: '1010', city: 'Wien', country: 'AT' };
    await mw.createClaim({
      id: 'INV-1',
      debtor: { id: 'D-1', kind: 'consumer', name: 'Erika Muster', postalAddress },
      principal: '1000.00',
      currency: 'EUR',
      invoiceDate: '2025-01-02',
      dueDate: '2025-01-16',
    });
    for (let day: IsoDate = '2025-01-02'; day <= '2025-02-28' && letter.sent.length === 0; day = addDays(day, 1)) {
      clock.date = day;
      await mw.runDue();
    }
    expect(letter.sent.length).toBeGreaterThan(0);
    expect(letter.sent[0]?.to).toMatchObject({ name: 'Erika Muster', address: ['Stephansplatz 1', '1010 WIEN', 'ÖSTERREICH'], postalAddress });
  });

  it('a wrong field of the structured address is refused before anything is written', async () => {
    const clock = { today: () => '2025-01-02' as IsoDate, now: () => '2025-01-02T09:00:00+01:00' };
    const mw = createMahnwerk({ store: memoryStore(), clock, channels: [letterChannel()], policy: 'auto' });
    await expect(
      mw.createClaim({
        id: 'INV-2',
        debtor: { id: 'D-2', kind: 'consumer', name: 'Erika Muster', postalAddress: { street: 'Musterweg', postalCode: '10115', city: 'Berlin', country: 'Germany' } },
        principal: '10.00',
        currency: 'EUR',
        invoiceDate: '2025-01-02',
        dueDate: '2025-01-16',
      }),
    ).rejects.toThrow(/debtor\.postalAddress\.country/);
  });
});
