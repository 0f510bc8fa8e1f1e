import {
  basisNamedInLabel,
  Dec,
  isNegative,
  isPositive,
  parseIsoDate,
  partyAddressLines,
  printFormat,
  statementLineItem,
  statementLineText,
  transferRemittance,
  unconfirmedText,
  ValidationError,
  type DebtorKind,
  type IsoDate,
  type Money,
  type Statement,
  type StatementLine,
} from '@mahnwerk/core';
import { stripControlCharacters } from './text.js';
import type { ClaimReason, LetterData, Locale, MessageChannel } from './types.js';

/** One statement line as templates see it: the ledger's line, cleaned, with flags for branching. */
export interface ViewLine {
  /** `principal`, `interest` or `costs`. */
  readonly part: StatementLine['part'];
  /**
   * The line's label in the letter's language (core's `statementLineText`): the ledger's label in
   * German letters (`Hauptforderung`, `Mahnkosten (Porto und Material)`), its English wording in
   * English ones (`Principal claim`, `Dunning costs (postage and materials)`).
   */
  readonly label: string;
  /** Signed amount (payments and credits negative). */
  readonly amount: Money;
  /** Legal basis in the letter's language, e.g. `§ 288 Abs. 1 BGB` or `Rechnung RE-1` / `Invoice RE-1`; citations as cited. */
  readonly basis: string;
  /**
   * True when the label already names the whole basis (`Auslagenpauschale Nr. 7002 VV RVG` with
   * basis `Nr. 7002 VV RVG`), so running text need not repeat it; a table still shows it.
   */
  readonly basisInLabel: boolean;
  /** Day the line refers to (for interest periods: the first day). */
  readonly date: IsoDate;
  /** Last day of an interest period, else null. */
  readonly to: IsoDate | null;
  /** Interest days of the period, else null. */
  readonly days: number | null;
  /** Annual interest rate in percent (decimal string), else null. */
  readonly ratePercent: string | null;
  /** Principal the interest ran on, else null. */
  readonly onPrincipal: Money | null;
  /**
   * True for an interest period (interest line with `to`, `days` and `ratePercent` and an amount not
   * below zero). A period that rounds to 0,00 € is one too: the statement lists the periods without a
   * gap, each with its dates, days, rate and basis, as the letter PDF does.
   */
  readonly isInterestPeriod: boolean;
  /** True for a charge (costs line with a positive amount). */
  readonly isCharge: boolean;
  /** True for a payment or credit (negative amount). */
  readonly isCredit: boolean;
  /** True for a payment applied to the claim (core's `statementLineItem` kind `payment`), not a credit note or write-down. */
  readonly isPayment: boolean;
  /** Fee code of a cost line (`Nr. 2300 VV RVG`), else null; the label already names it. */
  readonly code: string | null;
  /** Rate of a fee line as a decimal string (`'0.9'`, print with `{{decimal factor}}`), else null. */
  readonly factor: string | null;
  /** The 1.0 fee the rate applies to, else null. */
  readonly baseFee: Money | null;
  /** What is unconfirmed about the figure, in the letter's language (core's `unconfirmedText`; for internal notes), else null. */
  readonly unconfirmed: string | null;
}

/** A cost that would arise by the step a letter announces, shown as a notice and not in the total. */
export interface ViewProspectiveCost {
  /**
   * What the cost is, in the letter's language: `Gerichtskosten Mahnverfahren (KV 1100 GKG)` / `Court
   * fee for the court dunning procedure (KV 1100 GKG)` (a label core words is worded by core's
   * `statementLineText`, so a German one given to an English letter reads English; others as given).
   */
  readonly label: string;
  /** Its amount. */
  readonly amount: Money;
  /** What is unconfirmed about the figure, in the letter's language (core's `unconfirmedText`; for internal notes), else null. */
  readonly unconfirmed: string | null;
}

