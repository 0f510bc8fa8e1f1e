import {
  add,
  addDays,
  agencyCollectsAt,
  epcQrPayload,
  germanStates,
  handOverPartyAt,
  holidayState,
  handlePaymentWebhook,
  installmentAgreementTerms,
  MahnwerkError,
  money,
  parseMoney,
  PolicyError,
  policyStagesFor,
  promiseWouldHold,
  resolvePolicy,
  transferRemittance,
  toAmountString,
  unappliedMoneyOf,
  ValidationError,
  type ClaimState,
  type Clock,
  type GermanState,
  type InstallmentAgreementTerms,
  type IsoDate,
  type Mahnwerk,
  type Money,
  type PaymentProvider,
  type PolicySpec,
  type Stage,
  type Statement,
} from '@mahnwerk/core';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { parseAmountInput } from './amount-input.js';
import { disputeNotePrefix, disputeReasonMaxLength } from './dispute.js';
import { qrSvg } from './girocode.js';
import { judgeProposal, resolveInstallmentRules, type InstallmentRules } from './installment-rules.js';
import { createPortalLinkSigner, type LinkRejection, type PortalLink } from './link.js';
import { pickLocale, textsFor, type PortalLocale, type PortalTexts } from './messages.js';
import { claimPage, errorPage, formatAmountText, planInForce, showDate, showMoney, type ClaimParties, type EnteredForm, type Html } from './pages.js';
import { proposalNote, proposalUnderReview } from './proposal-note.js';
import { createRateLimiter, type RateLimitOptions } from './rate-limit.js';

/** The host commands and queries the portal uses (a `createMahnwerk` result fits). */
export type PortalCommands = Pick<Mahnwerk, 'claim' | 'statement' | 'amountDueInFull' | 'agreeInstallmentPlan' | 'recordPromise' | 'openDispute' | 'placeHold' | 'recordPayment' | 'reversePayment'>;

/** The creditor's account for bank transfers, printed on the page and in the GiroCode. */
export interface PortalBankAccount {
  /** Account holder (the GiroCode's beneficiary name, at most 70 characters). */
  readonly name: string;
  /** IBAN. */
  readonly iban: string;
  /** BIC (optional inside the EEA). */
  readonly bic?: string;
}

/**
 * A party the pages name: its name or firm as the debtor knows it from the letters. A
 * `CreditorParty` of `@mahnwerk/templates` (the CLI config's `creditor` and `agency`) fits as it is.
 */
export interface PortalParty {
  /** Name or firm, e.g. `Muster Versand GmbH`. */
  readonly name: string;
}

/**
 * How a debtor reaches the creditor (or whoever answers for it) with questions: shown where the page
 * sends the debtor to ask — an overpayment to be refunded, a page with no way to pay. At least one.
 */
export interface PortalContact {
  /** E-mail address, e.g. `buchhaltung@muster-versand.example`. */
  readonly email?: string;
  /** Telephone number as the debtor dials it, e.g. `030 1234567`. */
  readonly phone?: string;
}

