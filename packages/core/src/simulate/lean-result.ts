// The result of `simulate`, held lean (issue 7, point 5): each finished claim keeps its events and
// messages in the compact form of compact.ts, and the result's objects decode them when read. What
// a reader sees is what the run recorded: the same events (deep-equal, same canonical JSON), the
// same messages with the same totals, the same statements.
import type { IsoDate } from '../calendar/date.js';
import type { ClaimEvent, ClaimFacts } from '../ledger/events.js';
import type { Statement } from '../ledger/state.js';
import { statementAsOf, type StatementOptions } from '../ledger/statement.js';
import { createCompactCodec, decodeEvents, decodeMessages, encodeClaim, releaseEncoding, type CompactCodec, type CompactMessage } from './compact.js';
import { messageEventCount, type SimulatedClaim, type SimulatedMessage, type SimulationHandlers, type SimulationResult } from './simulate.js';

/** What every claim of one run shares: the tables, the last day, the statement options. */
interface RunShared {
  readonly codec: CompactCodec;
  readonly to: IsoDate;
  readonly options: StatementOptions;
}

/** Hidden (non-enumerable) slots of a lean claim and a lean message. */
const SHARED = Symbol('mahnwerk.simulate.shared');
const CODE = Symbol('mahnwerk.simulate.code');
const CLAIM = Symbol('mahnwerk.simulate.claim');
const UP_TO = Symbol('mahnwerk.simulate.upTo');

interface LeanClaim extends SimulatedClaim {
  readonly [SHARED]: RunShared;
  readonly [CODE]: string;
}

interface LeanMessage extends SimulatedMessage {
  readonly [CLAIM]: LeanClaim;
  readonly [UP_TO]: number;
}

function eventsOf(claim: LeanClaim): ClaimEvent[] {
  return decodeEvents(claim[SHARED].codec, claim.facts, claim[CODE]);
}

// One getter function per property for every object: objects that define the same accessors in the
// same order share one hidden class (a getter literal per object would give each its own).
function claimEvents(this: LeanClaim): readonly ClaimEvent[] {
  return eventsOf(this);
}
function claimStatement(this: LeanClaim): Statement {
  const shared = this[SHARED];
  return statementAsOf(eventsOf(this), shared.to, shared.options);
}
function messageStatement(this: LeanMessage): Statement {
  const claim = this[CLAIM];
  return statementAsOf(eventsOf(claim).slice(0, this[UP_TO]), this.date, claim[SHARED].options);
}

const hidden = (value: unknown): PropertyDescriptor => ({ value, enumerable: false, writable: false, configurable: false });
const accessor = (get: () => unknown): PropertyDescriptor => ({ get, enumerable: true, configurable: true });

function leanClaim(claim: SimulatedClaim, code: string, shared: RunShared): LeanClaim {
  const c = { id: claim.id, facts: claim.facts, status: claim.status, stage: claim.stage };
  Object.defineProperty(c, SHARED, hidden(shared));
  Object.defineProperty(c, CODE, hidden(code));
  Object.defineProperty(c, 'statement', accessor(claimStatement));
  Object.defineProperty(c, 'events', accessor(claimEvents));
  return c as unknown as LeanClaim;
}

/** Every event of every claim in date order (ties: claim order, then the order they happened). */
function timelineOf(claims: readonly LeanClaim[]): ClaimEvent[] {
  const items: { event: ClaimEvent; claim: number; seq: number }[] = [];
  claims.forEach((claim, i) => eventsOf(claim).forEach((event, seq) => items.push({ event, claim: i, seq })));
  items.sort((a, b) => (a.event.date < b.event.date ? -1 : a.event.date > b.event.date ? 1 : a.claim - b.claim || a.seq - b.seq));
  return items.map((t) => t.event);
}