/** The inkasso block as templates see it (null fields where the data has none). */
export interface ViewInkasso {
  /** Nr. 1: the client, or null. */
  readonly client: { readonly name: string; readonly addressLines: readonly string[] } | null;
  /** Nr. 2: the reason of the claim, or null. */
  readonly claimReason: { readonly kind: ClaimReason['kind']; readonly isContract: boolean; readonly subject: string; readonly date: IsoDate } | null;
  /** Nr. 4: true when an interest line is above the statutory rate (see `checkInkassoDisclosure`). */
  readonly higherInterest: boolean;
  /** Nr. 4: the reason given, or null. */
  readonly higherInterestReason: string | null;
  /** Nr. 6: whether VAT is claimed on collection costs. */
  readonly vatOnCosts: boolean;
  /** Nr. 6: the client cannot deduct input VAT. */
  readonly clientCannotDeductVat: boolean;
  /** Nr. 7: the address was researched. */
  readonly addressResearched: boolean;
  /** Nr. 7: where it was researched, or null. */
  readonly addressSource: string | null;
  /** Nr. 8: the supervisory authority, or null. */
  readonly supervisoryAuthority: {
    readonly name: string;
    readonly addressLines: readonly string[];
    readonly email: string | null;
    readonly website: string | null;
  } | null;
}

/**
 * The object every template is rendered against (Handlebars context). Optional data appears as
 * `null`, so `{{#if creditor.email}}` works in strict mode; a name that is not listed here fails the
 * render with a `TemplateError`. Helpers: `money`, `date`, `percent` (locale-aware), `period first
 * last` (an interest period's days: `08.03.2025 bis 08.04.2025`, one day `am 06.03.2025`; with
 * `from=true` `vom … bis …`), `plural n one many`, `join list separator`.
 */
export interface TemplateView {
  /** Language. */
  readonly locale: Locale;
  /** Channel being rendered. */
  readonly channel: MessageChannel;
  /** Template name being rendered. */
  readonly template: string;
  /** Policy stage id. */
  readonly stage: string;
  /** Date printed on the letter. */
  readonly letterDate: IsoDate;
  /** The rendered subject (empty while the subject itself is rendered). */
  readonly subject: string;
  /** The sender. */
  readonly creditor: {
    readonly name: string;
    readonly addressLines: readonly string[];
    readonly email: string | null;
    readonly phone: string | null;
    readonly website: string | null;
    readonly registration: string | null;
    readonly isCollectionAgency: boolean;
    readonly bank: { readonly iban: string; readonly bic: string | null; readonly holder: string | null; readonly bankName: string | null } | null;
    readonly signature: string | null;
  };
  /** The recipient. */
  readonly debtor: {
    readonly name: string;
    readonly kind: DebtorKind;
    readonly isConsumer: boolean;
    readonly addressLines: readonly string[];
    readonly email: string | null;
    readonly phone: string | null;
    readonly customerNumber: string | null;
  };
  /** The claim; `reference` falls back to the id. */
  readonly claim: {
    readonly id: string;
    readonly reference: string;
    /**
     * What a transfer quotes (Verwendungszweck), in print form: the ISO 11649 creditor reference of
     * `reference` (`RF25 RE00 093`) — the one the letter PDF prints and its GiroCode carries, and
     * the strongest rule of the payment matching — or `reference` itself when it cannot become one.
     */
    readonly paymentReference: string;
    readonly invoiceDate: IsoDate;
    readonly dueDate: IsoDate;
    readonly subject: string | null;
    readonly contractDate: IsoDate | null;
  };
  /** Totals of the statement. */
  readonly statement: {
    readonly asOf: IsoDate;
    readonly currency: string;
    readonly principal: Money;
    readonly interest: Money;
    readonly costs: Money;
    readonly total: Money;
  };
  /** All statement lines, in the ledger's order. */
  readonly lines: readonly ViewLine[];
  /** The interest periods only (§ 13a Abs. 1 Nr. 3 RDG interest calculation). */
  readonly interestLines: readonly ViewLine[];
  /**
   * The costs lines that are not zero, charges and credits (e.g. the flat fee credited against the
   * collection costs, § 288 Abs. 5 S. 3 BGB) alike, in the ledger's order: their sum is the
   * statement's costs, so the § 13a Abs. 1 Nr. 5 RDG itemisation agrees with the statement.
   */
  readonly costLines: readonly ViewLine[];
  /**
   * True when the statement lists a payment (`ViewLine.isPayment`): the debtor paid part of the
   * invoice, so the letters say it is not paid *in full* ("nicht vollständig beglichen") rather than
   * that no payment came in.
   */
  readonly paidInPart: boolean;
  /** True when interest is part of the statement. */
  readonly hasInterest: boolean;
  /** True when costs are part of the statement. */
  readonly hasCosts: boolean;
  /** True when interest is owed (the statement's interest is not zero): the totals list it then, as the letter PDF does. */
  readonly hasInterestTotal: boolean;
  /** True when costs are owed (the statement's costs are not zero): the totals list them then, as the letter PDF does. */
  readonly hasCostsTotal: boolean;
  /** Payment deadline, or null. */
  readonly deadline: IsoDate | null;
  /** True when this letter's receipt puts the debtor in default (see `LetterData.causesDefault`). */
  readonly causesDefault: boolean;
  /** True when the debtor is in default once this letter's deadline has passed unpaid (see `LetterData.causesDefaultAfterDeadline`). */
  readonly causesDefaultAfterDeadline: boolean;
  /** True when no earlier notice reached the debtor (see `LetterData.earlierNoticeNotReceived`): no reference to an earlier Mahnung. */
  readonly earlierNoticeNotReceived: boolean;
  /**
   * The kept installment plan whose remainder this letter asks for (see `LetterData.afterKeptPlan`), or
   * null: when the agreed installments were paid in full (`paid` not below `agreed`), `paidAsAgreed`.
   */
  readonly afterKeptPlan: {
    readonly agreedOn: IsoDate;
    readonly installments: number;
    readonly agreed: Money;
    readonly paid: Money;
    readonly paidAsAgreed: boolean;
  } | null;
  /** Payment link, or null. */
  readonly paymentLink: string | null;
  /** Costs that would arise by the step the letter announces (e.g. the court fee of a Mahnbescheid); not part of the statement's total. */
  readonly prospectiveCosts: readonly ViewProspectiveCost[];
  /** True when there are prospective costs. */
  readonly hasProspectiveCosts: boolean;
  /** The § 13a RDG block; its fields are null (or false) where the data has none. */
  readonly inkasso: ViewInkasso;
}

