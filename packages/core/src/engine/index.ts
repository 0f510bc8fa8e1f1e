export * from './triggers.js';
export * from './guards.js';
export * from './decide.js';
export * from './review.js';
export * from './fee-corrections.js';
export * from './receipt.js';
export * from './installment-agreement.js';
export * from './context.js';
export * from './day.js';
export * from './delivery-events.js';
export {
  amountDueInFull,
  checkRunDay,
  commandFingerprint,
  decideCommand,
  decideCreateClaim,
  factsBefore,
  parseClaimFacts,
  validateInput,
  type ClaimCommand,
  type ClaimCommandType,
  type CommandContext,
  type CommandDecision,
  type AgreeInstallmentPlanInput,
  type AmendClaimFactsInput,
  type CorrectClaimFactsInput,
  type ClaimFactsInput,
  type CommandOptions,
  type LiftHoldInput,
  type OpenDisputeInput,
  type PlaceHoldInput,
  type RecordAdjustmentInput,
  type RecordPaymentInput,
  type RecordPromiseInput,
  type ResolveDisputeInput,
  type RunDayUse,
  type ReversePaymentInput,
} from './commands.js';
export * from './payment-events.js';
export * from './render.js';
export { prospectiveCosts, type ProspectiveCost } from './prospective-costs.js';
export * from './mahnwerk.js';
export type { DebtorClaimExport, DebtorErasure, DebtorExport } from './debtor-data.js';
export { claimQueries, type ClaimQueries, type UnappliedMoneyPage } from './queries.js';
export type { MessageFailure, MessageFallback } from './host-types.js';
