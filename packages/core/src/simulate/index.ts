export * from './simulate.js';
export {
  scriptedActionTypes,
  validateSimulationInput,
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
  ScriptedActionBase,
  Probability,
} from './types.js';
export * from './prng.js';
