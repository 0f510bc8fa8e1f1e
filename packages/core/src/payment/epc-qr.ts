import { ValidationError } from '../errors/errors.js';
import { Dec } from '../money/decimal.js';
import type { Money } from '../money/money.js';
import { validateBic } from './bic.js';
import { validateCreditorReference } from './creditor-reference.js';
import { validateIban } from './iban.js';

/**
 * A SEPA credit transfer for an EPC QR code ("GiroCode", EPC069-12 "Quick Response Code:
 * Guidelines to Enable Data Capture for the Initiation of a SEPA Credit Transfer").
 */
export interface EpcQrPayment {
  /** `002` (default: BIC optional inside the EEA) or `001` (BIC required). */
  readonly version?: '001' | '002';
  /** BIC of the beneficiary's bank (AT-23); required in version 001. */
  readonly bic?: string;
  /** Name of the beneficiary (AT-21), 1–70 characters. */
  readonly name: string;
  /** IBAN of the beneficiary (AT-20), print or electronic form. */
  readonly iban: string;
  /** Amount in euro (AT-04), 0.01 to 999999999.99 with at most two decimals; omitted: the payer enters it. */
  readonly amount?: Money | string;
  /** Purpose code (AT-44), four letters of the ISO 20022 ExternalPurpose code list, e.g. `GDDS`. */
  readonly purpose?: string;
  /** Structured remittance information (AT-05): an ISO 11649 creditor reference (`RF…`). Excludes `text`. */
  readonly reference?: string;
  /** Unstructured remittance information (AT-05), at most 140 characters. Excludes `reference`. */
  readonly text?: string;
  /** Beneficiary-to-originator information shown to the payer, at most 70 characters. */
  readonly information?: string;
}

/** An EPC QR payload read back by {@link parseEpcQr}: fields in normalised form. */
export interface EpcQrData {
  /** `001` or `002`. */
  readonly version: '001' | '002';
  /** Character set number (1 = UTF-8 … 8 = ISO 8859-15). */
  readonly characterSet: number;
  /** BIC, if present. */
  readonly bic?: string;
  /** Beneficiary name. */
  readonly name: string;
  /** IBAN, electronic form. */
  readonly iban: string;
  /** Amount as a decimal string with two decimals (`"123.45"`), if present. */
  readonly amount?: string;
  /** Purpose code, if present. */
  readonly purpose?: string;
  /** Structured creditor reference, if present. */
  readonly reference?: string;
  /** Unstructured remittance text, if present. */
  readonly text?: string;
  /** Beneficiary-to-originator information, if present. */
  readonly information?: string;
}

/** Largest payload an EPC QR code may carry, in bytes (EPC069-12: 331 bytes, QR version ≤ 13, error level M). */
export const epcQrMaxBytes = 331;

const maxAmount = new Dec('999999999.99');
const minAmount = new Dec('0.01');
// Control characters (line breaks end a field) and bidi overrides have no place in a field.
const forbidden = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function checkText(value: string, max: number, field: string, label: string): string {
  if (forbidden.test(value)) {
    throw new ValidationError(`${field}: the ${label} contains a line break or control character; EPC QR fields are one line of text.`, { field });
  }
  const length = [...value].length;
  if (length > max) {
    throw new ValidationError(`${field}: the ${label} has ${length} characters; EPC069-12 allows at most ${max}.`, { field });
  }
  return value;
}

