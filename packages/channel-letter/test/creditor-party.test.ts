import { MahnwerkError, ValidationError, type OutgoingMessage } from '@mahnwerk/core';
import type { CreditorParty } from '@mahnwerk/templates';
import { describe, expect, it } from 'vitest';
import { createLetterChannel, letterSenderAddressLines, renderLetterPdf, type LetterFile, type LetterSender } from '../src/index.js';
import { dunningLetter, dunningMessage } from './fixtures.js';
import { pdfWords, tempPdf, withoutPdfTools } from './poppler.js';
import { din5008FormB } from '../src/index.js';

// The READMEs promise one sender object for the texts (`createEngineRenderer({ creditor })`) and the
// letter (`createLetterChannel({ sender })`). A `CreditorParty` may give its address as lines or as
// fields (`postalAddress`, DIN 5008 lines made by core's `postalAddressLines`), so `addressLines` is
// optional there; the letter channel takes both forms. This file is type-checked by
// `pnpm run typecheck` (tsconfig.test.json includes test/): the assignments below are the
// type-level test — before the fix `sender: (m) => party` did not compile ("addressLines is
// optional in CreditorParty but required in LetterSender").

const output = (): Promise<void> => Promise.resolve();

const withLines: CreditorParty = {
  name: 'Beispiel GmbH',
  addressLines: ['Musterweg 1', '10115 Berlin'],
  bank: { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX' },
  signature: 'Ihr Forderungsmanagement',
};

const withFields: CreditorParty = {
  name: 'Stadtwerke Musterstadt GmbH',
  postalAddress: { street: 'Hafenstraße', houseNumber: '12', postalCode: '50667', city: 'Köln', country: 'DE' },
  isCollectionAgency: false,
};

const message: OutgoingMessage = dunningMessage();

describe('a templates CreditorParty is a LetterSender (one sender for texts and letter, README)', () => {
  it('type level: a CreditorParty, or a function returning one, is accepted as the letter channel’s sender', () => {
    // Compile-time checks; `pnpm run typecheck` fails here if CreditorParty and LetterSender drift apart.
    const asSender: LetterSender = withFields;
    const pick = (m: OutgoingMessage): CreditorParty => (m.stage === 'handover' ? withLines : withFields);
    expect(createLetterChannel({ sender: withLines, output }).name).toBe('letter');
    expect(createLetterChannel({ sender: (_m) => withFields, output }).name).toBe('letter');
    expect(createLetterChannel({ sender: pick, output }).name).toBe('letter');
    expect(asSender.name).toBe('Stadtwerke Musterstadt GmbH');
  });

  it('the sender’s address from postalAddress: DIN 5008 lines as core’s postalAddressLines makes them, no country line for its own country', () => {
    // By hand from postalAddressLines (packages/core/src/address/postal-address.ts): domestic address →
    // "street houseNumber", "postalCode city"; the sender's own country is the reference country.
    expect(letterSenderAddressLines(withFields)).toEqual(['Hafenstraße 12', '50667 Köln']);
    expect(letterSenderAddressLines(withLines)).toEqual(['Musterweg 1', '10115 Berlin']);
    // Both given: the fields win, as in the templates' letter head (templates view.ts partyLines).
    expect(letterSenderAddressLines({ ...withFields, addressLines: ['Alte Straße 1', '99999 Nirgendwo'] })).toEqual(['Hafenstraße 12', '50667 Köln']);
  });

  it.skipIf(withoutPdfTools)('a letter from a CreditorParty with only postalAddress prints the return line from the fields (DIN 5008 Rücksendeangabe)', async () => {
    const files: LetterFile[] = [];
    const channel = createLetterChannel({
      sender: () => withFields,
      output: (file) => {
        files.push(file);
        return Promise.resolve();
      },
    });
    await channel.send(message);
    const file = files[0];
    if (file === undefined) throw new Error('no letter handed over');
    const field = din5008FormB.addressField;
    const zone = din5008FormB.addressZone;
    const words = pdfWords(tempPdf(file.bytes));
    const returnLine = words.filter((w) => w.page === 1 && w.top >= field.top && w.bottom <= zone.top && w.left >= field.left && w.right <= field.left + field.width);
    // Expected written by hand: name · street number · code city (the fixture letter's return line has the same form, render.test.ts).
    expect(returnLine.map((w) => w.text).join(' ')).toBe('Stadtwerke Musterstadt GmbH · Hafenstraße 12 · 50667 Köln');
  });
});

describe('a sender without a return address is refused, naming the field (DIN 5008 return line, letterhead)', () => {
  const noAddress: CreditorParty = { name: 'Beispiel GmbH' };

  it('at construction, when the sender is an object', () => {
    const attempt = () => createLetterChannel({ sender: noAddress, output });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(/sender\.addressLines.*postalAddress/);
    try {
      attempt();
    } catch (error) {
      expect(MahnwerkError.isInstance(error) && error.field).toBe('sender.addressLines');
    }
  });

  it('at send, when a sender function returns one: the letter fails (not retryable) with the field in the message', async () => {
    const channel = createLetterChannel({ sender: () => noAddress, output });
    const failure = await channel.send(message).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(MahnwerkError.isInstance(failure)).toBe(true);
    expect((failure as MahnwerkError).retryable).toBe(false);
    expect((failure as MahnwerkError).message).toMatch(/sender\.addressLines/);
    expect(MahnwerkError.isInstance((failure as MahnwerkError).cause) && ((failure as MahnwerkError).cause as MahnwerkError).field).toBe('sender.addressLines');
  });

  it('renderLetterPdf refuses a LetterDocument whose sender has no address, blank lines only, or a broken postalAddress', async () => {
    const base = dunningLetter();
    const { addressLines: _lines, ...bare } = base.sender;
    await expect(renderLetterPdf({ ...base, sender: bare })).rejects.toThrow(/sender\.addressLines/);
    await expect(renderLetterPdf({ ...base, sender: { ...bare, addressLines: ['  ', ''] } })).rejects.toThrow(/sender\.addressLines/);
    await expect(
      renderLetterPdf({ ...base, sender: { ...bare, postalAddress: { street: 'Hafenstraße', postalCode: '50667', city: 'Köln', country: 'XX' } } }),
    ).rejects.toMatchObject({ field: 'sender.postalAddress.country' });
  });
});
