import { parseIsoDate, type IsoDate } from '../../calendar/date.js';

/**
 * Obligations arising on or after this day fall under the current § 288 BGB (+9 points, 40 EUR flat
 * fee): Art. 229 § 34 S. 1 EGBGB ("nach dem 28. Juli 2014 entstanden").
 */
export const currentLawObligationsFrom: IsoDate = '2014-07-29';

/**
 * A continuing obligation (Dauerschuldverhältnis) that arose before 2014-07-29 falls under the current
 * law for consideration performed after this day (Art. 229 § 34 S. 2 EGBGB: "soweit die Gegenleistung
 * nach dem 30. Juni 2016 erbracht wird").
 */
export const continuingObligationsPerformedAfter: IsoDate = '2016-06-30';

/** When and how the obligation behind a claim arose, for Art. 229 § 34 EGBGB. */
export interface ObligationTiming {
  /** When the obligation arose (contract date); absent: under the current law. */
  obligationDate?: IsoDate | undefined;
  /** True when the obligation is a continuing one (Dauerschuldverhältnis: rent, subscription, supply contract). */
  continuingObligation?: boolean | undefined;
  /** For a continuing obligation: the day the consideration claimed was performed (e.g. the end of the billed service period). */
  performedOn?: IsoDate | undefined;
}

/** Which version of § 288 BGB applies (Art. 229 § 34 EGBGB), and why. */
export interface ApplicableLaw {
  /** `current`: § 288 BGB as in force since 2014-07-29; `old`: the version before (8 points, no flat fee). */
  readonly version: 'current' | 'old';
  /** `S. 2` when the current law applies only through Art. 229 § 34 S. 2 EGBGB (continuing obligation). */
  readonly via: 'S. 1' | 'S. 2';
}

/**
 * Which version of § 288 BGB governs a claim (Art. 229 § 34 EGBGB): the current one for obligations
 * that arose from 2014-07-29 on (S. 1), and for older continuing obligations as far as the consideration
 * was performed after 2016-06-30 (S. 2); otherwise the old one.
 *
 * @param timing - obligation date, continuing obligation and performance date
 * @throws DateError for malformed dates
 */
export function applicableLaw(timing: ObligationTiming): ApplicableLaw {
  if (timing.obligationDate === undefined) return { version: 'current', via: 'S. 1' };
  const arose = parseIsoDate(timing.obligationDate, 'obligationDate');
  if (arose >= currentLawObligationsFrom) return { version: 'current', via: 'S. 1' };
  if (timing.continuingObligation === true && timing.performedOn !== undefined) {
    const performed = parseIsoDate(timing.performedOn, 'performedOn');
    if (performed > continuingObligationsPerformedAfter) return { version: 'current', via: 'S. 2' };
  }
  return { version: 'old', via: 'S. 1' };
}