/** Options of {@link createPortal}. */
export interface PortalOptions {
  /** The host API; every debtor action runs through its commands. */
  readonly mahnwerk: PortalCommands;
  /** The secret links and form tokens are signed with (at least 32 bytes; from the host's secret store). */
  readonly secret: string | Uint8Array;
  /** Where today (the business day of commands) and now (link expiry) come from. */
  readonly clock: Clock;
  /** The payment provider for "pay online" (a link for what settles the claim when paid today: `Mahnwerk.amountDueInFull`) and, with `acceptWebhooks`, its webhooks. */
  readonly payments?: PaymentProvider;
  /**
   * The creditor (Gläubiger) the claim is owed to: named at the top of the page ("Gläubiger: …") and
   * in the payment section ("Sie zahlen an …"). Without it the page names no creditor; a bank
   * transfer shows only the account holder ("Empfänger"), as before this option.
   */
  readonly creditor?: PortalParty;
  /**
   * The collection agency (or lawyer) the policy hands claims over to. From the policy's hand-over
   * stage on (core's `agencyCollectsAt`, the rule by which the letters change sender) the page names
   * it as collecting on behalf of the creditor ("… im Auftrag von …", § 13a Abs. 1 Nr. 1 RDG); before
   * it, the creditor alone. Needs `creditor`.
   */
  readonly agency?: PortalParty;
  /**
   * The creditor's account: shows the bank transfer with a GiroCode (EUR claims). Without it and
   * without `payments` the page offers no way to pay: its payment section says so and asks the
   * debtor to pay as the letter says (naming `contact`, else the creditor, for questions).
   */
  readonly bankAccount?: PortalBankAccount;
  /**
   * How the debtor reaches the creditor with questions (e-mail and/or phone): named where the page
   * sends the debtor to ask — the notice on an overpaid claim ("Sie haben zu viel gezahlt … Fragen
   * dazu beantworten wir Ihnen unter …") and a payment section without a way to pay. Without it the
   * page names the `creditor` to ask, if given.
   */
  readonly contact?: PortalContact;
  /**
   * The agency's account: from the hand-over stage on (when the page names `agency` as collecting),
   * the bank transfer and its GiroCode use it — the account the agency's letter asks the debtor to pay
   * into — and the page says "Sie zahlen an: <agency> im Auftrag von <creditor>". Without it the
   * transfer keeps `bankAccount` and the page says the debtor pays the creditor (which discharges the
   * claim as well). Needs `agency`.
   */
  readonly agencyBankAccount?: PortalBankAccount;
  /** The host's letter archive: the PDF of a sent letter by claim and message id, or null. Without it no letters are listed. */
  readonly letters?: (claimId: string, messageId: string) => Promise<Uint8Array | null>;
  /** The channels whose sent messages are offered as letters (default `['letter']`). */
  readonly letterChannels?: readonly string[];
  /**
   * The policy the host's `createMahnwerk` runs (a policy, policy data, a built-in id or `'auto'`;
   * default `'auto'`, the built-in policies). The page looks the claim's stage up in it: its kind
   * gives the status ("an Inkasso übergeben" — "an einen Rechtsanwalt übergeben" when the policy's
   * hand-over is to a `lawyer` —, "gerichtliches Mahnverfahren"). A stage the policy does
   * not have counts as none (the status then follows the claim's other facts, "offen" at the least).
   */
  readonly policy?: PolicySpec;
  /** The creditor's rules for installment proposals. */
  readonly installmentRules?: InstallmentRules;
  /**
   * The federal state whose public holidays count for a debtor without a `state` — give the `state`
   * your `createMahnwerk` has (default: nationwide holidays only, as there). The page shows an
   * installment due on a Saturday, Sunday or public holiday with the business day it may be paid by
   * (§ 193 BGB, core's `installmentLastDay`: "fällig 11.05.2025 (Sonntag) – zahlbar bis Montag,
   * 12.05.2025"), in the debtor's federal state, else this one (core's `holidayState`), and does not
   * suggest such a day as the first due date or as a promise's "Zahlung bis". A promise to pay is taken
   * when core's `promiseWouldHold` holds it with the days moved in the same state (§ 193 BGB).
   */
  readonly holidayState?: GermanState;
  /** Days a proposal sent to review pauses the dunning (a hold with interest running; default 14). */
  readonly reviewHoldDays?: number;
  /** Whether a link was revoked by the host (e.g. replaced by a newer letter's link); a revoked link gets the error page. */
  readonly isRevoked?: (link: PortalLink) => boolean | Promise<boolean>;
  /** Requests per client address and window (default 60 a minute), and how the client address is found. */
  readonly rateLimit?: RateLimitOptions & {
    /** The client's key, e.g. its address (default: the Node socket's remote address under `@hono/node-server`, else one shared key). */
    readonly clientKey?: (request: Request, env: unknown) => string;
  };
  /** The path the portal is mounted at, e.g. `/portal` (default none). */
  readonly basePath?: string;
  /** The public origin links start with, e.g. `https://zahlung.example.de` (default: links are paths). */
  readonly publicUrl?: string;
  /** Days a link stays valid when {@link Portal.createLink} is given no expiry (default 60). */
  readonly linkValidDays?: number;
  /** Serves `POST {basePath}/webhooks/payment` for `payments`' webhooks (default false). */
  readonly acceptWebhooks?: boolean;
  /** Called with an unexpected error of a request (the debtor sees a plain "not available" page): for the host's logs. */
  readonly onError?: (error: unknown, request: Request) => void;
  /** Called with the reason a link was refused (the page never says it): for the host's logs. */
  readonly onRejectedLink?: (reason: LinkRejection | 'claim-not-found', request: Request) => void;
}

/** Options of {@link Portal.createLink}. */
export interface CreateLinkOptions {
  /** When the link stops working: an ISO 8601 instant with offset. Default: now + `linkValidDays`. */
  readonly expiresAt?: string;
  /** The link's id for revocation, e.g. the message it is printed on (default `portal`). */
  readonly linkId?: string;
}

