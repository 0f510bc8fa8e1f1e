// The result of `simulate`, held lean (issue 7, point 5): each finished claim keeps its events and
// messages in the compact form of compact.ts, and the result's objects decode them when read. What
// a reader sees is what the run recorded: the same events (deep-equal, same canonical JSON), the
// same messages with the same totals, the same statements.
import type { IsoDate } from '../calendar/date.js';
import type { ClaimEvent, ClaimFacts } from '../ledger/events.js';
import type { Statement } from '../ledger/state.js';
import { statementAsOf, type StatementOptions } from '../ledger/statement.js';
import { createCompactCodec, decodeEvents, decodeMessages, encodeClaim, releaseEncoding, type CompactCodec, type CompactMessage } from './compact.js';
import type { ClaimState } from '../ledger/state.js';
import { emptyList } from '../lists.js';
import { ReturnsItsArgument } from '../private-fields.js';
import type { SimulatedBlockedStep, SimulatedClaim, SimulatedMessage, SimulatedRefusal, SimulationResult } from './simulate.js';

/** What every claim of one run shares: the tables, the last day, the statement options. */
interface RunShared {
  readonly codec: CompactCodec;
  readonly to: IsoDate;
  readonly options: StatementOptions;
}

/** Hidden (non-enumerable) slots of a lean message. */
const CLAIM = Symbol('mahnwerk.simulate.claim');
const UP_TO = Symbol('mahnwerk.simulate.upTo');

/**
 * What a lean claim holds besides its fields: the run's tables and its encoded events, in private
 * fields (not keys, symbols or descriptors anyone sees) — added inline, where each of the two hidden
 * symbol properties they replace was an `Object.defineProperty` (a call into the runtime, with a
 * descriptor object made per claim).
 */
class LeanSlots extends ReturnsItsArgument {
  readonly #shared: RunShared;
  readonly #code: string;
  readonly #given: ClaimFacts;
  constructor(o: object, shared: RunShared, code: string, given: ClaimFacts) {
    super(o);
    this.#shared = shared;
    this.#code = code;
    this.#given = given;
  }
  /** The facts as the book gave them: what the claim's events were encoded against (a corrected claim's `facts` are others). */
  static given(claim: LeanClaim): ClaimFacts {
    return (claim as unknown as LeanSlots).#given;
  }
  static shared(claim: LeanClaim): RunShared {
    return (claim as unknown as LeanSlots).#shared;
  }
  static code(claim: LeanClaim): string {
    return (claim as unknown as LeanSlots).#code;
  }
}

type LeanClaim = SimulatedClaim;

interface LeanMessage extends SimulatedMessage {
  readonly [CLAIM]: LeanClaim;
  readonly [UP_TO]: number;
}

function eventsOf(claim: LeanClaim): ClaimEvent[] {
  return decodeEvents(LeanSlots.shared(claim).codec, LeanSlots.given(claim), LeanSlots.code(claim));
}

// One getter function per property for every object: objects that define the same accessors in the
// same order share one hidden class (a getter literal per object would give each its own).
function claimEvents(this: LeanClaim): readonly ClaimEvent[] {
  return eventsOf(this);
}
function claimStatement(this: LeanClaim): Statement {
  const shared = LeanSlots.shared(this);
  return statementAsOf(eventsOf(this), shared.to, shared.options);
}
function messageStatement(this: LeanMessage): Statement {
  const claim = this[CLAIM];
  return statementAsOf(eventsOf(claim).slice(0, this[UP_TO]), this.date, LeanSlots.shared(claim).options);
}

const hidden = (value: unknown): PropertyDescriptor => ({ value, enumerable: false, writable: false, configurable: false });
const accessor = (get: () => unknown): PropertyDescriptor => ({ get, enumerable: true, configurable: true });

/** The accessors of a lean claim, one descriptor each for every claim. */
const CLAIM_STATEMENT = accessor(claimStatement);
const CLAIM_EVENTS = accessor(claimEvents);

function leanClaim(facts: ClaimFacts, state: ClaimState, code: string, shared: RunShared): LeanClaim {
  const c = { id: facts.id, facts: factsAtEnd(facts, state), status: state.status, stage: state.stage };
  new LeanSlots(c, shared, code, facts);
  Object.defineProperty(c, 'statement', CLAIM_STATEMENT);
  Object.defineProperty(c, 'events', CLAIM_EVENTS);
  return c as unknown as LeanClaim;
}