function fail(field: string, problem: string): never {
  throw new ValidationError(`${field}: ${problem}`, { field });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requiredText(value: unknown, field: string): string {
  if (typeof value !== 'string') fail(field, `expected a text, got ${value === null ? 'null' : typeof value}.`);
  const clean = stripControlCharacters(value);
  if (clean === '') fail(field, 'must not be empty.');
  return clean;
}

function optionalText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') fail(field, `expected a text, got ${typeof value}.`);
  const clean = stripControlCharacters(value);
  return clean === '' ? null : clean;
}

/**
 * The address lines of a party by core's one rule (`partyAddressLines`: `postalAddress` after DIN 5008
 * when given, a country line only for another country than the sender's, else `addressLines`), each
 * line cleaned of control characters. `required`: the party must give one of the two (the creditor).
 */
function partyLines(party: Record<string, unknown>, field: string, senderCountry: string, required: boolean): string[] {
  if (required && (party['postalAddress'] === undefined || party['postalAddress'] === null) && party['addressLines'] === undefined) {
    fail(`${field}.addressLines`, `expected a list of address lines (strings) or ${field}.postalAddress.`);
  }
  return partyAddressLines(party, { field, senderCountry, clean: stripControlCharacters });
}

function senderCountryOf(creditor: Record<string, unknown>): string {
  const structured = creditor['postalAddress'];
  if (isRecord(structured) && typeof structured['country'] === 'string') return structured['country'].toUpperCase();
  return 'DE';
}

function optionalDate(value: unknown, field: string): IsoDate | null {
  return value === undefined || value === null ? null : parseIsoDate(value, field);
}

function checkMoney(value: unknown, field: string): Money {
  if (!isRecord(value) || !Dec.isDecimal(value['amount']) || typeof value['currency'] !== 'string') {
    fail(field, 'expected a Money value (from money() in @mahnwerk/core), not a number or string.');
  }
  return value as unknown as Money;
}

const linkPattern = /^https?:\/\/[^\s<>"'`\\]+$/i;

function checkLink(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !linkPattern.test(value)) {
    fail(field, `${JSON.stringify(value)} is not a web link; give an absolute https:// URL without spaces or quotes.`);
  }
  return value;
}

function decimalText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !/^\d+(\.\d+)?$/.test(value)) fail(field, 'expected a decimal string such as "0.9".');
  return value;
}

