import type { DebtorKind, IsoDate, MessageSender, Money, PostalAddress, Statement } from '@mahnwerk/core';

/** Language of a message: German (`de`) or English (`en`). */
export type Locale = 'de' | 'en';

/** The channels this package has templates for. */
export type MessageChannel = 'letter' | 'email' | 'sms';

/**
 * The names of the built-in templates — one per policy stage kind that writes to the debtor:
 * - `reminder`: friendly Zahlungserinnerung, no legal effect;
 * - `dunning-notice`: Mahnung (puts the debtor in default, § 286 Abs. 1 BGB);
 * - `final-notice`: letzte Mahnung before handover or court;
 * - `handover-inkasso`: the first payment demand of the collection agency (or lawyer) after handover,
 *   with the information § 13a Abs. 1 RDG requires towards private persons;
 * - `court-dunning-announcement`: announcement of the court dunning procedure (§§ 688 ff. ZPO).
 */
export type TemplateName = 'reminder' | 'dunning-notice' | 'final-notice' | 'handover-inkasso' | 'court-dunning-announcement';

/** All built-in template names, in escalation order. */
export const templateNames: readonly TemplateName[] = Object.freeze([
  'reminder',
  'dunning-notice',
  'final-notice',
  'handover-inkasso',
  'court-dunning-announcement',
] as const);

/** All channels with built-in templates. */
export const messageChannels: readonly MessageChannel[] = Object.freeze(['letter', 'email', 'sms'] as const);

/** All supported locales. */
export const locales: readonly Locale[] = Object.freeze(['de', 'en'] as const);

/** Bank account printed on letters and e-mails for the transfer. */
export interface BankAccount {
  /** IBAN, e.g. `DE02 1203 0000 0000 2020 51`. */
  readonly iban: string;
  /** BIC, if printed. */
  readonly bic?: string;
  /** Account holder, if different from the sender. */
  readonly holder?: string;
  /** Name of the bank, if printed. */
  readonly bankName?: string;
}

/**
 * The sender of the message: the creditor, or — after handover — the collection agency or lawyer
 * collecting for the creditor (then set {@link CreditorParty.isCollectionAgency} and name the
 * creditor as {@link InkassoInfo.client}). It extends core's `MessageSender`, so the same object
 * also signs core's plain-text renderer (`createPlainTextRenderer({ creditor })`), and it is a
 * `LetterSender` of `@mahnwerk/channel-letter` as it is (`createLetterChannel({ sender })`), which
 * prints `postalAddress` or else `addressLines` in the letterhead as the templates do; a letter
 * needs one of them.
 */
export interface CreditorParty extends MessageSender {
  /** Name or firm as printed in the letterhead. */
  readonly name: string;
  /** Postal address lines, e.g. `['Musterstraße 1', '50667 Köln']`; may be left out when `postalAddress` is given. */
  readonly addressLines?: readonly string[];
  /** Postal address as fields; its country is the sender's country for the debtor's address block. */
  readonly postalAddress?: PostalAddress;
  /** E-mail address for replies and corrections. */
  readonly email?: string;
  /** Phone number for replies. */
  readonly phone?: string;
  /** Web site, if printed. */
  readonly website?: string;
  /**
   * Register entry printed in the footer, e.g. the Handelsregister entry, or for a collection agency
   * its entry in the Rechtsdienstleistungsregister (`Rechtsdienstleistungsregister, Az. 3712 E – 1.1234`).
   */
  readonly registration?: string;
  /** True when the sender is a registered collection agency (Inkassodienstleister) acting for a client. */
  readonly isCollectionAgency?: boolean;
  /** Bank account for the transfer. */
  readonly bank?: BankAccount;
  /** Name or department printed under the closing, e.g. `Ihr Forderungsmanagement`. */
  readonly signature?: string;
}

/** The recipient of the message. */
export interface DebtorParty {
  /** Name as printed in the address and salutation. */
  readonly name: string;
  /** `consumer` (Verbraucher, § 13 BGB) or `business` — decides salutation and the § 13a RDG check. */
  readonly kind: DebtorKind;
  /** Postal address lines (letters need these or `postalAddress`). */
  readonly addressLines?: readonly string[];
  /**
   * Postal address as fields; when given, the address block is made from it after DIN 5008
   * (domestic without, foreign with the country in capitals) and `addressLines` is ignored.
   */
  readonly postalAddress?: PostalAddress;
  /** E-mail address (informational; the channel adapter sends). */
  readonly email?: string;
  /** Mobile number (informational; the channel adapter sends). */
  readonly phone?: string;
  /** The creditor's customer number of the debtor, printed when given. */
  readonly customerNumber?: string;
}

