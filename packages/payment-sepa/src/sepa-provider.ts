import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import {
  creditorReference,
  epcQrPayload,
  MahnwerkError,
  parseMoney,
  toAmountString,
  ValidationError,
  type PaymentEvent,
  type PaymentLinkRequest,
  type PaymentProvider,
  type WebhookHeaders,
  type WebhookOutcome,
} from '@mahnwerk/core';
import { amountOf, at, dateOf, list, parser, text } from './camt.js';

/** The Standard Webhooks headers a SEPA notification is signed with (as mahnwerk's own webhook channel signs). */
export const sepaWebhookHeaders = { id: 'webhook-id', timestamp: 'webhook-timestamp', signature: 'webhook-signature' } as const;

/** A bank transfer the debtor is asked to make, as the payment page shows it. */
export interface SepaTransfer {
  /** The link's id (stable per idempotency key). */
  readonly linkId: string;
  /** The claim. */
  readonly claimId: string;
  /** Amount, a decimal string in EUR. */
  readonly amount: string;
  /** Always `EUR`. */
  readonly currency: 'EUR';
  /** The invoice reference the debtor knows. */
  readonly reference: string;
  /** The structured creditor reference (ISO 11649) made from the reference, when it has an RF form. */
  readonly creditorReference?: string;
  /** What the debtor writes as remittance: the RF, else the reference. */
  readonly remittance: string;
  /** The creditor's account. */
  readonly creditor: { readonly name: string; readonly iban: string; readonly bic?: string };
  /** The EPC QR (GiroCode) payload for the transfer (EPC069-12), to draw as a QR code. */
  readonly epcQrPayload: string;
  /** When the link stops taking payments, if the request said so. */
  readonly expiresAt?: string;
}

/** A transaction of a camt.054 notification, as `claimOf` sees it. */
export interface SepaNotifiedTransaction {
  /** `payment`, `refund` or `chargeback`, as read from the entry. */
  readonly kind: PaymentEvent['kind'];
  /** The end-to-end id (the payment id). */
  readonly endToEndId: string;
  /** The mandate reference, for direct debits. */
  readonly mandateId?: string;
  /** The structured creditor reference (`RmtInf/Strd/CdtrRefInf/Ref`), if any. */
  readonly creditorReference?: string;
  /** The unstructured remittance lines (`RmtInf/Ustrd`). */
  readonly remittance: readonly string[];
}

/** Options of {@link createSepaPaymentProvider}. */
export interface SepaPaymentProviderOptions {
  /** The creditor's account the debtor pays into. */
  readonly creditor: { readonly name: string; readonly iban: string; readonly bic?: string };
  /**
   * The page that shows the transfer (IBAN, amount, reference, GiroCode) — e.g. the portal's payment
   * page. A base URL gets the link's details as query parameters (`link`, `claim`, `amount`,
   * `reference`, `expires`); a function builds (or signs) the URL itself. A function's failure is
   * reported as `adapter_failed` (retryable).
   */
  readonly paymentPage: string | ((transfer: SepaTransfer) => string | Promise<string>);
  /** The shared secret(s) the notifications are signed with (several while rotating). */
  readonly webhookSecret: string | Uint8Array | readonly (string | Uint8Array)[];
  /** How far a notification's `webhook-timestamp` may lie from now, in seconds (default 300). */
  readonly toleranceSeconds?: number;
  /** The current time (default: the system clock). */
  readonly now?: () => Date;
  /**
   * Finds the claim of a notified transaction. Default: the first unstructured remittance line, when
   * it is one word (mahnwerk's `pain008` writes the claim id there when a debit has no other
   * remittance). Give your own to look the claim up, e.g. by creditor reference or mandate.
   */
  readonly claimOf?: (transaction: SepaNotifiedTransaction) => string | undefined | Promise<string | undefined>;
}

function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return typeof value === 'string' ? value : value?.join(' ');
  }
  return undefined;
}

