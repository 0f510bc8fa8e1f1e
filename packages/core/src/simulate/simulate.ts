import { addDays, daysBetween, type IsoDate } from '../calendar/date.js';
import { decide } from '../engine/decide.js';
import { amountToSettle, bookIncomingPayment } from '../engine/fee-corrections.js';
import { nextReviewAt } from '../engine/review.js';
import type { ContactRecord } from '../engine/guards.js';
import type { DecideContext } from '../engine/triggers.js';
import type { ClaimEvent, ClaimFacts } from '../ledger/events.js';
import { project } from '../ledger/project.js';
import type { ClaimState, Statement } from '../ledger/state.js';
import { statement as statementOf, type StatementOptions } from '../ledger/statement.js';
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
  /** The claim's statement as of the day it was sent. */
  readonly statement: Statement;
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
  /** Statement as of the end of the last simulated day. */
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

type Input =
  | { readonly kind: 'payment'; readonly date: IsoDate; readonly amount: Money | 'full'; readonly share?: 'half'; readonly paymentId?: string }
  | { readonly kind: 'action'; readonly date: IsoDate; readonly action: ScriptedAction };

interface ClaimRun {
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
  const { from, to } = input;
  const stOpts = input.statement ?? {};
  const statement = (state: ClaimState, date: IsoDate): Statement => statementOf(state, date, stOpts);
  const checked = validateSimulationInput(input.claims, input.payments ?? [], input.behaviour, from, to);
  const seed = input.seed ?? 1;
  const model = checked.behaviour.model;
  const runs: ClaimRun[] = input.claims.map((facts) => {
    const created: ClaimEvent = { type: 'claim-created', claimId: facts.id, date: facts.invoiceDate, claim: facts };
    return {
      facts,
      policy: resolvePolicy(input.policy, facts.debtor.kind),
      prng: createPrng(deriveSeed(seed, facts.id)),
      events: [created],
      state: project([created]),
      inputs: [],
      scheduled: null,
      paymentCount: 0,
      installmentsToPay: Number.POSITIVE_INFINITY,
      statementOptions: input.statement ?? {},
    };
  });
  const index = new Map(runs.map((r, i) => [r.facts.id, i]));
  for (const p of checked.payments) {
    const run = runs[index.get(p.claimId) as number] as ClaimRun;
    run.inputs.push({ kind: 'payment', date: p.date, amount: money(p.amount, run.facts.currency), ...(p.paymentId ? { paymentId: p.paymentId } : {}) });
  }
  for (const action of checked.behaviour.script) {
    const run = runs[index.get(action.claimId) as number] as ClaimRun;
    run.inputs.push({ kind: 'action', date: action.date, action });
  }
  for (const run of runs) run.inputs.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  const agenda = new Agenda();
  const schedule = (i: number, date: IsoDate | null): void => {
    const run = runs[i] as ClaimRun;
    if (date === null || date > to) return;
    const when = date < from ? from : date;
    if (run.scheduled !== null && run.scheduled <= when) return;
    run.scheduled = when;
    agenda.push({ date: when, claim: i });
  };
  runs.forEach((run, i) => schedule(i, from > run.facts.invoiceDate ? from : run.facts.invoiceDate));

  const contacts = new Map<string, ContactRecord[]>();
  const messages: SimulatedMessage[] = [];
  const timeline: { event: ClaimEvent; claim: number; seq: number }[] = [];
  let seq = 0;
  runs.forEach((run, i) => {
    for (const event of run.events) timeline.push({ event, claim: i, seq: seq++ });
  });
  let decisions = 0;
  const totalDays = Math.max(1, dayIndex(from, to) + 1);
  let lastProgressDay = -1;

  const append = (i: number, events: readonly ClaimEvent[]): void => {
    const run = runs[i] as ClaimRun;
    if (events.length === 0) return;
    run.events.push(...events);
    run.state = project(run.events);
    for (const event of events) timeline.push({ event, claim: i, seq: seq++ });
  };

  for (let item = agenda.pop(); item !== undefined; item = agenda.pop()) {
    const i = item.claim;
    const run = runs[i] as ClaimRun;
    if (run.scheduled !== item.date) continue; // superseded by an earlier review
    run.scheduled = null;
    const today = item.date;
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
        messages.push({
          claimId: run.facts.id,
          messageId: event.messageId,
          date: today,
          stage: event.stage,
          channel: event.channel,
          template: event.template,
          ...(event.deadline ? { deadline: event.deadline } : {}),
          statement: statement(run.state, today),
        });
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
  }
  input.onProgress?.(totalDays, totalDays);

  timeline.sort((a, b) => (a.event.date < b.event.date ? -1 : a.event.date > b.event.date ? 1 : a.claim - b.claim || a.seq - b.seq));
  return {
    events: timeline.map((t) => t.event),
    claims: runs.map((run) => ({
      id: run.facts.id,
      facts: run.facts,
      status: run.state.status,
      stage: run.state.stage,
      statement: statement(run.state, to),
      events: run.events,
    })),
    messages,
    decisions,
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
