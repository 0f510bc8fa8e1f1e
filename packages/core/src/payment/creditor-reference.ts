import { ValidationError } from '../errors/errors.js';
import { electronicFormat } from './iban.js';
import { mod97 } from './mod97.js';

/**
 * Makes the structured creditor reference (ISO 11649) for a claim reference: `RF`, two check
 * digits, and the reference's letters and digits (at most 21). The check digits are
 * 98 − (reference + `RF00`, letters as 10…35) mod 97, so the result passes
 * {@link isValidCreditorReference}. Separators such as `-`, `/` and spaces are dropped, letters
 * upper-cased: `RE-00102` → `RF73RE00102`.
 *
 * @param reference - the claim or invoice reference
 * @param field - the input field, for the error
 * @returns the reference in electronic form (`RF18539007547034`); print it with `printFormat`
 * @throws ValidationError when fewer than one or more than 21 letters and digits remain, or other characters than letters, digits and separators occur
 */
export function creditorReference(reference: string, field = 'reference'): string {
  if (!/^[A-Za-z0-9 \-/._]*$/.test(reference)) {
    throw new ValidationError(
      `${field}: "${reference}" cannot become a creditor reference (ISO 11649): only letters A–Z, digits and the separators - / . _ and space are allowed.`,
      { field },
    );
  }
  const body = reference.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  if (body.length < 1 || body.length > 21) {
    throw new ValidationError(
      `${field}: "${reference}" has ${body.length} letters and digits; a creditor reference (ISO 11649) holds 1 to 21.`,
      { field },
    );
  }
  const check = 98 - mod97(`${body}RF00`);
  return `RF${String(check).padStart(2, '0')}${body}`;
}

/**
 * True when `text` is a valid structured creditor reference (ISO 11649): `RF`, two check digits,
 * 1 to 21 letters or digits, and MOD 97-10 of the reference with its first four characters moved
 * to the end equals 1. Spaces (print form) are allowed; letters may be lower case.
 *
 * @param text - e.g. `RF18 5390 0754 7034`
 */
export function isValidCreditorReference(text: string): boolean {
  const ref = electronicFormat(text);
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(ref)) return false;
  return mod97(ref.slice(4) + ref.slice(0, 4)) === 1;
}

/**
 * Validates a structured creditor reference (see {@link isValidCreditorReference}) and returns
 * its electronic form.
 *
 * @param text - the reference in print or electronic form
 * @param field - the input field, for the error
 * @throws ValidationError when the form or the check digits are wrong
 */
export function validateCreditorReference(text: string, field = 'reference'): string {
  if (!isValidCreditorReference(text)) {
    throw new ValidationError(
      `${field}: "${text}" is not a valid creditor reference (ISO 11649: RF, two check digits, 1–21 letters or digits, MOD 97-10 = 1).`,
      { field },
    );
  }
  return electronicFormat(text);
}

/**
 * The creditor reference a payment for a claim carries (a letter's GiroCode, the portal's bank
 * transfer): the reference itself in electronic form when it already is a valid `RF…`, else one
 * made from it with {@link creditorReference}. One rule for every place that shows a transfer.
 *
 * @param reference - the claim's reference, e.g. `RE-2025-001` or `RF18 5390 0754 7034`
 * @param field - the input field, for the error
 * @throws ValidationError when the reference cannot become a creditor reference
 */
export function paymentCreditorReference(reference: string, field = 'reference'): string {
  return isValidCreditorReference(reference) ? electronicFormat(reference) : creditorReference(reference, field);
}

/**
 * What a bank transfer for a claim quotes as its remittance: the creditor reference
 * ({@link paymentCreditorReference}), or — when the claim's reference cannot become one (e.g.
 * `Rechnung #4711`) — the reference as written, as unstructured text. The one rule the portal's
 * transfer and the letters' Verwendungszweck share.
 *
 * @param reference - the claim's reference
 * @returns `{ creditorReference }` in electronic form, or `{ text }`
 */
export function transferRemittance(reference: string): { readonly creditorReference: string } | { readonly text: string } {
  try {
    return { creditorReference: paymentCreditorReference(reference) };
  } catch (error) {
    if (error instanceof ValidationError) return { text: reference };
    throw error;
  }
}
