import type { PostalAddress } from '../address/postal-address.js';
import type { IsoDate } from '../calendar/date.js';
import type { ClaimKind, CreditorKind, DebtorKind, GermanState } from '../law/de/types.js';

/**
 * Events are plain JSON data: money is a decimal string with the currency's minor-unit digits
 * (`"1200.00"`), dates are `YYYY-MM-DD`. That makes them storable as they are and hashable by the
 * audit chain's canonical JSON.
 */
export type AmountString = string;

/** Who owes: the debtor as the host knows them. */
export interface Debtor {
  /** The host's id of the debtor; contact limits apply per debtor across claims. */
  readonly id: string;
  /** `consumer` (§ 13 BGB) or `business` (§ 14 BGB). */
  readonly kind: DebtorKind;
  /** Name as it appears on letters. */
  readonly name: string;
  /** E-mail address, if the debtor may be written to by e-mail. */
  readonly email?: string;
  /** Mobile number in E.164 form, if the debtor agreed to SMS. */
  readonly phone?: string;
  /** Postal address lines under the name, for letters (accepted as given; prefer `postalAddress`). */
  readonly address?: readonly string[];
  /** Postal address as fields (DIN 5008 letters, SEPA files); letters use it before `address`. */
  readonly postalAddress?: PostalAddress;
  /** Federal state of the place of performance (public holidays, § 193 BGB). */
  readonly state?: GermanState;
  /** Preferred language of messages: `de` (default) or `en`. */
  readonly locale?: 'de' | 'en';
  /**
   * Consent per channel name: `true` — the debtor agreed to be contacted on it (required by
   * channels whose capabilities say `needsConsent`, e.g. SMS and WhatsApp, § 7 Abs. 2 UWG);
   * `false` — the debtor opted out of it (never used). Channels not named need no consent.
   */
  readonly consent?: Readonly<Record<string, boolean>>;
  /**
   * IANA time zone of the debtor, e.g. `Europe/Berlin` (quiet hours and rest days of a send, § 7 UWG).
   * One the runtime has no rules for (`Europe/Atlantis`) is refused with an `UnknownTimeZoneError`.
   */
  readonly timeZone?: string;
  /**
   * Set by the host API, not by the host: the personal data (name, e-mail, phone, address) is kept
   * apart from the hash chain, and the stored `claim-created` event holds only this salted
   * commitment to it (with `name` empty). On loading, the data is put back, or — after
   * `eraseDebtor` — the name reads "gelöscht"/"erased" and the contact fields are gone.
   */
  readonly personalData?: PersonalDataRef;
}

/** Where a debtor's personal data is, as the `claim-created` event records it (see {@link Debtor.personalData}). */
export interface PersonalDataRef {
  /** SHA-256 of `canonicalJson({ data, salt })`, 64 lowercase hex digits; the salt is kept (and erased) with the data. */
  readonly commitment: string;
  /** Set when loaded: `held` (the data matches the commitment), `erased`, or `mismatch` (the data kept apart does not match: it was changed). */
  readonly status?: 'held' | 'erased' | 'mismatch';
  /** When the data was erased (ISO 8601), for `erased`. */
  readonly erasedAt?: string;
}

