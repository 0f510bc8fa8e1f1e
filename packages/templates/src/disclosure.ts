import { baseRateOn, Dec, isIsoDate, type IsoDate } from '@mahnwerk/core';
import type { LetterData } from './types.js';
import { checkLetterData, looseLines, looseText, type CheckedData, type ViewInkasso, type ViewLine } from './view.js';

/** One item of § 13a Abs. 1 RDG that the data does not supply. */
export interface DisclosureProblem {
  /** The number in § 13a Abs. 1 RDG (1–8). */
  readonly item: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;
  /** The data field to fill, e.g. `inkasso.client.name`. */
  readonly field: string;
  /** What is missing, in words. */
  readonly description: string;
}

/** The result of {@link checkInkassoDisclosure}. */
export interface DisclosureCheck {
  /** True when nothing is missing. */
  readonly ok: boolean;
  /** One line per missing item: `§ 13a Abs. 1 Nr. 1 RDG: name or firm of the client (inkasso.client.name)`. */
  readonly missing: readonly string[];
  /** The same, structured. */
  readonly problems: readonly DisclosureProblem[];
}

const vatPattern = /7008|umsatzsteuer|mehrwertsteuer|\bmwst\b|\bust\b|\bvat\b/i;
const contractualRatePattern = /§\s*288\s*Abs\.\s*3|vertrag|contract/i;

/**
 * True when an interest period's rate is above the statutory default rate: the line cites § 288
 * Abs. 3 BGB (or a contract), or its rate exceeds the base rate of its first day (§ 247 BGB) plus
 * 5 points for a consumer (§ 288 Abs. 1 BGB) or 9 points otherwise (§ 288 Abs. 2 BGB).
 */
function aboveStatutory(line: ViewLine, consumer: boolean): boolean {
  if (contractualRatePattern.test(line.basis)) return true;
  if (line.ratePercent === null) return false;
  try {
    const base = baseRateOn(line.date, { allowBeyondKnown: true });
    return new Dec(line.ratePercent).greaterThan(base.ratePercent.plus(consumer ? 5 : 9));
  } catch {
    // Before 2002 there is no § 247 base rate in the table; rely on the basis only.
    return false;
  }
}

/**
 * Builds the inkasso block of the view from the data, leniently (absent fields become null), and
 * lists what § 13a Abs. 1 RDG requires but the data lacks.
 */
