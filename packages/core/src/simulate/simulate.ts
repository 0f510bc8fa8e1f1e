import { addDays, daysBetween, type IsoDate } from '../calendar/date.js';
import { amountTextDueInFull, decideCommand, decideCreateClaim, factsBefore, isAboveZero, type ClaimCommand, type CommandContext } from '../engine/commands.js';
import type { DecideContext } from '../engine/context.js';
import { runDay } from '../engine/day.js';
import { decide, stateAfterDecision } from '../engine/decide.js';
import { installmentAgreementTerms } from '../engine/installment-agreement.js';
import { messageSentEvent } from '../engine/delivery-events.js';
import type { ContactRecord } from '../engine/guards.js';
import type { BlockedStep } from '../engine/host-types.js';
import type { RenderCheck, Renderer } from '../engine/render.js';
import { MahnwerkError, ValidationError } from '../errors/errors.js';
import { placedError } from '../errors/placed.js';
import { nextReviewAfterSent, nextReviewAt } from '../engine/review.js';
import type { ClaimEvent, ClaimFacts } from '../ledger/events.js';
import { evolveAll, initialState, isTerminalStatus } from '../ledger/project.js';
import type { ClaimState, Statement } from '../ledger/state.js';
import { statement as statementOf, statementAsOf, statementFigures, type StatementFigures, type StatementOptions } from '../ledger/statement.js';
import { scaledToAmountString } from '../money/scaled.js';
import { resolvePolicy, type PolicySpec } from '../policy/builtin/index.js';
import type { Policy } from '../policy/schema.js';
import { Agenda } from './agenda.js';
import { collectLeanResult, factsAtEnd, type LeanSink } from './lean-result.js';
import { compactTotals } from './compact.js';
import { isScriptedActionField, isSimulationPaymentField, validateSimulationInput, type BehaviourInput, type ScriptedAction } from './input.js';
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
  /**
   * The renderer the host passes to `createMahnwerk({ render })` — or just `{ check }`. A simulation
   * writes no text, but asks the renderer's `check` ({@link RenderCheck}) before it books a stage that
   * queues messages, exactly as `runDue` does: a stage whose message no channel of it can write is
   * not entered (no stage, fee or hand-over; rule `guard.message-cannot-be-written`) and is listed in
   * the result's `blocked`. Pass the host's renderer so that the simulation takes the steps the host
   * takes — without it a simulation hands over (and charges collection costs for) claims whose
   * collection agency's letter the host's renderer refuses. Absent, or without a `check`: every
   * stage is entered, as before.
   */
  readonly render?: Pick<Renderer, 'check'>;
}

/** A step a guard blocked in a simulation: what `runDue(date).blocked` lists for the claim on that day. */
export interface SimulatedBlockedStep extends BlockedStep {
  /** The simulated day of the decision that was blocked. */
  readonly date: IsoDate;
}

/**
 * A scripted step its decider refused on its day, so nothing of it was booked: what the host's
 * method answers with an error (and writes nothing for) when a host books the same script. Refused
 * in a run are a correction of facts (`correct-facts`) — when a booked amount or an issued paper
 * rests on the old value (`FactCorrectionRefusedError`, code `fact_correction_refused`, with its
 * rule in `because`) or the claim has the value already (`invalid_input`) — and a credit note or
 * write-down (`adjustment`) above the principal open (`AdjustmentExceedsPrincipalError`, code
 * `adjustment_exceeds_principal`, field `amount`, the message naming the principal open); any other
 * step a decider refuses is a bad script, and the run throws its error, named by the entry (see
 * {@link simulate}).
 */
export interface SimulatedRefusal {
  /** The day of the step. */
  readonly date: IsoDate;
  /** The claim. */
  readonly claimId: string;
  /** The scripted action refused, e.g. `correct-facts` or `adjustment`. */
  readonly action: ScriptedAction['type'];
  /** The error's stable code, e.g. `fact_correction_refused`. */
  readonly code: string;
  /** The field the refusal names, e.g. `contractDate`. */
  readonly field?: string;
  /** For a refused correction: the rule that refused it (`court-dunning`, `handed-over`, `applicable-law`). */
  readonly because?: string;
  /** The decider's message: what was refused, why, and what to do instead. */
  readonly message: string;
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
  /** Its facts at the end: as the book gave them, with the corrections booked in the run (`correct-facts`) laid over them. */
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
  /**
   * Every event of the claim. In the result of {@link simulate} the claim holds its events in a
   * compact form and decodes them on each read: a fresh array of fresh objects each time (keep it if
   * you read it more than once), deep-equal to the events the run recorded.
   */
  readonly events: readonly ClaimEvent[];
}

