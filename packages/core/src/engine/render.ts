import type { LetterHeadItem, LetterStatementTable, MessageAttachment } from '../ports/channel.js';
import type { IsoDate } from '../calendar/date.js';
import { ValidationError } from '../errors/errors.js';
import type { ClaimFacts } from '../ledger/events.js';
import type { Statement } from '../ledger/state.js';
import { basisNamedInLabel } from '../ledger/statement.js';
import { dayInWords, periodInWords, statementLineText } from '../ledger/statement-words.js';
import { formatMoney, type Money } from '../money/money.js';
import type { ProspectiveCost } from './prospective-costs.js';

/** What a renderer gets to write one message. */
export interface RenderInput {
  /** Template name from the policy's send action, e.g. `dunning-notice`. */
  readonly template: string;
  /** Channel the message goes out on, e.g. `letter`. */
  readonly channel: string;
  /** Language: the debtor's `locale`, default `de`. */
  readonly locale: 'de' | 'en';
  /** The claim's facts. */
  readonly claim: ClaimFacts;
  /** The claim's statement on the day of sending (principal, interest, costs, itemized with their legal basis). */
  readonly statement: Statement;
  /** The payment deadline the notice sets, if any. */
  readonly deadline?: IsoDate;
  /** A payment link from the payment provider, if one is configured. */
  readonly paymentLink?: string;
  /** The outbox id of the message. */
  readonly messageId?: string;
  /** The policy stage that sent the message. */
  readonly stage?: string;
  /**
   * Costs the message announces without charging them (see `prospectiveCosts`): e.g. the court fee
   * a Mahnbescheid application would cause, shown as a notice and never in the total. Absent when none.
   */
  readonly prospectiveCosts?: readonly ProspectiveCost[];
  /**
   * True when this message is the Mahnung whose receipt puts the debtor in default (§ 286 Abs. 1
   * BGB; see `noticeCausesDefault`). The letter should then say that default begins with its
   * receipt and that its deadline is the time given before further steps, not a deferral of
   * payment. Absent otherwise (also when {@link RenderInput.causesDefaultAfterDeadline} is set).
   */
  readonly causesDefault?: boolean;
  /**
   * True when this message is the Mahnung that puts the debtor in default once its `deadline` has
   * passed unpaid — the policy reads a Mahnung's deadline as postponing default (`mahnungDefault:
   * 'after-deadline'`; see `noticeDefault`): default and default interest begin the day after the
   * deadline. The letter should then say so ("Zahlen Sie nicht bis zum …, geraten Sie ab dem folgenden
   * Tag in Zahlungsverzug …"), not that default begins with its receipt. Set only with a `deadline`,
   * never together with `causesDefault`; absent otherwise.
   */
  readonly causesDefaultAfterDeadline?: boolean;
  /**
   * True when this message is a dunning notice and no earlier notice of the claim reached the debtor or
   * may have (a declaration takes effect only on receipt, § 130 Abs. 1 S. 1 BGB): the provider reported
   * each bounced or undelivered and no fallback delivered one — e.g. a final notice (Letzte Mahnung)
   * written after the Mahnung's e-mail bounced and the policy had no fallback letter — or none went out
   * at all, e.g. the final notice of a policy with no Mahnung stage before it (a reminder is no notice).
   * The text must then not refer to an earlier notice ("trotz unserer Mahnung", "despite our dunning
   * notice"): this message is the first demand the debtor gets. Never set on a Mahnung (kind
   * `dunning-notice`) with no notice before it. Absent otherwise.
   */
  readonly earlierNoticeNotReceived?: boolean;
  /**
   * Set when this message asks for what a kept installment plan left open: its stage was entered once
   * more after the plan's last installment and grace days had passed — or, when the plan was agreed at
   * the reminder stage or before any stage, the next stage (the Mahnung) was — the plan not declared
   * defaulted and its installments paid and not taken back (core's rule of a kept plan's end; the
   * stage-entered reason carries `afterKeptPlan`). The debtor did
   * what was agreed, so the letter should say so — thank them for the payments ({@link KeptInstallmentPlan.paid}),
   * name what is left (the statement's `total`, itemized by the statement's own lines and their bases)
   * and the new deadline — and not write as if nothing had been paid ("ist bis heute nicht beglichen",
   * "trotz unserer Mahnung") or threaten more than the stage itself does. Absent otherwise.
   */
  readonly afterKeptPlan?: KeptInstallmentPlan;
}

