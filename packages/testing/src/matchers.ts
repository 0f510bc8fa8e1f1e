/// <reference types="vitest" preserve="true" />
// Keeps a reference to vitest in the emitted matchers.d.ts: without it the `declare module 'vitest'`
// augmentation below does not reach projects that import these declarations (only the sources).
import {
  Dec,
  isFinal,
  money,
  parseIsoDate,
  toAmountString,
  type AuditEntry,
  type ClaimEvent,
  type ClaimEventOf,
  type ClaimEventType,
  type FeeKind,
  type IsoDate,
  type Money,
  type Statement,
} from '@mahnwerk/core';
import { expect } from 'vitest';

/**
 * What the timeline matchers accept: an array of claim events (of one claim or many), anything
 * with an `events` array (a `ClaimState`, the result of a run or a simulation), or a stored claim
 * with its `entries`.
 */
export type Timeline =
  | readonly ClaimEvent[]
  | { readonly events: readonly ClaimEvent[] }
  | { readonly entries: readonly Pick<AuditEntry<ClaimEvent>, 'event'>[] };

/** Options of `toHaveEnteredStage`. */
export interface StageMatcherOptions {
  /** The day the stage must have been entered. */
  readonly on?: IsoDate;
  /** Only look at this claim's events (for timelines of many claims). */
  readonly claimId?: string;
}

/** Options of `toHaveCharged`. */
export interface ChargeMatcherOptions {
  /** The amount charged, as a decimal string (`"40.00"`, `"40"`) or `Money`; compared exactly. */
  readonly amount?: string | Money;
  /** The day of the charge. */
  readonly on?: IsoDate;
  /** Only look at this claim's events. */
  readonly claimId?: string;
}

/** Options of `toHaveEventSequence`. */
export interface SequenceMatcherOptions {
  /** Require exactly these types and no others (default: these in this order, others may come between). */
  readonly exact?: boolean;
  /** Only look at this claim's events. */
  readonly claimId?: string;
}

/** What `toBalance` expects of a statement: any of its four figures, as decimal strings or `Money`. */
export interface BalanceExpectation {
  /** Outstanding principal. */
  readonly principal?: string | Money;
  /** Outstanding interest. */
  readonly interest?: string | Money;
  /** Outstanding costs. */
  readonly costs?: string | Money;
  /** The total. */
  readonly total?: string | Money;
}

/** The result of a matcher, as vitest's `expect.extend` wants it. */
export interface MatcherResult {
  /** Whether the assertion holds. */
  readonly pass: boolean;
  /** What was expected and what was found (shown when the assertion, or its `.not`, fails). */
  readonly message: () => string;
  /** The found value, for vitest's diff. */
  readonly actual?: unknown;
  /** The expected value, for vitest's diff. */
  readonly expected?: unknown;
}

/**
 * The matchers {@link installMatchers} adds to vitest's `expect`.
 *
 * @typeParam R - the matcher's return type (vitest's convention)
 */
export interface MahnwerkMatchers<R = unknown> {
  /**
   * The timeline has a `stage-entered` event for `stage` (on the day `on`, for the claim `claimId`).
   *
   * @param stage - the policy stage id, e.g. `dunning-notice`
   * @param options - day and claim
   */
  toHaveEnteredStage(stage: string, options?: StageMatcherOptions): R;
  /**
   * The timeline has a `fee-charged` event of `kind` (of `amount`, on the day `on`, for `claimId`).
   *
   * @param kind - the fee kind, e.g. `flat-fee`
   * @param options - amount, day and claim
   */
  toHaveCharged(kind: FeeKind, options?: ChargeMatcherOptions): R;
  /**
   * The timeline has events of these types in this order (others may come between unless `exact`).
   *
   * @param types - event types, e.g. `['claim-created', 'default-began', 'stage-entered']`
   * @param options - exactness and claim
   */
  toHaveEventSequence(types: readonly ClaimEventType[], options?: SequenceMatcherOptions): R;
  /**
   * The statement's figures equal the expected ones exactly (only the figures given are compared).
   *
   * @param expected - principal, interest, costs and/or total
   */
  toBalance(expected: BalanceExpectation): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Assertion<T = any> extends MahnwerkMatchers<T> {}
}

