import { money, type Statement, type StatementLine } from '@mahnwerk/core';
import type { CreditorParty, InkassoInfo, LetterData } from '../src/index.js';

/*
 * A realistic consumer claim, statement as of 2026-03-10:
 * - principal 1,234.56 EUR (electricity invoice RE-2025-004711 of 2025-10-20, due 2025-11-03);
 * - default from 2025-11-18 (dunning notice received 2025-11-17, § 286 Abs. 1 BGB);
 * - default interest at base rate 1.27 % (2025-07-01 and 2026-01-01, facts file § 1.1) + 5 points
 *   (§ 288 Abs. 1 BGB) = 6.27 %, split at the half-year boundary:
 *     2025-11-18..2025-12-31: 44 days, 1234.56 × 6.27 % × 44/365 = 9.3312… → 9.33
 *     2026-01-01..2026-03-10: 69 days, 1234.56 × 6.27 % × 69/365 = 14.6330… → 14.63
 *   (checked by hand with decimal arithmetic, act/365, HALF_UP per period);
 * - a creditor dunning fee of 1.50 EUR (material costs of the second letter).
 */
export const principalLine: StatementLine = {
  part: 'principal',
  label: 'Hauptforderung Rechnung RE-2025-004711',
  amount: money('1234.56'),
  basis: '§ 433 Abs. 2 BGB',
  date: '2025-10-20',
};

export const interestLines: readonly StatementLine[] = [
  {
    part: 'interest',
    label: 'Verzugszinsen 2025-11-18–2025-12-31',
    amount: money('9.33'),
    basis: '§ 288 Abs. 1 BGB',
    date: '2025-11-18',
    to: '2025-12-31',
    days: 44,
    ratePercent: '6.27',
    onPrincipal: money('1234.56'),
  },
  {
    part: 'interest',
    label: 'Verzugszinsen 2026-01-01–2026-03-10',
    amount: money('14.63'),
    basis: '§ 288 Abs. 1 BGB',
    date: '2026-01-01',
    to: '2026-03-10',
    days: 69,
    ratePercent: '6.27',
    onPrincipal: money('1234.56'),
  },
];

export const dunningFeeLine: StatementLine = {
  part: 'costs',
  label: 'Mahnkosten (Porto und Druck)',
  amount: money('1.50'),
  basis: '§§ 280 Abs. 1, 2, 286 BGB',
  date: '2025-12-01',
};

/**
 * Collection costs after handover (2025 RVG table, facts file § 3.1): value 1,234.56 → 1.0 fee
 * 134.50; Nr. 2300 at 0.5 = 67.25; Nr. 7002 20 % = 13.45; Nr. 7008 19 % of 80.70 = 15.333 → 15.33.
 */
export const collectionCostLines: readonly StatementLine[] = [
  { part: 'costs', label: 'Geschäftsgebühr 0,5 (Gegenstandswert 1.234,56 €)', amount: money('67.25'), basis: 'Nr. 2300 VV RVG, § 13e RDG', date: '2026-03-10' },
  { part: 'costs', label: 'Post- und Telekommunikationspauschale', amount: money('13.45'), basis: 'Nr. 7002 VV RVG', date: '2026-03-10' },
  { part: 'costs', label: 'Umsatzsteuer 19 %', amount: money('15.33'), basis: 'Nr. 7008 VV RVG', date: '2026-03-10' },
];

/** Statement before handover: 1234.56 + 23.96 + 1.50 = 1260.02. */
export const statement: Statement = {
  claimId: 'claim-0815',
  asOf: '2026-03-10',
  currency: 'EUR',
  principal: money('1234.56'),
  interest: money('23.96'),
  costs: money('1.50'),
  total: money('1260.02'),
  interestAccrued: money('23.96'),
  unapplied: money('0'),
  lines: [principalLine, ...interestLines, dunningFeeLine],
  unconfirmed: [],
};

/** Statement after handover: costs 1.50 + 96.03 = 97.53; total 1234.56 + 23.96 + 97.53 = 1356.05. */
export const handoverStatement: Statement = {
  ...statement,
  costs: money('97.53'),
  total: money('1356.05'),
  lines: [principalLine, ...interestLines, dunningFeeLine, ...collectionCostLines],
};

export const creditor: CreditorParty = {
  name: 'Stadtwerke Musterstadt GmbH',
  addressLines: ['Hafenstraße 12', '50667 Köln'],
  email: 'forderungen@stadtwerke-musterstadt.de',
  phone: '+49 221 123456-0',
  registration: 'Amtsgericht Köln HRB 12345',
  bank: { iban: 'DE02 3705 0198 0000 1234 56', bic: 'COLSDE33', bankName: 'Sparkasse KölnBonn' },
};

export const agency: CreditorParty = {
  name: 'Rheinland Inkasso GmbH',
  addressLines: ['Domkloster 3', '50667 Köln'],
  email: 'service@rheinland-inkasso.de',
  phone: '+49 221 987654-0',
  registration: 'Registriert im Rechtsdienstleistungsregister, Az. 3712 E - 1.234',
  isCollectionAgency: true,
  bank: { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', holder: 'Rheinland Inkasso GmbH Treuhandkonto' },
};

export const inkasso: InkassoInfo = {
  client: { name: 'Stadtwerke Musterstadt GmbH', addressLines: ['Hafenstraße 12', '50667 Köln'] },
  claimReason: { kind: 'contract', subject: 'Stromlieferung, Vertragskonto 55-1234', date: '2024-02-01' },
  clientCannotDeductVat: true,
  addressResearched: false,
  supervisoryAuthority: { name: 'Bundesamt für Justiz', addressLines: ['53094 Bonn'], website: 'www.bundesjustizamt.de' },
};

/** Letter data for a consumer, stage dunning-notice. */
export function letterData(overrides: Partial<LetterData> = {}): LetterData {
  return {
    locale: 'de',
    stage: 'dunning-notice',
    letterDate: '2026-03-10',
    creditor,
    debtor: { name: 'Maximilian Mustermann', kind: 'consumer', addressLines: ['Lindenallee 7', '50968 Köln'], customerNumber: 'K-778812' },
    claim: {
      id: 'claim-0815',
      reference: 'RE-2025-004711',
      invoiceDate: '2025-10-20',
      dueDate: '2025-11-03',
      subject: 'Stromlieferung Oktober 2025',
      contractDate: '2024-02-01',
    },
    statement,
    deadline: '2026-03-24',
    paymentLink: 'https://pay.stadtwerke-musterstadt.de/p/Xk3f9Q2',
    ...overrides,
  };
}

/** Letter data for the collection agency's first demand (handover-inkasso). */
export function handoverData(overrides: Partial<LetterData> = {}): LetterData {
  return letterData({
    stage: 'handover',
    creditor: agency,
    statement: handoverStatement,
    paymentLink: 'https://zahlen.rheinland-inkasso.de/a/7Hq2Lm',
    inkasso,
    ...overrides,
  });
}
