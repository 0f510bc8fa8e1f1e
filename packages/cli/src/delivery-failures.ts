import type { AuditEntry, ClaimEvent, ClaimStore } from '@mahnwerk/core';

/**
 * What `mahnwerk run` reads of a delivery to say why messages failed: a message given up on a
 * channel (and why), or a message sent. `claimId` and `seq` (the event's place in its claim's
 * chain) are kept where known, so the outcomes of several worker processes can be put back in the
 * order they were written before they are counted.
 *
 * @internal
 */
export type DeliveryOutcome =
  | { readonly type: 'message-failed'; readonly messageId: string; readonly channel: string; readonly error: string; readonly claimId?: string; readonly seq?: number }
  | { readonly type: 'message-sent'; readonly messageId: string; readonly claimId?: string; readonly seq?: number };

/** Messages the run gave up on with one reason on one channel. @internal */
export interface RunFailure {
  readonly channel: string;
  readonly error: string;
  readonly messages: number;
}

/**
 * The messages the run gave up on, counted by channel and reason (in the order first seen): a
 * message's `message-failed` events (its channel, then the stage's fallback) make one reason; a
 * message later sent on its fallback is not among them.
 *
 * @param events - the run's events (one process: `runDue`'s), or the delivery outcomes of all workers in write order ({@link failuresOverWorkers})
 * @internal
 */
export function failuresOf(events: readonly (ClaimEvent | DeliveryOutcome)[]): RunFailure[] {
  const perMessage = new Map<string, { channel: string; errors: string[] }>();
  const sent = new Set<string>();
  for (const event of events) {
    if (event.type === 'message-sent') sent.add(event.messageId);
    if (event.type !== 'message-failed') continue;
    const seen = perMessage.get(event.messageId);
    if (seen === undefined) perMessage.set(event.messageId, { channel: event.channel, errors: [event.error] });
    else seen.errors.push(`on its fallback ${event.channel}: ${event.error}`);
  }
  const byReason = new Map<string, RunFailure & { messages: number }>();
  for (const [id, { channel, errors }] of perMessage) {
    if (sent.has(id)) continue;
    const error = errors.join('; ');
    const key = `${channel}\u0000${error}`;
    const seen = byReason.get(key);
    byReason.set(key, { channel, error, messages: (seen?.messages ?? 0) + 1 });
  }
  return [...byReason.values()];
}

/**
 * `failuresOf` over the delivery outcomes of N worker processes: one message may fail on its channel
 * in one worker and on (or be sent by) its fallback in another, so the outcomes are first put in
 * claim and chain order — each message's events then come in the order they were written.
 *
 * @param perWorker - each worker's outcomes, as {@link recordingDeliveries} collected them
 * @internal
 */
export function failuresOverWorkers(perWorker: readonly (readonly DeliveryOutcome[])[]): RunFailure[] {
  const all = perWorker.flat();
  const byClaim = (o: DeliveryOutcome): string => o.claimId ?? '';
  all.sort((a, b) => (byClaim(a) < byClaim(b) ? -1 : byClaim(a) > byClaim(b) ? 1 : (a.seq ?? 0) - (b.seq ?? 0)));
  return failuresOf(all);
}

/** The delivery outcomes among written entries, with only what {@link failuresOf} reads. */
function outcomesOf(entries: readonly AuditEntry<ClaimEvent>[]): DeliveryOutcome[] {
  const out: DeliveryOutcome[] = [];
  for (const { seq, event } of entries) {
    if (event.type === 'message-failed') out.push({ type: event.type, messageId: event.messageId, channel: event.channel, error: event.error, claimId: event.claimId, seq });
    else if (event.type === 'message-sent') out.push({ type: event.type, messageId: event.messageId, claimId: event.claimId, seq });
  }
  return out;
}

/**
 * The store with the delivery outcomes it writes reported to `record` (a worker of `mahnwerk run
 * --workers N` collects them to tell the parent why messages failed, as `runDue` tells one
 * process): the entries of every `append` that succeeded and of every `appendMany` request written
 * (not those refused as a conflict). Everything else is the store's own; the result is a plain
 * object like the store, so the runner's views of it (`{ ...store, … }`) keep both.
 *
 * @internal
 */
export function recordingDeliveries<S extends ClaimStore>(store: S, record: (outcomes: readonly DeliveryOutcome[]) => void): S {
  const many = store.appendMany;
  return {
    ...store,
    append: async (request: Parameters<ClaimStore['append']>[0]) => {
      const result = await store.append(request);
      record(outcomesOf(request.entries));
      return result;
    },
    ...(many === undefined
      ? {}
      : {
          appendMany: async (requests: Parameters<NonNullable<ClaimStore['appendMany']>>[0]) => {
            const outcomes = await many.call(store, requests);
            outcomes.forEach((o, i) => {
              const request = requests[i];
              if (o.status === 'appended' && request !== undefined) record(outcomesOf(request.entries));
            });
            return outcomes;
          },
        }),
  };
}