/** The facts of a claim as it is created. */
export interface ClaimFacts {
  /** The host's claim id (e.g. the invoice number); unique per store. */
  readonly id: string;
  /** The debtor. */
  readonly debtor: Debtor;
  /** The principal owed, e.g. `"1200.00"`. */
  readonly principal: AmountString;
  /** ISO 4217 currency. */
  readonly currency: string;
  /** Invoice date (the claim arose; limitation runs from the end of this year, § 199 BGB). */
  readonly invoiceDate: IsoDate;
  /** Due date (Fälligkeit). */
  readonly dueDate: IsoDate;
  /** `entgelt` (an Entgeltforderung, default) or `other`. */
  readonly claimKind?: ClaimKind;
  /**
   * Date the obligation arose (the contract date), not after the invoice date. Where the law asks
   * when the contract was made — which § 288 BGB applies (Art. 229 § 34 EGBGB) — a missing one counts
   * as the invoice date. A consumer's claim needs it given (with `description`) before it is handed
   * over to a collection agency, whose first letter names it (§ 13a Abs. 1 Nr. 2 RDG; rule
   * `guard.agency-handover-needs-claim-reason`): the invoice date is not put in its place there. Add
   * it later with `amendClaimFacts`.
   */
  readonly contractDate?: IsoDate;
  /**
   * The creditor's kind (default `business`). A consumer creditor (e.g. a private person whose claim
   * is collected) gets +5 points even against a business debtor: § 288 Abs. 2 BGB needs a legal
   * transaction in which no consumer takes part.
   */
  readonly creditorKind?: CreditorKind;
  /**
   * True when the claim stems from a continuing obligation (Dauerschuldverhältnis: rent, subscription,
   * supply). One that arose before 2014-07-29 gets the current § 288 BGB (+9 points, flat fee) for
   * consideration performed after 2016-06-30 (Art. 229 § 34 S. 2 EGBGB); give `contractDate` and
   * `performanceDate`.
   */
  readonly continuingObligation?: boolean;
  /** For a continuing obligation: the day the consideration billed was performed (e.g. the end of the billed period); default: invoiceDate. */
  readonly performanceDate?: IsoDate;
  /**
   * True when the due date was *agreed* as a calendar date — in the contract, or in terms and
   * conditions the debtor accepted (a shop whose accepted T&Cs say "zahlbar bis zum 14. Tag nach
   * Rechnungsdatum" sets it) — or set by law: then default begins the day after it (§ 286 Abs. 2 Nr. 1
   * BGB). Default false: a due date printed on the invoice alone puts no one in default; the Mahnung's
   * receipt, the 30-day rule (consumers only with `invoicePointedOut30DayRule`) or a serious refusal do.
   */
  readonly dueDateAgreed?: boolean;
  /** @deprecated Use `dueDateAgreed` (same meaning); read only when `dueDateAgreed` is absent. */
  readonly dueDateIsCalendarDate?: boolean;
  /** True when the invoice pointed out the 30-day rule (§ 286 Abs. 3 S. 1 Hs. 2 BGB; needed for consumers). */
  readonly invoicePointedOut30DayRule?: boolean;
  /** Invoice reference printed in messages. */
  readonly reference?: string;
  /** What the claim is for, in the creditor's words, as printed in letters (e.g. `"Bestellung 4711: Gartenstuhl"`); § 13a Abs. 1 Nr. 2 RDG asks the agency to name it. */
  readonly description?: string;
  /** Free tags for policy conditions, e.g. `["vip"]`. */
  readonly tags?: readonly string[];
  /** A payment-probability score 0–1 (as a decimal string) from a host model, for policy conditions. */
  readonly score?: string;
  /** Whether the creditor can deduct input VAT (no VAT on collection costs then; Nr. 7008 VV RVG). Default true. */
  readonly creditorCanDeductVat?: boolean;
}

/**
 * Facts of a claim added after it was created (`amendClaimFacts`, event `claim-facts-amended`):
 * what a collection agency's first letter to a consumer must name (§ 13a Abs. 1 Nr. 2 RDG) and the
 * claim was created without. Only facts the claim lacked are added; a fact already set is never
 * changed (`FactAlreadySetError`).
 */
export interface ClaimFactsAmendment {
  /** What the claim is for (see {@link ClaimFacts.description}). */
  readonly description?: string;
  /** The day the contract was concluded (see {@link ClaimFacts.contractDate}). */
  readonly contractDate?: IsoDate;
}

/** Why an event happened: the rule, its legal basis and the inputs that mattered. */
export interface Reason {
  /** Stable id of the rule or policy element, e.g. `stage:dunning-notice` or `guard:no-fee-before-default`. */
  readonly rule: string;
  /** Legal basis, e.g. `§ 286 Abs. 1 BGB`, where there is one. */
  readonly basis?: string;
  /** Human-readable explanation. */
  readonly text?: string;
  /** The inputs that mattered, as plain data. */
  readonly inputs?: Readonly<Record<string, string | number | boolean | null>>;
}

/** A part-by-part allocation of a payment (§ 367 BGB), as decimal strings. */
export interface AllocationParts {
  /** Applied to costs. */
  readonly costs: AmountString;
  /** Applied to interest. */
  readonly interest: AmountString;
  /** Applied to the principal. */
  readonly principal: AmountString;
  /** Not applied (overpayment). */
  readonly unapplied: AmountString;
}