/**
 * A kept installment plan as the letter that asks for its remainder tells it ({@link RenderInput.afterKeptPlan}).
 * What is left is the message's statement (its `total`), not repeated here.
 */
export interface KeptInstallmentPlan {
  /** The plan's id (`installment-plan-agreed.planId`). */
  readonly planId: string;
  /** The day the plan was agreed. */
  readonly agreedOn: IsoDate;
  /** The last day the plan stopped escalation: its last installment's last day (its due date, moved to the next business day by § 193 BGB when a Saturday, Sunday or holiday, plus the policy's grace days, the end moved again). */
  readonly keptUntil: IsoDate;
  /** How many installments were agreed. */
  readonly installments: number;
  /** What the installments added up to. */
  readonly agreed: Money;
  /**
   * What the debtor paid under the plan: every payment received from the day it was agreed through
   * {@link KeptInstallmentPlan.keptUntil}, less the refunds and chargebacks of those payments recorded
   * (a payment taken back did not fulfil, § 362 Abs. 1 BGB) — the sum the daily decision checks each
   * installment against.
   */
  readonly paid: Money;
}

/** A rendered message. */
export interface RenderedMessage {
  /** Subject (e-mail) or heading (letter). */
  readonly subject: string;
  /** Plain text body. */
  readonly text: string;
  /** HTML body, if the renderer makes one. */
  readonly html?: string;
  /**
   * The body of a printed letter without letter head, address, date, subject, closing and footer,
   * which a letter layout sets itself — and without the payment details, which it prints from the
   * message's `payment` (see `OutgoingMessage.letterBody`). A letter channel lays this out in
   * preference to `text`, which stays the complete letter as text. Absent when the renderer makes
   * none; the letter channel then lays out `text`.
   */
  readonly letterBody?: string;
  /**
   * The items of the printed letter's head the layout cannot know (e.g. the customer number), for
   * its information block; the dispatcher passes them on as `OutgoingMessage.letterHead`. A renderer
   * that writes a {@link RenderedMessage.letterBody} gives this too — an empty list when there are
   * none — so the letter channel lays the body out as it is; left out, the channel falls back to
   * reading `label⇥value` lines at the top of the body (deprecated).
   */
  readonly letterHead?: readonly LetterHeadItem[];
  /**
   * The itemized statement of the printed letter as a table, placed by a paragraph `[statement]` of
   * the {@link RenderedMessage.letterBody}; the dispatcher passes it on as `OutgoingMessage.letterStatement`.
   * A renderer that writes a letter body gives this too — `null` when the letter has no statement
   * table — so the letter channel lays the body out as it is; left out, the channel falls back to
   * reading tab-separated table paragraphs of the body (deprecated).
   */
  readonly letterStatement?: LetterStatementTable | null;
  /** Files to send along (e.g. the letter as a PDF on an e-mail), for channels that take attachments. */
  readonly attachments?: readonly MessageAttachment[];
  /**
   * Notes for the sender's files, not for the debtor: e.g. that a figure in the letter rests on a
   * base rate or court-fee minimum not yet confirmed by a primary source. Absent when there are none.
   */
  readonly internalNotes?: readonly string[];
}

/**
 * A renderer's answer to whether it can write a message: `null` when it can, else the reason it
 * cannot — what is missing or wrong, where, and how to fix it (e.g. the § 13a Abs. 1 RDG items of
 * the collection agency's first letter, or that its sender is no collection agency).
 *
 * The promise a check keeps, so the engine may ask it inside its pure decision:
 * - **synchronous and pure**: no I/O, no clock, no randomness; the same input gives the same answer;
 * - **the same validation as rendering**: it refuses what rendering the same input would refuse for
 *   the same reason (write both through one function), and does not refuse what rendering accepts.
 *   Its input is the one the renderer will get for the message (the same function makes both): the
 *   statement with the step's own fees and costs, the deadline, message id, announced costs and
 *   `causesDefault` / `causesDefaultAfterDeadline` — all but the payment link, which the payment provider makes only when the
 *   message is sent: a check must not refuse for its absence;
 * - it does not throw for an input it cannot write — it answers with the reason. (A check that
 *   throws all the same is answered as a refusal with the error's message.)
 *
 * @param input - the message as rendering will see it, without the payment link (see {@link RenderCheck})
 */