export function inspectInkasso(checked: CheckedData): { view: ViewInkasso; problems: DisclosureProblem[] } {
  const { base, data } = checked;
  const raw = (data.inkasso ?? {}) as Record<string, unknown>;
  const problems: DisclosureProblem[] = [];
  const add = (item: DisclosureProblem['item'], field: string, description: string): void => {
    problems.push({ item, field, description });
  };

  // Nr. 1 — client name/firm and address.
  const rawClient = (typeof raw['client'] === 'object' && raw['client'] !== null ? raw['client'] : {}) as Record<string, unknown>;
  const clientName = looseText(rawClient['name']);
  const clientAddress = looseLines(rawClient['addressLines']);
  if (clientName === null) add(1, 'inkasso.client.name', 'name or firm of the client (Auftraggeber)');
  if (clientAddress.length === 0) add(1, 'inkasso.client.addressLines', 'address of the client (Auftraggeber)');

  // Nr. 2 — reason of the claim: contract subject and date (tort: type and date of the act).
  const rawReason = typeof raw['claimReason'] === 'object' && raw['claimReason'] !== null ? (raw['claimReason'] as Record<string, unknown>) : null;
  let reason: ViewInkasso['claimReason'] = null;
  if (rawReason !== null) {
    const kind = rawReason['kind'] === 'tort' ? 'tort' : 'contract';
    const subject = looseText(rawReason['subject']);
    const date = isIsoDate(rawReason['date']) ? (rawReason['date'] as IsoDate) : null;
    if (rawReason['kind'] !== 'contract' && rawReason['kind'] !== 'tort') add(2, 'inkasso.claimReason.kind', "kind of the claim's reason ('contract' or 'tort')");
    if (subject === null) {
      add(2, 'inkasso.claimReason.subject', kind === 'tort' ? 'type of the tortious act' : 'concrete subject of the contract');
    }
    if (date === null) add(2, 'inkasso.claimReason.date', kind === 'tort' ? 'date of the act' : 'date the contract was concluded');
    if (subject !== null && date !== null) reason = { kind, isContract: kind === 'contract', subject, date };
  } else {
    const subject = base.claim.subject;
    const date = base.claim.contractDate;
    if (subject === null) add(2, 'inkasso.claimReason.subject', 'concrete subject of the contract the claim arises from (or claim.subject)');
    if (date === null) add(2, 'inkasso.claimReason.date', 'date the contract was concluded (or claim.contractDate)');
    if (subject !== null && date !== null) reason = { kind: 'contract', isContract: true, subject, date };
  }

  // Nr. 3 — interest calculation: principal bearing interest, rate, period. A positive interest
  // line that carries any period field must carry all of them; one with none of them (e.g. a
  // rounding correction) is accepted next to complete periods.
  const periodFields = (line: ViewLine): boolean => line.to !== null || line.days !== null || line.ratePercent !== null || line.onPrincipal !== null;
  const accruals = base.lines.map((line, i) => ({ line, i })).filter(({ line }) => line.part === 'interest' && !line.isCredit && !line.amount.amount.isZero());
  const claimsInterest = !base.statement.interest.amount.isZero() || accruals.length > 0;
  if (claimsInterest && base.interestLines.length === 0 && !accruals.some(({ line }) => periodFields(line))) {
    add(3, 'statement.lines', "interest calculation: the statement claims interest but has no interest lines (part 'interest' with to, days, ratePercent, onPrincipal)");
  }
  for (const { line, i } of accruals) {
    if (!periodFields(line)) continue;
    const f = `statement.lines[${i}]`;
    if (line.onPrincipal === null) add(3, `${f}.onPrincipal`, `interest calculation: principal bearing interest of "${line.label}"`);
    if (line.ratePercent === null) add(3, `${f}.ratePercent`, `interest calculation: interest rate of "${line.label}"`);
    if (line.to === null) add(3, `${f}.to`, `interest calculation: last day of the period of "${line.label}"`);
    if (line.days === null) add(3, `${f}.days`, `interest calculation: number of interest days of "${line.label}"`);
  }

  // Nr. 4 — rate above the statutory default rate: separate note and reason.
  const higherInterest = base.interestLines.some((l) => aboveStatutory(l, base.debtor.isConsumer));
  const higherInterestReason = looseText(raw['higherInterestReason']);
  if (higherInterest && higherInterestReason === null) {
    add(4, 'inkasso.higherInterestReason', 'the interest rate is above the statutory default rate (§ 288 Abs. 1 BGB): a separate note with the reason');
  }

  // Nr. 5 — collection costs: type, amount and origin.
  const charges = base.lines.map((line, i) => ({ line, i })).filter(({ line }) => line.isCharge);
  if (!base.statement.costs.amount.isZero() && charges.length === 0) {
    add(5, 'statement.lines', "type, amount and origin of the costs: the statement claims costs but has no cost lines (part 'costs')");
  }
  for (const { line, i } of charges) {
    if (line.basis === '') add(5, `statement.lines[${i}].basis`, `origin (legal basis) of the cost item "${line.label}"`);
  }

  // Nr. 6 — VAT on collection costs: declaration that the client cannot deduct it.
  const vatOnCosts = typeof raw['vatOnCosts'] === 'boolean' ? raw['vatOnCosts'] : charges.some(({ line }) => vatPattern.test(`${line.label} ${line.basis}`));
  const clientCannotDeductVat = raw['clientCannotDeductVat'] === true;
  if (vatOnCosts && !clientCannotDeductVat) {
    add(6, 'inkasso.clientCannotDeductVat', 'VAT is claimed on the collection costs: the declaration that the client cannot deduct it as input tax');
  }

  // Nr. 7 — researched address: must be stated either way.
  const researched = raw['addressResearched'];
  if (typeof researched !== 'boolean') {
    add(7, 'inkasso.addressResearched', 'whether the address was researched rather than supplied by the client (true or false)');
  }

  // Nr. 8 — supervisory authority: name, address, electronic contact.
  const rawAuthority = typeof raw['supervisoryAuthority'] === 'object' && raw['supervisoryAuthority'] !== null ? (raw['supervisoryAuthority'] as Record<string, unknown>) : {};
  const authorityName = looseText(rawAuthority['name']);
  const authorityAddress = looseLines(rawAuthority['addressLines']);
  const authorityEmail = looseText(rawAuthority['email']);
  const authorityWebsite = looseText(rawAuthority['website']);
  if (authorityName === null) add(8, 'inkasso.supervisoryAuthority.name', 'name of the supervisory authority');
  if (authorityAddress.length === 0) add(8, 'inkasso.supervisoryAuthority.addressLines', 'address of the supervisory authority');
  if (authorityEmail === null && authorityWebsite === null) {
    add(8, 'inkasso.supervisoryAuthority.email', 'electronic contact of the supervisory authority (email or website)');
  }

  const view: ViewInkasso = {
    client: clientName === null ? null : { name: clientName, addressLines: clientAddress },
    claimReason: reason,
    higherInterest,
    higherInterestReason,
    vatOnCosts,
    clientCannotDeductVat,
    addressResearched: researched === true,
    addressSource: looseText(raw['addressSource']),
    supervisoryAuthority:
      authorityName === null ? null : { name: authorityName, addressLines: authorityAddress, email: authorityEmail, website: authorityWebsite },
  };
  return { view, problems };
}

/** Formats a problem as one line of {@link DisclosureCheck.missing}. */
function describe(p: DisclosureProblem): string {
  return `§ 13a Abs. 1 Nr. ${p.item} RDG: ${p.description} (${p.field})`;
}

/**
 * Checks that a `handover-inkasso` message carries everything § 13a Abs. 1 RDG requires with the
 * first demand to a private person: (1) client name and address, (2) reason of the claim with the
 * contract's subject and date, (3) an interest calculation with principal, rate and period for
 * every interest line, (4) a note and reason when the rate is above the statutory default rate,
 * (5) type, amount and origin of every cost item, (6) the input-VAT declaration when VAT is
 * claimed on costs, (7) whether the address was researched, (8) the supervisory authority's name,
 * address and electronic contact.
 *
 * The check does not look at `debtor.kind`; {@link renderMessage} enforces it for consumers only.
 * Abs. 2–4 (information on request, costs of an installment agreement, Schuldanerkenntnis warning)
 * concern later communication and are not checked here.
 *
 * @param data - the message data
 * @returns `ok` and one line per missing item, naming the item number and the data field
 * @throws ValidationError when the data is not LetterData at all (missing creditor, statement, …)
 */
export function checkInkassoDisclosure(data: LetterData): DisclosureCheck {
  const { problems } = inspectInkasso(checkLetterData(data));
  return { ok: problems.length === 0, missing: problems.map(describe), problems };
}

/** The missing-lines of a problem list (for the error). */
export function describeProblems(problems: readonly DisclosureProblem[]): string[] {
  return problems.map(describe);
}