/**
 * Why money received was taken back: `refund` (the creditor or provider paid it back) or
 * `chargeback` (the debtor's bank or card issuer pulled it back, e.g. a card dispute or a SEPA
 * direct-debit return).
 */
export type PaymentReversalKind = 'refund' | 'chargeback';

/** Kinds of charges a claim can carry (`agreement-fee`: the Einigungsgebühr of a payment agreement a collection agency concluded, Nr. 1000 VV RVG). */
export type FeeKind = 'creditor-dunning-fee' | 'flat-fee' | 'collection-costs' | 'court-fee' | 'agreement-fee';

/** One line of an itemized fee (e.g. Nr. 2300 and Nr. 7002 VV RVG of collection costs). */
export interface FeeItem {
  /** Fee code, e.g. `Nr. 2300 VV RVG`. */
  readonly code: string;
  /** Amount of this line. */
  readonly amount: AmountString;
  /** Factor, where the fee has one. */
  readonly factor?: string;
  /** The 1.0 fee of the table, where the fee has one. */
  readonly baseFee?: string;
  /** Legal basis. */
  readonly basis: string;
}

/** Money moved from a payment's `costs` part to its `unapplied` part by a `fee-reduced` event (`movedToUnapplied`), or back by a `fee-reinstated` event (`backFromUnapplied`). */
export interface UnappliedMove {
  /** The payment (its `paymentId`, received before the reduction). */
  readonly paymentId: string;
  /** How much, above zero. */
  readonly amount: AmountString;
}

/**
 * What a `default-withdrawn` event re-allocates of one payment's interest part
 * (`default-withdrawn.interestReallocated`): the interest the payment paid for days the withdrawn
 * default took back, which no interest owed on the ledger as it now stands takes. `interest` is taken
 * off the payment's interest part and goes, under § 367 Abs. 1 BGB, to the principal (`principal`,
 * at most what is open) and, when no principal is left open, to what the claim holds for the debtor
 * (`unapplied`, § 812 Abs. 1 S. 1 Alt. 1 BGB). `principal` + `unapplied` = `interest`.
 */
export interface InterestReallocation {
  /** The payment (its `paymentId`, received on or before the withdrawal's day). */
  readonly paymentId: string;
  /** Taken off the payment's interest part, above zero. */
  readonly interest: AmountString;
  /** Of it, credited to the principal from the withdrawal's day. */
  readonly principal: AmountString;
  /** Of it, moved to the payment's unapplied part (held for the debtor). */
  readonly unapplied: AmountString;
}

/** One installment of a plan. */
export interface Installment {
  /** When it is due. */
  readonly dueDate: IsoDate;
  /** How much. */
  readonly amount: AmountString;
}

/**
 * A debtor's proposal of an installment plan that waits for the creditor's review, as the
 * `hold-placed` event that pauses the dunning meanwhile records it (`hold-placed.proposal`): the
 * installments as proposed — amounts as decimal strings in the claim's currency, dates
 * `YYYY-MM-DD`, each due on or after the day of the proposal — and, when the § 13a Abs. 3 RDG cost
 * notice was shown and acknowledged with it, that day. It holds no personal data. Agreeing to it is
 * `agreeInstallmentPlan({ claimId, installments, costNoticeGivenOn })` with these members.
 */
export interface PlanProposal {
  /** The installments proposed (1–120), as an agreed plan has them. */
  readonly installments: readonly Installment[];
  /** The day the debtor was shown and acknowledged the § 13a Abs. 3 RDG cost notice with the proposal, on or before it; absent when no notice was shown. */
  readonly costNoticeGivenOn?: IsoDate;
}

/**
 * Why the dispatcher passed a message by on a channel (and went on with the fallback):
 * `no-address` — the debtor has no usable address for it; `no-consent` — the channel needs consent
 * the debtor has not given; `opted-out` — the debtor opted out of it; `bounced-before` — an earlier
 * message to the debtor bounced on it; `too-long` — the text exceeds the channel's maximum length.
 */
export type ChannelSkipReason = 'no-address' | 'no-consent' | 'opted-out' | 'bounced-before' | 'too-long';