/** The outcome of {@link simulate}. */
export interface SimulationResult {
  /**
   * Every event of every claim in date order (ties: claim order, then the order they happened).
   * Decoded from the claims' compact form on the first read, then kept.
   */
  readonly events: readonly ClaimEvent[];
  /** The claims at the end. */
  readonly claims: readonly SimulatedClaim[];
  /** Every message the engine would have sent. Decoded on the first read, then kept. */
  readonly messages: readonly SimulatedMessage[];
  /**
   * Number of times the engine looked at a claim (the run's cost measure): what `runDue(date).decided`
   * adds up to over the days for a host that runs the same book — a claim is looked at when its
   * review is due (from its creation's `nextReviewAt` on) or a command recorded something that day.
   */
  readonly decisions: number;
  /**
   * What guards blocked, day by day: every `blocked` reason of every decision of the run, dated —
   * the list `runDue(date).blocked` gives a host that runs the same book every day. By day, on a
   * day by claim (book order), a decision's reasons in their order.
   */
  readonly blocked: readonly SimulatedBlockedStep[];
  /** Scripted steps their decider refused, so nothing was booked for them (see {@link SimulatedRefusal}): by day, on a day by claim (book order). */
  readonly refused: readonly SimulatedRefusal[];
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
  /** Every step a guard blocked, with its day, as the decision is made (see {@link SimulationResult.blocked}). */
  readonly onBlocked?: (step: SimulatedBlockedStep) => void;
  /** Every scripted step its decider refused, on its day (see {@link SimulationResult.refused}). */
  readonly onRefused?: (refusal: SimulatedRefusal) => void;
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

/**
 * What the debtor does on a day, before it is a command: a payment of a given amount or "in full"
 * (the amount is read off the claim that day), or a scripted action.
 *
 * @internal
 */
export type Input =
  | {
      readonly kind: 'payment';
      readonly date: IsoDate;
      readonly amount: string | 'full';
      readonly share?: 'half';
      readonly paymentId?: string;
      /**
       * Where the payment comes from: its place in the run's `payments` list (with the claim it pays),
       * the installment of a scripted plan it pays (the plan's entry in `behaviour.script`, and the
       * installment's place in its `installments`), or the behaviour model's reaction that made it
       * (`model`).
       */
      readonly source?:
        | { readonly paymentIndex: number; readonly claimId: string }
        | { readonly scriptIndex: number; readonly plan: Extract<ScriptedAction, { type: 'installment-plan' }>; readonly installment: number }
        | { readonly model: ModelReaction };
    }
  | {
      readonly kind: 'action';
      readonly date: IsoDate;
      readonly action: ScriptedAction;
      /** The step's place in the run's `behaviour.script` (absent for a step the behaviour model made). */
      readonly scriptIndex?: number;
      /** For a step the behaviour model made (a dispute and its resolution): the reaction that made it. */
      readonly model?: ModelReaction;
    };

/**
 * A step the behaviour model of {@link simulate} made, as a reaction to a message: the behaviour (the
 * model's field) that drew it — `payAfterMessage` a payment in full, `partialShare` a payment of half
 * the total, `disputeAfterMessage` a dispute and its resolution — the claim, and the day of the
 * message it reacts to. Its place, for {@link scriptStepError}: `behaviour.model.<behaviour>`.
 *
 * @internal
 */
export interface ModelReaction {
  /** The model's field that drew the step. */
  readonly behaviour: 'payAfterMessage' | 'partialShare' | 'disputeAfterMessage';
  /** The claim the step is on. */
  readonly claimId: string;
  /** The day of the message the debtor reacts to. */
  readonly after: IsoDate;
}

interface ClaimRun {
  readonly index: number;
  readonly facts: ClaimFacts;
  readonly policy: Policy;
  /** The context of the claim's commands (its policy, the statement options): the same every day. */
  readonly commandContext: CommandContext;
  readonly prng: Prng;
  state: ClaimState;
  inputs: Input[];
  scheduled: IsoDate | null;
  /**
   * The day the host would next look at the claim — its stored `nextReviewAt`: at first the new
   * claim's review (`nextReviewAt`, as `createClaim` stores it), then the last decision's review
   * (moved earlier by a sent notice's receipt), or the day of a command that recorded something
   * (the host sets it to that day). `null`: not before a new
   * command. A day the claim is on the agenda only for an input that asked for nothing is no day
   * the host decides, so neither does the simulation.
   */
  review: IsoDate | null;
}

/**
 * The day a run of a book from `from` on creates a claim (and first reviews it): its invoice day,
 * or `from` when it was invoiced before — a host that starts on `from` with a book of older
 * invoices records each with `createClaim` that day, and a creation is dated the business day it is
 * recorded (`claim-created`, the host's `decideCreateClaim` with the clock's day), never a day
 * before the run. The claim's facts keep the invoice date, from which due date, default and
 * interest are reckoned; the creation's review (`nextReviewAt` as of this day) then says when it is
 * first decided — on this day already when a step or default fell due before it. The one rule of
 * {@link simulate} and `@mahnwerk/testing`'s host driver (`runBookOnHost`).
 *
 * @param facts - the claim's facts (its invoice date)
 * @param from - the first day of the run
 * @returns the later of the invoice date and `from`
 */
export function claimCreationDay(facts: Pick<ClaimFacts, 'invoiceDate'>, from: IsoDate): IsoDate {
  return facts.invoiceDate > from ? facts.invoiceDate : from;
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
      // Half: of the total as of the end of the day before; in full: what settles the claim (as the
      // command's text, written from the statement's integers unless a simple-case reduction lowers it).
      if (input.share === 'half') {
        const half = halfOfTotal(statementFigures(seen, today > state.facts.invoiceDate ? addDays(today, -1) : today, context.statement ?? {}));
        if (half === null) return null;
        amount = half;
      } else {
        const full = amountTextDueInFull(seen, today, context);
        if (full === null) return null;
        amount = full;
      }
    }
    return { type: 'record-payment', claimId, amount, date: today, ...(input.paymentId === undefined ? {} : { paymentId: input.paymentId }) };
  }
  const a = input.action;
  // A debtor acts on a closed claim only by paying (the payment is recorded as unapplied); the
  // creditor corrects a closed claim's facts as an open one's (decideFactsCorrection), and books a
  // credit note or write-down on it as the host's recordAdjustment does (bookAdjustment decides).
  if ((state.status === 'settled' || state.status === 'written-off') && a.type !== 'pay' && a.type !== 'correct-facts' && a.type !== 'adjustment') return null;
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
    case 'installment-plan': {
      // The simulated agency gives the § 13a Abs. 3 RDG cost notice with its plan offer, unless the script dates it.
      const notice = a.costNoticeGivenOn ?? (installmentAgreementTerms(state, today).noticeRequired ? today : undefined);
      return { type: 'agree-installment-plan', claimId, date: today, installments: a.installments, ...(notice === undefined ? {} : { costNoticeGivenOn: notice }) };
    }
    case 'promise':
      return { type: 'record-promise', claimId, date: today, amount: a.amount, by: a.by };
    case 'correct-facts':
      // Dated today by the decider, as the host's correctClaimFacts.
      return {
        type: 'correct-claim-facts',
        claimId,
        reason: a.reason,
        ...(a.description === undefined ? {} : { description: a.description }),
        ...(a.contractDate === undefined ? {} : { contractDate: a.contractDate }),
      };
    case 'adjustment':
      // The host's recordAdjustment, dated the action's day: decideCommand books it with bookAdjustment.
      return { type: 'record-adjustment', claimId, kind: a.kind, amount: a.amount, date: today, ...(a.note === undefined ? {} : { note: a.note }) };
  }
}

