export * from './triggers.js';
export * from './guards.js';
export * from './decide.js';
export * from './review.js';
export * from './fee-corrections.js';
export {
  validateInput,
  type AgreeInstallmentPlanInput,
  type ClaimFactsInput,
  type CommandOptions,
  type LiftHoldInput,
  type OpenDisputeInput,
  type PlaceHoldInput,
  type RecordPaymentInput,
  type RecordPromiseInput,
  type ResolveDisputeInput,
  type ReversePaymentInput,
} from './commands.js';
export * from './payment-events.js';
export * from './render.js';
export * from './mahnwerk.js';