/** Fields every event has. */
export interface EventBase {
  /** The claim this event belongs to. */
  readonly claimId: string;
  /** The business date of the event (for default-began: the first day of default). */
  readonly date: IsoDate;
  /**
   * When the event was recorded: the injected clock's `now()` at the append (ISO 8601 with offset).
   * Set by the host API for every event it stores; hashed with the event, so a backdated business
   * `date` stays visible beside the real recording instant. Absent in events recorded before it existed.
   */
  readonly recordedAt?: string;
  /** Why it happened. */
  readonly reason?: Reason;
  /** Id and version of the policy that decided it, e.g. `de-b2c-default@1`. */
  readonly policy?: string;
  /** The idempotency key of the command that caused it, if any. */
  readonly idempotencyKey?: string;
}

/**
 * Every event of a claim's ledger, discriminated by `type`.
 *
 * `message-attempt-unknown` records an attempt to send a message whose outcome is unknown (a timeout,
 * a lost connection: the channel may have delivered it), with the SHA-256 of what was handed over.
 * The dispatcher retries it on the same channel under the same idempotency key and only with the same
 * content — rendered from the claim as it stood before that attempt, on that attempt's day — so a
 * channel that delivered the first attempt and deduplicates the retry leaves the debtor with what the
 * ledger records (the retry's `message-sent` carries the same `contentHash`). Content that comes out
 * different all the same is not handed over; the message fails as one that may have gone. It changes
 * nothing in the claim's state but its deadline: a letter handed over after the day it was booked
 * printed a deadline counted from the attempt's day (`deadline`), which the debtor may have read. The event that ends such a message without a send — `message-failed`
 * (the retries ran out, the content differed, the claim was closed meanwhile) or `message-skipped` —
 * records the same `contentHash`: what may have reached the debtor.
 *
 * `claim-facts-amended` adds facts the claim was created without (`description`, `contractDate`);
 * the claim's state reads its facts as created with every amendment laid over them, in ledger
 * order. It changes no amount, no date of default and nothing sent before it.
 *
 * `claim-facts-corrected` replaces facts that were set wrongly (`correctClaimFacts`): `facts` are
 * the new values, `previous` the values they replace, `correctionReason` why (the creditor's words).
 * It is laid over the facts like an amendment, from its place in the ledger on: what was decided and
 * sent before it stays as it was (the events before it, projected, give the facts it was done
 * with). It is refused where an amount booked or a paper issued rests on the old value, so it
 * changes no amount booked either (see `FactCorrectionRefusedError`).
 *
 * `fee-reduced` lowers a fee charged earlier (`feeId`) by `amount` (above zero, at most what is
 * left of the fee) from its `date` on: the fee was lawful when charged, but less of it is owed after
 * what happened later. The engine writes it for collection costs when the claim is paid within two
 * weeks of the collection agency's first demand (Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG; § 13e RDG);
 * `items` are then the fee's lines as they stand after the reduction. It also drops a fee charged on
 * the day of a payment that settles everything else (rule `fee.payment-day`, `items` empty): a debtor
 * who pays on the day of a step does not bear its costs; and the creditor dunning fee of a stage
 * whose letter was never sent (rule `fee.letter-not-sent`, `items` empty: no material costs arose).
 * When payments had already
 * paid more of the costs than is owed after the reduction, `creditedToPrincipal` is that surplus:
 * it is credited against the principal from the reduction's day (§ 362 Abs. 1, § 367 Abs. 1 BGB),
 * so the costs do not turn negative; what of it no principal is left to take (rule
 * `fee.letter-not-sent` on a claim paid in full) is `movedToUnapplied`: back to the paying payments'
 * unapplied parts, held for the debtor.
 *
 * `fee-reinstated` puts back on a fee (`feeId`) `amount` that reductions had taken off it (above zero,
 * at most what reductions took and no reinstatement put back yet), from its `date` on: the reason of
 * the reductions is gone. The engine writes it with a refund or chargeback (`reversalId`) of a payment
 * that a reduction rested on — a fee dropped because a payment settled the claim on the fee's day (rule
 * `fee.payment-day`), collection costs lowered because a payment settled the claim within two weeks
 * (rule `fee.simple-case`): a payment taken back did not fulfil (§ 362 Abs. 1 BGB), so the claim was
 * not paid on that day and the step's costs stand (rule `fee.reinstated`, dated the reversal's day).
 * Where the reductions it puts back had moved a part of the fee that payments had paid — credited to
 * the principal (`creditedToPrincipal`) or held for the debtor (`movedToUnapplied`) — it undoes that move
 * on its `date` (`backFromPrincipal`, `backFromUnapplied`): the payments' money pays the fee again
 * (§ 367 Abs. 1 BGB), and the principal, or the debtor's held money, is owed again by that part.
 *
 * `default-withdrawn` takes back a `default-began` that rested on the receipt of a dunning notice
 * (`messageId`) which the provider later reported bounced or undelivered (§ 130 Abs. 1 S. 1 BGB: it
 * never reached the debtor, so it did not put them in default, § 286 Abs. 1 BGB). Dated the day of
 * that report; `previous` is the first day of default it takes back. The claim is not in default from
 * then on until a `default-began` after it books the route that holds on the ledger as it now stands
 * (typically a later Mahnung's receipt): interest, fees and stages read that one. Nothing before it is
 * changed; fees charged before the new first day of default drop by `fee-reduced` (rule
 * `fee.before-default`), and interest payments had paid for the days taken back is re-allocated to the
 * principal (`interestReallocated`), so the interest paid never exceeds the interest owed.
 *
 * `payment-reversed` takes back `amount` of the payment `paymentId` from its `date` on (a refund or
 * a chargeback, `reversalId` being the provider's id of it). `allocation` says which parts of the
 * payment's allocation are undone: first what the payment left unapplied, then its principal, its
 * interest and its costs part — the reverse of § 367 Abs. 1 BGB, so what the creditor keeps still
 * stands allocated as § 367 placed it (costs, then interest, then principal). The undone parts are
 * owed again from the reversal's date; the principal part bears default interest again from then.
 */
