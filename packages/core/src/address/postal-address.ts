import { z } from 'zod';
import { ValidationError } from '../errors/errors.js';

/**
 * A postal address as fields, as shops and ERPs deliver it and as letters (DIN 5008), SEPA files
 * and the court dunning application need it.
 */
export interface PostalAddress {
  /** Street (or `Postfach`), without the house number, e.g. `Musterweg`. */
  readonly street: string;
  /** House number with any suffix, e.g. `12a`; omitted for a Postfach or where there is none. */
  readonly houseNumber?: string;
  /** An extra line printed above the street: c/o, department, apartment, building. */
  readonly addressLine2?: string;
  /** Postal code as the destination country writes it, e.g. `10115`, `1010`, `SW1A 1AA`. */
  readonly postalCode: string;
  /** City or town. */
  readonly city: string;
  /** Country as an ISO 3166-1 alpha-2 code, e.g. `DE`, `AT`. */
  readonly country: string;
}

/**
 * German names of the countries a letter can be addressed to, by ISO 3166-1 alpha-2 code: printed
 * in capitals as the last address line of a letter abroad (DIN 5008, Deutsche Post).
 */
export const countryNamesDe: Readonly<Record<string, string>> = Object.freeze({
  AD: 'Andorra', AE: 'Vereinigte Arabische Emirate', AL: 'Albanien', AT: 'Österreich', AU: 'Australien',
  BA: 'Bosnien und Herzegowina', BE: 'Belgien', BG: 'Bulgarien', BR: 'Brasilien', BY: 'Belarus',
  CA: 'Kanada', CH: 'Schweiz', CN: 'China', CY: 'Zypern', CZ: 'Tschechien', DE: 'Deutschland',
  DK: 'Dänemark', EE: 'Estland', ES: 'Spanien', FI: 'Finnland', FR: 'Frankreich', GB: 'Vereinigtes Königreich',
  GR: 'Griechenland', HR: 'Kroatien', HU: 'Ungarn', IE: 'Irland', IL: 'Israel', IN: 'Indien', IS: 'Island',
  IT: 'Italien', JP: 'Japan', LI: 'Liechtenstein', LT: 'Litauen', LU: 'Luxemburg', LV: 'Lettland',
  MC: 'Monaco', MD: 'Moldau', ME: 'Montenegro', MK: 'Nordmazedonien', MT: 'Malta', NL: 'Niederlande',
  NO: 'Norwegen', NZ: 'Neuseeland', PL: 'Polen', PT: 'Portugal', RO: 'Rumänien', RS: 'Serbien',
  SE: 'Schweden', SI: 'Slowenien', SK: 'Slowakei', SM: 'San Marino', TR: 'Türkei', UA: 'Ukraine',
  US: 'Vereinigte Staaten', VA: 'Vatikanstadt', XK: 'Kosovo', ZA: 'Südafrika',
});

// Countries whose addresses put the house number before the street ("12 rue de la Paix").
const numberFirst = new Set(['AU', 'CA', 'FR', 'GB', 'IE', 'LU', 'MC', 'NZ', 'US', 'ZA']);
// Countries whose addresses put the city before the postal code.
const cityFirst = new Set(['AU', 'CA', 'GB', 'IE', 'NZ', 'US']);

const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `at most ${max} characters`)
    .refine((v) => !/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(v), { message: 'must be one line without control characters' });

const schema = z.strictObject({
  street: line(70),
  houseNumber: line(16).optional(),
  addressLine2: line(70).optional(),
  postalCode: line(16),
  city: line(70),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .refine((v) => Object.hasOwn(countryNamesDe, v), {
      message: 'expected an ISO 3166-1 alpha-2 country code such as DE or AT (one mahnwerk knows the German name of)',
    }),
});

/**
 * zod schema of {@link PostalAddress}: every field one line of text (street, city ≤ 70, house
 * number ≤ 16, postal code ≤ 16, addressLine2 ≤ 70 — the sizes of a SEPA postal address line and
 * of the court dunning form), country a code of {@link countryNamesDe} (upper-cased).
 */
// zod types an absent optional field as `string | undefined`; it never adds the key, so the
// parsed value is a PostalAddress under exactOptionalPropertyTypes.
export const postalAddressSchema: z.ZodType<PostalAddress> = schema as unknown as z.ZodType<PostalAddress>;

/** Options of {@link postalAddressLines}. */
export interface PostalAddressLinesOptions {
  /** The sender's country (ISO 3166-1 alpha-2); an address in another country gets a country line. Default `DE`. */
  readonly senderCountry?: string;
}

/**
 * The address lines under the recipient's name, after DIN 5008 and Deutsche Post: the extra line
 * (c/o …), street and house number, postal code and city; for an address in another country than
 * the sender's, the country's name in capitals as the last line (`ÖSTERREICH`), and street, number,
 * code and city in the order the destination country uses (`12 rue de la Paix`, `LONDON SW1A 1AA`
 * with the city in capitals as the Universal Postal Union asks). A domestic address has no country
 * line.
 *
 * @param address - the structured address (checked with {@link postalAddressSchema})
 * @param options - the sender's country
 * @throws ValidationError naming the field when the address does not match the schema
 */
export function postalAddressLines(address: PostalAddress, options: PostalAddressLinesOptions = {}): string[] {
  const parsed = postalAddressSchema.safeParse(address);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    throw new ValidationError(`address${path === '' ? '' : `.${path}`}: ${issue?.message ?? 'invalid address'}.`, {
      field: `address${path === '' ? '' : `.${path}`}`,
    });
  }
  const a = parsed.data;
  const sender = (options.senderCountry ?? 'DE').toUpperCase();
  const foreign = a.country !== sender;
  const lines: string[] = [];
  if (a.addressLine2 !== undefined) lines.push(a.addressLine2);
  if (a.houseNumber === undefined) lines.push(a.street);
  else lines.push(foreign && numberFirst.has(a.country) ? `${a.houseNumber} ${a.street}` : `${a.street} ${a.houseNumber}`);
  if (!foreign) {
    lines.push(`${a.postalCode} ${a.city}`);
    return lines;
  }
  const city = a.city.toUpperCase();
  lines.push(cityFirst.has(a.country) ? `${city} ${a.postalCode}` : `${a.postalCode} ${city}`);
  lines.push((countryNamesDe[a.country] as string).toUpperCase());
  return lines;
}