/**
 * A claim's facts at the end of its run: the facts the book gave, with the corrections booked
 * (`claim-facts-corrected`) laid over them — the `description` and `contractDate` the state reads —
 * or the given object itself when nothing was corrected.
 *
 * @internal
 */
export function factsAtEnd(given: ClaimFacts, state: ClaimState): ClaimFacts {
  const now = state.facts;
  if (now.description === given.description && now.contractDate === given.contractDate) return given;
  return {
    ...given,
    ...(now.description === undefined ? {} : { description: now.description }),
    ...(now.contractDate === undefined ? {} : { contractDate: now.contractDate }),
  };
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
    if (d === undefined) decoded.set(i, (d = { list: decodeMessages(LeanSlots.shared(claim).codec, LeanSlots.given(claim), LeanSlots.code(claim)), next: 0 }));
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
 * Where the run of `simulate` hands over what its lean result keeps: each sent message's plain
 * fields, event count and totals, and each finished claim (its facts and final state), by the
 * claim's index in the book.
 *
 * @internal
 */
export interface LeanSink {
  /** A message went out: its fields (without totals and statement), the claim's event count then, its totals. */
  message(claim: number, fields: Record<string, unknown>, upTo: number, totals: CompactMessage['totals']): void;
  /** A claim is finished: nothing more happens to it in the run. */
  claim(claim: number, facts: ClaimFacts, state: ClaimState): void;
}

/**
 * Collects a run of `simulate` into a lean {@link SimulationResult}: the sink to pass to the run,
 * and the result once it is done. A finished claim is encoded when it is handed over (its events,
 * and the messages it sent with their totals and event counts); `events` and `messages` of the
 * result are decoded on first read and then kept; a claim's `events` and `statement`, and a
 * message's `statement`, are decoded on each read.
 *
 * @internal
 */
export function collectLeanResult(
  claimsIn: readonly ClaimFacts[],
  to: IsoDate,
  options: StatementOptions,
): { sink: LeanSink; result: (decisions: number, blocked: readonly SimulatedBlockedStep[], refused: readonly SimulatedRefusal[]) => SimulationResult } {
  const shared: RunShared = { codec: createCompactCodec(), to, options };
  // Made on the first call: the run validates the input before it calls, so a bad book
  // (claims: null) is its ValidationError, not a TypeError here.
  let claims: LeanClaim[] | undefined;
  // The messages of the claims in progress, by claim index: a list with holes, not a Map, which a
  // delete per finished claim shrank and the next claims grew again (each a new table).
  let pending: (CompactMessage[] | undefined)[] | undefined;
  const noMessages: readonly CompactMessage[] = emptyList();
  // Each message's claim and day, in the order the run handed them over.
  let order: number[] = [];
  let orderDates: IsoDate[] = [];
  const sink: LeanSink = {
    message: (i, fields, upTo, totals) => {
      const lists = (pending ??= new Array(claimsIn.length));
      let list = lists[i];
      if (list === undefined) lists[i] = list = [];
      list.push({ fields, upTo, totals });
      order.push(i);
      orderDates.push(fields['date'] as IsoDate);
    },
    claim: (i, facts, state) => {
      const list = pending === undefined ? undefined : pending[i];
      const code = encodeClaim(shared.codec, facts, state.events, list ?? noMessages);
      if (list !== undefined) (pending as (CompactMessage[] | undefined)[])[i] = undefined;
      (claims ??= new Array(claimsIn.length))[i] = leanClaim(facts, state, code, shared);
    },
  };
  const result = (decisions: number, blocked: readonly SimulatedBlockedStep[], refused: readonly SimulatedRefusal[]): SimulationResult => {
    // Only what the result reads stays referenced.
    releaseEncoding(shared.codec);
    pending = undefined;
    order = messageOrder(order, orderDates);
    orderDates = [];
    const all = claims ?? [];
    let events: readonly ClaimEvent[] | undefined;
    let messages: readonly SimulatedMessage[] | undefined;
    return {
      get events(): readonly ClaimEvent[] {
        return (events ??= timelineOf(all));
      },
      claims: all,
      get messages(): readonly SimulatedMessage[] {
        return (messages ??= messagesOf(all, order));
      },
      decisions,
      blocked,
      refused,
    };
  };
  return { sink, result };
}