export type ClaimEvent = EventBase &
  (
    | { readonly type: 'claim-created'; readonly claim: ClaimFacts }
    | { readonly type: 'claim-facts-amended'; readonly facts: ClaimFactsAmendment }
    | { readonly type: 'claim-facts-corrected'; readonly facts: ClaimFactsAmendment; readonly previous: ClaimFactsAmendment; readonly correctionReason: string }
    | { readonly type: 'default-began'; readonly basis: string; readonly route: string }
    | {
        readonly type: 'default-withdrawn';
        /** The first day of default it takes back (the `date` of the `default-began` booked from the notice). */
        readonly previous: IsoDate;
        /** The dunning notice that default rested on and that was reported not delivered. */
        readonly messageId: string;
        readonly basis: string;
        /**
         * The interest payments had paid for days this withdrawal takes back, re-allocated (§ 367 Abs. 1
         * BGB), one entry per payment in the order they were received: of each payment's interest part,
         * what the interest owed on the ledger as it now stands (default counted anew) did not take by the
         * payment's day comes off the interest paid and is credited to the principal from this event's day,
         * or — no principal left open — held for the debtor (see {@link InterestReallocation}). Absent when
         * no payment paid such interest, and in events recorded before it existed.
         */
        readonly interestReallocated?: readonly InterestReallocation[];
      }
    | { readonly type: 'stage-entered'; readonly stage: string; readonly stageIndex: number; readonly deadline?: IsoDate }
    | {
        readonly type: 'message-queued';
        readonly messageId: string;
        readonly stage: string;
        readonly channel: string;
        readonly template: string;
        readonly fallbackChannel?: string;
        /** The payment deadline booked with it: its stage's `set-deadline` days from the booking day, moved by § 193 BGB. */
        readonly deadline?: IsoDate;
        /**
         * The period of `deadline` as the stage decided it when the message was booked (its
         * `set-deadline` days). A message that goes out after the day it was booked gives the debtor
         * this period counted again from the send (`deadlineOnSend`), whatever the policy says on
         * the send day. Absent when the message sets no deadline, and in events recorded before it
         * existed (the send then counts the stage's days in the current policy, as it did then).
         */
        readonly deadlineDays?: number;
      }
    | {
        readonly type: 'message-sent';
        readonly messageId: string;
        readonly channel: string;
        /**
         * The payment deadline the message gave, when it went out after the day it was booked and its
         * deadline was counted again from the send (the stage's period from the day it left; `deadlineOnSend`).
         * Absent when the message sets none or went out on the day it was booked (the booked
         * `message-queued.deadline` then holds).
         */
        readonly deadline?: IsoDate;
        /**
         * When an earlier attempt's outcome was unknown (`message-attempt-unknown`): the SHA-256 of what
         * this attempt handed to the channel (`messageContentHash`) — the same as that attempt's, which
         * the dispatcher makes sure of before it hands the message over again under the same key.
         * Absent on a message sent without such an attempt before it.
         */
        readonly contentHash?: string;
      }
    | {
        readonly type: 'message-attempt-unknown';
        readonly messageId: string;
        readonly channel: string;
        /** The SHA-256 of what was handed to the channel (`messageContentHash`), 64 hex digits. */
        readonly contentHash: string;
        /** What the channel answered, or that it did not answer in time. */
        readonly error: string;
        /**
         * The payment deadline printed in what was handed over, when the attempt was made after the day
         * the message was booked and its deadline was counted again from the attempt's day
         * (`deadlineOnSend`, as on `message-sent.deadline`). The debtor may have read it: the claim's
         * deadline moves to it (never earlier). Absent when it is the booked one, when the message
         * sets none, and in events recorded before it existed.
         */
        readonly deadline?: IsoDate;
      }
    | {
        readonly type: 'message-failed';
        readonly messageId: string;
        readonly channel: string;
        readonly error: string;
        readonly retryable: boolean;
        /**
         * When the message is given up on although it may have been delivered (an attempt's outcome on
         * `channel` was unknown): the SHA-256 of what was handed over under its idempotency key
         * (`messageContentHash`, as on `message-attempt-unknown`) — what may have reached the debtor.
         * Absent when nothing was handed over on `channel`.
         */
        readonly contentHash?: string;
        /**
         * With `contentHash`: the payment deadline printed in what may have reached the debtor, when it
         * is not the booked one (the attempt of unknown outcome counted it again from its day,
         * `deadlineOnSend`; as on `message-attempt-unknown.deadline`). The claim's deadline moves to it
         * (never earlier), so the next stage waits for the deadline the debtor may have read. Absent
         * otherwise, and in events recorded before it existed.
         */
        readonly deadline?: IsoDate;
      }
    | {
        readonly type: 'message-skipped';
        readonly messageId: string;
        readonly channel: string;
        readonly skip: ChannelSkipReason;
        readonly detail: string;
        /**
         * When the channel is passed by after an attempt on it whose outcome is unknown (the message
         * ends here and may have been delivered): the SHA-256 of what that attempt handed over, as on
         * `message-attempt-unknown` and `message-failed.contentHash`.
         */
        readonly contentHash?: string;
        /**
         * With `contentHash`: the payment deadline printed in what may have reached the debtor, when it
         * is not the booked one (that attempt's `message-attempt-unknown.deadline`; as on
         * `message-failed.deadline`). The claim's deadline moves to it (never earlier). Absent otherwise,
         * and in events recorded before it existed.
         */
        readonly deadline?: IsoDate;
      }
    | { readonly type: 'message-delivered'; readonly messageId: string; readonly channel: string; readonly providerMessageId?: string; readonly at?: string }
    | { readonly type: 'message-bounced'; readonly messageId: string; readonly channel: string; readonly error: string; readonly providerMessageId?: string; readonly at?: string }
    | { readonly type: 'message-opened'; readonly messageId: string; readonly channel: string; readonly at?: string }
    | { readonly type: 'channel-opted-out'; readonly channel: string; readonly messageId?: string; readonly at?: string }
    | {
        readonly type: 'fee-charged';
        readonly feeId: string;
        readonly kind: FeeKind;
        readonly code: string;
        readonly amount: AmountString;
        readonly basis: string;
        readonly items?: readonly FeeItem[];
      }
    | {
        readonly type: 'fee-reduced';
        readonly feeId: string;
        readonly amount: AmountString;
        readonly basis: string;
        readonly items?: readonly FeeItem[];
        readonly creditedToPrincipal?: AmountString;
        /**
         * Of the part of the fee that payments had already paid (§ 367 Abs. 1 BGB put them on the
         * costs first), what no principal was left open to take (`creditedToPrincipal` takes what it
         * can first): moved from each named payment's `costs` part to its `unapplied` part, from the
         * reduction's day on — the latest payment first, each at most its costs part then left. The
         * money is then held for the debtor as an overpayment (`unappliedMoneyOf`, `statement().unapplied`)
         * and a refund of the payment returns it first (`reverseIncomingPayment`). Absent when nothing
         * is moved, and in events recorded before it existed. Written by rule `fee.letter-not-sent`
         * for the fee of a letter withdrawn because the claim closed before it went out.
         */
        readonly movedToUnapplied?: readonly UnappliedMove[];
      }
    | {
        readonly type: 'fee-reinstated';
        readonly feeId: string;
        readonly amount: AmountString;
        readonly basis: string;
        /** The refund or chargeback (`payment-reversed.reversalId`) that took away the reason of the reductions reinstated. */
        readonly reversalId: string;
        /**
         * Of what the reductions put back had credited to the principal (`fee-reduced.creditedToPrincipal`:
         * costs payments had paid above the lowered fee), the part taken back from the principal from this
         * event's day: it pays the costs again (§ 367 Abs. 1 BGB), and the principal — with default interest
         * on it from this day, not before — is owed again by it. Above zero, at most the amount put back.
         * Absent when nothing is taken back, and in events recorded before it existed.
         */
        readonly backFromPrincipal?: AmountString;
        /**
         * Of what the reductions put back had moved from payments' costs parts to their unapplied parts
         * (`fee-reduced.movedToUnapplied`), the part moved back from each named payment's unapplied part to
         * its costs part from this event's day, at most what that payment still holds: no longer held for
         * the debtor, it pays the costs again (§ 367 Abs. 1 BGB). Absent when nothing is moved back, and in
         * events recorded before it existed.
         */
        readonly backFromUnapplied?: readonly UnappliedMove[];
      }
    | { readonly type: 'payment-received'; readonly paymentId: string; readonly amount: AmountString; readonly allocation: AllocationParts }
    | {
        readonly type: 'payment-reversed';
        readonly reversalId: string;
        readonly paymentId: string;
        readonly kind: PaymentReversalKind;
        readonly amount: AmountString;
        readonly allocation: AllocationParts;
        /**
         * The business day the reversal was booked, when after its value date `date` (a chargeback a bank
         * value-dated back): the day the engine first knew of it. The parts are owed again from `date`; an
         * installment the reversal leaves unpaid is recorded missed no earlier than this day
         * (`reversalBookedOn`). Absent when booked on its value date, and in events recorded before it existed.
         */
        readonly bookedOn?: IsoDate;
      }
    | { readonly type: 'adjustment'; readonly kind: 'credit-note' | 'write-down'; readonly amount: AmountString; readonly note?: string }
    | { readonly type: 'dispute-opened'; readonly disputeId: string; readonly note?: string }
    | { readonly type: 'dispute-resolved'; readonly disputeId: string; readonly outcome: 'debtor-right' | 'creditor-right' | 'partial'; readonly note?: string }
    | {
        readonly type: 'hold-placed';
        readonly holdId: string;
        /** Why the hold was placed, for people (free text; it may be redacted of personal data). */
        readonly note: string;
        readonly until?: IsoDate;
        readonly interestRuns: boolean;
        /**
         * The debtor's installment proposal the hold waits on the creditor's review of, as data (see
         * {@link PlanProposal}); read it with `holdProposal`. Absent on other holds, and in events
         * recorded before it existed (the portal's proposals of then are read from their note).
         */
        readonly proposal?: PlanProposal;
      }
    | { readonly type: 'hold-lifted'; readonly holdId: string; readonly expired: boolean }
    | { readonly type: 'promise-to-pay'; readonly amount: AmountString; readonly by: IsoDate }
    | { readonly type: 'installment-plan-agreed'; readonly planId: string; readonly installments: readonly Installment[]; readonly costNoticeGivenOn?: IsoDate }
    | { readonly type: 'installment-missed'; readonly planId: string; readonly index: number }
    | { readonly type: 'installment-plan-defaulted'; readonly planId: string }
    | { readonly type: 'handed-over'; readonly to: 'collection-agency' | 'lawyer'; readonly party?: string }
    | { readonly type: 'court-dunning-filed'; readonly court?: string }
    | { readonly type: 'titled'; readonly title: 'enforcement-order' | 'judgment' | 'settlement' }
    | { readonly type: 'time-barred'; readonly expiredOn: IsoDate }
    | { readonly type: 'written-off'; readonly amount: AmountString }
    | { readonly type: 'settled' }
    | { readonly type: 'reopened'; readonly note?: string }
  );

/** The `type` names of {@link ClaimEvent}. */
export type ClaimEventType = ClaimEvent['type'];

/** The event of one type. */
export type ClaimEventOf<T extends ClaimEventType> = Extract<ClaimEvent, { type: T }>;