/** The debtor portal: a fetch handler for any server, and the maker of its links. */
export interface Portal {
  /** The Web-standard fetch handler (Node via `@mahnwerk/portal/node`, Deno, Bun, workers, or mounted under another Hono app). */
  readonly fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
  /** The Hono app, to mount with `app.route()` or test with `app.request()`. */
  readonly app: Hono;
  /** A signed link to a claim's page (`publicUrl` + `basePath` + `/l/<token>`). */
  createLink(claimId: string, options?: CreateLinkOptions): Promise<string>;
}

const formSchemas = {
  common: z.object({ csrf: z.string().min(1).max(100), form: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/), lang: z.enum(['de', 'en']).optional() }),
  plan: z.object({ count: z.coerce.number().int().min(1).max(120), first: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), ack: z.literal('yes').optional() }),
  promise: z.object({ amount: z.string().max(40).transform((text, ctx) => parseAmountInput(text) ?? (ctx.addIssue({ code: 'custom', message: 'not an amount' }), z.NEVER)), by: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  dispute: z.object({ reason: z.string().trim().min(3).max(disputeReasonMaxLength) }),
};

/** The largest form body the portal reads (16 KiB): the dispute reason's 2,000 characters with room to spare. */
const formBodyMaxBytes = 16 * 1024;

const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};

function nowSeconds(clock: Clock): number {
  return Math.floor(Date.parse(clock.now()) / 1000);
}

function randomFormId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function defaultClientKey(_request: Request, env: unknown): string {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'shared';
}

/**
 * The § 13a Abs. 3 RDG cost notice the plan form shows, or null: whenever the claim is at an Inkasso
 * stage (handed over to a collection agency, or collection costs charged). The German text and the
 * fee are core's (`installmentAgreementTerms`, the figures `agree-installment-plan` charges); the
 * English page and a claim whose agreement adds no fee get the general notice.
 */
function costNoticeFor(state: ClaimState, terms: InstallmentAgreementTerms, t: PortalTexts): string | null {
  if (!terms.byCollectionAgency && !state.feeKindsCharged.has('collection-costs')) return null;
  if (terms.notice !== null && t.lang === 'de') return terms.notice.replace(/^Hinweis nach § 13a Abs\. 3 RDG: /, '');
  if (terms.fee !== null) return `${t.costNoticeGeneric} ${t.costNoticeAmount(formatAmountText(t, toAmountString(terms.fee.amount), 'EUR'))}`;
  return t.costNoticeGeneric;
}

/**
 * The letters of a claim: messages sent on a letter channel (`message-sent` names the channel that
 * delivered, which may be the queued message's fallback), with the day and template they were queued with.
 */
function sentLetters(state: ClaimState, letterChannels: readonly string[]): { messageId: string; date: IsoDate; template: string }[] {
  const out: { messageId: string; date: IsoDate; template: string }[] = [];
  for (const e of state.events) {
    if (e.type !== 'message-sent' || !letterChannels.includes(e.channel)) continue;
    const queued = state.messages.find((m) => m.messageId === e.messageId);
    if (queued !== undefined && !out.some((l) => l.messageId === e.messageId)) out.push({ messageId: e.messageId, date: e.date, template: queued.template });
  }
  return out;
}

/** A form's problem for the debtor, and the field it is about (none: the whole form). */
interface FormProblem {
  readonly problem: string;
  readonly field?: string | undefined;
}

/**
 * What a field that failed its schema tells the debtor: a German (or English) sentence naming the
 * field and what it needs, never zod's English message.
 */
function fieldProblem(t: PortalTexts, issue: z.core.$ZodIssue | undefined): FormProblem {
  const field = typeof issue?.path[0] === 'string' ? issue.path[0] : undefined;
  if (field === 'reason') {
    return { problem: issue?.code === 'too_big' ? t.refusal['reason-too-long'](disputeReasonMaxLength) : t.refusal['reason-missing'], field };
  }
  if (field === 'count' || field === 'first' || field === 'amount' || field === 'by') return { problem: t.refusal.field[field], field };
  return { problem: t.refusal.invalid };
}

/** A party option's name, trimmed; null without the option. */
function partyName(party: PortalParty | undefined, field: 'creditor' | 'agency'): string | null {
  if (party === undefined) return null;
  const name = typeof party.name === 'string' ? party.name.trim() : '';
  if (name === '') throw new ValidationError(`${field}.name: expected the name or firm the debtor knows from the letters, got ${JSON.stringify(party.name)}.`, { field: `${field}.name` });
  return name;
}