/** The claim the message is about. */
export interface ClaimInfo {
  /** The host's claim id. */
  readonly id: string;
  /** Invoice number or other reference printed in the message (default: the id). */
  readonly reference?: string;
  /** Invoice date. */
  readonly invoiceDate: IsoDate;
  /** Due date (Fälligkeit). */
  readonly dueDate: IsoDate;
  /** What the invoice was for, e.g. `Stromlieferung März 2026`. */
  readonly subject?: string;
  /** Date of the contract the claim arises from (used for the § 13a Abs. 1 Nr. 2 RDG reason when {@link InkassoInfo.claimReason} is absent). */
  readonly contractDate?: IsoDate;
}

/** The reason for the claim (Forderungsgrund), § 13a Abs. 1 Nr. 2 RDG. */
export interface ClaimReason {
  /** `contract` (Vertrag) or `tort` (unerlaubte Handlung). */
  readonly kind: 'contract' | 'tort';
  /** For a contract its concrete subject (e.g. `Stromlieferungsvertrag Nr. 4711, Abrechnung 2026`); for a tort the type of act. */
  readonly subject: string;
  /** Date the contract was concluded, or date of the act. */
  readonly date: IsoDate;
}

/** Postal and electronic contact of the supervisory authority, § 13a Abs. 1 Nr. 8 RDG. */
export interface SupervisoryAuthority {
  /** Name, e.g. the Bundesamt für Justiz (§ 13h RDG), or for a lawyer the Rechtsanwaltskammer (§ 43d BRAO). */
  readonly name: string;
  /** Postal address lines. */
  readonly addressLines: readonly string[];
  /** E-mail address (electronic contact; give this or `website`). */
  readonly email?: string;
  /** Web site (electronic contact; give this or `email`). */
  readonly website?: string;
}

/**
 * What a collection agency (or a lawyer collecting, § 43d BRAO) must tell a private person with the
 * first demand, § 13a Abs. 1 RDG. The interest calculation (Nr. 3) and the costs (Nr. 5) come from
 * the {@link LetterData.statement}. Every field is optional in the type so that incomplete data can
 * be checked: {@link checkInkassoDisclosure} names what is missing, and rendering
 * `handover-inkasso` for a consumer throws.
 */
export interface InkassoInfo {
  /** Nr. 1: the client (Auftraggeber, usually the original creditor): name or firm and address. */
  readonly client?: {
    /** Name or firm. */
    readonly name?: string;
    /** Postal address lines. */
    readonly addressLines?: readonly string[];
  };
  /** Nr. 2: the reason of the claim; default: {@link ClaimInfo.subject} and {@link ClaimInfo.contractDate} as a contract. */
  readonly claimReason?: ClaimReason;
  /**
   * Nr. 4: why the interest rate is above the statutory default rate (e.g. `vertraglich vereinbarter
   * Zinssatz, § 5 der AGB`). Required when an interest line is above base rate + 5 points or cites
   * § 288 Abs. 3 BGB.
   */
  readonly higherInterestReason?: string;
  /**
   * Nr. 6: whether VAT is claimed on the collection costs. Default: detected from the cost lines
   * (a label or basis naming Nr. 7008 VV RVG, Umsatzsteuer, USt, MwSt or VAT).
   */
  readonly vatOnCosts?: boolean;
  /** Nr. 6: the declaration that the client cannot deduct that VAT as input tax (must be `true` when VAT is claimed). */
  readonly clientCannotDeductVat?: boolean;
  /**
   * Nr. 7: whether the debtor's address was researched by the agency rather than supplied by the
   * client. Must be stated explicitly (`true` or `false`); when `true` the letter says so and how to
   * report a wrong address.
   */
  readonly addressResearched?: boolean;
  /** Nr. 7: where the address was researched (e.g. `Melderegisterauskunft`), printed when given. */
  readonly addressSource?: string;
  /** Nr. 8: the supervisory authority (name, address, electronic contact). */
  readonly supervisoryAuthority?: SupervisoryAuthority;
}

/**
 * Everything a template needs to write one message. Strings supplied by the host (names, addresses,
 * references, labels) are cleaned of control characters before rendering and HTML-escaped in HTML
 * output.
 */