function prospectiveCosts(value: unknown, locale: Locale): ViewProspectiveCost[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail('prospectiveCosts', 'expected a list of { label, amount }.');
  return value.map((c: unknown, i) => {
    if (!isRecord(c)) fail(`prospectiveCosts[${i}]`, 'expected { label, amount }.');
    // Worded for the letter's language by core's functions: a cost is a costs line the step would book.
    const label = statementLineText({ part: 'costs', label: requiredText(c['label'], `prospectiveCosts[${i}].label`), basis: '' }, locale).label;
    return {
      label,
      amount: checkMoney(c['amount'], `prospectiveCosts[${i}].amount`),
      unconfirmed: wordedRemark(optionalText(c['unconfirmed'], `prospectiveCosts[${i}].unconfirmed`), locale),
    };
  });
}

/** An `unconfirmed` remark in the letter's language (core's `unconfirmedText`), or null. */
function wordedRemark(remark: string | null, locale: Locale): string | null {
  return remark === null ? null : unconfirmedText(remark, locale);
}

function viewLine(line: unknown, index: number, locale: Locale): ViewLine {
  const field = `statement.lines[${index}]`;
  if (!isRecord(line)) fail(field, 'expected a statement line object.');
  const part = line['part'];
  if (part !== 'principal' && part !== 'interest' && part !== 'costs') fail(`${field}.part`, "expected 'principal', 'interest' or 'costs'.");
  const amount = checkMoney(line['amount'], `${field}.amount`);
  const to = optionalDate(line['to'], `${field}.to`);
  const days = line['days'];
  if (days !== undefined && (typeof days !== 'number' || !Number.isInteger(days) || days < 0)) {
    fail(`${field}.days`, 'expected a whole number of days.');
  }
  const rate = line['ratePercent'];
  if (rate !== undefined && (typeof rate !== 'string' || !/^-?\d+(\.\d+)?$/.test(rate))) {
    fail(`${field}.ratePercent`, 'expected a decimal string such as "7.27".');
  }
  const onPrincipal = line['onPrincipal'] === undefined ? null : checkMoney(line['onPrincipal'], `${field}.onPrincipal`);
  const positive = isPositive(amount);
  // Worded for the letter's language by core's one function (German: the ledger's label and basis as they are).
  const words = statementLineText(
    {
      part,
      label: requiredText(line['label'], `${field}.label`),
      basis: optionalText(line['basis'], `${field}.basis`) ?? '',
      ...(to === null ? {} : { to }),
      ...(typeof line['code'] === 'string' ? { code: line['code'] } : {}),
    },
    locale,
  );
  const { label, basis } = words;
  const item = statementLineItem({ part, label: requiredText(line['label'], `${field}.label`), ...(to === null ? {} : { to }) });
  return {
    part,
    label,
    amount,
    basis,
    basisInLabel: basisNamedInLabel(label, basis),
    date: parseIsoDate(line['date'], `${field}.date`),
    to,
    days: typeof days === 'number' ? days : null,
    ratePercent: typeof rate === 'string' ? rate : null,
    onPrincipal,
    isInterestPeriod: part === 'interest' && !isNegative(amount) && to !== null && typeof days === 'number' && typeof rate === 'string',
    isCharge: part === 'costs' && positive,
    isCredit: isNegative(amount),
    isPayment: item.kind === 'payment',
    code: optionalText(line['code'], `${field}.code`),
    factor: decimalText(line['factor'], `${field}.factor`),
    baseFee: line['baseFee'] === undefined ? null : checkMoney(line['baseFee'], `${field}.baseFee`),
    unconfirmed: wordedRemark(optionalText(line['unconfirmed'], `${field}.unconfirmed`), locale),
  };
}

/**
 * The remittance reference of a claim reference in print form: core's `transferRemittance` (the
 * creditor reference the letter PDF and its GiroCode use, or the reference as written when it
 * cannot become one — the rule the portal follows too).
 */
function transferReference(reference: string): string {
  const remittance = transferRemittance(reference);
  return 'creditorReference' in remittance ? printFormat(remittance.creditorReference) : remittance.text;
}

/** Parsed and cleaned data shared by the view and the § 13a check. */
export interface CheckedData {
  /** The view (without channel, template and subject). */
  readonly base: Omit<TemplateView, 'channel' | 'template' | 'subject' | 'inkasso'>;
  /** The raw data. */
  readonly data: LetterData;
}

