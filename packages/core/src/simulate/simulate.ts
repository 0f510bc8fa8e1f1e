import { addDays, daysBetween, type IsoDate } from '../calendar/date.js';
import { amountDueInFull, decideCommand, decideCreateClaim, factsBefore, type ClaimCommand, type CommandContext } from '../engine/commands.js';
import type { DecideContext } from '../engine/context.js';
import { runDay } from '../engine/day.js';
import { decide } from '../engine/decide.js';
import { messageSentEvent } from '../engine/delivery-events.js';
import type { ContactRecord } from '../engine/guards.js';
import { nextReviewAt } from '../engine/review.js';
import type { ClaimEvent, ClaimFacts } from '../ledger/events.js';
import { evolve, initialState } from '../ledger/project.js';
import type { ClaimState, Statement } from '../ledger/state.js';
import { statement as statementOf, type StatementOptions } from '../ledger/statement.js';
import { isPositive, multiply, roundMoney, toAmountString } from '../money/money.js';
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

/**
 * What the debtor does on a day, before it is a command: a payment of a given amount or "in full"
 * (the amount is read off the claim that day), or a scripted action.
 *
 * @internal
 */
export type Input =
  | { readonly kind: 'payment'; readonly date: IsoDate; readonly amount: string | 'full'; readonly share?: 'half'; readonly paymentId?: string }
  | { readonly kind: 'action'; readonly date: IsoDate; readonly action: ScriptedAction };

interface ClaimRun {
  readonly facts: ClaimFacts;
  readonly policy: Policy;
  readonly prng: Prng;
  state: ClaimState;
  inputs: Input[];
  scheduled: IsoDate | null;
}

/**
 * The command a debtor input stands for on `today`, or `null` when it asks for nothing (a payment in
 * full when nothing is owed, resolving a dispute or lifting a hold when none is open). Ids are left
 * to the deciders. This translates the script; the booking is `decideCommand`'s.
 *
 * @internal
 */
export function commandForInput(state: ClaimState, input: Input, today: IsoDate, context: CommandContext): ClaimCommand | null {
  const claimId = state.facts.id;
  if (input.kind === 'payment') {
    let amount = input.amount;
    if (amount === 'full') {
      if (state.status === 'settled' || state.status === 'written-off') return null;
      const seen = factsBefore(state, today, context).state;
      const due = amountDueInFull(seen, today, context);
      const paid = input.share === 'half' ? roundMoney(multiply(statementOf(seen, today > state.facts.invoiceDate ? addDays(today, -1) : today, context.statement ?? {}).total, '0.5')) : due;
      if (!isPositive(paid)) return null;
      amount = toAmountString(paid);
    }
    return { type: 'record-payment', claimId, amount, date: today, ...(input.paymentId === undefined ? {} : { paymentId: input.paymentId }) };
  }
  const a = input.action;
  // A debtor acts on a closed claim only by paying (the payment is recorded as unapplied).
  if ((state.status === 'settled' || state.status === 'written-off') && a.type !== 'pay') return null;
  switch (a.type) {
    case 'pay':
      return { type: 'record-payment', claimId, amount: a.amount, date: today };
    case 'pay-in-full':
      return commandForInput(state, { kind: 'payment', date: today, amount: 'full' }, today, context);
    case 'dispute':
      return { type: 'open-dispute', claimId, date: today, ...(a.note === undefined ? {} : { note: a.note }) };
    case 'resolve-dispute': {
      const open = state.disputes.find((d) => d.resolvedOn === undefined);
      return open === undefined ? null : { type: 'resolve-dispute', claimId, date: today, disputeId: open.disputeId, outcome: a.outcome };
    }
    case 'hold':
      return { type: 'place-hold', claimId, date: today, note: a.note, interestRuns: a.interestRuns, ...(a.until === undefined ? {} : { until: a.until }) };
    case 'lift-hold': {
      const open = state.holds.find((h) => h.liftedOn === undefined);
      return open === undefined ? null : { type: 'lift-hold', claimId, date: today, holdId: open.holdId };
    }
    case 'installment-plan':
      return { type: 'agree-installment-plan', claimId, date: today, installments: a.installments };
    case 'promise':
      return { type: 'record-promise', claimId, date: today, amount: a.amount, by: a.by };
  }
}