export interface LetterData {
  /** Language of the message. */
  readonly locale: Locale;
  /** Id of the policy stage the message belongs to, e.g. `dunning-notice`. */
  readonly stage: string;
  /** Date printed on the letter; default: the statement's `asOf` day (the package never reads the clock). */
  readonly letterDate?: IsoDate;
  /** The sender. */
  readonly creditor: CreditorParty;
  /** The recipient. */
  readonly debtor: DebtorParty;
  /** The claim. */
  readonly claim: ClaimInfo;
  /** What the claim amounts to, itemized with legal bases (from `statement()` in `@mahnwerk/core`). */
  readonly statement: Statement;
  /** Payment deadline set by the stage, if any. */
  readonly deadline?: IsoDate;
  /** Link to a payment page (`https://…` or `http://…`); shown in all channels, required in spirit for SMS. */
  readonly paymentLink?: string;
  /**
   * Costs that would arise by the step this letter announces — e.g. the court fee of the Mahnbescheid
   * an announcement threatens. They are printed as a notice, never in the total: a cost is charged by
   * the event that causes it (the filing), not by the letter that announces it.
   */
  readonly prospectiveCosts?: readonly {
    readonly label: string;
    readonly amount: Money;
    /** What is unconfirmed about the figure (e.g. `unconfirmedMinimumNote('KV 1100 GKG')`); goes to `internalNotes`, not the letter. */
    readonly unconfirmed?: string;
  }[];
  /** The § 13a RDG information for `handover-inkasso`. */
  readonly inkasso?: InkassoInfo;
  /**
   * True when this letter is the Mahnung whose receipt puts the debtor in default (§ 286 Abs. 1
   * BGB; core's `noticeCausesDefault`, passed on by `createEngineRenderer`). The built-in dunning
   * and final notices then say that default begins with the letter's receipt and that the deadline
   * is the time given before further steps, not a deferral of payment.
   */
  readonly causesDefault?: boolean;
  /**
   * True when this letter is the Mahnung that puts the debtor in default only once its `deadline` has
   * passed unpaid (§ 286 Abs. 1 BGB; the policy's `mahnungDefault: 'after-deadline'`, core's
   * `noticeDefault`, passed on by `createEngineRenderer`). The built-in dunning and final notices then
   * say "Zahlen Sie nicht bis zum …, geraten Sie ab dem folgenden Tag in Zahlungsverzug …" instead of
   * the `causesDefault` sentence. Needs `deadline`; not together with `causesDefault`.
   */
  readonly causesDefaultAfterDeadline?: boolean;
  /**
   * True when no earlier dunning notice of the claim reached the debtor (the provider reported them
   * bounced or undelivered, they never went out, or the policy had none before this one; § 130 Abs. 1 S. 1 BGB; core's `RenderInput.earlierNoticeNotReceived`,
   * passed on by `createEngineRenderer`). The built-in final notice and court dunning announcement then
   * do not refer to an earlier Mahnung ("trotz unserer Mahnung").
   */
  readonly earlierNoticeNotReceived?: boolean;
  /**
   * Set when this letter asks for what a kept installment plan left open (core's `RenderInput.afterKeptPlan`,
   * passed on by `createEngineRenderer`): the debtor paid under the plan to its end and something is
   * still open (also when the plan was agreed at the reminder stage: the Mahnung then asks for the remainder) — e.g. the default interest the statement shows for the months of the plan, which took
   * part of each installment first (§ 367 Abs. 1 BGB). The built-in letters of every stage then thank
   * for the payments, name the remainder (the statement's total, itemized as usual) and the new
   * deadline, and leave out what would treat the debtor as one who paid nothing ("ist bis heute nicht
   * beglichen", "Da Sie sich in Verzug befinden", "trotz unserer Mahnung", "letztmalig", "ohne weitere
   * Ankündigung").
   */
  readonly afterKeptPlan?: KeptPlanInfo;
}

/** A kept installment plan as the letter asking for its remainder tells it ({@link LetterData.afterKeptPlan}). */
export interface KeptPlanInfo {
  /** The day the plan was agreed. */
  readonly agreedOn: IsoDate;
  /** How many installments were agreed (a whole number, at least 1). */
  readonly installments: number;
  /** What the installments added up to. */
  readonly agreed: Money;
  /** What the debtor paid under the plan (core: every payment from the day it was agreed to its last installment's grace days, less the refunds and chargebacks of those payments). */
  readonly paid: Money;
}

/** Options of {@link createRenderer}. */
export interface RendererOptions {
  /**
   * Templates replacing or adding to the built-in ones, keyed `${locale}/${channel}/${name}` (the
   * text body), `${locale}/${channel}/${name}.subject`, `${locale}/${channel}/${name}.html`,
   * `${locale}/letter/${name}.body` (the body of a printed letter), or
   * `${locale}/partials/${partial}` / `${locale}/partials/${partial}.html` for shared pieces. See
   * {@link builtinTemplates} for all keys and their sources. Overriding a text letter
   * (`${locale}/letter/${name}`) without its `.body` leaves that letter without a letter body, so
   * the printed letter never shows built-in wording the host replaced; give both.
   */
  readonly overrides?: Readonly<Record<string, string>>;
}

/** Options of {@link renderMessage}. */
export interface RenderMessageOptions {
  /** Template overrides, as in {@link RendererOptions.overrides}. */
  readonly overrides?: Readonly<Record<string, string>>;
}
