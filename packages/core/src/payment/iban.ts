import { ValidationError } from '../errors/errors.js';
import { mod97 } from './mod97.js';

/**
 * Length of the IBAN per country (ISO 13616; the SWIFT IBAN Registry). A country missing here is
 * refused as having no IBAN; the table is data, extended when the registry grows.
 */
export const ibanLengths: Readonly<Record<string, number>> = Object.freeze({
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
  IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
  SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
  // Territories with their own ISO 3166 code that use the IBAN of Finland (AX) or France.
  AX: 18, GF: 27, GP: 27, MF: 27, MQ: 27, NC: 27, PF: 27, PM: 27, RE: 27, TF: 27, WF: 27, YT: 27,
});

/** Why an IBAN is not valid, as returned by {@link checkIban}. */
export type IbanProblem = 'format' | 'country' | 'length' | 'checksum';

/** The result of {@link checkIban}: the IBAN in electronic form, or what is wrong with it. */
export type IbanCheck =
  | { readonly valid: true; readonly iban: string; readonly country: string }
  | { readonly valid: false; readonly problem: IbanProblem; readonly message: string };

/**
 * The electronic form of an IBAN or creditor reference: spaces removed, letters upper-cased
 * (`de89 3704 …` → `DE893704…`). Nothing else is changed.
 *
 * @param text - the IBAN as printed or typed
 */
export function electronicFormat(text: string): string {
  return text.replace(/ /g, '').toUpperCase();
}

/**
 * Checks an IBAN after ISO 13616: two letters of a country that has IBANs, two check digits, the
 * country's exact length (SWIFT IBAN Registry) and the MOD 97-10 check (ISO 7064): the IBAN with
 * its first four characters moved to the end, letters as 10…35, leaves remainder 1 modulo 97.
 * Spaces are allowed (print form); nothing is thrown.
 *
 * @param text - the IBAN, in print form (`DE89 3704 0044 0532 0130 00`) or electronic form
 */
export function checkIban(text: string): IbanCheck {
  const iban = electronicFormat(text);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(iban)) {
    return {
      valid: false,
      problem: 'format',
      message: `"${text}" is not an IBAN: it must be two letters of a country, two check digits and up to 30 letters or digits.`,
    };
  }
  const country = iban.slice(0, 2);
  const length = ibanLengths[country];
  if (length === undefined) {
    return { valid: false, problem: 'country', message: `"${text}": ${country} has no IBAN in the SWIFT IBAN Registry.` };
  }
  if (iban.length !== length) {
    return {
      valid: false,
      problem: 'length',
      message: `"${text}" has ${iban.length} characters; an IBAN of ${country} has ${length}.`,
    };
  }
  if (mod97(iban.slice(4) + iban.slice(0, 4)) !== 1) {
    return {
      valid: false,
      problem: 'checksum',
      message: `"${text}": the check digits ${iban.slice(2, 4)} do not match (ISO 7064 MOD 97-10); check for a typing error.`,
    };
  }
  return { valid: true, iban, country };
}

/**
 * True when `text` is a valid IBAN (see {@link checkIban}).
 *
 * @param text - the IBAN in print or electronic form
 */
export function isValidIban(text: string): boolean {
  return checkIban(text).valid;
}

/**
 * Validates an IBAN and returns its electronic form (`DE89370400440532013000`).
 *
 * @param text - the IBAN in print or electronic form
 * @param field - the input field, for the error
 * @throws ValidationError naming the field and what is wrong (format, country, length, check digits)
 */
export function validateIban(text: string, field = 'iban'): string {
  const result = checkIban(text);
  if (!result.valid) throw new ValidationError(`${field}: ${result.message}`, { field });
  return result.iban;
}

/**
 * The print form of an IBAN or creditor reference: groups of four separated by spaces
 * (`DE89 3704 0044 0532 0130 00`), as DIN 5008 and the EPC ask for on paper.
 *
 * @param text - the IBAN or reference, in any form
 */
export function printFormat(text: string): string {
  return electronicFormat(text).replace(/(.{4})(?=.)/g, '$1 ');
}
