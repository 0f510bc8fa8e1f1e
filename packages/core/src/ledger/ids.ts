import type { IsoDate } from '../calendar/date.js';
import { ValidationError } from '../errors/errors.js';
import type { ClaimEvent, ClaimEventType } from './events.js';

/**
 * Deterministic ids for events, messages and fees. mahnwerk never draws random ids: an id is
 * built from the claim id, what the thing is, its business date and a counter, so deciding twice on
 * the same ledger yields the same ids — and an idempotent store recognises the second write.
 *
 * Ids are plain strings joined by `:`; they are meant to be compared, not parsed.
 */

function part(value: string, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(`${field}: an id part must be a non-empty string; got ${JSON.stringify(value)}.`, { field });
  }
  return value;
}

function counter(n: number, field = 'n'): number {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new ValidationError(`${field}: the counter must be a whole number of 1 or more; got ${String(n)}.`, { field });
  }
  return n;
}

/**
 * The id of the `n`-th event of a type on one business day of a claim: `${claimId}:${type}:${date}:${n}`.
 *
 * @param claimId - the claim
 * @param type - the event type, e.g. `fee-charged`
 * @param date - the event's business date
 * @param n - 1 for the first such event on that day, 2 for the second …
 * @throws ValidationError for an empty part or a counter below 1
 */
export function eventId(claimId: string, type: ClaimEventType, date: IsoDate, n = 1): string {
  return `${part(claimId, 'claimId')}:${part(type, 'type')}:${part(date, 'date')}:${counter(n)}`;
}

/**
 * The id of the `n`-th message of a policy stage of a claim: `${claimId}:msg:${stageId}:${n}`.
 *
 * @param claimId - the claim
 * @param stageId - the policy stage that sends the message
 * @param n - 1 for the stage's first message, 2 for the second (e.g. a second channel) …
 * @throws ValidationError for an empty part or a counter below 1
 */
export function messageId(claimId: string, stageId: string, n = 1): string {
  return `${part(claimId, 'claimId')}:msg:${part(stageId, 'stageId')}:${counter(n)}`;
}

/**
 * The id of a fee charged to a claim: `${claimId}:fee:${kind}:${date}:${n}`.
 *
 * @param claimId - the claim
 * @param kind - the fee kind, e.g. `collection-costs`
 * @param date - the day the fee is charged
 * @param n - 1 for the first fee of this kind on that day …
 * @throws ValidationError for an empty part or a counter below 1
 */
export function feeId(claimId: string, kind: string, date: IsoDate, n = 1): string {
  return `${part(claimId, 'claimId')}:fee:${part(kind, 'kind')}:${part(date, 'date')}:${counter(n)}`;
}

/**
 * A deterministic id for anything else of a claim (hold, dispute, plan, payment without a host id):
 * `${claimId}:${kind}:${date}:${n}`.
 *
 * @param claimId - the claim
 * @param kind - short name of the thing, e.g. `hold`, `dispute`, `plan`, `payment`
 * @param date - its business date
 * @param n - counter, 1 for the first of its kind on that day
 * @throws ValidationError for an empty part or a counter below 1
 */
export function scopedId(claimId: string, kind: string, date: IsoDate, n = 1): string {
  return `${part(claimId, 'claimId')}:${part(kind, 'kind')}:${part(date, 'date')}:${counter(n)}`;
}

/** Every id carried by an event (message, fee, payment, dispute, hold and plan ids). */
export function idsOfEvent(event: ClaimEvent): string[] {
  const id = idOfEvent(event);
  return id === undefined ? [] : [id];
}

/** The id an event carries (an event carries at most one), or `undefined`: {@link idsOfEvent} without a list per event. */
function idOfEvent(event: ClaimEvent): string | undefined {
  switch (event.type) {
    case 'message-queued':
    case 'message-sent':
    case 'message-failed':
    case 'message-skipped':
    case 'message-delivered':
    case 'message-bounced':
    case 'message-opened':
    case 'message-attempt-unknown':
      return event.messageId;
    case 'fee-charged':
    case 'fee-reduced':
    case 'fee-reinstated':
      return event.feeId;
    case 'payment-received':
      return event.paymentId;
    case 'payment-reversed':
      return event.reversalId;
    case 'dispute-opened':
    case 'dispute-resolved':
      return event.disputeId;
    case 'hold-placed':
    case 'hold-lifted':
      return event.holdId;
    case 'installment-plan-agreed':
    case 'installment-missed':
    case 'installment-plan-defaulted':
      return event.planId;
    default:
      return undefined;
  }
}

/** The set of all ids used by a list of events. */
export function idsInUse(events: readonly ClaimEvent[]): Set<string> {
  const ids = new Set<string>();
  for (const e of events) {
    const id = idOfEvent(e);
    if (id !== undefined) ids.add(id);
  }
  return ids;
}

/**
 * The ids used by a list of events, asked one id at a time: {@link idsInUse} without making the set,
 * for a decider that numbers a single new id (usually the first counter is free: one pass, no set).
 *
 * @internal
 *
 * @param events - the claim's events
 */
export function idsUsedBy(events: readonly ClaimEvent[]): Pick<ReadonlySet<string>, 'has'> {
  return {
    has: (id: string): boolean => {
      for (const e of events) if (idOfEvent(e) === id) return true;
      return false;
    },
  };
}

/**
 * The smallest counter `n ≥ 1` for which `make(n)` is not yet in `used` — the way to number a
 * second fee or message on the same day without randomness.
 *
 * @param used - ids already in use, e.g. from {@link idsInUse}
 * @param make - builds the id for a counter, e.g. `(n) => messageId(claimId, stage, n)`
 * @returns the first free id
 */
export function nextFreeId(used: Pick<ReadonlySet<string>, 'has'>, make: (n: number) => string): string {
  for (let n = 1; ; n++) {
    const id = make(n);
    if (!used.has(id)) return id;
  }
}