export type RenderCheck = (input: RenderInput) => string | null;

/**
 * Turns a message into text; `@mahnwerk/templates` provides a full one. May be async.
 *
 * It may carry a {@link RenderCheck} as `check`: then, when `decide` enters a stage that queues
 * messages, it asks the check for every message of the stage on its channel and its fallback
 * channel, with the input rendering will get — the claim's statement after the stage's own fees and
 * costs, the deadline, the message id — but the payment link. A message no channel of it can write
 * blocks the stage (rule `guard.message-cannot-be-written`, with the check's reason): nothing is
 * booked — no stage, no fee, no hand-over — and the decision is tried again the next day, as with
 * any guard. `createMahnwerk({ render })` and `simulate({ render })` both pass the check to
 * `decide`. The dispatcher asks it again when it sends the message — with the send day's input (that
 * day's statement, the deadline counted from the send), which differs from the booking day's when
 * the send was deferred — and a refusal then fails the message on that channel with the check's
 * reason (`message-failed`, before a payment link is made or anything is handed over; the fallback
 * channel is tried). Without `check` every stage is entered as before and a message that cannot be
 * rendered fails at sending.
 */
export type Renderer = ((input: RenderInput) => RenderedMessage | Promise<RenderedMessage>) & {
  /** Whether this renderer can write a message, asked when its step is booked, before the step is kept (see {@link RenderCheck}). */
  readonly check?: RenderCheck;
};

/**
 * Who signs a message: the creditor, or — after handover — the collection agency collecting for it.
 * A dunning letter must let the debtor see who demands the money. `@mahnwerk/templates`'
 * `CreditorParty` extends this (adding address, bank, signature …), so the same sender object
 * serves {@link createPlainTextRenderer} and `createEngineRenderer`.
 */
export interface MessageSender {
  /** Name or firm, printed under the closing. */
  readonly name: string;
}

/** Options of {@link createPlainTextRenderer}. */
export interface PlainTextRendererOptions {
  /**
   * The sender: the creditor, or a function choosing it per message (e.g. the collection agency
   * for `handover-inkasso`) — the same option as `createEngineRenderer`'s in `@mahnwerk/templates`.
   */
  readonly creditor: MessageSender | ((input: RenderInput) => MessageSender);
}

const subjects: Record<'de' | 'en', Record<string, string>> = {
  de: {
    reminder: 'Zahlungserinnerung',
    'dunning-notice': 'Mahnung',
    'final-notice': 'Letzte Mahnung',
    'handover-inkasso': 'Übergabe an ein Inkassounternehmen',
    'court-dunning-announcement': 'Ankündigung des gerichtlichen Mahnverfahrens',
  },
  en: {
    reminder: 'Payment reminder',
    'dunning-notice': 'Payment demand',
    'final-notice': 'Final payment demand',
    'handover-inkasso': 'Claim handed over to a collection agency',
    'court-dunning-announcement': 'Notice of court dunning proceedings',
  },
};