/**
 * Checks the shape of {@link LetterData} (for hosts that pass JSON) and returns the cleaned view
 * without inkasso block.
 *
 * @throws ValidationError naming the first field that is wrong
 */
export function checkLetterData(data: LetterData): CheckedData {
  if (!isRecord(data)) fail('data', 'expected a LetterData object.');
  const d = data as unknown as Record<string, unknown>;
  if (d['locale'] !== 'de' && d['locale'] !== 'en') fail('locale', `expected 'de' or 'en', got ${JSON.stringify(d['locale'])}.`);
  const locale = d['locale'] as Locale;
  const stage = requiredText(d['stage'], 'stage');

  const c = d['creditor'];
  if (!isRecord(c)) fail('creditor', 'expected the sender (name, addressLines, …).');
  const bank = c['bank'];
  if (bank !== undefined && !isRecord(bank)) fail('creditor.bank', 'expected { iban, bic?, holder?, bankName? }.');
  const creditor: TemplateView['creditor'] = {
    name: requiredText(c['name'], 'creditor.name'),
    addressLines: partyLines(c, 'creditor', senderCountryOf(c), true),
    email: optionalText(c['email'], 'creditor.email'),
    phone: optionalText(c['phone'], 'creditor.phone'),
    website: optionalText(c['website'], 'creditor.website'),
    registration: optionalText(c['registration'], 'creditor.registration'),
    isCollectionAgency: c['isCollectionAgency'] === true,
    bank: isRecord(bank)
      ? {
          iban: requiredText(bank['iban'], 'creditor.bank.iban'),
          bic: optionalText(bank['bic'], 'creditor.bank.bic'),
          holder: optionalText(bank['holder'], 'creditor.bank.holder'),
          bankName: optionalText(bank['bankName'], 'creditor.bank.bankName'),
        }
      : null,
    signature: optionalText(c['signature'], 'creditor.signature'),
  };

  const b = d['debtor'];
  if (!isRecord(b)) fail('debtor', 'expected the recipient (name, kind, addressLines).');
  if (b['kind'] !== 'consumer' && b['kind'] !== 'business') fail('debtor.kind', "expected 'consumer' or 'business'.");
  const debtor: TemplateView['debtor'] = {
    name: requiredText(b['name'], 'debtor.name'),
    kind: b['kind'],
    isConsumer: b['kind'] === 'consumer',
    addressLines: partyLines(b, 'debtor', senderCountryOf(c), false),
    email: optionalText(b['email'], 'debtor.email'),
    phone: optionalText(b['phone'], 'debtor.phone'),
    customerNumber: optionalText(b['customerNumber'], 'debtor.customerNumber'),
  };

  const cl = d['claim'];
  if (!isRecord(cl)) fail('claim', 'expected the claim (id, invoiceDate, dueDate, …).');
  const claimId = requiredText(cl['id'], 'claim.id');
  const reference = optionalText(cl['reference'], 'claim.reference') ?? claimId;
  const claim: TemplateView['claim'] = {
    id: claimId,
    reference,
    paymentReference: transferReference(reference),
    invoiceDate: parseIsoDate(cl['invoiceDate'], 'claim.invoiceDate'),
    dueDate: parseIsoDate(cl['dueDate'], 'claim.dueDate'),
    subject: optionalText(cl['subject'], 'claim.subject'),
    contractDate: optionalDate(cl['contractDate'], 'claim.contractDate'),
  };

  const s = d['statement'];
  if (!isRecord(s)) fail('statement', 'expected a Statement (from statement() in @mahnwerk/core).');
  const rawLines = s['lines'];
  if (!Array.isArray(rawLines)) fail('statement.lines', 'expected the itemized lines of the statement.');
  const statement: TemplateView['statement'] = {
    asOf: parseIsoDate(s['asOf'], 'statement.asOf'),
    currency: requiredText(s['currency'], 'statement.currency'),
    principal: checkMoney(s['principal'], 'statement.principal'),
    interest: checkMoney(s['interest'], 'statement.interest'),
    costs: checkMoney(s['costs'], 'statement.costs'),
    total: checkMoney(s['total'], 'statement.total'),
  };
  const lines = rawLines.map((line, i) => viewLine(line, i, locale));
  const interestLines = lines.filter((l) => l.isInterestPeriod);
  const costLines = lines.filter((l) => l.part === 'costs' && !l.amount.amount.isZero());

  const prospective = prospectiveCosts(d['prospectiveCosts'], locale);
  const base: CheckedData['base'] = {
    locale,
    stage,
    letterDate: optionalDate(d['letterDate'], 'letterDate') ?? statement.asOf,
    creditor,
    debtor,
    claim,
    statement,
    lines,
    interestLines,
    costLines,
    paidInPart: lines.some((l) => l.isPayment),
    hasInterest: lines.some((l) => l.part === 'interest') || !statement.interest.amount.isZero(),
    hasCosts: lines.some((l) => l.part === 'costs') || !statement.costs.amount.isZero(),
    hasInterestTotal: !statement.interest.amount.isZero(),
    hasCostsTotal: !statement.costs.amount.isZero(),
    deadline: optionalDate(d['deadline'], 'deadline'),
    causesDefault: optionalFlag(d['causesDefault'], 'causesDefault'),
    causesDefaultAfterDeadline: afterDeadlineFlag(d),
    earlierNoticeNotReceived: optionalFlag(d['earlierNoticeNotReceived'], 'earlierNoticeNotReceived'),
    afterKeptPlan: keptPlan(d['afterKeptPlan']),
    paymentLink: checkLink(d['paymentLink'], 'paymentLink'),
    prospectiveCosts: prospective,
    hasProspectiveCosts: prospective.length > 0,
  };
  if (d['inkasso'] !== undefined && !isRecord(d['inkasso'])) fail('inkasso', 'expected the § 13a RDG information object.');
  return { base, data };
}