/**
 * Whether a scripted step's refusal by its decider is an outcome of the run rather than a fault of
 * the script: a correction of facts (`correct-facts`) is refused on the day when something booked
 * or sent rests on the old value, or the claim has the value already (`decideFactsCorrection`), as
 * the host's `correctClaimFacts` refuses it; a credit note or write-down (`adjustment`) above the
 * principal open on its day (`bookAdjustment`'s `AdjustmentExceedsPrincipalError`, code
 * `adjustment_exceeds_principal`), as the host's `recordAdjustment` refuses it — what is open depends
 * on what was paid and booked before, so the run goes on without it and lists it. Any other
 * step's refusal is a bad script and ends the run with the decider's error.
 *
 * @internal
 */
export function refusalIsOutcome(input: Input, error: unknown): error is MahnwerkError {
  if (input.kind !== 'action' || !MahnwerkError.isInstance(error)) return false;
  return input.action.type === 'correct-facts' || (input.action.type === 'adjustment' && error.code === 'adjustment_exceeds_principal');
}

/**
 * The error a run ends with when a step of its input fails on its day and its refusal is no outcome
 * ({@link refusalIsOutcome}): a bad script, found only on the step's day (a hold's last day before
 * the hold, an installment due before the plan, a payment dated before the last money event), or a
 * step the engine cannot book (interest past the known base rates, `base_rate_unknown`). Every
 * `MahnwerkError` of a step the input gave — a script entry, an entry of the `payments` list, or an
 * installment a scripted plan's debtor pays — a `ValidationError` or any other class, is given again
 * naming the entry as the checks before the run do, so a caller (the CLI) can point at it: the
 * message says `<field>: the <step> of <day> on claim "<id>" was refused: <the error's words>`, where
 * the step is the entry's `type` (`the hold of 2025-02-10`), `payment` for an entry of `payments`,
 * or `installment` with its plan (`the installment of 2025-05-10 of the installment-plan of
 * 2025-04-10`). The field is the entry's (`behaviour.script[i]`, `payments[i]`,
 * `behaviour.script[i].installments[k]`) followed by the field the error names when the entry may
 * have it (`until`, `installments[0].dueDate`, a payment's `amount`; an installment's payment `date`
 * is its `dueDate`) — the error's own words then drop their `<field>:` — else the entry alone. It is
 * of the error's class, with its `code` and the fields of its class (`placedError`), and the error
 * is its `cause` — a host branches on the class or code as before. A step the behaviour model made
 * has no entry; it is named by the model's field that drew it ({@link ModelReaction}) —
 * `behaviour.model.payAfterMessage` (`the payment in full of <day>`), `behaviour.model.partialShare`
 * (`the payment of half the total of <day>`), `behaviour.model.disputeAfterMessage` (`the dispute of
 * <day>`, `the resolve-dispute of <day>`) — and the message it reacts to: `<field>: the payment in
 * full of 2025-07-05 (the behaviour model's reaction to the message of 2025-06-10) on claim "A" was
 * refused: …`; the field the error names is none of the model's, so the field is the behaviour's
 * alone. An error that is no `MahnwerkError` (a defect, not the input's) is returned as it is. The
 * one wording of a failed step for `simulate` and `@mahnwerk/testing`'s `runBookOnHost`.
 *
 * @param input - the step, with its place in the input (`scriptIndex`, `source`)
 * @param error - what the step's translation or its decider threw
 * @returns the error naming the entry, or `error` itself
 * @internal
 */
export function scriptStepError(input: Input, error: unknown): unknown {
  if (!MahnwerkError.isInstance(error)) return error;
  const entry = inputEntry(input);
  if (entry === null) return error;
  const inner = error.field === undefined ? undefined : entry.fieldOf(error.field);
  const field = inner === undefined ? entry.where : `${entry.where}.${inner}`;
  const text = error.field !== undefined && error.message.startsWith(`${error.field}:`) ? error.message.slice(error.field.length + 1).trim() : error.message;
  return placedError(error, field, `${field}: ${entry.step} on claim "${entry.claimId}" was refused: ${text}`);
}

