import { MahnwerkError, ValidationError } from '../errors/errors.js';
import { postalAddressLines, type PostalAddress } from './postal-address.js';

/** A party as hosts describe it: a structured postal address, or address lines, or both. */
export interface AddressedParty {
  /** Postal address as fields (checked with `postalAddressSchema`); wins over `addressLines`. */
  readonly postalAddress?: unknown;
  /** Address lines as the host writes them, e.g. `['Hafenstraße 12', '50667 Köln']`. */
  readonly addressLines?: unknown;
}

/** Options of {@link partyAddressLines}. */
export interface PartyAddressLinesOptions {
  /** Where the party sits in the caller's input (`sender`, `creditor`, `debtor`), for the errors' field. */
  readonly field: string;
  /**
   * The sender's country (ISO 3166-1 alpha-2): a structured address in another country gets a
   * country line. Default: the party's own `postalAddress.country` — no country line, as for a
   * letter's own sender.
   */
  readonly senderCountry?: string;
  /** Applied to every address line before blank lines are dropped (e.g. removing control characters). */
  readonly clean?: (line: string) => string;
  /** Said after a wrong structured address's message, e.g. `the sender's postal address, printed in the letterhead`. */
  readonly purpose?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The address lines of a party, by the one rule the templates' letter head and the letter channel's
 * letterhead follow: its `postalAddress` printed after DIN 5008 when given ({@link postalAddressLines};
 * a country line only for another country than the sender's), else its `addressLines` without blank
 * lines. A party with neither gets no lines; whether that is allowed is the caller's rule (a letter
 * needs the sender's and the recipient's address).
 *
 * @param party - the party (host input, not yet checked)
 * @param options - where the party sits, the sender's country, how to clean a line
 * @returns the lines, possibly none
 * @throws ValidationError naming the field (`<field>.postalAddress.<part>`, `<field>.addressLines`,
 *   `<field>.addressLines[i]`) when the structured address is wrong or the lines are not texts
 */
export function partyAddressLines(party: AddressedParty, options: PartyAddressLinesOptions): string[] {
  const { field } = options;
  const structured = party.postalAddress;
  if (structured !== undefined && structured !== null) {
    if (!isRecord(structured)) {
      throw new ValidationError(`${field}.postalAddress: expected { street, houseNumber?, postalCode, city, country, addressLine2? }, got ${Array.isArray(structured) ? 'a list' : typeof structured}.`, {
        field: `${field}.postalAddress`,
      });
    }
    const own = typeof structured['country'] === 'string' ? structured['country'] : 'DE';
    try {
      return postalAddressLines(structured as unknown as PostalAddress, { senderCountry: options.senderCountry ?? own });
    } catch (error) {
      // postalAddressLines names its fields `address.…`; say where this address sits.
      if (MahnwerkError.isInstance(error) && error.field !== undefined && error.field.startsWith('address')) {
        const inner = `${field}.postalAddress${error.field.slice('address'.length)}`;
        const purpose = options.purpose === undefined ? '' : ` (${options.purpose})`;
        throw new ValidationError(`${inner}${error.message.slice(error.field.length)}${purpose}`, { field: inner, cause: error });
      }
      throw error;
    }
  }
  const given = party.addressLines;
  if (given === undefined || given === null) return [];
  if (!Array.isArray(given)) {
    throw new ValidationError(
      `${field}.addressLines: expected a list of address lines (texts), e.g. ['Hafenstraße 12', '50667 Köln'], got ${typeof given}; or give ${field}.postalAddress ({ street, houseNumber, postalCode, city, country }).`,
      { field: `${field}.addressLines` },
    );
  }
  const lines: string[] = [];
  given.forEach((line: unknown, i) => {
    if (typeof line !== 'string') {
      throw new ValidationError(`${field}.addressLines[${i}]: expected a text, got ${line === null ? 'null' : typeof line}.`, { field: `${field}.addressLines[${i}]` });
    }
    const clean = options.clean === undefined ? line : options.clean(line);
    if (clean.trim() !== '') lines.push(clean);
  });
  return lines;
}
