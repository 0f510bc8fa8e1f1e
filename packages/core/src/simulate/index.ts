export * from './simulate.js';
export {
  scriptedActionTypes,
  validateSimulationInput,
  parseScriptedAction,
  type Behaviour,
  type BehaviourInput,
  type BehaviourModel,
  type ScriptedAction,
  type ScriptedActionInput,
  type SimulationPayment,
} from './input.js';
export type {
  PayAction,
  PayInFullAction,
  DisputeAction,
  ResolveDisputeAction,
  HoldAction,
  LiftHoldAction,
  InstallmentPlanAction,
  PromiseAction,
  CorrectFactsAction,
  AdjustmentAction,
  ScriptedActionBase,
  Probability,
} from './types.js';
export * from './prng.js';