/**
 * The entry of the input a step comes from, for {@link scriptStepError}: its path, the step in words,
 * its claim, and the entry's field a field of the step's command is (undefined: none of the entry's).
 * For a step the behaviour model made, the model's field that drew it and the message it reacts to
 * ({@link ModelReaction}); `null` for a step that says neither.
 */
function inputEntry(input: Input): { where: string; step: string; claimId: string; fieldOf: (field: string) => string | undefined } | null {
  if (input.kind === 'action') {
    if (input.model !== undefined) return modelEntry(input.model, `the ${input.action.type} of ${input.date}`);
    if (input.scriptIndex === undefined) return null;
    const { type, claimId } = input.action;
    return { where: `behaviour.script[${input.scriptIndex}]`, step: `the ${type} of ${input.date}`, claimId, fieldOf: (f) => (isScriptedActionField(type, f) ? f : undefined) };
  }
  const source = input.source;
  if (source === undefined) return null;
  if ('model' in source) {
    return modelEntry(source.model, input.share === 'half' ? `the payment of half the total of ${input.date}` : `the payment ${input.amount === 'full' ? 'in full ' : ''}of ${input.date}`);
  }
  if ('paymentIndex' in source) {
    return { where: `payments[${source.paymentIndex}]`, step: `the payment of ${input.date}`, claimId: source.claimId, fieldOf: (f) => (isSimulationPaymentField(f) ? f : undefined) };
  }
  const { plan, scriptIndex, installment } = source;
  return {
    where: `behaviour.script[${scriptIndex}].installments[${installment}]`,
    step: `the installment of ${input.date} of the installment-plan of ${plan.date}`,
    claimId: plan.claimId,
    // The payment's command has the installment's amount, and its due day as its date.
    fieldOf: (f) => (f === 'amount' ? 'amount' : f === 'date' ? 'dueDate' : undefined),
  };
}

/** {@link inputEntry} of a step the behaviour model made: its behaviour's field, the step and the message it reacts to. */
function modelEntry(model: ModelReaction, step: string): { where: string; step: string; claimId: string; fieldOf: (field: string) => string | undefined } {
  return {
    where: `behaviour.model.${model.behaviour}`,
    step: `${step} (the behaviour model's reaction to the message of ${model.after})`,
    claimId: model.claimId,
    // A behaviour is a probability (or a range of days): no field of a command is one of its fields.
    fieldOf: () => undefined,
  };
}

/**
 * A refused step as {@link SimulatedRefusal} lists it: the day, the claim, the scripted action, and
 * the error's code, field, rule (`because`, for a `FactCorrectionRefusedError`) and message.
 *
 * @internal
 */
export function refusalOf(claimId: string, date: IsoDate, action: ScriptedAction['type'], error: MahnwerkError): SimulatedRefusal {
  const because = (error as { readonly because?: unknown }).because;
  return {
    date,
    claimId,
    action,
    code: error.code,
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(typeof because === 'string' ? { because } : {}),
    message: error.message,
  };
}

/**
 * Half of the figures' total, rounded half up (away from zero) to the currency's minor unit, as an
 * amount text — `toAmountString(roundMoney(multiply(figures.total, '0.5')))`, read from the integers
 * (total × 5 at one more decimal) — or `null` when that is not above zero: what a debtor who pays
 * half pays.
 *
 * @internal
 */
export function halfOfTotal(figures: StatementFigures): string | null {
  const { scale, minorUnit } = figures.sums;
  const text = scaledToAmountString(figures.totalScaled * 5n, scale + 1, minorUnit);
  return text.charCodeAt(0) !== 45 && isAboveZero(text) ? text : null;
}

/**
 * Runs a book of claims through a policy on a virtual clock, without side effects. The engine
 * looks at each claim only on days something can happen (its next review, a payment, a scripted
 * action), so the cost grows with events, not with days × claims. Deterministic for a seed.
 *
 * Each day of a claim runs in the engine's {@link dayOrder}: the day's payments and debtor actions
 * as commands (`decideCommand`, the host API's deciders), then the engine's decision (`decide`),
 * then delivery — every message is sent the day it is queued. A claim is created on its invoice
 * date, or on `from` when it was invoiced before ({@link claimCreationDay}, `decideCreateClaim`),
 * and first decided when its creation's review is due. So the timeline is what `createMahnwerk`
 * records when a host books the same commands and calls `runDue` each day.
 *
 * The result is lean: each finished claim holds its events and messages in a compact form (one
 * table of shared values per run), decoded when read — see {@link SimulationResult}.
 *
 * The claims of one debtor are run together, debtor after debtor (claims of different debtors share
 * nothing in a simulation: a claim's timeline depends on its facts, its inputs, the seed and its
 * debtor's recent contacts), so a claim's objects die young; the result's `events` and `messages`
 * are in the same order as if every claim had been run day by day ({@link simulateStream}'s order).
 * `onProgress` then counts the share of debtors done, in days.
 *
 * @param input - claims, policy, period, payments and behaviour
 * @returns the timeline, the claims' final statements and every message that would have gone out
 * @throws ValidationError naming the record and field of the first bad input, before anything runs
 * @throws the error of a scripted step that fails on its day (a bad script only the step's day shows,
 *   or a step the engine cannot book, e.g. `base_rate_unknown`), of its class and with its `code`,
 *   named by the entry: field `behaviour.script[i].<field>` (or `behaviour.script[i]`), the message
 *   `<field>: the <type> of <day> on claim "<id>" was refused: …`, the engine's error as `cause`;
 *   likewise for an entry of `payments` (`payments[i]`, `the payment of <day>`), an installment a
 *   scripted plan's debtor pays (`behaviour.script[i].installments[k]`, `the installment of <day> of
 *   the installment-plan of <day>`), and a payment or dispute the behaviour model made, named by the
 *   model's field that drew it and the message it reacts to (`behaviour.model.payAfterMessage`,
 *   `the payment in full of <day> (the behaviour model's reaction to the message of <day>)`)
 */
