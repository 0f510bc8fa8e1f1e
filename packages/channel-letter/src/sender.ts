import { partyAddressLines, validateBic, validateIban, ValidationError } from '@mahnwerk/core';
import type { LetterSender } from './document.js';

/**
 * The sender's postal address as the letter prints it (letterhead, return line, footer): from its
 * `postalAddress` fields after DIN 5008 when given, else its `addressLines` without blank lines —
 * core's `partyAddressLines`, the one rule the templates' letter head follows for a `CreditorParty`
 * (the sender's own country as reference, so no country line).
 *
 * @param sender - the sender
 * @param field - where the sender sits in the caller's input, for the error's field (default `sender`)
 * @returns at least one line
 * @throws ValidationError (field `sender.addressLines`) when the sender has neither `addressLines`
 *   with a non-blank line nor `postalAddress`; (field `sender.postalAddress.…`) when a field of
 *   `postalAddress` is wrong
 */
export function letterSenderAddressLines(sender: LetterSender, field = 'sender'): string[] {
  const lines = partyAddressLines(sender, { field, purpose: "the sender's postal address, printed in the letterhead and return line" });
  if (lines.length === 0) {
    throw new ValidationError(
      `${field}.addressLines: a letter prints the sender's postal address in the letterhead and the return line above the window (DIN 5008), and the sender has none; give the sender addressLines (e.g. ['Hafenstraße 12', '50667 Köln']) or postalAddress ({ street, houseNumber, postalCode, city, country }).`,
      { field: `${field}.addressLines` },
    );
  }
  return lines;
}

/**
 * Checks a letter's sender before anything is laid out: a name, a postal address
 * ({@link letterSenderAddressLines}) and, when a bank account is given, its IBAN (ISO 13616) and BIC.
 * `renderLetterPdf` checks every letter's sender so; `createLetterChannel` checks a fixed sender
 * when it is constructed.
 *
 * @param sender - the sender
 * @param field - where the sender sits in the caller's input (default `sender`)
 * @throws ValidationError naming the field that is missing or wrong
 */
export function checkLetterSender(sender: LetterSender, field = 'sender'): void {
  if (typeof sender !== 'object' || sender === null) {
    throw new ValidationError(`${field}: expected the sender of the letters ({ name, addressLines or postalAddress, bank? }), got ${sender === null ? 'null' : typeof sender}.`, { field });
  }
  if (typeof sender.name !== 'string' || sender.name.trim() === '') {
    throw new ValidationError(`${field}.name: a letter prints the sender's name in the letterhead and return line; give the creditor's (or agency's) name or firm.`, {
      field: `${field}.name`,
    });
  }
  letterSenderAddressLines(sender, field);
  if (sender.bank !== undefined) {
    validateIban(sender.bank.iban, `${field}.bank.iban`);
    if (sender.bank.bic !== undefined) validateBic(sender.bank.bic, `${field}.bank.bic`);
  }
}
