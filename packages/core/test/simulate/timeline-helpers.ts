// Shared helpers of the timeline tests (timeline-b2c.test.ts, timeline-b2b.test.ts).
import { expect } from 'vitest';
import {
  simulate,
  toAmountString,
  type ClaimEvent,
  type ClaimFacts,
  type IsoDate,
  type SimulatedClaim,
  type SimulationInput,
  type SimulationResult,
  type Statement,
} from '../../src/index.js';

/** A scripted behaviour. */
export type Script = NonNullable<NonNullable<SimulationInput['behaviour']>['script']>;

/** Runs one claim through `policy` with a script. */
export function runWith(policy: SimulationInput['policy'], claim: ClaimFacts, from: IsoDate, to: IsoDate, script: Script = [], extra: Partial<SimulationInput> = {}): SimulationResult {
  return simulate({ claims: [claim], policy, from, to, behaviour: { script }, ...extra });
}

export function only(result: SimulationResult): SimulatedClaim {
  expect(result.claims).toHaveLength(1);
  return result.claims[0] as SimulatedClaim;
}

/** The events of one type (the engine specs' one filter). */
export { ofType } from '../engine/helpers.js';

/** "date what detail" lines of a claim's ledger (without claim-created and message-sent), for readable timelines. */
export function timeline(events: readonly ClaimEvent[]): string[] {
  return events
    .filter((e) => e.type !== 'claim-created' && e.type !== 'message-sent')
    .map((e) => {
      switch (e.type) {
        case 'default-began':
          return `${e.date} default ${e.route}`;
        case 'stage-entered':
          return `${e.date} stage ${e.stage}${e.deadline ? ` deadline ${e.deadline}` : ''}`;
        case 'message-queued':
          return `${e.date} message ${e.channel} ${e.template}`;
        case 'fee-charged':
          return `${e.date} fee ${e.kind} ${e.amount}`;
        case 'payment-received': {
          const a = e.allocation;
          return `${e.date} payment ${e.amount} → costs ${a.costs} interest ${a.interest} principal ${a.principal}${a.unapplied === '0.00' ? '' : ` unapplied ${a.unapplied}`}`;
        }
        case 'dispute-resolved':
          return `${e.date} dispute-resolved ${e.outcome}`;
        case 'hold-placed':
          return `${e.date} hold-placed until ${e.until ?? '-'} interestRuns ${String(e.interestRuns)}`;
        case 'hold-lifted':
          return `${e.date} hold-lifted${e.expired ? ' expired' : ''}`;
        case 'installment-missed':
          return `${e.date} installment-missed ${e.index}`;
        case 'time-barred':
          return `${e.date} time-barred expiredOn ${e.expiredOn}`;
        default:
          return `${e.date} ${e.type}`;
      }
    });
}

/** principal / interest / costs / total / interestAccrued of a statement as strings. */
export function figures(s: Statement): Record<string, string> {
  return {
    principal: toAmountString(s.principal),
    interest: toAmountString(s.interest),
    costs: toAmountString(s.costs),
    total: toAmountString(s.total),
    interestAccrued: toAmountString(s.interestAccrued),
  };
}

/** The interest periods (Zinsstaffel lines) of a statement. */
export function interestLines(s: Statement): string[] {
  return s.lines
    .filter((l) => l.part === 'interest' && l.days !== undefined)
    .map((l) => `${l.date}..${l.to} ${l.days}d ${l.ratePercent}% on ${l.onPrincipal ? toAmountString(l.onPrincipal) : '?'} = ${toAmountString(l.amount)}`);
}