export function simulate(input: SimulationInput): SimulationResult {
  // The result holds each finished claim in a compact form, decoded when read (lean-result.ts).
  const lean = collectLeanResult(input.claims, input.to, input.statement ?? {});
  // Blocked steps arrive debtor by debtor: sorted by (day, claim) into the order of a day-by-day run.
  const blocked: { step: SimulatedBlockedStep; claim: number; seq: number }[] = [];
  const refused: { step: SimulatedRefusal; claim: number; seq: number }[] = [];
  const counts = runBook(
    input,
    {},
    true,
    lean.sink,
    (claim, step) => blocked.push({ step, claim, seq: blocked.length }),
    (claim, step) => refused.push({ step, claim, seq: refused.length }),
  );
  const byDayAndClaim = (a: { step: { date: IsoDate }; claim: number; seq: number }, b: { step: { date: IsoDate }; claim: number; seq: number }): number =>
    a.step.date < b.step.date ? -1 : a.step.date > b.step.date ? 1 : a.claim - b.claim || a.seq - b.seq;
  blocked.sort(byDayAndClaim);
  refused.sort(byDayAndClaim);
  return lean.result(
    counts.decisions,
    blocked.map((b) => b.step),
    refused.map((r) => r.step),
  );
}

/**
 * {@link simulate} as a stream, for books too large to hold: the same run, but events, messages
 * and finished claims are handed to callbacks as they happen; a claim's run is made on its first
 * day and dropped once nothing more can happen to it in the run (memory follows the claims in
 * progress, not the book). Final statements are computed only when a handler reads them.
 *
 * @param input - claims, policy, period, payments and behaviour (as for {@link simulate})
 * @param handlers - `onEvent`, `onMessage`, `onClaim`
 * @returns the counts of the run
 * @throws ValidationError naming the record and field of the first bad input, before anything runs
 * @throws the error of a scripted or listed step, or of one the behaviour model made, that fails on its day, named by its entry or behaviour (as {@link simulate})
 */
export function simulateStream(input: SimulationInput, handlers: SimulationHandlers): SimulationCounts {
  return runBook(input, handlers, false);
}

/**
 * The run behind {@link simulate} and {@link simulateStream}: the whole book day by day
 * (`byDebtor` false: the stream's order), or debtor after debtor, each debtor's claims day by day
 * (`byDebtor` true). Every claim's timeline is the same either way; only the order in which the
 * handlers hear of claims of different debtors differs. With a `sink` (simulate's lean result),
 * messages and finished claims go to it instead of `onMessage` and `onClaim`, as their plain parts:
 * no message or claim object with accessors is made only to be taken apart again.
 */
