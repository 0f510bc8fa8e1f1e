import type { PostalAddress } from '../address/postal-address.js';
import type { IsoDate } from '../calendar/date.js';

/** A message ready to go out on a channel. */
export interface OutgoingMessage {
  /** Outbox id; channels must treat it as an idempotency key (a resend with the same id is a no-op). */
  readonly id: string;
  /** Claim id. */
  readonly claimId: string;
  /** Channel name. */
  readonly channel: string;
  /** The recipient. */
  readonly to: {
    readonly name: string;
    readonly email?: string;
    readonly phone?: string;
    /** Address lines under the name (from the debtor's `postalAddress` when it has one). */
    readonly address?: readonly string[];
    /** The postal address as fields, when the host gave it. */
    readonly postalAddress?: PostalAddress;
  };
  /** Subject line (e-mail, letter heading). */
  readonly subject: string;
  /** Plain text body (all channels). */
  readonly text: string;
  /** HTML body (e-mail, letter). */
  readonly html?: string;
  /** Language of the message. */
  readonly locale: 'de' | 'en';
  /** The business day the message goes out (a letter's date). */
  readonly date?: IsoDate;
  /** What the message asks the debtor to pay, for channels that print payment details (a letter's GiroCode). */
  readonly payment?: MessagePayment;
}

/** The open amount a message asks for, with the reference a transfer must quote. */
export interface MessagePayment {
  /** The open total on the day of sending, e.g. `"1006.68"`. */
  readonly amount: string;
  /** ISO 4217 currency. */
  readonly currency: string;
  /** The claim's reference (invoice number) a transfer must quote. */
  readonly reference: string;
  /** A link to pay online, when a payment provider made one. */
  readonly link?: string;
}

/** The result of a successful send. */
export interface SendResult {
  /** The provider's id of the message. */
  readonly providerMessageId: string;
}

/**
 * The channel port (e-mail, letter, SMS, webhook …). Promises: `send` either delivers to the
 * provider and resolves, or rejects with a `MahnwerkError` (code `adapter_failed`) whose
 * `retryable` says whether to try again; sending the same `id` twice delivers once.
 */
export interface Channel {
  /** Version of this port's contract. */
  readonly specificationVersion: 'v1';
  /** The channel name policies use, e.g. `email`. */
  readonly name: string;
  /** Whether the recipient can be reached on this channel (e.g. has an e-mail address). */
  canReach(to: OutgoingMessage['to']): boolean;
  /** Sends one message. */
  send(message: OutgoingMessage): Promise<SendResult>;
}