/** The contact option as the pages name it (`e-mail oder phone`), both parts trimmed; null without the option. */
function contactOf(contact: PortalContact | undefined): { readonly email: string | null; readonly phone: string | null } | null {
  if (contact === undefined) return null;
  const part = (value: unknown, field: 'email' | 'phone'): string | null => {
    if (value === undefined) return null;
    const text = typeof value === 'string' ? value.trim() : '';
    if (text === '') throw new ValidationError(`contact.${field}: expected the ${field === 'email' ? 'e-mail address' : 'telephone number'} debtors ask at, got ${JSON.stringify(value)}; leave it out if there is none.`, { field: `contact.${field}` });
    return text;
  };
  const email = part(contact.email, 'email');
  const phone = part(contact.phone, 'phone');
  if (email === null && phone === null) {
    throw new ValidationError('contact: give `email` and/or `phone` — how debtors reach you with questions — or leave `contact` out.', { field: 'contact' });
  }
  return { email, phone };
}

/** The money a claim holds beyond what the debtor owed (core's rule, `unappliedMoneyOf`), as the page's notice shows it. */
function overpaidOf(state: ClaimState): { amount: Money; since: IsoDate; payments: number } | null {
  const held = unappliedMoneyOf(state);
  return held === null ? null : { amount: held.amount, since: held.since, payments: held.payments.length };
}

/** The structured creditor reference (RF…) of a claim reference, or the reference as text when it cannot become one. */
function transferReference(reference: string): { reference?: string; text?: string; shown: string } {
  const remittance = transferRemittance(reference);
  return 'creditorReference' in remittance
    ? { reference: remittance.creditorReference, shown: remittance.creditorReference }
    : { text: remittance.text.slice(0, 140), shown: remittance.text };
}

/**
 * Creates the debtor portal. Its pages, under `{basePath}/l/<token>`:
 * - `GET` the claim page: the itemized statement (each line with its legal basis; unconfirmed
 *   figures marked), payment options (a provider link, a bank transfer with GiroCode), forms to
 *   propose an installment plan, promise to pay and dispute the claim, and the letters;
 * - `POST …/plan`, `…/promise`, `…/dispute`, `…/pay` run the host's commands
 *   (`agreeInstallmentPlan`, or `placeHold` for a proposal sent to review; `recordPromise`;
 *   `openDispute`; the provider's `createPaymentLink`) and answer with a redirect (POST/redirect/GET);
 * - `GET …/letters/<messageId>` the PDF of a sent letter from the host's archive.
 *
 * A link is an HMAC-signed token (claim, expiry, purpose, link id). A tampered, expired, revoked or
 * malformed link, or one whose claim is unknown, gets the same plain 404 page. Forms carry a CSRF
 * token bound to the link and a form id that makes a resubmission replay the first command
 * (idempotency key). Requests are rate limited per client. Pages set a strict CSP and no cookies.
 *
 * @param options - host API, secret, clock, policy, creditor and agency, payments, bank account, letters, rules
 * @returns the portal
 * @throws ValidationError when the secret is too short or an option is unusable (an `agency`
 *   without `creditor`, a blank name, a `contact` with neither e-mail nor phone, a `holidayState` that
 *   is no German federal state); PolicyError for a policy that does not load
 */