/** Every message in the order it went out: `order` names the claim of each. */
function messagesOf(claims: readonly LeanClaim[], order: readonly number[]): SimulatedMessage[] {
  const decoded = new Map<number, { list: ReturnType<typeof decodeMessages>; next: number }>();
  return order.map((i) => {
    const claim = claims[i] as LeanClaim;
    let d = decoded.get(i);
    if (d === undefined) decoded.set(i, (d = { list: decodeMessages(claim[SHARED].codec, claim.facts, claim[CODE]), next: 0 }));
    const m = d.list[d.next++] as ReturnType<typeof decodeMessages>[number];
    const o = m.fields;
    o['totals'] = m.totals;
    Object.defineProperty(o, CLAIM, hidden(claim));
    Object.defineProperty(o, UP_TO, hidden(m.upTo));
    Object.defineProperty(o, 'statement', accessor(messageStatement));
    return o as unknown as SimulatedMessage;
  });
}

/**
 * The claims of the messages in the order they went out: by day, on a day by claim (book order),
 * a claim's messages of a day in the order it sent them. `simulate` runs debtor after debtor, so
 * the messages reach the collector by claim; a stable sort by (day, claim) gives the order of a
 * run of the whole book day by day.
 */
function messageOrder(order: readonly number[], dates: readonly IsoDate[]): number[] {
  const k = order.map((_, n) => n);
  k.sort((a, b) => {
    const da = dates[a] as IsoDate;
    const db = dates[b] as IsoDate;
    return da < db ? -1 : da > db ? 1 : (order[a] as number) - (order[b] as number) || a - b;
  });
  return k.map((n) => order[n] as number);
}

/**
 * Collects a run of {@link simulateStream} into a lean {@link SimulationResult}: the handlers to
 * pass to the run, and the result once it is done. A finished claim is encoded when it is handed
 * over (its events, and the messages it sent with their totals and event counts); `events` and
 * `messages` of the result are decoded on first read and then kept; a claim's `events` and
 * `statement`, and a message's `statement`, are decoded on each read.
 *
 * @internal
 */
export function collectLeanResult(
  claimsIn: readonly ClaimFacts[],
  to: IsoDate,
  options: StatementOptions,
): { handlers: SimulationHandlers; result: (decisions: number) => SimulationResult } {
  const shared: RunShared = { codec: createCompactCodec(), to, options };
  let claims: LeanClaim[] = [];
  const pending = new Map<number, CompactMessage[]>();
  // Each message's claim and day, in the order the run handed them over.
  let order: number[] = [];
  let orderDates: IsoDate[] = [];
  // Built on the first callback: simulateStream validates the input before it calls back, so a
  // bad book (claims: [null]) is its ValidationError, not a TypeError here.
  let index: Map<string, number> | undefined;
  const indexOf = (claimId: string): number => {
    if (index === undefined) {
      index = new Map(claimsIn.map((c, i) => [c.id, i]));
      claims = new Array(claimsIn.length);
    }
    return index.get(claimId) as number;
  };
  const handlers: SimulationHandlers = {
    onMessage: (message) => {
      const i = indexOf(message.claimId);
      const fields: Record<string, unknown> = {};
      for (const key of Object.keys(message)) if (key !== 'totals' && key !== 'statement') fields[key] = (message as unknown as Record<string, unknown>)[key];
      let list = pending.get(i);
      if (list === undefined) pending.set(i, (list = []));
      list.push({ fields, upTo: messageEventCount(message), totals: message.totals });
      order.push(i);
      orderDates.push(message.date);
    },
    onClaim: (claim) => {
      const i = indexOf(claim.id);
      const code = encodeClaim(shared.codec, claim.facts, claim.events, pending.get(i) ?? []);
      pending.delete(i);
      claims[i] = leanClaim(claim, code, shared);
    },
  };
  const result = (decisions: number): SimulationResult => {
    // Only what the result reads stays referenced.
    releaseEncoding(shared.codec);
    index = undefined;
    pending.clear();
    order = messageOrder(order, orderDates);
    orderDates = [];
    let events: readonly ClaimEvent[] | undefined;
    let messages: readonly SimulatedMessage[] | undefined;
    return {
      get events(): readonly ClaimEvent[] {
        return (events ??= timelineOf(claims));
      },
      claims,
      get messages(): readonly SimulatedMessage[] {
        return (messages ??= messagesOf(claims, order));
      },
      decisions,
    };
  };
  return { handlers, result };
}
