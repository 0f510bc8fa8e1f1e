import { verifyAudit } from '../audit/audit.js';
import { parseIsoDate } from '../calendar/date.js';
import { project } from '../ledger/project.js';
import { statement as statementOf } from '../ledger/statement.js';
import { amountDueInFull, factsBefore } from './commands.js';
import { createDailyRun } from './daily-run.js';
import { createDelivery } from './delivery.js';
import { createCommands } from './host-commands.js';
import { eraseDebtorData, exportDebtorData } from './debtor-data.js';
import { createHostContext } from './host-context.js';
import { claimQueries } from './queries.js';
import type { Mahnwerk, MahnwerkOptions } from './host-types.js';

export type { BlockedStep, CommandResult, DeliveryResult, DispatchResult, Mahnwerk, MahnwerkOptions, PaymentResult, RunDueResult, RunError, UnfoundedReference } from './host-types.js';

/**
 * Creates the host API over a store, channels, an optional payment provider, a policy and a clock.
 *
 * Every command validates its input with zod before it reads or writes (a ValidationError names the
 * field), appends hash-chained audit entries with the version it read (optimistic concurrency; a lost
 * race is retried on fresh state), and honours an idempotency key: the same key again returns the
 * first result and writes nothing. `runDue` decides each due claim (`store.listDue`), stores the new
 * events, next review day and outbox messages in one append, and then delivers the outbox through
 * the channels — with retries, the stage's fallback channel, quiet hours, Sunday rest for SMS — and
 * records `message-sent` / `message-failed`.
 *
 * The host API is composed of `host-commands.ts` (commands), `daily-run.ts` (`runDue`) and
 * `delivery.ts` (the outbox dispatcher) over one shared context (`host-context.ts`).
 *
 * Every audit entry is hashed with `options.hasher` (default: core's pure-JavaScript SHA-256), and
 * `verify` checks the chain with it.
 *
 * @param options - store, channels, payments, policy, clock, renderer, holiday state, statement options, audit hasher
 * @returns the host API
 * @throws PolicyError when the policy is invalid or unlawful
 * @throws ValidationError (field `hasher`) when the hasher is not an `AuditHasher`
 */
export function createMahnwerk(options: MahnwerkOptions): Mahnwerk {
  const ctx = createHostContext(options);
  const { load, eventsOf, clock, stOpts, hashOptions, contextFor, policyFor } = ctx;
  const { dispatch, dispatchDay } = createDelivery(ctx);
  // runDue checked its day before deciding: its dispatch sends on that day without asking again.
  const { runDue } = createDailyRun(ctx, dispatchDay);
  return {
    ...createCommands(ctx),
    runDue,
    dispatch,
    statement: async (claimId, date) => {
      const state = project(eventsOf(await load(claimId)));
      return statementOf(state, parseIsoDate(date ?? clock.today(), 'date'), stOpts);
    },
    amountDueInFull: async (claimId, date) => {
      const day = parseIsoDate(date ?? clock.today(), 'date');
      const state = project(eventsOf(await load(claimId)));
      const context = { ...contextFor(), policy: policyFor(state.facts) };
      return amountDueInFull(factsBefore(state, day, context).state, day, context);
    },
    claim: async (claimId) => project(eventsOf(await load(claimId))),
    history: async (claimId) => (await load(claimId)).entries,
    verify: async (claimId) => {
      const stored = await load(claimId);
      return verifyAudit(stored.entries, { expectedLength: stored.version, ...hashOptions });
    },
    eraseDebtor: (debtorId) => eraseDebtorData(ctx.store, clock, debtorId),
    exportDebtor: (debtorId) => exportDebtorData(ctx.store, clock, debtorId),
    ...claimQueries(options.store, ctx.stateOf),
  };
}
