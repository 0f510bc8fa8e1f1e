/**
 * Whether the debtor is a consumer (Verbraucher, § 13 BGB) or a business (Unternehmer, § 14 BGB).
 * Consumers get the lower default-interest margin and no § 288 Abs. 5 flat fee.
 */
export type DebtorKind = 'consumer' | 'business';

/**
 * Whether the creditor is a consumer (e.g. a private person whose claim is collected for them) or a
 * business. § 288 Abs. 2 BGB (+9 points) needs a legal transaction *in which no consumer takes part*,
 * so a consumer creditor gets +5 points even against a business debtor.
 */
export type CreditorKind = 'consumer' | 'business';

/**
 * What the claim is: `entgelt` is an Entgeltforderung (consideration for goods or services — the
 * usual invoice); `other` is any other money debt (damages, return-debit fees, wage claims).
 * Only Entgeltforderungen get the 9-point margin and the 40 EUR flat fee (§ 288 Abs. 2, 5 BGB).
 */
export type ClaimKind = 'entgelt' | 'other';

/** The sixteen German federal states (Länder) by their ISO 3166-2:DE suffix. */
export type GermanState =
  | 'BW' | 'BY' | 'BE' | 'BB' | 'HB' | 'HH' | 'HE' | 'MV'
  | 'NI' | 'NW' | 'RP' | 'SL' | 'SN' | 'ST' | 'SH' | 'TH';

/** All German federal states, in the order of {@link GermanState}. */
export const germanStates: readonly GermanState[] = [
  'BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH',
];
