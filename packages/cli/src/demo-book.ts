import { addDays, createPrng, type BehaviourInput, type ClaimFacts, type IsoDate } from '@mahnwerk/core';
import { nameSlug } from '@mahnwerk/testing/doubles';

/** How a demo debtor behaves. */
export type DemoProfile = 'on-time' | 'after-reminder' | 'late' | 'partial' | 'dispute' | 'installments' | 'silent';

/** A generated demo book: claims, scripted behaviour and each claim's profile. */
export interface DemoBook {
  /** The claims. */
  readonly claims: ClaimFacts[];
  /** Scripted debtor behaviour. */
  readonly behaviour: BehaviourInput;
  /** Profile per claim id (for the summary). */
  readonly profiles: ReadonlyMap<string, DemoProfile>;
}

const firstNames = ['Anna', 'Ben', 'Clara', 'David', 'Emma', 'Felix', 'Greta', 'Hannes', 'Ida', 'Jonas', 'Lena', 'Max', 'Nora', 'Paul', 'Sophie', 'Tim'];
const lastNames = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter'];
const companies = ['Bäckerei Sonnenschein', 'Nordlicht Logistik', 'Alpen IT Service', 'Rhein Bau', 'Elbtal Möbel', 'Spree Media', 'Hanse Handel'];
const forms = ['GmbH', 'KG', 'e.K.', 'UG (haftungsbeschränkt)', 'GmbH & Co. KG'];
const streets = ['Hauptstraße', 'Bahnhofstraße', 'Gartenweg', 'Lindenallee', 'Schillerstraße', 'Marktplatz'];
const cities = ['10115 Berlin', '20095 Hamburg', '80331 München', '50667 Köln', '60311 Frankfurt am Main', '70173 Stuttgart', '04109 Leipzig'];

/** Profiles and their weights in a demo book (out of 100). */
const weights: readonly [DemoProfile, number][] = [
  ['on-time', 35],
  ['after-reminder', 20],
  ['late', 12],
  ['partial', 10],
  ['dispute', 6],
  ['installments', 5],
  ['silent', 12],
];

/** What the demo shop sells; a claim's description names one. */
const goods = [
  'Gartenstuhl aus Akazienholz',
  'Kaffeevollautomat',
  'Laufschuhe',
  'Bürodrehstuhl',
  'Wanderrucksack 40 l',
  'Stehlampe',
  'Kinderfahrrad 20 Zoll',
  'Bettwäsche-Set',
  'Werkzeugkoffer',
  'Akku-Staubsauger',
] as const;

/**
 * Makes a realistic, reproducible book of consumer and business claims with scripted debtor
 * behaviour: some pay on time, some after the reminder, late, in part, dispute, agree installments
 * or never answer.
 *
 * @param options - start day (first invoice date), number of claims and seed
 */
export function makeDemoBook(options: { start: IsoDate; size: number; seed: number }): DemoBook {
  const rng = createPrng(options.seed);
  const pick = <T>(list: readonly T[]): T => list[rng.int(0, list.length - 1)] as T;
  const claims: ClaimFacts[] = [];
  const script: NonNullable<BehaviourInput['script']>[number][] = [];
  const profiles = new Map<string, DemoProfile>();
  for (let n = 1; n <= options.size; n++) {
    const business = rng.chance(0.3);
    const id = `RE-${String(n).padStart(5, '0')}`;
    const invoiceDate = addDays(options.start, rng.int(0, 59));
    const dueDate = addDays(invoiceDate, business ? 30 : 14);
    const cents = business ? rng.int(20_000, 900_000) : rng.int(1_990, 150_000);
    const principal = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    const name = business ? `${pick(companies)} ${pick(forms)}` : `${pick(firstNames)} ${pick(lastNames)}`;
    claims.push({
      id,
      debtor: {
        id: `D-${n}`,
        kind: business ? 'business' : 'consumer',
        name,
        email: `${nameSlug(name)}@example.org`,
        address: [`${pick(streets)} ${rng.int(1, 120)}`, pick(cities)],
        locale: 'de',
      },
      principal,
      currency: 'EUR',
      invoiceDate,
      dueDate,
      reference: id,
      // Taken by the claim's number, not from the generator, so the book stays the same for a seed.
      description: `Bestellung ${String(100000 + n)}: ${goods[n % goods.length] as string}`,
      // The order, the day before the invoice: with the description, what the agency's first letter to a
      // consumer names (§ 13a Abs. 1 Nr. 2 RDG) — without it the engine hands no consumer claim over.
      contractDate: addDays(invoiceDate, -1),
      invoicePointedOut30DayRule: true,
    });
    let roll = rng.int(1, 100);
    let profile: DemoProfile = 'silent';
    for (const [p, w] of weights) {
      if (roll <= w) {
        profile = p;
        break;
      }
      roll -= w;
    }
    profiles.set(id, profile);
    const half = `${Math.floor(cents / 200)}.${String(Math.floor(cents / 2) % 100).padStart(2, '0')}`;
    switch (profile) {
      case 'on-time':
        script.push({ type: 'pay', claimId: id, date: addDays(dueDate, -rng.int(0, 5)), amount: principal });
        break;
      case 'after-reminder':
        script.push({ type: 'pay-in-full', claimId: id, date: addDays(dueDate, rng.int(9, 18)) });
        break;
      case 'late':
        script.push({ type: 'pay-in-full', claimId: id, date: addDays(dueDate, rng.int(35, 80)) });
        break;
      case 'partial':
        script.push({ type: 'pay', claimId: id, date: addDays(dueDate, rng.int(10, 30)), amount: half });
        if (rng.chance(0.5)) script.push({ type: 'pay-in-full', claimId: id, date: addDays(dueDate, rng.int(60, 100)) });
        break;
      case 'dispute': {
        const opened = addDays(dueDate, rng.int(3, 20));
        script.push({ type: 'dispute', claimId: id, date: opened, note: 'Ware mangelhaft' });
        script.push({ type: 'resolve-dispute', claimId: id, date: addDays(opened, rng.int(14, 40)), outcome: 'creditor-right' });
        break;
      }
      case 'installments': {
        const agreed = addDays(dueDate, rng.int(20, 35));
        const third = Math.floor(cents / 3);
        const part = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
        const installments = [1, 2, 3].map((k) => ({ dueDate: addDays(agreed, 30 * k), amount: part(k < 3 ? third : cents - 2 * third) }));
        const kept = rng.chance(0.7);
        script.push({ type: 'installment-plan', claimId: id, date: agreed, installments, paysInstallments: kept ? 3 : 1 });
        // The plan splits the principal; default interest runs on and takes its share of each installment first
        // (§ 367 Abs. 1 BGB), so a little is left after the last one. The engine asks for it with the Mahnung again
        // (fresh statement and deadline, no fee: keptPlanRemainder) on the day after the plan's 5 grace days; the debtor
        // who kept the plan pays it when that letter arrives (3 letter days later) — last installment + 6 + 3 + 3 days.
        // When the last installment or the end of its grace days falls on a Saturday, Sunday or holiday, § 193 BGB
        // moves the plan's end (core installmentLastDay) and the letter comes up to a few days later; the payment on
        // day 102 then meets it earlier after its arrival (RE-00001: the Mahnung on 06-17, paid on 06-20), or pays
        // the remainder before it is asked for — either way the story ends settled without a fee.
        // No draw of the generator here, so every later claim of a seed stays as it was.
        if (kept) script.push({ type: 'pay-in-full', claimId: id, date: addDays(agreed, 90 + 12) });
        break;
      }
      case 'silent':
        break;
    }
  }
  return { claims, behaviour: { script }, profiles };
}
