import { addDays, daysBetween, type IsoDate } from '../calendar/date.js';
import { decide } from '../engine/decide.js';
import { amountToSettle, bookIncomingPayment } from '../engine/fee-corrections.js';
import { nextReviewAt } from '../engine/review.js';
import type { ContactRecord } from '../engine/guards.js';
import type { DecideContext } from '../engine/triggers.js';
import type { ClaimEvent, ClaimFacts } from '../ledger/events.js';
import { project } from '../ledger/project.js';
import type { ClaimState, Statement } from '../ledger/state.js';
import { statement as statementOf, statementAsOf, type StatementOptions } from '../ledger/statement.js';
import { isPositive, money, multiply, roundMoney, type Money } from '../money/money.js';
import { resolvePolicy, type PolicySpec } from '../policy/builtin/index.js';
import type { Policy } from '../policy/schema.js';
import { Agenda } from './agenda.js';
import { validateSimulationInput, type BehaviourInput, type ScriptedAction } from './input.js';
import { createPrng, deriveSeed, type Prng } from './prng.js';

/** What {@link simulate} needs. */
export interface SimulationInput {
  /** The claims of the book. */
  readonly claims: readonly ClaimFacts[];
  /** A policy, a built-in policy id, or `'auto'` (by debtor kind). */
  readonly policy: PolicySpec;
  /** First simulated day. */
  readonly from: IsoDate;
  /** Last simulated day; balances are as of its end. */
  readonly to: IsoDate;
  /** Payments during the run: `{ claimId, date, amount }` with amount a decimal string. */
  readonly payments?: readonly unknown[];
  /** Scripted actions and/or a probability model of debtor behaviour. */
  readonly behaviour?: BehaviourInput;
  /** Seed of the behaviour model; the same seed gives the same timeline. Default 1. */
  readonly seed?: number;
  /** Statement options (base-rate table, beyond-known base rates, day count, rounding). */
  readonly statement?: StatementOptions;
  /** Called after each simulated day with the number of days done and the total, for progress bars. */
  readonly onProgress?: (daysDone: number, dayCount: number) => void;
}

/** One simulated message: what the engine would have sent. */
export interface SimulatedMessage {
  /** The claim. */
  readonly claimId: string;
  /** The message id (deterministic). */
  readonly messageId: string;
  /** Day it was sent. */
  readonly date: IsoDate;
  /** The stage it belongs to. */
  readonly stage: string;
  /** The channel it went out on. */
  readonly channel: string;
  /** The template name. */
  readonly template: string;
  /** The payment deadline it set, if any. */
  readonly deadline?: IsoDate;
  /** What the claim amounted to when the message went out (the statement's totals). */
  readonly totals: StatementTotals;
  /**
   * The claim's full statement as of the day it was sent, with every line. Computed on demand
   * from the claim's events when read (each read computes it again; keep the value if you need
   * it twice), so a simulation does not hold every letter's statement in memory.
   */
  readonly statement: Statement;
}

/** The totals of a statement: what a claim amounts to, without the lines. */
export interface StatementTotals {
  /** Principal outstanding. */
  readonly principal: Statement['principal'];
  /** Interest outstanding. */
  readonly interest: Statement['interest'];
  /** Costs outstanding. */
  readonly costs: Statement['costs'];
  /** principal + interest + costs. */
  readonly total: Statement['total'];
}

/** A claim at the end of the simulation. */
export interface SimulatedClaim {
  /** The claim id. */
  readonly id: string;
  /** Its facts. */
  readonly facts: ClaimFacts;
  /** Status at the end. */
  readonly status: ClaimState['status'];
  /** Stage at the end (null if no stage was entered). */
  readonly stage: string | null;
  /**
   * Statement as of the end of the last simulated day. Computed on demand from `events` when read
   * (each read computes it again), so the result does not hold every claim's lines in memory.
   */
  readonly statement: Statement;
  /** Every event of the claim. */
  readonly events: readonly ClaimEvent[];
}

/** The outcome of {@link simulate}. */
export interface SimulationResult {
  /** Every event of every claim in date order (ties: claim order, then the order they happened). */
  readonly events: readonly ClaimEvent[];
  /** The claims at the end. */
  readonly claims: readonly SimulatedClaim[];
  /** Every message the engine would have sent. */
  readonly messages: readonly SimulatedMessage[];
  /** Number of times the engine looked at a claim (the run's cost measure). */
  readonly decisions: number;
}