const words = {
  de: {
    greeting: (name: string) => `Guten Tag ${name},`,
    intro: (ref: string, date: string) => `zu unserer Rechnung ${ref} vom ${date} ist folgender Betrag offen:`,
    total: 'Offener Gesamtbetrag',
    deadline: (d: string) => `Bitte zahlen Sie den offenen Betrag bis zum ${d}.`,
    causesDefault: (d: string | null) =>
      `Mit dem Zugang dieser Mahnung geraten Sie in Zahlungsverzug (§ 286 Abs. 1 BGB); ab dem folgenden Tag schulden Sie zusätzlich Verzugszinsen (§ 288 BGB) bis zum Zahlungseingang.${d === null ? '' : ` Die Zahlungsfrist bis zum ${d} ist keine Stundung: Sie gibt Ihnen Gelegenheit zu zahlen, bevor wir weitere Schritte einleiten.`}`,
    causesDefaultAfterDeadline: (d: string) =>
      `Zahlen Sie nicht bis zum ${d}, geraten Sie ab dem folgenden Tag in Zahlungsverzug (§ 286 Abs. 1 BGB); von da an schulden Sie zusätzlich Verzugszinsen (§ 288 BGB) bis zum Zahlungseingang.`,
    announced: 'Durch den angekündigten Schritt entstünden weitere Kosten, die Sie zu tragen hätten und die im offenen Gesamtbetrag nicht enthalten sind:',
    pay: (link: string) => `Bezahlen: ${link}`,
    paid: 'Falls Sie bereits gezahlt haben, betrachten Sie dieses Schreiben bitte als gegenstandslos.',
    close: 'Mit freundlichen Grüßen',
    unsigned: '(Absender nicht angegeben)',
    interest: (period: string, days: number, rate: string, on: string | null) =>
      `Zinsen ${period}: ${days} ${days === 1 ? 'Tag' : 'Tage'} zu ${rate.replace('.', ',')} % p. a.${on === null ? '' : ` aus ${on}`}`,
  },
  en: {
    greeting: (name: string) => `Dear ${name},`,
    intro: (ref: string, date: string) => `the following amount of our invoice ${ref} of ${date} is open:`,
    total: 'Total open amount',
    deadline: (d: string) => `Please pay the open amount by ${d}.`,
    causesDefault: (d: string | null) =>
      `With the receipt of this notice you are in default of payment (§ 286(1) BGB); from the following day you also owe default interest (§ 288 BGB) until payment is received.${d === null ? '' : ` The deadline of ${d} is not a deferral of payment: it gives you the opportunity to pay before we take further steps.`}`,
    causesDefaultAfterDeadline: (d: string) =>
      `If you do not pay by ${d}, you are in default of payment from the following day (§ 286(1) BGB); from then on you also owe default interest (§ 288 BGB) until payment is received.`,
    announced: 'The step announced would cause further costs for you, not included in the total open amount:',
    pay: (link: string) => `Pay now: ${link}`,
    paid: 'If you have already paid, please disregard this message.',
    close: 'Kind regards',
    unsigned: '(sender not named)',
    interest: (period: string, days: number, rate: string, on: string | null) =>
      `Interest ${period}: ${days} ${days === 1 ? 'day' : 'days'} at ${rate} % p.a.${on === null ? '' : ` on ${on}`}`,
  },
} as const;

/** The internal note of a text signed by no one (see {@link renderPlainText}). */
const unsignedNote =
  'No sender: the text does not name the creditor, and a dunning letter must. Pass render: createPlainTextRenderer({ creditor: { name } }) (@mahnwerk/core) or createEngineRenderer (@mahnwerk/templates) to createMahnwerk.';

/**
 * The default renderer of the core: plain text in German or English, with every line of the
 * statement and its legal basis, the deadline, the costs the message announces without charging
 * them (`RenderInput.prospectiveCosts`: the court fee a Mahnbescheid application would cause, with
 * its basis, not in the total) and the payment link, signed with the sender's name.
 * The template name picks the subject (`reminder`, `dunning-notice`, `final-notice`,
 * `handover-inkasso`, `court-dunning-announcement`; other names give a generic subject). Hosts that
 * want letterheads, HTML and their own wording pass `render` from `@mahnwerk/templates`.
 *
 * Without a sender (what `createMahnwerk` uses when given no `render`) the text cannot say who is
 * dunning: it ends with "(Absender nicht angegeben)" / "(sender not named)" under the closing rather
 * than with nothing, and an internal note says how to name the creditor. Give one with
 * {@link createPlainTextRenderer}.
 *
 * @param input - template, channel, locale, claim, statement, deadline, announced costs, payment link
 * @param sender - who signs the message; absent: nobody (see above)
 * @returns subject and text; for the `letter` channel also the `letterBody` a letter layout sets between
 *   its own head and closing (the text without the payment link and the closing), its `letterHead`,
 *   empty (the plain text has no head items; the letter channel's own — our reference, the date —
 *   are the head), and `letterStatement: null` (the statement is lines of the body's text, no table);
 *   when unsigned, an internal note saying so
 * @throws ValidationError (field `creditor.name`) when a sender is given without a name
 */
