/**
 * ISO 7064 MOD 97-10 over an alphanumeric string, as used by IBAN (ISO 13616) and the creditor
 * reference (ISO 11649): letters become two digits (A = 10 … Z = 35) and the resulting decimal
 * number is taken modulo 97, digit by digit so no big numbers are needed.
 *
 * @param text - upper-case letters and digits only
 * @returns the remainder 0…96
 * @internal
 */
export function mod97(text: string): number {
  let remainder = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code >= 48 && code <= 57) {
      remainder = (remainder * 10 + (code - 48)) % 97;
    } else if (code >= 65 && code <= 90) {
      // A letter is two digits, 10…35.
      remainder = (remainder * 100 + (code - 55)) % 97;
    } else {
      throw new RangeError(`mod97: "${char}" is neither a digit nor an upper-case letter`);
    }
  }
  return remainder;
}
