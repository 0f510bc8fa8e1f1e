export {
  defaultLetterDeliveryDays,
  policySchema,
  type ChannelName,
  type ChargeCollectionCostsAction,
  type ChargeCreditorFeeAction,
  type ChargeFlatFeeAction,
  type ContactLimits,
  type ContactLimitsInput,
  type FileCourtDunningAction,
  type HandOverAction,
  type MahnungDefault,
  type Policy,
  type PolicyInput,
  type SendAction,
  type SetDeadlineAction,
  type Stage,
  type StageAction,
  type StageActionInput,
  type StageConditions,
  type StageInput,
  type StageKind,
  type StageTrigger,
  type TriggerAnchor,
  type WriteOffAction,
} from './schema.js';
export * from './lawful.js';
export * from './load.js';
export * from './builder.js';
export * from './builtin/index.js';
export * from './hand-over.js';