/** What {@link simulateStream} hands over as the run goes. Every handler is optional. */
export interface SimulationHandlers {
  /**
   * Every event, as it is recorded: days in order, on a day claims in book order. An event's
   * `date` can lie before the day it was recorded (`default-began` carries the first day of
   * default, an expired hold its first day without the hold); {@link simulate} sorts by `date`.
   */
  readonly onEvent?: (event: ClaimEvent) => void;
  /** Every message, the day it goes out (its `statement` is computed only if read). */
  readonly onMessage?: (message: SimulatedMessage) => void;
  /**
   * A claim once nothing more can happen to it in the run (no review, payment or action left up to
   * `to`), or at the end of the run. Its `statement` (as of `to`) is computed only if read. After
   * this call the run keeps nothing of the claim, unless the handler keeps it.
   */
  readonly onClaim?: (claim: SimulatedClaim) => void;
}

/** What {@link simulateStream} returns at the end: the counts of the run. */
export interface SimulationCounts {
  /** Claims simulated. */
  readonly claims: number;
  /** Events recorded, `claim-created` included. */
  readonly events: number;
  /** Messages sent. */
  readonly messages: number;
  /** Number of times the engine looked at a claim (the run's cost measure). */
  readonly decisions: number;
}

type Input =
  | { readonly kind: 'payment'; readonly date: IsoDate; readonly amount: Money | 'full'; readonly share?: 'half'; readonly paymentId?: string }
  | { readonly kind: 'action'; readonly date: IsoDate; readonly action: ScriptedAction };

interface ClaimRun {
  readonly index: number;
  readonly facts: ClaimFacts;
  readonly policy: Policy;
  readonly prng: Prng;
  events: ClaimEvent[];
  state: ClaimState;
  inputs: Input[];
  scheduled: IsoDate | null;
  paymentCount: number;
  installmentsToPay: number;
  statementOptions: StatementOptions;
}

/**
 * Runs a book of claims through a policy on a virtual clock, without side effects. The engine
 * looks at each claim only on days something can happen (its next review, a payment, a scripted
 * action), so the cost grows with events, not with days × claims. Deterministic for a seed.
 *
 * @param input - claims, policy, period, payments and behaviour
 * @returns the timeline, the claims' final statements and every message that would have gone out
 * @throws ValidationError naming the record and field of the first bad input, before anything runs
 */
export function simulate(input: SimulationInput): SimulationResult {
  const timeline: { event: ClaimEvent; claim: number; seq: number }[] = [];
  const claims: SimulatedClaim[] = new Array(input.claims.length);
  const messages: SimulatedMessage[] = [];
  const index = new Map(input.claims.map((c, i) => [c.id, i]));
  const counts = simulateStream(input, {
    onEvent: (event) => timeline.push({ event, claim: index.get(event.claimId) as number, seq: timeline.length }),
    onMessage: (message) => messages.push(message),
    onClaim: (claim) => {
      claims[index.get(claim.id) as number] = claim;
    },
  });
  timeline.sort((a, b) => (a.event.date < b.event.date ? -1 : a.event.date > b.event.date ? 1 : a.claim - b.claim || a.seq - b.seq));
  return { events: timeline.map((t) => t.event), claims, messages, decisions: counts.decisions };
}

/**
 * {@link simulate} as a stream, for books too large to hold: the same run, but events, messages
 * and finished claims are handed to callbacks as they happen, and a claim's state is dropped once
 * nothing more can happen to it in the run (memory follows the claims in progress, not the book).
 * Final statements are computed only when a handler reads them.
 *
 * @param input - claims, policy, period, payments and behaviour (as for {@link simulate})
 * @param handlers - `onEvent`, `onMessage`, `onClaim`
 * @returns the counts of the run
 * @throws ValidationError naming the record and field of the first bad input, before anything runs
 */
