import {
  addDays,
  claimCreationDay,
  commandForInput,
  refusalIsOutcome,
  refusalOf,
  resolvePolicy,
  runDayAsync,
  scriptStepError,
  validateSimulationInput,
  ValidationError,
  type ClaimCommand,
  type ClaimFacts,
  type CommandResult,
  type Input,
  type IsoDate,
  type Mahnwerk,
  type RunDueResult,
  type SimulatedRefusal,
  type SimulationInput,
} from '@mahnwerk/core';
import type { VirtualClock } from './virtual-clock.js';

/** What {@link runBookOnHost} needs: the host, the clock it reads, and the book as `simulate` takes it. */
export interface HostBookRun {
  /** The host API (`createMahnwerk`) over any store, built with the same `policy` and `statement` options as the book. */
  readonly mahnwerk: Mahnwerk;
  /** The host's clock; the run sets it to each day before booking that day. */
  readonly clock: VirtualClock;
  /**
   * The book: claims, period, policy, value-dated payments and a scripted behaviour (no probability
   * model: its reactions draw from simulate's per-claim generator, which a host does not have).
   * The policy and statement options are used to translate a script step into a command and must
   * be those the host was built with.
   */
  readonly book: Pick<SimulationInput, 'claims' | 'policy' | 'from' | 'to' | 'payments' | 'behaviour' | 'statement'>;
  /** Called after each day's `runDue` and `dispatch`, with what the run did (e.g. to write what was sent). */
  readonly onDay?: (day: IsoDate, run: RunDueResult) => void | Promise<void>;
  /**
   * Called for each script step the host refused on its day — a fact correction (`correct-facts`)
   * the host's `correctClaimFacts`, or a credit note or write-down above the principal open
   * (`adjustment`) the host's `recordAdjustment`, answered with an error, writing nothing — described
   * as `simulate` lists it in `refused`. The run goes on, as `simulate`'s does.
   */
  readonly onRefused?: (refusal: SimulatedRefusal) => void;
}

/** What {@link runBookOnHost} did. */
export interface HostBookResult {
  /** Claims created. */
  readonly claims: number;
  /** Commands booked (payments and debtor actions), `createClaim` not counted. */
  readonly commands: number;
  /** Script steps the host refused and the run went on without (see {@link HostBookRun.onRefused}). */
  readonly refused: number;
  /** Claims the daily runs decided, added up over the days. */
  readonly decided: number;
}

/** Issues a command through the host method of its type — the host's own validation and deciders. */
function issueCommand(mahnwerk: Mahnwerk, command: ClaimCommand): Promise<CommandResult> {
  const { type, ...input } = command;
  switch (type) {
    case 'record-payment':
      return mahnwerk.recordPayment(input as Parameters<Mahnwerk['recordPayment']>[0]);
    case 'reverse-payment':
      return mahnwerk.reversePayment(input as Parameters<Mahnwerk['reversePayment']>[0]);
    case 'record-adjustment':
      return mahnwerk.recordAdjustment(input as Parameters<Mahnwerk['recordAdjustment']>[0]);
    case 'open-dispute':
      return mahnwerk.openDispute(input as Parameters<Mahnwerk['openDispute']>[0]);
    case 'resolve-dispute':
      return mahnwerk.resolveDispute(input as Parameters<Mahnwerk['resolveDispute']>[0]);
    case 'place-hold':
      return mahnwerk.placeHold(input as Parameters<Mahnwerk['placeHold']>[0]);
    case 'lift-hold':
      return mahnwerk.liftHold(input as Parameters<Mahnwerk['liftHold']>[0]);
    case 'agree-installment-plan':
      return mahnwerk.agreeInstallmentPlan(input as Parameters<Mahnwerk['agreeInstallmentPlan']>[0]);
    case 'record-promise':
      return mahnwerk.recordPromise(input as Parameters<Mahnwerk['recordPromise']>[0]);
    case 'amend-claim-facts':
      return mahnwerk.amendClaimFacts(input as Parameters<Mahnwerk['amendClaimFacts']>[0]);
    case 'correct-claim-facts':
      return mahnwerk.correctClaimFacts(input as Parameters<Mahnwerk['correctClaimFacts']>[0]);
  }
}

function insertInput(list: Input[], input: Input): void {
  let k = list.length;
  while (k > 0 && (list[k - 1] as Input).date > input.date) k--;
  list.splice(k, 0, input);
}

