import type { ClaimEventOf, ClaimFacts, Debtor } from '@mahnwerk/core';

/**
 * Changes to a fixture debtor. A member set to `undefined` removes it (e.g. `email: undefined`
 * for a debtor who can only be written to by letter).
 */
export type DebtorOverrides = { readonly [K in keyof Debtor]?: Debtor[K] | undefined };

/**
 * Changes to fixture claim facts. The debtor is merged member by member; any other member
 * replaces the fixture's; a member set to `undefined` removes it.
 */
export type ClaimFactsOverrides = { readonly [K in Exclude<keyof ClaimFacts, 'debtor'>]?: ClaimFacts[K] | undefined } & {
  /** Changes to the fixture's debtor. */
  readonly debtor?: DebtorOverrides;
};

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function merge(base: ClaimFacts, overrides: ClaimFactsOverrides): ClaimFacts {
  const { debtor, ...rest } = overrides;
  return withoutUndefined({
    ...base,
    ...rest,
    debtor: withoutUndefined({ ...base.debtor, ...debtor }),
  } as ClaimFacts);
}

const consumer: ClaimFacts = {
  id: 'RE-2024-1001',
  debtor: {
    id: 'D-1001',
    kind: 'consumer',
    name: 'Erika Mustermann',
    email: 'erika.mustermann@example.org',
    address: ['Erika Mustermann', 'Heidestraße 17', '51147 Köln'],
    state: 'NW',
    locale: 'de',
  },
  principal: '1000.00',
  currency: 'EUR',
  invoiceDate: '2024-12-01',
  dueDate: '2024-12-31',
  claimKind: 'entgelt',
  dueDateIsCalendarDate: true,
  invoicePointedOut30DayRule: true,
  reference: 'RE-2024-1001',
  // What the collection agency's first letter must name (§ 13a Abs. 1 Nr. 2 RDG); without them the engine hands no consumer claim over.
  description: 'Kaffeevollautomat, Bestellung 1001',
  contractDate: '2024-11-28',
};

const business: ClaimFacts = {
  id: 'RE-2024-2001',
  debtor: {
    id: 'D-2001',
    kind: 'business',
    name: 'Nordlicht Logistik GmbH',
    email: 'buchhaltung@nordlicht-logistik.example.com',
    address: ['Nordlicht Logistik GmbH', 'Buchhaltung', 'Am Sandtorkai 5', '20457 Hamburg'],
    state: 'HH',
    locale: 'de',
  },
  principal: '2500.00',
  currency: 'EUR',
  invoiceDate: '2024-12-01',
  dueDate: '2024-12-31',
  claimKind: 'entgelt',
  contractDate: '2024-11-15',
  dueDateIsCalendarDate: true,
  reference: 'RE-2024-2001',
  creditorCanDeductVat: true,
};

/**
 * Ready-made claim facts and events for tests. Every call returns a fresh object; the same
 * overrides give the same facts.
 */
export const fixtures = {
  /**
   * A consumer claim (§ 13 BGB): 1000.00 EUR for goods (Entgeltforderung; "Kaffeevollautomat,
   * Bestellung 1001", ordered 2024-11-28 — the subject and date a collection agency's first letter
   * names, § 13a Abs. 1 Nr. 2 RDG), invoiced 2024-12-01,
   * payable by the calendar date 2024-12-31 — so default begins on 2025-01-01 without a notice
   * (§ 286 Abs. 2 Nr. 1 BGB), and the invoice pointed out the 30-day rule. Debtor `D-1001`,
   * Erika Mustermann in Köln (NW), with e-mail and postal address, no phone.
   *
   * @param overrides - members to change; `debtor` is merged member by member
   * @returns the claim facts
   */
  consumerClaim(overrides: ClaimFactsOverrides = {}): ClaimFacts {
    return merge(consumer, overrides);
  },

  /**
   * A business claim (§ 14 BGB): 2500.00 EUR for services (Entgeltforderung, contract of
   * 2024-11-15), invoiced 2024-12-01, payable by the calendar date 2024-12-31 — default begins on
   * 2025-01-01 (§ 286 Abs. 2 Nr. 1 BGB); the creditor can deduct input VAT. Debtor `D-2001`,
   * Nordlicht Logistik GmbH in Hamburg (HH), with e-mail and postal address.
   *
   * @param overrides - members to change; `debtor` is merged member by member
   * @returns the claim facts
   */
  businessClaim(overrides: ClaimFactsOverrides = {}): ClaimFacts {
    return merge(business, overrides);
  },

  /**
   * The `claim-created` event of some facts, dated on the invoice date unless `date` is given.
   *
   * @param facts - the claim facts (e.g. from {@link fixtures.consumerClaim})
   * @param date - the event date; default `facts.invoiceDate`
   * @returns the event
   */
  claimCreated(facts: ClaimFacts, date: string = facts.invoiceDate): ClaimEventOf<'claim-created'> {
    return { type: 'claim-created', claimId: facts.id, date, claim: facts };
  },
};