function runBook(
  input: SimulationInput,
  handlers: SimulationHandlers,
  byDebtor: boolean,
  sink?: LeanSink,
  onBlocked?: (claim: number, step: SimulatedBlockedStep) => void,
  onRefused?: (claim: number, step: SimulatedRefusal) => void,
): SimulationCounts {
  const { from, to } = input;
  const emitEvent = handlers.onEvent ?? ((): void => {});
  const handlerBlocked = handlers.onBlocked;
  const emitBlocked = onBlocked ?? (handlerBlocked === undefined ? undefined : (_claim: number, step: SimulatedBlockedStep): void => handlerBlocked(step));
  const handlerRefused = handlers.onRefused;
  const emitRefused = onRefused ?? (handlerRefused === undefined ? (): void => {} : (_claim: number, step: SimulatedRefusal): void => handlerRefused(step));
  const emitMessage = handlers.onMessage ?? ((): void => {});
  const emitClaim = handlers.onClaim ?? ((): void => {});
  const stOpts = input.statement ?? {};
  const statement = (state: ClaimState, date: IsoDate): Statement => statementOf(state, date, stOpts);
  const checked = validateSimulationInput(input.claims, input.payments ?? [], input.behaviour, from, to);
  // The renderer's check, asked by decide as createMahnwerk's runDue asks it (guard.message-cannot-be-written).
  const messageCheck = renderCheckOf(input.render);
  const seed = input.seed ?? 1;
  const model = checked.behaviour.model;
  const claimsIn = checked.claims;
  // A claim's run is made on its first day in the run (undefined before), and replaced by null
  // once it is finished, so memory follows the claims in progress, not the book.
  const runs: (ClaimRun | null | undefined)[] = new Array(claimsIn.length);
  const pending = new Map<number, Input[]>();
  const index = new Map(claimsIn.map((c, i) => [c.id, i]));
  const pendingOf = (claimId: string): Input[] => {
    const i = index.get(claimId) as number;
    let list = pending.get(i);
    if (list === undefined) pending.set(i, (list = []));
    return list;
  };
  checked.payments.forEach((p, i) =>
    pendingOf(p.claimId).push({ kind: 'payment', date: p.date, amount: p.amount, ...(p.paymentId ? { paymentId: p.paymentId } : {}), source: { paymentIndex: i, claimId: p.claimId } }),
  );
  checked.behaviour.script.forEach((action, scriptIndex) => pendingOf(action.claimId).push({ kind: 'action', date: action.date, action, scriptIndex }));
  index.clear();
  for (const list of pending.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  let eventCount = 0;
  let messageCount = 0;
  const start = (i: number): ClaimRun => {
    const facts = claimsIn[i] as ClaimFacts;
    const policy = resolvePolicy(input.policy, facts.debtor.kind);
    const run: ClaimRun = {
      index: i,
      facts,
      policy,
      commandContext: input.statement ? { policy, statement: input.statement } : { policy },
      prng: createPrng(deriveSeed(seed, facts.id)),
      state: initialState(decideCreateClaim(facts, claimCreationDay(facts, from), policy)),
      inputs: pending.get(i) ?? [],
      scheduled: null,
      review: null,
    };
    pending.delete(i);
    runs[i] = run;
    for (const event of run.state.events) {
      eventCount++;
      emitEvent(event);
    }
    return run;
  };

  let decisions = 0;
  const totalDays = Math.max(1, dayIndex(from, to) + 1);
  let lastProgressDay = -1;
  const progress = (d: number): void => {
    if (input.onProgress && d > lastProgressDay) {
      lastProgressDay = d;
      input.onProgress(d, totalDays);
    }
  };

  const append = (run: ClaimRun, events: readonly ClaimEvent[]): void => {
    run.state = evolveAll(run.state, events);
    for (const event of events) {
      eventCount++;
      emitEvent(event);
    }
  };
  /** Hands a claim over and drops its run: nothing more happens to it before `to`. */
  const finish = (run: ClaimRun): void => {
    runs[run.index] = null;
    if (sink !== undefined) sink.claim(run.index, run.facts, run.state);
    else emitClaim(finishedClaim(run, to, stOpts));
  };

  /** Runs the claims `group` (indices into the book, in book order) day by day, to the end. */
  const runClaims = (group: readonly number[], dayProgress: boolean): void => {
    const agenda = new Agenda();
    const schedule = (run: ClaimRun, date: IsoDate | null): void => {
      if (date === null || date > to) return;
      const when = date < from ? from : date;
      if (run.scheduled !== null && run.scheduled <= when) return;
      run.scheduled = when;
      agenda.push(when, run.index);
    };
    // Each claim's first day: the day it is created (claimCreationDay), when its review is worked out.
    for (const i of group) agenda.push(claimCreationDay(claimsIn[i] as ClaimFacts, from), i);
    const contacts = new Map<string, ContactRecord[]>();
    // Contacts older than the 31-day window are dropped once a simulated week, so the map follows
    // the debtors written to recently, not every debtor of the book. (The day of the next pruning is
    // kept, not the last one's: no date string made per claim-day to compare.)
    let pruneContactsOn: IsoDate | null = null;

    // The day being run: one claim on one day. The steps below read it; they are made once per
    // group, not as closures per claim-day.
    let run = undefined as unknown as ClaimRun;
    let today = from;
    let debtorId = '';
    let next: IsoDate | null = null;
    const queued: Extract<ClaimEvent, { type: 'message-queued' }>[] = [];
    let decided: IsoDate | null = null;
    // The context of the day's decisions: made again only when the debtor's list of contacts is
    // another one (decide and the review after sending read it; nothing remembers it by identity).
    // The horizon is the run's last day: a review after it is never scheduled, so its exact day
    // (a limitation years ahead) need not be worked out.
    let decideContext: DecideContext | null = null;
    const context = (): DecideContext => {
      const recentContacts = contacts.get(debtorId) ?? noContacts;
      if (decideContext === null || decideContext.recentContacts !== recentContacts) {
        decideContext = {
          recentContacts,
          ...(input.statement ? { statement: input.statement } : {}),
          horizon: to,
          ...(messageCheck === undefined ? {} : { messageCheck }),
        };
      }
      return decideContext;
    };
    const consider = (date: IsoDate | null): void => {
      if (date !== null && date > today && (next === null || date < next)) next = date;
    };
    const steps = {
      commands: (): void => {
        const commandContext = run.commandContext;
        while (run.inputs.length > 0 && (run.inputs[0] as Input).date <= today) {
          const debtorInput = run.inputs.shift() as Input;
          let decision;
          try {
            // The step runs from its translation on (a payment in full reads the claim's figures that day).
            const command = commandForInput(run.state, debtorInput, today, commandContext);
            if (command === null) continue;
            decision = decideCommand(run.state, command, today, commandContext);
          } catch (error) {
            // A refused correction books nothing, as the host's refused call writes nothing.
            if (!refusalIsOutcome(debtorInput, error)) throw scriptStepError(debtorInput, error);
            emitRefused(run.index, refusalOf(run.facts.id, today, (debtorInput as Extract<Input, { kind: 'action' }>).action.type, error));
            continue;
          }
          append(run, decision.events);
          // The host's command looks at the claim again the same day (`review = today`), unless it ended it.
          if (decision.events.length > 0) run.review = isTerminalStatus(run.state.status) ? null : today;
          if (debtorInput.kind === 'action' && debtorInput.action.type === 'installment-plan') {
            // The debtor's behaviour: pay the first `paysInstallments` installments on their due days.
            const a = debtorInput.action;
            const paid = a.paysInstallments ?? a.installments.length;
            for (let k = 0; k < paid && k < a.installments.length; k++) {
              const inst = a.installments[k] as (typeof a.installments)[number];
              const source = debtorInput.scriptIndex === undefined ? {} : { source: { scriptIndex: debtorInput.scriptIndex, plan: a, installment: k } };
              insertInput(run, { kind: 'payment', date: inst.dueDate, amount: inst.amount, ...source });
            }
          }
        }
      },
      decide: (): void => {
        if (run.review === null || run.review > today) {
          // Not due for the host: only an input that asked for nothing brought the claim up today.
          consider(run.review);
          return;
        }
        decisions++;
        const decision = decide(run.state, run.policy, today, context());
        run.state = stateAfterDecision(run.state, decision);
        for (const event of decision.events) {
          eventCount++;
          emitEvent(event);
          if (event.type === 'message-queued') queued.push(event);
        }
        if (emitBlocked !== undefined) for (const reason of decision.blocked) emitBlocked(run.index, { claimId: run.facts.id, reason, date: today });
        consider(decision.nextReviewAt);
        decided = decision.nextReviewAt;
        run.review = decided;
      },
      deliver: (): void => {
        // Messages go out the same day on the simulated channels; the debtor may react.
        if (queued.length === 0) return;
        const sent: ClaimEvent[] = [];
        const window = addDays(today, -31);
        const claimId = run.facts.id;
        for (const event of queued) {
          sent.push(messageSentEvent(claimId, event.messageId, event.channel, today));
          // The debtor's contacts of the last 31 days, this one added (kept in place: decide only
          // reads the list while it decides).
          let list = contacts.get(debtorId);
          if (list === undefined) contacts.set(debtorId, (list = []));
          else dropContactsUpTo(list, window);
          list.push({ date: today, channel: event.channel, claimId, messageId: event.messageId });
          messageCount++;
          if (sink !== undefined) {
            // The totals of the day's statement (the same figures, without the Statement object).
            const f = statementFigures(run.state, today, stOpts);
            sink.message(run.index, messageFields(claimId, event, today), run.state.events.length, compactTotals(f));
          } else emitMessage(simulatedMessage(run, event, today, statement(run.state, today), stOpts));
          if (model) react(run, model, today, event.deadline);
        }
        append(run, sent);
        // A sent notice can start default on its receipt: look again then.
        run.review = nextReviewAfterSent(run.state, run.policy, context(), today, decided);
        consider(run.review);
      },
    };

    for (let item = agenda.pop(); item !== undefined; item = agenda.pop()) {
      const i = item.claim;
      const known = runs[i];
      if (known === null || (known !== undefined && known.scheduled !== item.date)) continue; // finished, or superseded by an earlier review
      run = known === undefined ? start(i) : known;
      run.scheduled = null;
      today = item.date;
      debtorId = run.facts.debtor.id;
      // The claim's first look (its creation): the host stores the review of the new claim as its
      // `nextReviewAt` (createClaim) and decides it only once that is due; so does the simulation —
      // the same rule (`nextReviewAt`), not a decision on the invoice day.
      if (known === undefined) run.review = nextReviewAt(run.state, run.policy, context(), today);
      if (pruneContactsOn === null || today >= pruneContactsOn) {
        const window = addDays(today, -31);
        for (const [debtor, list] of contacts) if (!list.some((c) => c.date > window)) contacts.delete(debtor);
        pruneContactsOn = addDays(today, 7);
      }
      if (dayProgress) progress(dayIndex(from, today));
      next = null;
      decided = null;
      if (queued.length !== 0) queued.length = 0; // (setting a length is a call into the runtime)
      runDay(steps);
      consider(run.inputs[0]?.date ?? null);
      schedule(run, next);
      if (run.scheduled === null) finish(run);
    }
    for (const i of group) {
      const run = runs[i];
      if (run !== null && run !== undefined) finish(run);
    }
  };

  if (byDebtor) {
    // The claims of each debtor, debtors in the order of their first claim.
    const groups = new Map<string, number[]>();
    claimsIn.forEach((facts, i) => {
      const list = groups.get(facts.debtor.id);
      if (list === undefined) groups.set(facts.debtor.id, [i]);
      else list.push(i);
    });
    let done = 0;
    for (const group of groups.values()) {
      runClaims(group, false);
      done++;
      progress(Math.floor((totalDays * done) / groups.size));
    }
  } else {
    runClaims(
      claimsIn.map((_, i) => i),
      true,
    );
  }
  progress(totalDays);
  return { claims: runs.length, events: eventCount, messages: messageCount, decisions };
}

/**
 * The check of a simulation's `render` option, or `undefined` when it has none.
 *
 * @throws ValidationError (field `render` or `render.check`) when `render` is not a renderer or an
 *   object, or its `check` is not a function
 */
function renderCheckOf(render: SimulationInput['render']): RenderCheck | undefined {
  if (render === undefined) return undefined;
  if ((typeof render !== 'function' && typeof render !== 'object') || render === null) {
    throw new ValidationError(`render: expected the renderer passed to createMahnwerk (or { check }), got ${render === null ? 'null' : typeof render}.`, { field: 'render' });
  }
  const check: unknown = render.check;
  if (check !== undefined && typeof check !== 'function') {
    throw new ValidationError(`render.check: expected a function (input) => string | null (Renderer.check), got ${check === null ? 'null' : typeof check}; leave it out to check nothing.`, {
      field: 'render.check',
    });
  }
  return check as RenderCheck | undefined;
}

/** A claim at the end of its run; the statement is computed from its events when read. */
function finishedClaim(run: ClaimRun, to: IsoDate, options: StatementOptions): SimulatedClaim {
  const events = run.state.events;
  return {
    id: run.facts.id,
    facts: factsAtEnd(run.facts, run.state),
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
  const message: Record<string, unknown> = messageFields(run.facts.id, event, today);
  message['totals'] = { principal: st.principal, interest: st.interest, costs: st.costs, total: st.total };
  // One shared accessor reading a hidden slot: a getter in the literal would cost a new function
  // and a slow dictionary object per message.
  const source: MessageSource = { events: run.state.events, upTo: run.state.events.length, options };
  Object.defineProperty(message, MESSAGE_SOURCE, { value: source });
  Object.defineProperty(message, 'statement', MESSAGE_STATEMENT);
  return message as unknown as SimulatedMessage;
}

/**
 * The plain fields of a sent message, in their order: claim, message id, day, stage, channel,
 * template and, when the message set one, the deadline.
 */
function messageFields(claimId: string, event: Extract<ClaimEvent, { type: 'message-queued' }>, today: IsoDate): Record<string, unknown> {
  return event.deadline
    ? { claimId, messageId: event.messageId, date: today, stage: event.stage, channel: event.channel, template: event.template, deadline: event.deadline }
    : { claimId, messageId: event.messageId, date: today, stage: event.stage, channel: event.channel, template: event.template };
}

/** What a message's statement is computed from: the claim's events when it went out, the statement options. */
interface MessageSource {
  readonly events: readonly ClaimEvent[];
  readonly upTo: number;
  readonly options: StatementOptions;
}

const MESSAGE_SOURCE = Symbol('mahnwerk.simulate.messageSource');

/**
 * How many of its claim's events there were when a message of a run went out (its
 * `message-queued` event and those before it): what its statement is computed from.
 *
 * @internal
 */
export function messageEventCount(message: SimulatedMessage): number {
  return (message as SimulatedMessage & { readonly [MESSAGE_SOURCE]: MessageSource })[MESSAGE_SOURCE].upTo;
}

const MESSAGE_STATEMENT: PropertyDescriptor = {
  get(this: SimulatedMessage & { readonly [MESSAGE_SOURCE]: MessageSource }): Statement {
    const source = this[MESSAGE_SOURCE];
    return statementAsOf(source.events.slice(0, source.upTo), this.date, source.options);
  },
  enumerable: true,
  configurable: true,
};

/** The debtor's modelled reaction to a message: maybe a payment (in full or half), maybe a dispute. */
function react(
  run: ClaimRun,
  model: NonNullable<ReturnType<typeof validateSimulationInput>['behaviour']['model']>,
  today: IsoDate,
  deadline: IsoDate | undefined,
): void {
  const minDays = model.payWithinDays[0];
  const maxDays = model.payWithinDays[1];
  const claimId = run.facts.id;
  if (run.prng.chance(toProbability(model.disputeAfterMessage))) {
    const opened = addDays(today, run.prng.int(1, 5));
    // The reaction's place, named in an error of its step (scriptStepError).
    const disputed: ModelReaction = { behaviour: 'disputeAfterMessage', claimId, after: today };
    insertInput(run, { kind: 'action', date: opened, action: { type: 'dispute', claimId, date: opened }, model: disputed });
    const resolved = addDays(opened, 21);
    insertInput(run, { kind: 'action', date: resolved, action: { type: 'resolve-dispute', claimId, date: resolved, outcome: 'creditor-right' }, model: disputed });
    return;
  }
  if (!run.prng.chance(toProbability(model.payAfterMessage))) return;
  let days = run.prng.int(Math.min(minDays, maxDays), Math.max(minDays, maxDays));
  if (deadline !== undefined && addDays(today, days) > deadline) days = dayIndex(today, deadline);
  days = Math.max(1, days); // the debtor reacts on a later day than the message
  const date = addDays(today, days);
  const half = run.prng.chance(toProbability(model.partialShare));
  const source = { model: { behaviour: half ? 'partialShare' : 'payAfterMessage', claimId, after: today } as const };
  insertInput(run, half ? { kind: 'payment', date, amount: 'full', share: 'half', source } : { kind: 'payment', date, amount: 'full', source });
}

/**
 * The contacts of a debtor not written to in the window: one shared empty list (the engine only
 * reads it, and deliver makes a debtor's own list when it writes). Made as a list of records, then
 * emptied, so it has the elements kind of the debtors' lists and decide reads one kind of array.
 */
const noContacts: readonly ContactRecord[] = emptiedListOfRecords();

function emptiedListOfRecords(): ContactRecord[] {
  const list: ContactRecord[] = [{ date: '2000-01-01', channel: 'letter', claimId: '', messageId: '' }];
  list.pop();
  return list;
}

function toProbability(p: number | string): number {
  return typeof p === 'number' ? p : Number.parseFloat(p);
}

/** Drops the contacts on or before `window` from `list`, in place, keeping the order of the rest. */
function dropContactsUpTo(list: ContactRecord[], window: IsoDate): void {
  let kept = 0;
  for (let k = 0; k < list.length; k++) {
    const c = list[k] as ContactRecord;
    if (c.date > window) list[kept++] = c;
  }
  if (kept !== list.length) list.length = kept; // (setting a length is a call into the runtime)
}

function insertInput(run: ClaimRun, input: Input): void {
  let k = run.inputs.length;
  while (k > 0 && (run.inputs[k - 1] as Input).date > input.date) k--;
  run.inputs.splice(k, 0, input);
}

function dayIndex(from: IsoDate, date: IsoDate): number {
  return daysBetween(from, date);
}