/**
 * Runs a book through a host day by day, as production would live it: each claim is created
 * (`createClaim`) on its invoice day, or on the first day if it was invoiced before (core's
 * `claimCreationDay`, the day `simulate` dates its creation), each day's
 * value-dated payments and scripted debtor actions are booked as the host's commands on their day
 * (a step the claim no longer asks for — paying in full when nothing is owed, resolving when no
 * dispute is open — is skipped, as `simulate` skips it; the installments a debtor pays become
 * payments on their due days; a fact correction or an adjustment above the principal open the host
 * refuses is reported to `onRefused` and the run goes on, as `simulate` lists it in `refused`), then
 * `runDue(day)` and `dispatch(day)` — the
 * engine's `dayOrder`.
 * A script step is turned into its command by core's `commandForInput`, the translation `simulate`
 * uses, so the same book gives the same ledger here as in `simulate` (the differential test
 * proves it).
 *
 * @param run - the host, its clock, the book and a per-day callback
 * @returns the counts of the run
 * @throws ValidationError for a book `simulate` would refuse, or one with a behaviour model
 * @throws the host's error of a step it cannot book on its day (a script entry, an entry of
 *   `payments`, or an installment a scripted plan's debtor pays), of its class and with its `code`,
 *   named by the book's entry as `simulate` names it (`behaviour.script[i]…`, `payments[i]…`,
 *   `behaviour.script[i].installments[k]…`; the message `<field>: the <step> of <day> on claim "<id>"
 *   was refused: …`), the host's error as `cause`
 */
export async function runBookOnHost(run: HostBookRun): Promise<HostBookResult> {
  const { mahnwerk, clock, book } = run;
  const checked = validateSimulationInput(book.claims, book.payments ?? [], book.behaviour, book.from, book.to);
  if (checked.behaviour.model !== undefined) {
    throw new ValidationError('behaviour.model: a host run books scripted actions only; give a script (or use simulate for a probability model).', { field: 'behaviour.model' });
  }
  const context = book.statement === undefined ? {} : { statement: book.statement };
  // The day each claim is created: simulate's rule, so both runs date the creation (and first review it) alike.
  const firstDay = (facts: ClaimFacts): IsoDate => claimCreationDay(facts, book.from);
  const inputs = new Map<string, Input[]>(checked.claims.map((c) => [c.id, []]));
  // Each input keeps its place in the book (payments[i], behaviour.script[i]), so a step the host refuses names its entry.
  checked.payments.forEach((p, i) => {
    inputs.get(p.claimId)?.push({ kind: 'payment', date: p.date, amount: p.amount, ...(p.paymentId ? { paymentId: p.paymentId } : {}), source: { paymentIndex: i, claimId: p.claimId } });
  });
  checked.behaviour.script.forEach((action, scriptIndex) => inputs.get(action.claimId)?.push({ kind: 'action', date: action.date, action, scriptIndex }));
  for (const list of inputs.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  // The claims to look at per day (created that day, or an input falls due), so a day costs what happens on it.
  const position = new Map(checked.claims.map((c, i) => [c.id, i]));
  const agenda = new Map<IsoDate, Set<number>>();
  const mark = (day: IsoDate, claimId: string): void => {
    let set = agenda.get(day);
    if (set === undefined) agenda.set(day, (set = new Set()));
    set.add(position.get(claimId) as number);
  };
  for (const facts of checked.claims) {
    mark(firstDay(facts), facts.id);
    for (const input of inputs.get(facts.id) as Input[]) if (input.date > firstDay(facts)) mark(input.date, facts.id);
  }

  let commands = 0;
  let refused = 0;
  let decided = 0;
  for (let day = book.from; day <= book.to; day = addDays(day, 1)) {
    clock.set(day);
    let result: RunDueResult | undefined;
    await runDayAsync({
      commands: async () => {
        const due = [...(agenda.get(day) ?? [])].sort((a, b) => a - b);
        agenda.delete(day);
        for (const i of due) {
          const facts = checked.claims[i] as ClaimFacts;
          if (firstDay(facts) === day) await mahnwerk.createClaim(facts);
          const list = inputs.get(facts.id) as Input[];
          while (list.length > 0 && (list[0] as Input).date <= day) {
            const next = list.shift() as Input;
            const state = await mahnwerk.claim(facts.id);
            try {
              // The step runs from its translation on (a payment in full reads the claim's figures that day), as in simulate.
              const command = commandForInput(state, next, day, { policy: resolvePolicy(book.policy, facts.debtor.kind), ...context });
              if (command === null) continue;
              await issueCommand(mahnwerk, command);
            } catch (error) {
              // The one rule of which refusals a run goes on without (simulate's): a correction of facts;
              // any other error names the book's entry (simulate's wording, scriptStepError).
              if (!refusalIsOutcome(next, error)) throw scriptStepError(next, error);
              refused++;
              run.onRefused?.(refusalOf(facts.id, day, (next as Extract<Input, { kind: 'action' }>).action.type, error));
              continue;
            }
            commands++;
            if (next.kind === 'action' && next.action.type === 'installment-plan') {
              const a = next.action;
              a.installments.slice(0, a.paysInstallments ?? a.installments.length).forEach((installment, k) => {
                const source = next.scriptIndex === undefined ? {} : { source: { scriptIndex: next.scriptIndex, plan: a, installment: k } };
                insertInput(list, { kind: 'payment', date: installment.dueDate, amount: installment.amount, ...source });
                if (installment.dueDate > day) mark(installment.dueDate, facts.id);
              });
            }
          }
        }
      },
      decide: async () => {
        result = await mahnwerk.runDue(day);
        decided += result.decided;
      },
      deliver: () => mahnwerk.dispatch(day),
    });
    await run.onDay?.(day, result as RunDueResult);
  }
  return { claims: checked.claims.length, commands, refused, decided };
}
