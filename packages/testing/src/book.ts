import { addDays, parseIsoDate, ValidationError, type ClaimFacts, type Debtor, type GermanState, type IsoDate } from '@mahnwerk/core';
import { createRandom, type Random } from './random.js';

/** Options of {@link makeBook}. */
export interface BookOptions {
  /** Seed of the generator: the same seed and size give the same book. */
  readonly seed: number;
  /** Number of claims, 0 to 1 000 000. */
  readonly size: number;
  /** First possible invoice date (default `2025-01-01`); invoices spread over the 90 days from it. */
  readonly start?: IsoDate;
  /** Prefix of claim ids (default `RE-`); ids are the prefix and a six-digit running number. */
  readonly idPrefix?: string;
}

/** A generated book of claims and the debtors they belong to. */
export interface Book {
  /** The seed it was made from. */
  readonly seed: number;
  /** The claims, in id order. */
  readonly claims: readonly ClaimFacts[];
  /** The debtors, each once, in order of their first claim. */
  readonly debtors: readonly Debtor[];
}

const firstNames = ['Anna', 'Ben', 'Clara', 'Deniz', 'Emma', 'Felix', 'Greta', 'Hannes', 'Ida', 'Jonas', 'Lena', 'Mehmet', 'Nora', 'Paul', 'Sophie', 'Zoë'];
const lastNames = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Groß', 'Yılmaz', 'Krüger'];
const companyNames = ['Bäckerei Sonnenschein', 'Nordlicht Logistik', 'Alpen IT-Service', 'Rhein Bau', 'Elbtal Möbel', 'Spree Media', 'Hanse Handel', 'Weißwurst & Co. Gastro'];
const legalForms = ['GmbH', 'KG', 'e.K.', 'UG (haftungsbeschränkt)', 'GmbH & Co. KG', 'AG'];
const streets = ['Hauptstraße', 'Bahnhofstraße', 'Gartenweg', 'Lindenallee', 'Schillerstraße', 'Marktplatz', 'Am Mühlbach'];
const cities: readonly (readonly [string, GermanState])[] = [
  ['10115 Berlin', 'BE'],
  ['20095 Hamburg', 'HH'],
  ['80331 München', 'BY'],
  ['50667 Köln', 'NW'],
  ['60311 Frankfurt am Main', 'HE'],
  ['70173 Stuttgart', 'BW'],
  ['04109 Leipzig', 'SN'],
  ['28195 Bremen', 'HB'],
  ['24103 Kiel', 'SH'],
  ['99084 Erfurt', 'TH'],
];

/** Principal bands in cents, with weights. */
const consumerBands: readonly (readonly [readonly [number, number], number])[] = [
  [[1_990, 15_000], 40],
  [[15_000, 100_000], 45],
  [[100_000, 500_000], 15],
];
const businessBands: readonly (readonly [readonly [number, number], number])[] = [
  [[20_000, 200_000], 40],
  [[200_000, 2_000_000], 45],
  [[2_000_000, 15_000_000], 15],
];

/** Cents as a decimal string: 123456 → "1234.56" (integer arithmetic, no float in the amount). */
function centsToAmount(cents: number): string {
  const whole = Math.floor(cents / 100);
  return `${whole}.${String(cents - whole * 100).padStart(2, '0')}`;
}

/**
 * A name as the local part of a made-up e-mail address: lower case, `ß` as `ss`, accents and
 * umlauts without their marks (`Müller` → `muller`), every other run of characters outside a–z and
 * 0–9 one dot (`Hanse Handel UG (haftungsbeschränkt)` → `hanse.handel.ug.haftungsbeschrankt`).
 * The addresses of {@link makeBook}'s debtors and of the CLI's demo book are made with it.
 *
 * @param name - a person's or company's name
 * @returns the slug, without leading or trailing dots
 */
export function nameSlug(name: string): string {
  return name
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.+|\.+$/g, '');
}

function makeDebtor(rng: Random, n: number): Debtor {
  const business = rng.chance(0.3);
  const [city, state] = rng.pick(cities);
  const street = `${rng.pick(streets)} ${rng.int(1, 120)}`;
  const id = `D-${String(n).padStart(6, '0')}`;
  if (business) {
    const name = `${rng.pick(companyNames)} ${rng.pick(legalForms)}`;
    const email = rng.chance(0.95) ? `buchhaltung@${nameSlug(name).replace(/\./g, '-')}.example.com` : undefined;
    const phone = rng.chance(0.1) ? `+4940${rng.int(1_000_000, 9_999_999)}` : undefined;
    return {
      id,
      kind: 'business',
      name,
      ...(email === undefined ? {} : { email }),
      ...(phone === undefined ? {} : { phone }),
      address: [name, 'Buchhaltung', street, city],
      state,
      locale: rng.chance(0.05) ? 'en' : 'de',
    };
  }
  const name = `${rng.pick(firstNames)} ${rng.pick(lastNames)}`;
  const email = rng.chance(0.8) ? `${nameSlug(name)}${rng.int(1, 99)}@example.org` : undefined;
  const phone = rng.chance(0.3) ? `+49151${rng.int(10_000_000, 99_999_999)}` : undefined;
  return {
    id,
    kind: 'consumer',
    name,
    ...(email === undefined ? {} : { email }),
    ...(phone === undefined ? {} : { phone }),
    address: [name, street, city],
    state,
    locale: rng.chance(0.1) ? 'en' : 'de',
  };
}

