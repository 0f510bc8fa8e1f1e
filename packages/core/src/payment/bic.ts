import { ValidationError } from '../errors/errors.js';

// The pattern of the ISO 20022 schemas (BICIdentifier): the location code's first character is not
// 0 or 1, its second not the letter O (ISO 9362).
const bicPattern = /^[A-Z]{4}[A-Z]{2}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/;

/**
 * True when `text` has the form of a BIC (ISO 9362): four letters of the institution, two letters
 * of the country, two letters or digits of the location (the first not 0 or 1, the second not the
 * letter O, as the ISO 20022 schemas' `BICIdentifier` pattern has it) and an optional branch of
 * three (`COBADEFFXXX`, `BPOTBEB1`). Only the form is checked; whether the bank exists is not.
 *
 * @param text - the BIC, upper case, without spaces
 */
export function isValidBic(text: string): boolean {
  return bicPattern.test(text);
}

/**
 * Validates the form of a BIC (see {@link isValidBic}) and returns it upper-cased without spaces.
 *
 * @param text - the BIC
 * @param field - the input field, for the error
 * @throws ValidationError when it is not 8 or 11 characters of the ISO 9362 form
 */
export function validateBic(text: string, field = 'bic'): string {
  const bic = text.replace(/ /g, '').toUpperCase();
  if (!isValidBic(bic)) {
    throw new ValidationError(
      `${field}: "${text}" is not a BIC; it has 8 or 11 characters: 4 letters (bank), 2 letters (country), 2 letters or digits (location) and optionally 3 (branch), e.g. COBADEFFXXX.`,
      { field },
    );
  }
  return bic;
}