export function simulateStream(input: SimulationInput, handlers: SimulationHandlers): SimulationCounts {
  const { from, to } = input;
  const emitEvent = handlers.onEvent ?? ((): void => {});
  const emitMessage = handlers.onMessage ?? ((): void => {});
  const emitClaim = handlers.onClaim ?? ((): void => {});
  const stOpts = input.statement ?? {};
  const statement = (state: ClaimState, date: IsoDate): Statement => statementOf(state, date, stOpts);
  const checked = validateSimulationInput(input.claims, input.payments ?? [], input.behaviour, from, to);
  const seed = input.seed ?? 1;
  const model = checked.behaviour.model;
  // A claim's run is made on its first day in the run (undefined before), and replaced by null
  // once it is finished, so memory follows the claims in progress, not the book.
  const runs: (ClaimRun | null | undefined)[] = new Array(input.claims.length);
  const pending = new Map<number, Input[]>();
  const index = new Map(input.claims.map((c, i) => [c.id, i]));
  const pendingOf = (claimId: string): { i: number; list: Input[]; currency: string } => {
    const i = index.get(claimId) as number;
    let list = pending.get(i);
    if (list === undefined) pending.set(i, (list = []));
    return { i, list, currency: (input.claims[i] as ClaimFacts).currency };
  };
  for (const p of checked.payments) {
    const { list, currency } = pendingOf(p.claimId);
    list.push({ kind: 'payment', date: p.date, amount: money(p.amount, currency), ...(p.paymentId ? { paymentId: p.paymentId } : {}) });
  }
  for (const action of checked.behaviour.script) pendingOf(action.claimId).list.push({ kind: 'action', date: action.date, action });
  index.clear();
  for (const list of pending.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  let eventCount = 0;
  let messageCount = 0;
  const start = (i: number): ClaimRun => {
    const facts = input.claims[i] as ClaimFacts;
    const created: ClaimEvent = { type: 'claim-created', claimId: facts.id, date: facts.invoiceDate, claim: facts };
    const run: ClaimRun = {
      index: i,
      facts,
      policy: resolvePolicy(input.policy, facts.debtor.kind),
      prng: createPrng(deriveSeed(seed, facts.id)),
      events: [created],
      state: project([created]),
      inputs: pending.get(i) ?? [],
      scheduled: null,
      paymentCount: 0,
      installmentsToPay: Number.POSITIVE_INFINITY,
      statementOptions: input.statement ?? {},
    };
    pending.delete(i);
    runs[i] = run;
    eventCount++;
    emitEvent(created);
    return run;
  };

  const agenda = new Agenda();
  const schedule = (i: number, date: IsoDate | null): void => {
    const run = runs[i] as ClaimRun;
    if (date === null || date > to) return;
    const when = date < from ? from : date;
    if (run.scheduled !== null && run.scheduled <= when) return;
    run.scheduled = when;
    agenda.push({ date: when, claim: i });
  };
  // Each claim's first look: its invoice day (or the first day of the run).
  input.claims.forEach((facts, i) => agenda.push({ date: from > facts.invoiceDate ? from : facts.invoiceDate, claim: i }));

  const contacts = new Map<string, ContactRecord[]>();
  let decisions = 0;
  const totalDays = Math.max(1, dayIndex(from, to) + 1);
  let lastProgressDay = -1;

  const append = (i: number, events: readonly ClaimEvent[]): void => {
    const run = runs[i] as ClaimRun;
    if (events.length === 0) return;
    run.events.push(...events);
    run.state = project(run.events);
    for (const event of events) {
      eventCount++;
      emitEvent(event);
    }
  };
  /** Hands a claim over and drops its run: nothing more happens to it before `to`. */
  const finish = (run: ClaimRun): void => {
    runs[run.index] = null;
    emitClaim(finishedClaim(run, to, stOpts));
  };
  // Contacts older than the 31-day window are dropped once a simulated week, so the map follows
  // the debtors written to recently, not every debtor of the book.
  let contactsPrunedOn: IsoDate | null = null;

  for (let item = agenda.pop(); item !== undefined; item = agenda.pop()) {
    const i = item.claim;
    const known = runs[i];
    if (known === null || (known !== undefined && known.scheduled !== item.date)) continue; // finished, or superseded by an earlier review
    const run = known ?? start(i);
    run.scheduled = null;
    const today = item.date;
    if (contactsPrunedOn === null || today >= addDays(contactsPrunedOn, 7)) {
      const window = addDays(today, -31);
      for (const [debtor, list] of contacts) if (!list.some((c) => c.date > window)) contacts.delete(debtor);
      contactsPrunedOn = today;
    }
    if (input.onProgress) {
      const d = dayIndex(from, today);
      if (d > lastProgressDay) {
        lastProgressDay = d;
        input.onProgress(d, totalDays);
      }
    }
    // The engine runs first on a day (like a host's morning runDue), then the day's payments and
    // debtor actions are booked, then the engine looks again if anything was booked. So default
    // that began earlier is on the ledger before a payment is allocated (§ 367 BGB: interest first).
    const debtorId = run.facts.debtor.id;
    const context = (): DecideContext => ({
      recentContacts: contacts.get(debtorId) ?? [],
      ...(input.statement ? { statement: input.statement } : {}),
    });
    let next: IsoDate | null = null;
    const consider = (date: IsoDate | null): void => {
      if (date !== null && date > today && (next === null || date < next)) next = date;
    };
    const engineRun = (): void => {
      decisions++;
      const decision = decide(run.state, run.policy, today, context());
      append(i, decision.events);
      consider(decision.nextReviewAt);
      // Messages go out the same day on the simulated channels; the debtor may react.
      const sent: ClaimEvent[] = [];
      for (const event of decision.events) {
        if (event.type !== 'message-queued') continue;
        sent.push({ type: 'message-sent', claimId: run.facts.id, date: today, messageId: event.messageId, channel: event.channel });
        const window = addDays(today, -31);
        const list = (contacts.get(debtorId) ?? []).filter((c) => c.date > window);
        list.push({ date: today, channel: event.channel, claimId: run.facts.id, messageId: event.messageId });
        contacts.set(debtorId, list);
        messageCount++;
        emitMessage(simulatedMessage(run, event, today, statement(run.state, today), stOpts));
        if (model) react(run, model, today, event.deadline);
      }
      if (sent.length > 0) {
        append(i, sent);
        // A sent notice can start default on its receipt: look again then.
        consider(nextReviewAt(run.state, run.policy, context(), today));
      }
    };
    engineRun();
    let booked = false;
    while (run.inputs.length > 0 && (run.inputs[0] as Input).date <= today) {
      const item = run.inputs.shift() as Input;
      const events = applyInput(run, item, today, statement);
      append(i, events);
      booked ||= events.length > 0;
    }
    if (booked) engineRun();
    consider(run.inputs[0]?.date ?? null);
    schedule(i, next);
    if (run.scheduled === null) finish(run);
  }
  for (const run of runs) if (run !== null && run !== undefined) finish(run);
  input.onProgress?.(totalDays, totalDays);
  return { claims: runs.length, events: eventCount, messages: messageCount, decisions };
}

/** A claim at the end of its run; the statement is computed from its events when read. */
function finishedClaim(run: ClaimRun, to: IsoDate, options: StatementOptions): SimulatedClaim {
  const events = run.events;
  return {
    id: run.facts.id,
    facts: run.facts,
    status: run.state.status,
    stage: run.state.stage,
    get statement(): Statement {
      return statementAsOf(events, to, options);
    },
    events,
  };
}

/** A sent message with its totals; the full statement is computed from the events so far when read. */
function simulatedMessage(
  run: ClaimRun,
  event: Extract<ClaimEvent, { type: 'message-queued' }>,
  today: IsoDate,
  st: Statement,
  options: StatementOptions,
): SimulatedMessage {
  const events = run.events;
  const upTo = events.length;
  return {
    claimId: run.facts.id,
    messageId: event.messageId,
    date: today,
    stage: event.stage,
    channel: event.channel,
    template: event.template,
    ...(event.deadline ? { deadline: event.deadline } : {}),
    totals: { principal: st.principal, interest: st.interest, costs: st.costs, total: st.total },
    get statement(): Statement {
      return statementAsOf(events.slice(0, upTo), today, options);
    },
  };
}

/** The debtor's modelled reaction to a message: maybe a payment (in full or half), maybe a dispute. */
function react(
  run: ClaimRun,
  model: NonNullable<ReturnType<typeof validateSimulationInput>['behaviour']['model']>,
  today: IsoDate,
  deadline: IsoDate | undefined,
): void {
  const [minDays, maxDays] = model.payWithinDays;
  if (run.prng.chance(toProbability(model.disputeAfterMessage))) {
    const opened = addDays(today, run.prng.int(1, 5));
    insertInput(run, { kind: 'action', date: opened, action: { type: 'dispute', claimId: run.facts.id, date: opened } });
    const resolved = addDays(opened, 21);
    insertInput(run, { kind: 'action', date: resolved, action: { type: 'resolve-dispute', claimId: run.facts.id, date: resolved, outcome: 'creditor-right' } });
    return;
  }
  if (!run.prng.chance(toProbability(model.payAfterMessage))) return;
  let days = run.prng.int(Math.min(minDays, maxDays), Math.max(minDays, maxDays));
  if (deadline !== undefined && addDays(today, days) > deadline) days = dayIndex(today, deadline);
  days = Math.max(1, days); // the debtor reacts on a later day than the message
  const date = addDays(today, days);
  const half = run.prng.chance(toProbability(model.partialShare));
  insertInput(run, { kind: 'payment', date, amount: 'full', ...(half ? { share: 'half' as const } : {}) });
}

function toProbability(p: number | string): number {
  return typeof p === 'number' ? p : Number.parseFloat(p);
}

function insertInput(run: ClaimRun, input: Input): void {
  let k = run.inputs.length;
  while (k > 0 && (run.inputs[k - 1] as Input).date > input.date) k--;
  run.inputs.splice(k, 0, input);
}

/** What the claim amounts to before a payment on `today`: as of the end of the day before (§ 367 BGB), or nothing accrued yet on the invoice day. */
function owedBefore(state: ClaimState, today: IsoDate, statement: (state: ClaimState, date: IsoDate) => Statement): Money {
  return statement(state, today > state.facts.invoiceDate ? addDays(today, -1) : today).total;
}

/** Turns one debtor input into ledger events (payments are allocated per § 367 BGB). */
function applyInput(run: ClaimRun, input: Input, today: IsoDate, statement: (state: ClaimState, date: IsoDate) => Statement): ClaimEvent[] {
  const claimId = run.facts.id;
  const state = run.state;
  if (state.status === 'settled' || state.status === 'written-off') {
    if (input.kind === 'payment' && input.amount !== 'full') return payment(run, input.amount, today, input.paymentId);
    return [];
  }
  if (input.kind === 'payment') {
    let amount: Money;
    if (input.amount === 'full') {
      const due = owedBefore(state, today, statement);
      amount = input.share === 'half' ? roundMoney(multiply(due, '0.5')) : amountToSettle(state, today, due, { statement: run.statementOptions });
    } else amount = input.amount;
    if (!isPositive(amount)) return [];
    return payment(run, amount, today, input.paymentId);
  }
  const a = input.action;
  switch (a.type) {
    case 'pay':
      return payment(run, money(a.amount, run.facts.currency), today);
    case 'pay-in-full': {
      const due = owedBefore(state, today, statement);
      return isPositive(due) ? payment(run, amountToSettle(state, today, due, { statement: run.statementOptions }), today) : [];
    }
    case 'dispute':
      return [{ type: 'dispute-opened', claimId, date: today, disputeId: `${claimId}:dispute:${today}:${state.disputes.length + 1}`, ...(a.note ? { note: a.note } : {}) }];
    case 'resolve-dispute': {
      const open = state.disputes.find((d) => d.resolvedOn === undefined);
      return open ? [{ type: 'dispute-resolved', claimId, date: today, disputeId: open.disputeId, outcome: a.outcome }] : [];
    }
    case 'hold':
      return [
        {
          type: 'hold-placed',
          claimId,
          date: today,
          holdId: `${claimId}:hold:${today}:${state.holds.length + 1}`,
          note: a.note,
          interestRuns: a.interestRuns,
          ...(a.until ? { until: a.until } : {}),
        },
      ];
    case 'lift-hold': {
      const open = state.holds.find((h) => h.liftedOn === undefined);
      return open ? [{ type: 'hold-lifted', claimId, date: today, holdId: open.holdId, expired: false }] : [];
    }
    case 'installment-plan': {
      const planId = `${claimId}:plan:${today}:${state.events.filter((e) => e.type === 'installment-plan-agreed').length + 1}`;
      const paying = a.paysInstallments ?? a.installments.length;
      a.installments.slice(0, paying).forEach((inst) => {
        insertInput(run, { kind: 'payment', date: inst.dueDate, amount: money(inst.amount, run.facts.currency) });
      });
      return [{ type: 'installment-plan-agreed', claimId, date: today, planId, installments: a.installments }];
    }
  }
}

/**
 * Books a payment: a simple-case reduction of the collection costs first where the payment makes
 * the case simple (Anm. Abs. 2 S. 2 zu Nr. 2300 VV RVG), then the § 367 BGB allocation.
 */
function payment(run: ClaimRun, amount: Money, date: IsoDate, paymentId?: string): ClaimEvent[] {
  run.paymentCount++;
  return bookIncomingPayment(run.state, { paymentId: paymentId ?? `${run.facts.id}:pay:${run.paymentCount}`, amount, date }, { statement: run.statementOptions });
}

function dayIndex(from: IsoDate, date: IsoDate): number {
  return daysBetween(from, date);
}