function makeClaim(rng: Random, id: string, debtor: Debtor, start: IsoDate): ClaimFacts {
  const business = debtor.kind === 'business';
  const invoiceDate = addDays(start, rng.int(0, 89));
  const termDays = business
    ? rng.weighted<number>([
        [30, 60],
        [14, 20],
        [60, 20],
      ])
    : rng.weighted<number>([
        [14, 60],
        [30, 30],
        [7, 10],
      ]);
  const claimKind = rng.chance(0.05) ? 'other' : 'entgelt';
  const [low, high] = claimKind === 'other' ? [500, 5_000] : rng.weighted(business ? businessBands : consumerBands);
  const facts: ClaimFacts = {
    id,
    debtor,
    principal: centsToAmount(rng.int(low, high)),
    currency: 'EUR',
    invoiceDate,
    dueDate: addDays(invoiceDate, termDays),
    claimKind,
    dueDateIsCalendarDate: rng.chance(0.7),
    reference: id,
  };
  const extra: { -readonly [K in keyof ClaimFacts]?: ClaimFacts[K] } = {};
  if (!business) extra.invoicePointedOut30DayRule = rng.chance(0.8);
  if (business && rng.chance(0.3)) extra.contractDate = addDays(invoiceDate, -rng.int(1, 45));
  const tags: string[] = [];
  if (rng.chance(0.05)) tags.push('vip');
  if (!business && rng.chance(0.2)) tags.push('subscription');
  if (tags.length > 0) extra.tags = tags;
  if (rng.chance(0.5)) extra.score = `0.${String(rng.int(0, 99)).padStart(2, '0')}`;
  // A consumer's claim names what it is for and when the contract was concluded (the order, the day
  // before the invoice): the collection agency's first letter must (§ 13a Abs. 1 Nr. 2 RDG), and the
  // engine hands no consumer claim over without them. Drawn from nothing: the rest of the book stays as it was.
  if (!business) {
    extra.description = tags.includes('subscription') ? `Abonnement, Rechnung ${id}` : `Bestellung, Rechnung ${id}`;
    extra.contractDate = addDays(invoiceDate, -1);
  }
  return { ...facts, ...extra };
}

/**
 * Makes a realistic, reproducible book of claims for simulations, benchmarks and property tests:
 * about 70 % consumers and 30 % businesses (§§ 13, 14 BGB); principals from a few euros to
 * 150 000 EUR in bands typical for each; payment terms of 7 to 60 days; most due dates fixed by
 * the calendar (§ 286 Abs. 2 Nr. 1 BGB), most consumer invoices with the 30-day notice (§ 286
 * Abs. 3 S. 1 BGB); a few claims that are not Entgeltforderungen; debtors across the federal
 * states with e-mail, phone and postal address in realistic shares, some English-speaking; and
 * about one claim in five belonging to a debtor who already has one (contact limits apply per
 * debtor); consumer claims with a `description` and a `contractDate`, which a collection agency's
 * first letter must name (§ 13a Abs. 1 Nr. 2 RDG). Amounts are decimal strings, never floats.
 *
 * The book is a pure function of `seed` and `size` (mulberry32), and a smaller book is a prefix of
 * a larger one with the same seed.
 *
 * @param options - seed, size, first invoice date and id prefix
 * @returns the claims and their debtors
 * @throws ValidationError for a seed or size that is not a whole number in range
 * @throws DateError for a `start` that is not a calendar day
 */
export function makeBook(options: BookOptions): Book {
  const { seed, size } = options;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0 || size > 1_000_000) {
    throw new ValidationError(`size: expected a whole number of claims from 0 to 1000000, got ${String(size)}.`, { field: 'size' });
  }
  const start = parseIsoDate(options.start ?? '2025-01-01', 'start');
  const prefix = options.idPrefix ?? 'RE-';
  const rng = createRandom(seed);
  const claims: ClaimFacts[] = [];
  const debtors: Debtor[] = [];
  for (let n = 1; n <= size; n++) {
    const repeat = debtors.length > 0 && rng.chance(0.2);
    const debtor = repeat ? rng.pick(debtors) : makeDebtor(rng, debtors.length + 1);
    if (!repeat) debtors.push(debtor);
    claims.push(makeClaim(rng, `${prefix}${String(n).padStart(6, '0')}`, debtor, start));
  }
  return { seed, claims, debtors };
}