/** Every event type, to catch a misspelt type in a plain-JS test at run time. */
const knownTypes: Readonly<Record<ClaimEventType, true>> = {
  'claim-created': true,
  'claim-facts-amended': true,
  'claim-facts-corrected': true,
  'default-began': true,
  'default-withdrawn': true,
  'stage-entered': true,
  'message-queued': true,
  'message-sent': true,
  'message-failed': true,
  'message-skipped': true,
  'message-delivered': true,
  'message-bounced': true,
  'message-opened': true,
  'message-attempt-unknown': true,
  'channel-opted-out': true,
  'fee-charged': true,
  'fee-reduced': true,
  'fee-reinstated': true,
  'payment-received': true,
  'payment-reversed': true,
  adjustment: true,
  'dispute-opened': true,
  'dispute-resolved': true,
  'hold-placed': true,
  'hold-lifted': true,
  'promise-to-pay': true,
  'installment-plan-agreed': true,
  'installment-missed': true,
  'installment-plan-defaulted': true,
  'handed-over': true,
  'court-dunning-filed': true,
  titled: true,
  'time-barred': true,
  'written-off': true,
  settled: true,
  reopened: true,
};

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function isEvent(value: unknown): value is ClaimEvent {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * The events of a {@link Timeline}.
 *
 * @param received - an event array, an object with `events`, or a stored claim with `entries`
 * @param matcher - the matcher's name, for the error message
 * @returns the events, in order
 * @throws TypeError when `received` is none of these
 */
export function timelineEvents(received: unknown, matcher = 'timeline matcher'): readonly ClaimEvent[] {
  let events: unknown;
  if (Array.isArray(received)) events = received;
  else if (typeof received === 'object' && received !== null && Array.isArray((received as { events?: unknown }).events)) {
    events = (received as { events: unknown[] }).events;
  } else if (typeof received === 'object' && received !== null && Array.isArray((received as { entries?: unknown }).entries)) {
    events = (received as { entries: { event?: unknown }[] }).entries.map((e) => e?.event);
  } else {
    throw new TypeError(
      `${matcher}: expected a timeline — an array of claim events, an object with an events array (a ClaimState, a run result) ` +
        `or a stored claim with entries — but got ${kindOf(received)}.`,
    );
  }
  const list = events as unknown[];
  const bad = list.findIndex((e) => !isEvent(e));
  if (bad >= 0) throw new TypeError(`${matcher}: element ${bad} of the timeline is ${kindOf(list[bad])}, not a claim event with a type.`);
  return list as ClaimEvent[];
}

function optionDate(value: IsoDate | undefined, matcher: string): IsoDate | undefined {
  return value === undefined ? undefined : parseIsoDate(value, `${matcher} option "on"`);
}

/** The events of one claim (all when `claimId` is absent) and how to name what is looked at. */
function scope(events: readonly ClaimEvent[], claimId: string | undefined): { events: readonly ClaimEvent[]; who: string; note: string } {
  if (claimId === undefined) return { events, who: 'the timeline', note: '' };
  const own = events.filter((e) => e.claimId === claimId);
  const others = [...new Set(events.map((e) => e.claimId))];
  return {
    events: own,
    who: `claim ${claimId}`,
    note: own.length === 0 ? ` (the timeline has no events of claim ${claimId}; its claims: ${others.length === 0 ? 'none' : others.join(', ')})` : '',
  };
}

function ofType<T extends ClaimEventType>(events: readonly ClaimEvent[], type: T): ClaimEventOf<T>[] {
  return events.filter((e): e is ClaimEventOf<T> => e.type === type);
}

function manyClaims(events: readonly ClaimEvent[]): boolean {
  return new Set(events.map((e) => e.claimId)).size > 1;
}

function listTypes(events: readonly ClaimEvent[], max = 40): string {
  if (events.length === 0) return '(no events)';
  const multi = manyClaims(events);
  const shown = events.slice(0, max).map((e, i) => `#${i} ${e.type} ${e.date}${multi ? ` [${e.claimId}]` : ''}`);
  return shown.join(', ') + (events.length > max ? `, … ${events.length - max} more` : '');
}

function amountText(a: Money): string {
  return `${isFinal(a) ? toAmountString(a) : a.amount.toString()} ${a.currency}`;
}

function toHaveEnteredStage(received: unknown, stage: string, options: StageMatcherOptions = {}): MatcherResult {
  const all = timelineEvents(received, 'toHaveEnteredStage');
  if (typeof stage !== 'string' || stage === '') throw new TypeError(`toHaveEnteredStage: expected a stage id, got ${kindOf(stage)}.`);
  const on = optionDate(options.on, 'toHaveEnteredStage');
  const { events, who, note } = scope(all, options.claimId);
  const entered = ofType(events, 'stage-entered');
  const hit = entered.find((e) => e.stage === stage && (on === undefined || e.date === on));
  const multi = manyClaims(entered);
  const show = (e: ClaimEventOf<'stage-entered'>): string => `"${e.stage}" on ${e.date}${multi ? ` (claim ${e.claimId})` : ''}`;
  const wanted = `entered stage "${stage}"${on === undefined ? '' : ` on ${on}`}`;
  if (hit !== undefined) {
    return { pass: true, message: () => `expected ${who} not to have ${wanted}, but it did: ${show(hit)}.` };
  }
  const found = entered.length === 0 ? `it entered no stage${note}; its events: ${listTypes(events)}` : `it entered ${entered.map(show).join(', ')}`;
  return { pass: false, message: () => `expected ${who} to have ${wanted}, but ${found}.` };
}

function expectedAmount(value: string | Money, matcher: string, field: string, currency: string): Money {
  if (typeof value === 'string') return money(value, currency);
  if (typeof value === 'object' && value !== null && Dec.isDecimal((value as Money).amount) && typeof (value as Money).currency === 'string') return value;
  throw new TypeError(`${matcher}: ${field} must be a decimal string like "40.00" or a Money, got ${kindOf(value)}; never pass money as a JS number.`);
}

function toHaveCharged(received: unknown, kind: FeeKind, options: ChargeMatcherOptions = {}): MatcherResult {
  const all = timelineEvents(received, 'toHaveCharged');
  if (typeof kind !== 'string' || (kind as string) === '') throw new TypeError(`toHaveCharged: expected a fee kind, got ${kindOf(kind)}.`);
  const on = optionDate(options.on, 'toHaveCharged');
  const { events, who, note } = scope(all, options.claimId);
  const created = ofType(events, 'claim-created');
  const currencyOf = (claimId: string): string => created.find((c) => c.claimId === claimId)?.claim.currency ?? 'EUR';
  const fees = ofType(events, 'fee-charged');
  const expected = options.amount;
  if (expected !== undefined) expectedAmount(expected, 'toHaveCharged', 'amount', created[0]?.claim.currency ?? 'EUR');
  const matches = (e: ClaimEventOf<'fee-charged'>): boolean => {
    if (e.kind !== kind || (on !== undefined && e.date !== on)) return false;
    if (expected === undefined) return true;
    const want = expectedAmount(expected, 'toHaveCharged', 'amount', currencyOf(e.claimId));
    return want.currency === currencyOf(e.claimId) && new Dec(e.amount).equals(want.amount);
  };
  const hit = fees.find(matches);
  const multi = manyClaims(fees);
  const show = (e: ClaimEventOf<'fee-charged'>): string =>
    `${e.kind} ${e.amount} ${currencyOf(e.claimId)} on ${e.date} (${e.code})${multi ? ` [claim ${e.claimId}]` : ''}`;
  const wantedAmount =
    expected === undefined ? '' : ` of ${typeof expected === 'string' ? expected : amountText(expected)}`;
  const wanted = `charged ${kind}${wantedAmount}${on === undefined ? '' : ` on ${on}`}`;
  if (hit !== undefined) {
    return { pass: true, message: () => `expected ${who} not to have ${wanted}, but it did: ${show(hit)}.` };
  }
  const found = fees.length === 0 ? `it charged no fees${note}` : `it charged ${fees.map(show).join(', ')}`;
  return { pass: false, message: () => `expected ${who} to have ${wanted}, but ${found}.` };
}

function toHaveEventSequence(received: unknown, types: readonly ClaimEventType[], options: SequenceMatcherOptions = {}): MatcherResult {
  const all = timelineEvents(received, 'toHaveEventSequence');
  if (!Array.isArray(types) || types.length === 0) throw new TypeError(`toHaveEventSequence: expected a non-empty array of event types, got ${kindOf(types)}.`);
  const unknown = types.find((t) => typeof t !== 'string' || !(t in knownTypes));
  if (unknown !== undefined) throw new TypeError(`toHaveEventSequence: ${kindOf(unknown)} is not a claim event type; known types: ${Object.keys(knownTypes).join(', ')}.`);
  const { events, who, note } = scope(all, options.claimId);
  const wanted = types.join(' → ');

  if (options.exact === true) {
    const found = events.map((e) => e.type);
    const at = found.findIndex((t, i) => t !== types[i]);
    const differs = at >= 0 ? at : found.length !== types.length ? Math.min(found.length, types.length) : -1;
    const pass = differs < 0;
    return {
      pass,
      actual: found,
      expected: [...types],
      message: () =>
        pass
          ? `expected ${who} not to have exactly the events ${wanted}, but it has.`
          : `expected ${who} to have exactly the events ${wanted}, but they differ at position ${differs} ` +
            `(expected ${types[differs] ?? 'no more events'}, found ${found[differs] ?? 'no more events'})${note}; its events: ${listTypes(events)}.`,
    };
  }

  let j = 0;
  const matchedAt: number[] = [];
  events.forEach((e, i) => {
    if (j < types.length && e.type === types[j]) {
      matchedAt.push(i);
      j++;
    }
  });
  const pass = j === types.length;
  const describeMatch = (): string => {
    if (j === 0) return `there is no "${types[0]}" at all${note}`;
    const last = matchedAt[j - 1] as number;
    const prefix = types.slice(0, j).map((t, k) => `${t} (#${matchedAt[k]})`).join(', ');
    const later = events.findIndex((e, i) => i <= last && e.type === types[j]);
    return (
      `it matched ${prefix}, then found no "${types[j]}" after #${last}` +
      (later >= 0 ? ` ("${types[j]}" occurs earlier, at #${later}: the order differs)` : '')
    );
  };
  return {
    pass,
    message: () =>
      pass
        ? `expected ${who} not to have the events ${wanted} in this order, but it has them at ${matchedAt.map((i) => `#${i}`).join(', ')}.`
        : `expected ${who} to have the events ${wanted} in this order, but ${describeMatch()}; its events: ${listTypes(events)}.`,
  };
}

const figures = ['principal', 'interest', 'costs', 'total'] as const;

function isStatement(value: unknown): value is Statement {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return figures.every((f) => {
    const m = s[f] as Money | undefined;
    return typeof m === 'object' && m !== null && Dec.isDecimal(m.amount) && typeof m.currency === 'string';
  });
}

function toBalance(received: unknown, expected: BalanceExpectation): MatcherResult {
  if (!isStatement(received)) {
    throw new TypeError(`toBalance: expected a Statement (with principal, interest, costs and total as Money), got ${kindOf(received)}.`);
  }
  if (typeof expected !== 'object' || expected === null) throw new TypeError(`toBalance: expected { principal?, interest?, costs?, total? }, got ${kindOf(expected)}.`);
  const extra = Object.keys(expected).filter((k) => !(figures as readonly string[]).includes(k));
  if (extra.length > 0) throw new TypeError(`toBalance: unknown figure ${extra.map((k) => `"${k}"`).join(', ')}; use principal, interest, costs and total.`);
  const given = figures.filter((f) => expected[f] !== undefined);
  if (given.length === 0) throw new TypeError('toBalance: name at least one of principal, interest, costs and total.');
  const statement = received;
  const rows = given.map((f) => {
    const want = expectedAmount(expected[f] as string | Money, 'toBalance', f, statement.currency);
    const have = statement[f];
    const equal = want.currency === have.currency && want.amount.equals(have.amount);
    return { figure: f, want, have, equal };
  });
  const pass = rows.every((r) => r.equal);
  const of = `the statement${typeof statement.claimId === 'string' ? ` of claim ${statement.claimId}` : ''}${
    typeof statement.asOf === 'string' ? ` as of ${statement.asOf}` : ''
  }`;
  const wanted = rows.map((r) => `${r.figure} ${amountText(r.want)}`).join(', ');
  const whole = figures.map((f) => `${f} ${amountText(statement[f])}`).join(', ');
  const wrong = rows
    .filter((r) => !r.equal)
    .map((r) => `${r.figure} is ${amountText(r.have)} (expected ${amountText(r.want)})`)
    .join(', ');
  return {
    pass,
    actual: Object.fromEntries(rows.map((r) => [r.figure, amountText(r.have)])),
    expected: Object.fromEntries(rows.map((r) => [r.figure, amountText(r.want)])),
    message: () =>
      pass
        ? `expected ${of} not to balance to ${wanted}, but it does (${whole}).`
        : `expected ${of} to balance to ${wanted}, but ${wrong}. The statement: ${whole}.`,
  };
}

/**
 * The mahnwerk matchers as plain functions, for `expect.extend(mahnwerkMatchers)` (or use
 * {@link installMatchers}). Each returns `{ pass, message }`; the message says what was expected
 * and what was found, for the assertion and for its `.not`. Invalid input (not a timeline, a
 * misspelt event type, money as a JS number) throws a `TypeError` whether or not `.not` is used.
 */
export const mahnwerkMatchers = {
  /**
   * `expect(timeline).toHaveEnteredStage(stage, { on?, claimId? })`.
   *
   * @param received - the timeline
   * @param stage - the stage id
   * @param options - day and claim
   * @returns the matcher result
   */
  toHaveEnteredStage,
  /**
   * `expect(timeline).toHaveCharged(kind, { amount?, on?, claimId? })`.
   *
   * @param received - the timeline
   * @param kind - the fee kind
   * @param options - amount, day and claim
   * @returns the matcher result
   */
  toHaveCharged,
  /**
   * `expect(timeline).toHaveEventSequence(types, { exact?, claimId? })`.
   *
   * @param received - the timeline
   * @param types - the event types in order
   * @param options - exactness and claim
   * @returns the matcher result
   */
  toHaveEventSequence,
  /**
   * `expect(statement).toBalance({ principal?, interest?, costs?, total? })`.
   *
   * @param received - the statement
   * @param expected - the figures
   * @returns the matcher result
   */
  toBalance,
};

/**
 * Adds {@link mahnwerkMatchers} to vitest's `expect` (call it once, e.g. in a setup file). The
 * TypeScript declarations come with `import '@mahnwerk/testing/vitest'`.
 */
export function installMatchers(): void {
  expect.extend(mahnwerkMatchers);
}