/**
 * Runs a book of claims through a policy on a virtual clock, without side effects. The engine
 * looks at each claim only on days something can happen (its next review, a payment, a scripted
 * action), so the cost grows with events, not with days × claims. Deterministic for a seed.
 *
 * Each day of a claim runs in the engine's {@link dayOrder}: the day's payments and debtor actions
 * as commands (`decideCommand`, the host API's deciders), then the engine's decision (`decide`),
 * then delivery — every message is sent the day it is queued. A claim is created on its invoice
 * date (`decideCreateClaim`). So the timeline is what `createMahnwerk` records when a host books
 * the same commands and calls `runDue` each day.
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
  const runs: ClaimRun[] = checked.claims.map((facts) => {
    const policy = resolvePolicy(input.policy, facts.debtor.kind);
    return {
      facts,
      policy,
      prng: createPrng(deriveSeed(seed, facts.id)),
      state: initialState(decideCreateClaim(facts, facts.invoiceDate, policy)),
      inputs: [],
      scheduled: null,
    };
  });
  const index = new Map(runs.map((r, i) => [r.facts.id, i]));
  for (const p of checked.payments) {
    const run = runs[index.get(p.claimId) as number] as ClaimRun;
    run.inputs.push({ kind: 'payment', date: p.date, amount: p.amount, ...(p.paymentId ? { paymentId: p.paymentId } : {}) });
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
    for (const event of run.state.events) timeline.push({ event, claim: i, seq: seq++ });
  });
  let decisions = 0;
  const totalDays = Math.max(1, dayIndex(from, to) + 1);
  let lastProgressDay = -1;

  const append = (i: number, events: readonly ClaimEvent[]): void => {
    const run = runs[i] as ClaimRun;
    for (const event of events) {
      run.state = evolve(run.state, event);
      timeline.push({ event, claim: i, seq: seq++ });
    }
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
    const debtorId = run.facts.debtor.id;
    const context = (): DecideContext => ({
      recentContacts: contacts.get(debtorId) ?? [],
      ...(input.statement ? { statement: input.statement } : {}),
    });
    const commandContext: CommandContext = { policy: run.policy, ...(input.statement ? { statement: input.statement } : {}) };
    let next: IsoDate | null = null;
    const consider = (date: IsoDate | null): void => {
      if (date !== null && date > today && (next === null || date < next)) next = date;
    };
    let queued: ClaimEvent[] = [];
    runDay({
      commands: () => {
        while (run.inputs.length > 0 && (run.inputs[0] as Input).date <= today) {
          const debtorInput = run.inputs.shift() as Input;
          const command = commandForInput(run.state, debtorInput, today, commandContext);
          if (command === null) continue;
          const decision = decideCommand(run.state, command, today, commandContext);
          append(i, decision.events);
          if (debtorInput.kind === 'action' && debtorInput.action.type === 'installment-plan') {
            // The debtor's behaviour: pay the first `paysInstallments` installments on their due days.
            const a = debtorInput.action;
            a.installments.slice(0, a.paysInstallments ?? a.installments.length).forEach((inst) => {
              insertInput(run, { kind: 'payment', date: inst.dueDate, amount: inst.amount });
            });
          }
        }
      },
      decide: () => {
        decisions++;
        const decision = decide(run.state, run.policy, today, context());
        append(i, decision.events);
        consider(decision.nextReviewAt);
        queued = decision.events.filter((e) => e.type === 'message-queued');
      },
      deliver: () => {
        // Messages go out the same day on the simulated channels; the debtor may react.
        const sent: ClaimEvent[] = [];
        for (const event of queued) {
          if (event.type !== 'message-queued') continue;
          sent.push(messageSentEvent(run.facts.id, event.messageId, event.channel, today));
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
      },
    });
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
      events: run.state.events,
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

function dayIndex(from: IsoDate, date: IsoDate): number {
  return daysBetween(from, date);
}