function signature(secret: string | Uint8Array, id: string, timestamp: string, body: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${id}.${timestamp}.`, 'utf8').update(body).digest();
}

/**
 * Signs a notification body as the provider expects it (Standard Webhooks: HMAC-SHA256 over
 * `${id}.${timestamp}.${body}`, base64, `v1,` prefix) — for the bank connector that forwards the
 * camt.054 files, and for tests.
 *
 * @param secret - the shared secret
 * @param id - the delivery id (`webhook-id`)
 * @param timestamp - Unix seconds (`webhook-timestamp`)
 * @param body - the exact body
 * @returns the three headers
 */
export function signSepaNotification(secret: string | Uint8Array, id: string, timestamp: number, body: string | Uint8Array): Record<string, string> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return {
    'content-type': 'application/xml',
    [sepaWebhookHeaders.id]: id,
    [sepaWebhookHeaders.timestamp]: String(timestamp),
    [sepaWebhookHeaders.signature]: `v1,${signature(secret, id, String(timestamp), bytes).toString('base64')}`,
  };
}

const badSignature = (message: string): WebhookOutcome => ({ status: 'rejected', reason: 'bad-signature', message: `sepa: ${message}` });
const malformed = (message: string): WebhookOutcome => ({ status: 'rejected', reason: 'malformed', message: `sepa: ${message}` });

/** The bank transaction code (domain, family, sub-family) of a transaction or its entry. */
function transactionCode(tx: unknown, entry: unknown): { family?: string; subFamily?: string } {
  for (const owner of [tx, entry]) {
    const domain = at(owner, 'BkTxCd', 'Domn');
    const family = text(at(domain, 'Fmly', 'Cd'));
    const subFamily = text(at(domain, 'Fmly', 'SubFmlyCd'));
    if (family !== undefined || subFamily !== undefined) return { ...(family === undefined ? {} : { family }), ...(subFamily === undefined ? {} : { subFamily }) };
  }
  return {};
}

/** Default `claimOf`: the first unstructured remittance line when it is a single word. */
function claimFromRemittance(transaction: SepaNotifiedTransaction): string | undefined {
  const first = transaction.remittance[0]?.trim();
  return first !== undefined && first !== '' && !/\s/.test(first) ? first : undefined;
}

/**
 * The SEPA payment provider: bank transfers and direct debits as a `PaymentProvider`.
 *
 * - `createPaymentLink` makes no call anywhere: it returns the creditor's payment page for the
 *   transfer (IBAN, amount, RF creditor reference or the invoice reference, EPC QR payload). The
 *   link id is derived from the idempotency key (`sepa_` + SHA-256), so the same key gives the same
 *   link, also at once. EUR only.
 * - `handleWebhook` takes a camt.054 notification (`BkToCstmrDbtCdtNtfctn`, any version) of one
 *   booked entry with one transaction, as a bank connector forwards it, signed with the shared
 *   secret under the Standard Webhooks scheme ({@link signSepaNotification}). It maps
 *   a credit → `payment`; a debit with return information (`RtrInf`) or bank transaction code
 *   sub-family `UPDD` (SEPA return/refund through the debtor's bank: AC04, AM04, MD06 …) →
 *   `chargeback`; a debit with sub-family `PRDD` (the creditor's reversal) or family `ICDT` (a credit
 *   transfer the creditor sent back) → `refund`. The event id is the bank's reference of the entry
 *   (`Ntry/AcctSvcrRef`), the payment id the end-to-end id (which SEPA carries unchanged from a
 *   collection to its R-transactions), the reversal id the bank's reference of the transaction, the
 *   value date `ValDt` (else `BookgDt`), the claim from `claimOf`. Entries not booked yet, other
 *   debits, transactions without an end-to-end id and those whose claim `claimOf` does not find are
 *   `ignored`; whole statements belong to `importBankStatement`.
 *
 * @param options - creditor account, payment page, webhook secret, tolerance, claim lookup
 * @returns the provider (`name: 'sepa'`)
 */
export function createSepaPaymentProvider(options: SepaPaymentProviderOptions): PaymentProvider {
  const secrets = (Array.isArray(options.webhookSecret) ? options.webhookSecret : [options.webhookSecret]) as readonly (string | Uint8Array)[];
  if (secrets.length === 0 || secrets.some((s) => s.length < 16)) {
    throw new ValidationError('webhookSecret: give at least one shared secret of 16 bytes or more.', { field: 'webhookSecret' });
  }
  if (typeof options.paymentPage === 'string' && !/^https?:\/\/[^\s/?#]+/i.test(options.paymentPage)) {
    throw new ValidationError(`paymentPage: "${options.paymentPage}" is not an absolute http(s) URL.`, { field: 'paymentPage' });
  }
  const tolerance = options.toleranceSeconds ?? 300;
  const now = options.now ?? (() => new Date());
  const claimOf = options.claimOf ?? claimFromRemittance;

  const transfer = (request: PaymentLinkRequest): SepaTransfer => {
    if (request.currency !== 'EUR') {
      throw new ValidationError(`currency: SEPA transfers are in EUR; "${request.currency}" cannot be paid by SEPA transfer.`, { field: 'currency' });
    }
    const amount = toAmountString(parseMoney(request.amount, { currency: 'EUR', field: 'amount' }));
    let rf: string | undefined;
    try {
      rf = creditorReference(request.reference);
    } catch {
      rf = undefined; // a reference without an RF form is written as text
    }
    const payload = epcQrPayload({
      name: options.creditor.name,
      iban: options.creditor.iban,
      ...(options.creditor.bic === undefined ? {} : { bic: options.creditor.bic }),
      amount,
      ...(rf === undefined ? { text: request.reference } : { reference: rf }),
    });
    const linkId = `sepa_${createHash('sha256').update(request.idempotencyKey, 'utf8').digest('hex').slice(0, 32)}`;
    return {
      linkId,
      claimId: request.claimId,
      amount,
      currency: 'EUR',
      reference: request.reference,
      ...(rf === undefined ? {} : { creditorReference: rf }),
      remittance: rf ?? request.reference,
      creditor: options.creditor,
      epcQrPayload: payload,
      ...(request.expiresAt === undefined ? {} : { expiresAt: request.expiresAt }),
    };
  };

  const pageUrl = async (t: SepaTransfer): Promise<string> => {
    const page = options.paymentPage;
    if (typeof page === 'string') {
      const url = new URL(page);
      url.searchParams.set('link', t.linkId);
      url.searchParams.set('claim', t.claimId);
      url.searchParams.set('amount', t.amount);
      url.searchParams.set('reference', t.remittance);
      if (t.expiresAt !== undefined) url.searchParams.set('expires', t.expiresAt);
      return url.toString();
    }
    try {
      return await page(t);
    } catch (error) {
      if (MahnwerkError.isInstance(error) && error.code === 'adapter_failed') throw error;
      throw new MahnwerkError('adapter_failed', `sepa: the payment page function failed for claim "${t.claimId}": ${error instanceof Error ? error.message : String(error)}`, {
        retryable: true,
        cause: error,
      });
    }
  };

  const verify = (body: Uint8Array, headers: WebhookHeaders): WebhookOutcome | undefined => {
    const id = headerValue(headers, sepaWebhookHeaders.id);
    const stamp = headerValue(headers, sepaWebhookHeaders.timestamp);
    const given = headerValue(headers, sepaWebhookHeaders.signature);
    if (id === undefined || stamp === undefined || given === undefined) {
      return badSignature(`the request lacks the ${Object.values(sepaWebhookHeaders).join(', ')} headers; notifications must be signed with the shared secret.`);
    }
    if (!/^\d{1,12}$/.test(stamp)) return badSignature(`webhook-timestamp "${stamp}" is not Unix seconds.`);
    const age = Math.floor(now().getTime() / 1000) - Number(stamp);
    if (Math.abs(age) > tolerance) return badSignature(`webhook-timestamp is ${age} s from now, beyond the tolerance of ${tolerance} s (a replayed or delayed request); the sender signs each attempt anew.`);
    const offered = given
      .split(' ')
      .filter((s) => s.startsWith('v1,'))
      .map((s) => Buffer.from(s.slice(3), 'base64'));
    const ok = secrets.some((secret) => {
      const expected = signature(secret, id, stamp, body);
      return offered.some((o) => o.length === expected.length && timingSafeEqual(o, expected));
    });
    return ok ? undefined : badSignature('webhook-signature does not match the body, id and timestamp under the shared secret.');
  };

  return {
    specificationVersion: 'v1',
    name: 'sepa',

    async createPaymentLink(request) {
      const t = transfer(request);
      const url = await pageUrl(t);
      if (!/^https?:\/\/[^\s/?#]+(?:[/?#]\S*)?$/i.test(url)) {
        throw new MahnwerkError('adapter_failed', `sepa: the payment page function returned "${url}", not an absolute http(s) URL.`, { retryable: false });
      }
      return { id: t.linkId, url };
    },

    async handleWebhook(rawBody, headers) {
      const body = typeof rawBody === 'string' ? new TextEncoder().encode(rawBody) : rawBody;
      const refused = verify(body, headers);
      if (refused !== undefined) return refused;

      let doc: unknown;
      try {
        doc = parser().parse(new TextDecoder('utf-8', { fatal: true }).decode(body), true);
      } catch (error) {
        return malformed(`the body is not well-formed XML: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (at(doc, 'Document', 'BkToCstmrStmt') !== undefined) return malformed('the body is a camt.053 statement; import statements with importBankStatement, notify single bookings as camt.054.');
      const notifications = list(at(doc, 'Document', 'BkToCstmrDbtCdtNtfctn', 'Ntfctn'));
      if (notifications.length !== 1) return malformed(`expected one camt.054 notification (Document/BkToCstmrDbtCdtNtfctn/Ntfctn), found ${notifications.length}.`);
      const entries = list(at(notifications[0], 'Ntry'));
      if (entries.length !== 1) return malformed(`a notification must carry one entry (Ntry), found ${entries.length}; import files with several entries with importBankStatement.`);
      const entry = entries[0];
      const txs = list(at(entry, 'NtryDtls')).flatMap((d) => list(at(d, 'TxDtls')));
      if (txs.length > 1) return malformed(`the entry carries ${txs.length} transactions; a notification must carry one (import batches with importBankStatement).`);
      const tx = txs[0];

      const eventId = text(at(entry, 'AcctSvcrRef'));
      if (eventId === undefined) return malformed('the entry has no AcctSvcrRef (the bank\'s reference of the booking), which is the event id.');
      const type = 'camt.054';
      const ignored = (reason: string): WebhookOutcome => ({ status: 'ignored', eventId, type, reason: `sepa: ${reason}` });
      const status = text(at(entry, 'Sts')) ?? text(at(entry, 'Sts', 'Cd'));
      if (status !== undefined && status !== 'BOOK') return ignored(`entry status ${status}: only booked entries move money.`);

      const credit = text(at(entry, 'CdtDbtInd'));
      const reversal = text(at(entry, 'RvslInd')) === 'true';
      const code = transactionCode(tx, entry);
      const returned = at(tx, 'RtrInf') !== undefined || code.subFamily === 'UPDD';
      let kind: PaymentEvent['kind'];
      if (credit === 'CRDT' && !reversal) kind = 'payment';
      else if (credit === 'DBIT' && returned) kind = 'chargeback';
      else if (credit === 'DBIT' && (code.subFamily === 'PRDD' || code.family === 'ICDT')) kind = 'refund';
      else return ignored(`a ${credit ?? 'booking'}${reversal ? ' reversal' : ''} that is neither a credit, a return (RtrInf, UPDD) nor a refund (PRDD, ICDT).`);

      let amount: string;
      let currency: string;
      try {
        ({ amount, currency } = amountOf(at(tx, 'Amt') ?? at(tx, 'AmtDtls', 'TxAmt', 'Amt') ?? at(entry, 'Amt'), 'Ntry.Amt'));
      } catch (error) {
        return malformed(error instanceof Error ? error.message : String(error));
      }
      if (!/[1-9]/.test(amount)) return malformed(`the amount ${amount} is zero.`);
      const valueDate = dateOf(at(entry, 'ValDt')) ?? dateOf(at(entry, 'BookgDt'));
      if (valueDate === undefined) return malformed('the entry has neither a value date (ValDt) nor a booking date (BookgDt).');

      const endToEndId = text(at(tx, 'Refs', 'EndToEndId'));
      if (endToEndId === undefined || endToEndId === 'NOTPROVIDED') {
        return ignored('the transaction has no end-to-end id, so it names no payment of a mahnwerk link or direct debit; match it with importBankStatement.');
      }
      const mandateId = text(at(tx, 'Refs', 'MndtId'));
      const rf = text(at(tx, 'RmtInf', 'Strd', 'CdtrRefInf', 'Ref'));
      const transaction: SepaNotifiedTransaction = {
        kind,
        endToEndId,
        remittance: list(at(tx, 'RmtInf', 'Ustrd'))
          .map((u) => text(u))
          .filter((u): u is string => u !== undefined),
        ...(mandateId === undefined ? {} : { mandateId }),
        ...(rf === undefined ? {} : { creditorReference: rf }),
      };
      let claimId: string | undefined;
      try {
        claimId = await claimOf(transaction);
      } catch (error) {
        throw new MahnwerkError('adapter_failed', `sepa: claimOf failed for end-to-end id "${endToEndId}": ${error instanceof Error ? error.message : String(error)}`, {
          retryable: true,
          cause: error,
        });
      }
      if (claimId === undefined || claimId === '') return ignored(`no claim found for end-to-end id "${endToEndId}" (remittance ${JSON.stringify(transaction.remittance)}).`);

      const base = { eventId, claimId, paymentId: endToEndId, amount, currency, valueDate };
      const event: PaymentEvent = kind === 'payment' ? { kind, ...base } : { kind, ...base, reversalId: text(at(tx, 'Refs', 'AcctSvcrRef')) ?? eventId };
      return { status: 'verified', event };
    },
  };
}