export function createPortal(options: PortalOptions): Portal {
  const signer = createPortalLinkSigner(options.secret);
  const { mahnwerk, clock } = options;
  const rules = resolveInstallmentRules(options.installmentRules);
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  if (basePath !== '' && !/^\/[A-Za-z0-9/_-]+$/.test(basePath)) {
    throw new ValidationError(`basePath: "${basePath}" is not a path like /portal.`, { field: 'basePath' });
  }
  const publicUrl = (options.publicUrl ?? '').replace(/\/+$/, '');
  const letterChannels = options.letterChannels ?? ['letter'];
  const limiter = createRateLimiter(options.rateLimit);
  const clientKey = options.rateLimit?.clientKey ?? defaultClientKey;
  const reviewHoldDays = options.reviewHoldDays ?? 14;
  // Resolved once (an invalid policy is refused here, not on a debtor's request); per debtor kind.
  const stagesByKind = { consumer: policyStagesFor(options.policy ?? 'auto', 'consumer'), business: policyStagesFor(options.policy ?? 'auto', 'business') };
  // The grace days of a promise to pay per debtor kind (none for a kind the policy does not decide).
  const promiseGraceOf = (kind: 'consumer' | 'business'): number => {
    try {
      return resolvePolicy(options.policy ?? 'auto', kind).promiseGraceDays;
    } catch (error) {
      if (error instanceof PolicyError && error.rule === 'policy.debtor-kind-mismatch') return 0;
      throw error;
    }
  };
  const promiseGraceByKind = { consumer: promiseGraceOf('consumer'), business: promiseGraceOf('business') };
  /** The policy stage the claim is in, or null (none yet, or one the policy does not have). */
  const stageOf = (state: ClaimState): Stage | null => stagesByKind[state.facts.debtor.kind].find((stage) => stage.id === state.stage) ?? null;
  const creditor = partyName(options.creditor, 'creditor');
  const agency = partyName(options.agency, 'agency');
  if (agency !== null && creditor === null) {
    throw new ValidationError('agency: the agency collects on behalf of the creditor, whom the page names with it; add `creditor`.', { field: 'agency' });
  }
  if (options.agencyBankAccount !== undefined && agency === null) {
    throw new ValidationError('agencyBankAccount: it is used from the hand-over on, when the page names the agency collecting; add `agency` (and `creditor`).', { field: 'agencyBankAccount' });
  }
  const contact = contactOf(options.contact);
  if (options.holidayState !== undefined && !(germanStates as readonly string[]).includes(options.holidayState)) {
    throw new ValidationError(`holidayState: "${String(options.holidayState)}" is not a German federal state; use one of ${germanStates.join(', ')} or leave it out.`, { field: 'holidayState' });
  }
  /** The state whose holidays count for a claim's installments: the debtor's, else the option's (core's one rule). */
  const holidaysOf = (state: ClaimState): GermanState | undefined => holidayState(state, options.holidayState === undefined ? {} : { state: options.holidayState });
  /** Who the page names: the creditor, and the agency collecting for it from the policy's hand-over stage on. */
  const partiesOf = (state: ClaimState): ClaimParties | null =>
    creditor === null ? null : { creditor, agency: agency !== null && agencyCollectsAt(stagesByKind[state.facts.debtor.kind], state.stage) ? agency : null };

  const app = basePath === '' ? new Hono() : new Hono().basePath(basePath);

  const send = (c: Context, page: Html, status: 200 | 400 | 404 | 403 | 413 | 429 = 200): Response | Promise<Response> => {
    for (const [k, v] of Object.entries(securityHeaders)) c.header(k, v);
    return c.html(page, status);
  };
  const localeOf = (c: Context, debtorLocale?: string): PortalLocale => pickLocale(c.req.query('lang'), debtorLocale, c.req.header('accept-language'));
  const invalid = (c: Context, reason: LinkRejection | 'claim-not-found'): Response | Promise<Response> => {
    options.onRejectedLink?.(reason, c.req.raw);
    const t = textsFor(localeOf(c));
    return send(c, errorPage(t, t.errorTitle, t.errorText), 404);
  };

  app.use('*', async (c, next) => {
    const decision = limiter.hit(clientKey(c.req.raw, c.env));
    if (!decision.allowed) {
      c.header('Retry-After', String(decision.retryAfterSeconds));
      const t = textsFor(localeOf(c));
      return send(c, errorPage(t, t.tooManyTitle, t.tooManyText), 429);
    }
    await next();
  });

  // Forms are small; a larger body is refused before it is read, with a page in the debtor's language.
  app.use(
    '/l/:token/*',
    bodyLimit({
      maxSize: formBodyMaxBytes,
      onError: (c) => {
        const t = textsFor(localeOf(c));
        return send(c, errorPage(t, t.tooLargeTitle, t.tooLargeText), 413);
      },
    }),
  );
  app.use('/webhooks/*', bodyLimit({ maxSize: 1024 * 1024, onError: (c) => c.text('Payload Too Large', 413) }));

  /** The verified link and its claim, or the error response. */
  const open = async (c: Context): Promise<{ link: PortalLink; signature: string; state: ClaimState } | Response> => {
    const v = await signer.verify(c.req.param('token') ?? '', nowSeconds(clock));
    if (!v.ok) return invalid(c, v.reason);
    if (options.isRevoked !== undefined && (await options.isRevoked(v.link))) return invalid(c, 'revoked');
    let state: ClaimState;
    try {
      state = await mahnwerk.claim(v.link.claimId);
    } catch (error) {
      if (MahnwerkError.isInstance(error) && error.code === 'claim_not_found') return invalid(c, 'claim-not-found');
      throw error;
    }
    return { link: v.link, signature: v.signature, state };
  };

  const selfPath = (token: string): string => `${basePath}/l/${token}`;

  const renderClaim = async (
    c: Context,
    opened: { signature: string; state: ClaimState },
    banner: { kind: 'ok' | 'err'; text: string } | null,
    status: 200 | 400 = 200,
    entered: EnteredForm | null = null,
  ) => {
    const { state } = opened;
    const t = textsFor(localeOf(c, state.facts.debtor.locale));
    const today = clock.today();
    const statement: Statement = await mahnwerk.statement(state.facts.id, today < state.facts.invoiceDate ? state.facts.invoiceDate : today);
    const token = c.req.param('token') as string;
    const self = selfPath(token);
    const reference = state.facts.reference ?? state.facts.id;
    const parties = partiesOf(state);
    // From the hand-over on, the agency's account when the host gave one; else the creditor's.
    const byAgency = parties !== null && parties.agency !== null && options.agencyBankAccount !== undefined;
    const account = byAgency ? options.agencyBankAccount : options.bankAccount;
    let transfer = null;
    if (account !== undefined) {
      const ref = transferReference(reference);
      let svg: string | null = null;
      if (statement.currency === 'EUR' && statement.total.amount.greaterThan(0)) {
        try {
          const payload = epcQrPayload({
            name: account.name,
            iban: account.iban,
            ...(account.bic === undefined ? {} : { bic: account.bic }),
            amount: statement.total,
            ...(ref.reference === undefined ? { text: ref.text as string } : { reference: ref.reference }),
          });
          svg = qrSvg(payload, t.giroCodeLabel);
        } catch {
          svg = null;
        }
      }
      transfer = { name: account.name, iban: account.iban, ...(account.bic === undefined ? {} : { bic: account.bic }), reference: ref.shown, qrSvg: svg };
    }
    const letters = options.letters === undefined ? null : sentLetters(state, letterChannels);
    const other: PortalLocale = t.lang === 'de' ? 'en' : 'de';
    return send(
      c,
      claimPage({
        t,
        self,
        otherLanguageHref: `${self}?lang=${other}`,
        state,
        stageKind: stageOf(state)?.kind ?? null,
        handedOverTo: handOverPartyAt(stagesByKind[state.facts.debtor.kind], state.stage),
        parties,
        payee: parties === null ? null : parties.agency !== null && !byAgency ? { creditor: parties.creditor, agency: null } : parties,
        statement,
        today,
        csrf: await signer.csrfToken(opened.signature),
        formId: randomFormId(),
        canPayOnline: options.payments !== undefined,
        payOnlineAmount: options.payments === undefined ? null : await mahnwerk.amountDueInFull(state.facts.id, today),
        transfer,
        rules,
        holidays: holidaysOf(state),
        costNotice: costNoticeFor(state, installmentAgreementTerms(state, today), t),
        letters,
        banner,
        entered,
        overpaid: overpaidOf(state),
        contact: contact === null ? null : [contact.email, contact.phone].filter((x) => x !== null).join(` ${t.or} `),
        proposal: proposalUnderReview(state, today),
      }),
      status,
    );
  };

  app.get('/l/:token', async (c) => {
    const opened = await open(c);
    if (opened instanceof Response) return opened;
    const done = c.req.query('done');
    const t = textsFor(localeOf(c, opened.state.facts.debtor.locale));
    const banner = done === 'plan' || done === 'review' || done === 'promise' || done === 'dispute' ? { kind: 'ok' as const, text: t.done[done] } : null;
    return renderClaim(c, opened, banner);
  });

  /** Runs a form: link, CSRF token, fields (zod), then the action; answers with a redirect or the page with the problem. */
  const form = <S extends z.ZodType>(
    name: string,
    schema: S,
    action: (input: z.output<S>, ctx: { state: ClaimState; t: PortalTexts; key: string; today: IsoDate }) => Promise<{ done: string } | { redirect: string } | FormProblem>,
  ) =>
    app.post(`/l/:token/${name}`, async (c) => {
      const opened = await open(c);
      if (opened instanceof Response) return opened;
      const body = await c.req.parseBody();
      const common = formSchemas.common.safeParse(body);
      const lang = common.success ? common.data.lang : undefined;
      const t = textsFor(pickLocale(lang, opened.state.facts.debtor.locale, c.req.header('accept-language')));
      if (!common.success || !(await signer.verifyCsrf(opened.signature, common.data.csrf))) {
        return send(c, errorPage(t, t.formExpiredTitle, t.formExpiredText), 403);
      }
      // What the debtor typed goes back into the form with the problem, so nothing has to be typed twice.
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== 'csrf' && k !== 'form' && k !== 'lang') values[k] = v;
      const refuse = (problem: FormProblem) =>
        renderClaim(c, opened, { kind: 'err', text: problem.problem }, 400, { form: name, values, field: problem.field ?? null, message: problem.problem });
      const parsed = schema.safeParse(body);
      if (!parsed.success) return refuse(fieldProblem(t, parsed.error.issues[0]));
      const key = `portal:${name}:${common.data.form}`;
      let outcome: { done: string } | { redirect: string } | FormProblem;
      try {
        outcome = await action(parsed.data, { state: opened.state, t, key, today: clock.today() });
      } catch (error) {
        // A command's refusal (validation, a guard) is shown without its internals; anything else is the host's to see.
        if (MahnwerkError.isInstance(error) && !error.retryable) return refuse({ problem: t.refusal.refused });
        throw error;
      }
      if ('problem' in outcome) return refuse(outcome);
      const target = 'redirect' in outcome ? outcome.redirect : `${selfPath(c.req.param('token') as string)}?lang=${t.lang}&done=${outcome.done}`;
      for (const [k, v] of Object.entries(securityHeaders)) c.header(k, v);
      return c.redirect(target, 303);
    });

  form('plan', formSchemas.plan, async (input, { state, t, key, today }) => {
    // Core records a second plan as a replacement (the creditor may renegotiate); a debtor's proposal
    // meets the plan in force instead — unless it is the same form sent again, which replays its command.
    const inForce = planInForce(state);
    if (inForce !== null && !state.events.some((e) => e.type === 'installment-plan-agreed' && e.planId === inForce.planId && e.idempotencyKey === key)) {
      return { problem: t.refusal['plan-in-force'] };
    }
    const terms = installmentAgreementTerms(state, today);
    const notice = costNoticeFor(state, terms, t);
    if (notice !== null && input.ack !== 'yes') return { problem: t.refusal['notice-not-acknowledged'], field: 'ack' };
    const statement = await mahnwerk.statement(state.facts.id, today);
    // The installments cover the open total and the Einigungsgebühr the agreement adds (the notice named it).
    const planTotal = terms.fee === null ? statement.total : add(statement.total, terms.fee.amount);
    const verdict = judgeProposal(planTotal, { count: input.count, firstDueDate: input.first }, today, options.installmentRules);
    if (verdict.outcome === 'refused') {
      const r = verdict.refusal;
      const text =
        r.rule === 'too-many'
          ? t.refusal['too-many'](r.max)
          : r.rule === 'too-small'
            ? t.refusal['too-small'](formatAmountText(t, toAmountString(r.min), r.min.currency))
            : r.rule === 'first-too-late'
              ? t.refusal['first-too-late'](showDate(t, r.latest))
              : r.rule === 'first-in-past'
                ? t.refusal['first-in-past'](showDate(t, r.earliest))
                : t.refusal['nothing-owed'];
      return { problem: text, field: r.rule === 'too-many' || r.rule === 'too-small' ? 'count' : r.rule === 'nothing-owed' ? undefined : 'first' };
    }
    if (verdict.outcome === 'accepted') {
      // The notice was shown on the page and acknowledged before this request: given today, in Textform.
      await mahnwerk.agreeInstallmentPlan(
        { claimId: state.facts.id, installments: verdict.installments, ...(notice === null ? {} : { costNoticeGivenOn: today }) },
        { idempotencyKey: key },
      );
      return { done: 'plan' };
    }
    // The hold records the proposal as data (its installments, and the day the notice was shown and
    // acknowledged: today), which the page shows back; the note gives the reviewer the installments as
    // the debtor's page lists them (one formatter).
    await mahnwerk.placeHold(
      {
        claimId: state.facts.id,
        note: proposalNote(verdict.installments, statement.currency, holidaysOf(state), notice !== null),
        until: addDays(today, reviewHoldDays),
        interestRuns: true,
        proposal: { installments: verdict.installments, ...(notice === null ? {} : { costNoticeGivenOn: today }) },
      },
      { idempotencyKey: key },
    );
    return { done: 'review' };
  });

  form('promise', formSchemas.promise, async (input, { state, t, key, today }) => {
    if (input.by < today) return { problem: t.refusal['promise-in-past'](showDate(t, today)), field: 'by' };
    if (input.by > addDays(today, rules.maxDaysToFirst)) return { problem: t.refusal['promise-too-late'](showDate(t, addDays(today, rules.maxDaysToFirst))), field: 'by' };
    const amount = parseMoney(input.amount, { currency: state.facts.currency, field: 'amount' });
    const statement = await mahnwerk.statement(state.facts.id, today);
    if (!amount.amount.greaterThan(0)) return { problem: t.refusal['promise-zero'], field: 'amount' };
    if (amount.amount.greaterThan(statement.total.amount)) return { problem: t.refusal['promise-above-total'](showMoney(t, statement.total)), field: 'amount' };
    // The form says "until then we send no further reminder": only a promise the engine holds escalation for is taken
    // (core's promiseHolds, its days moved by § 193 BGB in the holidays the page shows: the debtor's state, else holidayState).
    if (!promiseWouldHold(state, today, input.by, promiseGraceByKind[state.facts.debtor.kind], holidaysOf(state))) return { problem: t.refusal['promise-not-holding'], field: 'by' };
    await mahnwerk.recordPromise({ claimId: state.facts.id, amount: toAmountString(amount), by: input.by }, { idempotencyKey: key });
    return { done: 'promise' };
  });

  form('dispute', formSchemas.dispute, async (input, { state, key }) => {
    await mahnwerk.openDispute({ claimId: state.facts.id, note: `${disputeNotePrefix}${input.reason}` }, { idempotencyKey: key });
    return { done: 'dispute' };
  });

  form('pay', z.object({}), async (_input, { state, t, today }) => {
    const payments = options.payments;
    if (payments === undefined) return { problem: t.refusal.refused };
    // What settles the claim when paid today (a payment booked today bears no interest for today,
    // and a simple-case reduction of collection costs applies), not today's statement total.
    const due = await mahnwerk.amountDueInFull(state.facts.id, today);
    if (!due.amount.greaterThan(0)) return { problem: t.refusal['nothing-owed'] };
    const amount = toAmountString(due);
    const link = await payments.createPaymentLink({
      claimId: state.facts.id,
      amount,
      currency: state.facts.currency,
      reference: state.facts.reference ?? state.facts.id,
      // One link per claim, day and amount: a second click reuses it.
      idempotencyKey: `portal:${state.facts.id}:${today}:${amount}`,
    });
    if (!/^https?:\/\//i.test(link.url)) throw new ValidationError(`payments: the provider returned "${link.url}", not an http(s) URL.`, { field: 'payments' });
    return { redirect: link.url };
  });

  app.get('/l/:token/letters/:messageId', async (c) => {
    const opened = await open(c);
    if (opened instanceof Response) return opened;
    const messageId = c.req.param('messageId');
    const { state } = opened;
    const isLetter = sentLetters(state, letterChannels).some((l) => l.messageId === messageId);
    const pdf = options.letters === undefined || !isLetter ? null : await options.letters(state.facts.id, messageId);
    if (pdf === null) {
      const t = textsFor(localeOf(c, state.facts.debtor.locale));
      return send(c, errorPage(t, t.errorTitle, t.errorText), 404);
    }
    const safeName = messageId.replace(/[^A-Za-z0-9._-]/g, '_');
    return new Response(new Uint8Array(pdf), {
      headers: { ...securityHeaders, 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${safeName}.pdf"` },
    });
  });

  if (options.acceptWebhooks === true) {
    const payments = options.payments;
    if (payments === undefined) throw new ValidationError('acceptWebhooks: needs `payments`, the provider whose webhooks to verify.', { field: 'acceptWebhooks' });
    app.post('/webhooks/payment', async (c) => {
      const raw = new Uint8Array(await c.req.arrayBuffer());
      const headers: Record<string, string> = {};
      c.req.raw.headers.forEach((v, k) => {
        headers[k] = v;
      });
      try {
        const { outcome } = await handlePaymentWebhook(mahnwerk, payments, raw, headers);
        if (outcome.status === 'rejected') return c.json({ status: 'rejected', reason: outcome.reason }, 400);
        return c.json({ status: outcome.status }, 200);
      } catch (error) {
        if (MahnwerkError.isInstance(error)) return c.json({ status: 'error', code: error.code }, error.retryable ? 503 : 422);
        throw error;
      }
    });
  }

  app.onError((error, c) => {
    // The debtor sees a plain page; what went wrong goes to the host.
    options.onError?.(error, c.req.raw);
    const t = textsFor(localeOf(c));
    for (const [k, v] of Object.entries(securityHeaders)) c.header(k, v);
    return c.html(errorPage(t, t.unavailableTitle, t.unavailableText), 500);
  });

  app.notFound((c) => {
    const t = textsFor(localeOf(c));
    return send(c, errorPage(t, t.errorTitle, t.errorText), 404);
  });

  return {
    app,
    fetch: (request, env) => app.fetch(request, env),
    async createLink(claimId, linkOptions = {}) {
      const expires =
        linkOptions.expiresAt === undefined ? nowSeconds(clock) + (options.linkValidDays ?? 60) * 86_400 : Math.floor(Date.parse(linkOptions.expiresAt) / 1000);
      if (!Number.isFinite(expires)) {
        throw new ValidationError(`expiresAt: "${linkOptions.expiresAt}" is not an ISO 8601 instant with offset, e.g. 2025-03-14T09:30:00+01:00.`, { field: 'expiresAt' });
      }
      const token = await signer.sign({ claimId, expiresAt: expires, purpose: 'portal', linkId: linkOptions.linkId ?? 'portal' });
      return `${publicUrl}${selfPath(token)}`;
    },
  };
}