function amountText(amount: Money | string, field: string): string {
  let value;
  if (typeof amount === 'string') {
    if (!/^\d+(\.\d+)?$/.test(amount.trim())) {
      throw new ValidationError(`${field}: "${amount}" is not a decimal amount such as "123.45".`, { field });
    }
    value = new Dec(amount.trim());
  } else {
    if (amount.currency !== 'EUR') {
      throw new ValidationError(`${field}: an EPC QR code carries euro only, not ${amount.currency}.`, { field });
    }
    value = amount.amount;
  }
  if (value.decimalPlaces() > 2) {
    throw new ValidationError(`${field}: ${value.toFixed()} has more than two decimals; round it to the cent first.`, { field });
  }
  if (value.lessThan(minAmount) || value.greaterThan(maxAmount)) {
    throw new ValidationError(`${field}: ${value.toFixed()} EUR is outside the EPC QR range 0.01 to 999999999.99.`, { field });
  }
  // The shortest form: EPC069-12's own example writes one euro as "EUR1".
  return `EUR${value.toFixed()}`;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * Builds the payload of an EPC QR code (EPC069-12, character set 1 = UTF-8, identification SCT),
 * one element per line separated by LF, trailing empty elements left out:
 *
 * ```
 * BCD / 002 / 1 / SCT / BIC / name / IBAN / EUR123.45 / purpose / RF reference / text / information
 * ```
 *
 * Every field is checked first: IBAN (ISO 13616) and BIC form, name ≤ 70, amount 0.01 to
 * 999999999.99 in euro with at most two decimals (written in its shortest form, `EUR1` for one
 * euro as in the guideline's example), purpose four letters, a valid ISO 11649 creditor reference
 * *or* an unstructured text ≤ 140 (not both), information ≤ 70, and the whole payload ≤ 331 bytes.
 * Encode the result as a QR code with error correction level M.
 *
 * @param payment - the transfer
 * @throws ValidationError naming the field that breaks a rule of the guideline
 */
export function epcQrPayload(payment: EpcQrPayment): string {
  const version = payment.version ?? '002';
  if (version !== '001' && version !== '002') {
    throw new ValidationError(`version: "${String(version)}" is not an EPC QR version; use "002" or "001".`, { field: 'version' });
  }
  const bic = payment.bic === undefined || payment.bic === '' ? '' : validateBic(payment.bic, 'bic');
  if (version === '001' && bic === '') {
    throw new ValidationError('bic: EPC QR version 001 requires the BIC; give it or use version 002.', { field: 'bic' });
  }
  const name = checkText(payment.name.trim(), 70, 'name', 'beneficiary name');
  if (name === '') throw new ValidationError('name: the beneficiary name is empty.', { field: 'name' });
  const iban = validateIban(payment.iban, 'iban');
  const amount = payment.amount === undefined ? '' : amountText(payment.amount, 'amount');
  const purpose = payment.purpose ?? '';
  if (purpose !== '' && !/^[A-Z]{4}$/.test(purpose)) {
    throw new ValidationError(`purpose: "${purpose}" is not a purpose code; it is four upper-case letters (ISO 20022 ExternalPurpose1Code), e.g. GDDS.`, { field: 'purpose' });
  }
  const hasReference = payment.reference !== undefined && payment.reference !== '';
  const hasText = payment.text !== undefined && payment.text !== '';
  if (hasReference && hasText) {
    throw new ValidationError(
      'reference: give either a structured creditor reference or an unstructured text, not both (EPC069-12 allows one remittance information).',
      { field: 'reference' },
    );
  }
  const reference = hasReference ? validateCreditorReference(payment.reference ?? '', 'reference') : '';
  const text = hasText ? checkText(payment.text ?? '', 140, 'text', 'remittance text') : '';
  const information = checkText(payment.information ?? '', 70, 'information', 'beneficiary-to-originator information');
  const lines = ['BCD', version, '1', 'SCT', bic, name, iban, amount, purpose, reference, text, information];
  while (lines.at(-1) === '') lines.pop();
  const payload = lines.join('\n');
  const bytes = utf8Length(payload);
  if (bytes > epcQrMaxBytes) {
    throw new ValidationError(`The EPC QR payload has ${bytes} bytes; EPC069-12 allows at most ${epcQrMaxBytes}. Shorten the name or text.`, {
      field: 'text',
    });
  }
  return payload;
}

/**
 * Reads an EPC QR payload (as decoded from the image) and checks it against EPC069-12: service tag
 * `BCD`, version `001`/`002`, a character set 1–8, identification `SCT`, the BIC form (required in
 * 001), name 1–70, a valid IBAN, amount `EUR` 0.01–999999999.99 with at most two decimals, purpose,
 * a valid RF creditor reference or a text (not both), at most 12 lines, LF or CR LF separators and
 * at most 331 bytes (counted in UTF-8).
 *
 * @param payload - the decoded text
 * @returns the fields in normalised form
 * @throws ValidationError naming the element that is wrong
 */
export function parseEpcQr(payload: string): EpcQrData {
  if (utf8Length(payload) > epcQrMaxBytes) {
    throw new ValidationError(`The EPC QR payload has ${utf8Length(payload)} bytes; at most ${epcQrMaxBytes} are allowed.`, { field: 'payload' });
  }
  const lines = payload.split(/\r?\n/);
  if (lines.length > 12) {
    throw new ValidationError(`The EPC QR payload has ${lines.length} lines; EPC069-12 defines 12 elements.`, { field: 'payload' });
  }
  const at = (i: number) => lines[i] ?? '';
  if (at(0) !== 'BCD') throw new ValidationError(`serviceTag: "${at(0)}" is not BCD.`, { field: 'serviceTag' });
  const version = at(1);
  if (version !== '001' && version !== '002') {
    throw new ValidationError(`version: "${version}" is not 001 or 002.`, { field: 'version' });
  }
  const characterSet = at(2);
  if (!/^[1-8]$/.test(characterSet)) {
    throw new ValidationError(`characterSet: "${characterSet}" is not one of 1 (UTF-8) to 8.`, { field: 'characterSet' });
  }
  if (at(3) !== 'SCT') throw new ValidationError(`identification: "${at(3)}" is not SCT.`, { field: 'identification' });
  const amountLine = at(7);
  let amount: string | undefined;
  if (amountLine !== '') {
    const match = /^EUR(\d{1,9}(\.\d{1,2})?)$/.exec(amountLine);
    if (match === null) {
      throw new ValidationError(`amount: "${amountLine}" is not EUR followed by an amount with at most two decimals.`, { field: 'amount' });
    }
    const value = new Dec(match[1] as string);
    if (value.lessThan(minAmount)) throw new ValidationError(`amount: "${amountLine}" is below 0.01.`, { field: 'amount' });
    amount = value.toFixed(2);
  }
  // The same rules as when writing, so what parses could have been written.
  epcQrPayload({
    version,
    bic: at(4),
    name: at(5),
    iban: at(6),
    ...(amount === undefined ? {} : { amount }),
    purpose: at(8),
    reference: at(9),
    text: at(10),
    information: at(11),
  });
  const field = <K extends string>(key: K, value: string) => (value === '' ? {} : ({ [key]: value } as Record<K, string>));
  return {
    version,
    characterSet: Number(characterSet),
    ...field('bic', at(4) === '' ? '' : validateBic(at(4))),
    name: at(5).trim(),
    iban: validateIban(at(6)),
    ...(amount === undefined ? {} : { amount }),
    ...field('purpose', at(8)),
    ...field('reference', at(9) === '' ? '' : validateCreditorReference(at(9))),
    ...field('text', at(10)),
    ...field('information', at(11)),
  };
}