export function renderPlainText(input: RenderInput, sender?: MessageSender): RenderedMessage {
  const locale = input.locale;
  const w = words[locale];
  const numberLocale = locale === 'de' ? 'de-DE' : 'en';
  // Days as the reader's letters write them: 02.01.2025 in German, 2 January 2025 in English (never ISO).
  const day = (d: IsoDate): string => dayInWords(d, locale);
  const ref = input.claim.reference ?? input.claim.id;
  const key = input.template.split('/').pop() ?? input.template;
  const title = subjects[locale][key] ?? (locale === 'de' ? 'Offene Forderung' : 'Open claim');
  const subject = `${title}: ${ref}`;
  // One line of an amount with its basis, for the statement and for announced costs alike; a label that names its
  // basis (`Verzugspauschale (§ 288 Abs. 5 BGB)`) is not followed by it again.
  const amountLine = (name: string, amount: Money, basis: string): string =>
    `  ${name}: ${formatMoney(amount, numberLocale)}${basisNamedInLabel(name, basis) || basis === '' ? '' : ` (${basis})`}`;
  const lines: string[] = [w.greeting(input.claim.debtor.name), '', w.intro(ref, day(input.claim.invoiceDate)), ''];
  for (const line of input.statement.lines) {
    // Label and basis in the reader's language (core's one wording of statement lines).
    const words = statementLineText(line, locale);
    // An interest period is named by its dates, days, rate and principal, not by the ledger's label
    // (which carries the period in ISO dates for machines).
    const name =
      line.part === 'interest' && line.to !== undefined && line.days !== undefined && line.ratePercent !== undefined
        ? w.interest(
            // A period of one day is that day ("am 11.01.2025" / "on 11 January 2025"): core's one rule, periodInWords.
            periodInWords(line.date, line.to, locale),
            line.days,
            line.ratePercent,
            line.onPrincipal === undefined ? null : formatMoney(line.onPrincipal, numberLocale),
          )
        : words.label;
    lines.push(amountLine(name, line.amount, words.basis));
  }
  lines.push('', `${w.total}: ${formatMoney(input.statement.total, numberLocale)}`);
  if (input.deadline !== undefined) lines.push('', w.deadline(day(input.deadline)));
  if (input.causesDefault === true) lines.push('', w.causesDefault(input.deadline === undefined ? null : day(input.deadline)));
  else if (input.causesDefaultAfterDeadline === true && input.deadline !== undefined) lines.push('', w.causesDefaultAfterDeadline(day(input.deadline)));
  // Costs the message announces and does not charge (core's prospectiveCosts, the one figure the templates print too: the
  // KV 1100 GKG fee of a Mahnbescheid application), worded in the message's language, as their statement line will read.
  const announced = input.prospectiveCosts ?? [];
  if (announced.length > 0) lines.push('', w.announced, ...announced.map((cost) => amountLine(cost.label, cost.amount, cost.basis)));
  // A printed letter's body (the letter channel's layout sets head, payment block and closing itself).
  const letterBody = input.channel === 'letter' ? [...lines, '', w.paid].join('\n') : undefined;
  if (input.paymentLink !== undefined) lines.push('', w.pay(input.paymentLink));
  lines.push('', w.paid, '', w.close, sender === undefined ? w.unsigned : checkedSender(sender).name);
  return {
    subject,
    text: lines.join('\n'),
    // No head items and no statement table (its statement is lines of text): said so, so that a letter channel lays the body
    // out as it is (a greeting whose name holds a tab is not a head item, statement lines whose labels hold tabs are no table).
    ...(letterBody === undefined ? {} : { letterBody, letterHead: [], letterStatement: null }),
    ...(sender === undefined ? { internalNotes: [unsignedNote] } : {}),
  };
}

/**
 * The checked sender: a name that is not blank.
 *
 * @throws ValidationError (field `creditor.name`) when the name is missing or blank
 */
function checkedSender(sender: MessageSender): MessageSender {
  const name: unknown = typeof sender === 'object' && sender !== null ? sender.name : undefined;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new ValidationError('creditor.name: expected the name or firm of the sender, e.g. "Beispiel GmbH"; a dunning letter must name the creditor.', {
      field: 'creditor.name',
    });
  }
  return sender;
}

/**
 * The core's plain-text renderer ({@link renderPlainText}) signed by a sender: pass it as
 * `createMahnwerk({ render })` when no `@mahnwerk/templates` renderer is used, so every message
 * names the creditor under its closing.
 *
 * @param options - the sender, fixed or chosen per message
 * @returns a renderer for the engine
 * @throws ValidationError (field `creditor.name`) when a fixed sender has no name; a function's
 *   sender without one fails that message with the same error
 */
export function createPlainTextRenderer(options: PlainTextRendererOptions): Renderer {
  const { creditor } = options;
  if (typeof creditor === 'function') return (input) => renderPlainText(input, creditor(input));
  const sender = checkedSender(creditor);
  return (input) => renderPlainText(input, sender);
}