/**
 * `causesDefaultAfterDeadline` (an optional true/false field): true only with a `deadline` — the
 * sentence names it — and not together with `causesDefault`, which says the opposite.
 */
function afterDeadlineFlag(d: Record<string, unknown>): boolean {
  const flag = optionalFlag(d['causesDefaultAfterDeadline'], 'causesDefaultAfterDeadline');
  if (!flag) return false;
  if (d['deadline'] === undefined || d['deadline'] === null) {
    fail('causesDefaultAfterDeadline', 'is true, but no deadline is given: the letter says default begins the day after the deadline, so it needs one. Give the deadline, or use causesDefault for a Mahnung without one.');
  }
  if (d['causesDefault'] === true) {
    fail('causesDefaultAfterDeadline', 'is true together with causesDefault: a Mahnung puts the debtor in default either with its receipt or once its deadline has passed, not both. Set one of them.');
  }
  return true;
}

/** `afterKeptPlan` (optional): the plan's day, its number of installments, what they added up to and what was paid. */
function keptPlan(value: unknown): TemplateView['afterKeptPlan'] {
  if (value === undefined || value === null) return null;
  if (!isRecord(value)) fail('afterKeptPlan', 'expected { agreedOn, installments, agreed, paid } (core\'s RenderInput.afterKeptPlan).');
  const installments = value['installments'];
  if (typeof installments !== 'number' || !Number.isInteger(installments) || installments < 1) {
    fail('afterKeptPlan.installments', `expected the number of installments agreed (a whole number, at least 1), got ${JSON.stringify(installments)}.`);
  }
  const agreed = checkMoney(value['agreed'], 'afterKeptPlan.agreed');
  const paid = checkMoney(value['paid'], 'afterKeptPlan.paid');
  return {
    agreedOn: parseIsoDate(value['agreedOn'], 'afterKeptPlan.agreedOn'),
    installments,
    agreed,
    paid,
    paidAsAgreed: !paid.amount.lessThan(agreed.amount),
  };
}

/** An optional true/false field: false when absent; anything but a boolean is refused. */
function optionalFlag(value: unknown, field: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') fail(field, `expected true or false, got ${JSON.stringify(value)}.`);
  return value;
}

/** Cleans a text that may be absent or of the wrong type (for the lenient inkasso block). */
export function looseText(value: unknown): string | null {
  return typeof value === 'string' ? stripControlCharacters(value) || null : null;
}

/** Cleans a list of lines that may be absent. */
export function looseLines(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((l): l is string => typeof l === 'string').map(stripControlCharacters).filter((l) => l !== '') : [];
}
