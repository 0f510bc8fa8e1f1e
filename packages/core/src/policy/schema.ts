import { z } from 'zod';

const amount = z.string().regex(/^\d+(\.\d{1,2})?$/, 'an amount such as "2.50"');
const day = z.number().int().min(-365).max(3650);

/** What starts a stage: days relative to the due date, the previous stage, or the first day of default. */
export const stageTriggerSchema = z.strictObject({
  after: z.enum(['due-date', 'previous-stage', 'default']),
  days: day,
});

/** Conditions a claim must meet for a stage to apply; a stage whose conditions fail is skipped. */
export const stageConditionsSchema = z.strictObject({
  minAmount: amount.optional(),
  minRemainder: amount.optional(),
  maxAmount: amount.optional(),
  debtorKind: z.enum(['consumer', 'business']).optional(),
  currency: z.string().length(3).optional(),
  tagsAny: z.array(z.string()).optional(),
  tagsNone: z.array(z.string()).optional(),
  minScore: z.string().regex(/^(0(\.\d+)?|1(\.0+)?)$/).optional(),
  maxScore: z.string().regex(/^(0(\.\d+)?|1(\.0+)?)$/).optional(),
});

/** Channels a message can go out on. */
export const channelNameSchema = z.enum(['email', 'letter', 'sms', 'whatsapp', 'webhook']);

/** What a stage does. */
export const stageActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('send'), channel: channelNameSchema, template: z.string().min(1), fallbackChannel: channelNameSchema.optional() }),
  z.strictObject({ type: z.literal('set-deadline'), days: z.number().int().min(1).max(90) }),
  z.strictObject({ type: z.literal('charge-creditor-fee'), amount }),
  z.strictObject({ type: z.literal('charge-flat-fee') }),
  z.strictObject({ type: z.literal('charge-collection-costs'), case: z.enum(['auto', 'simple', 'uncontested', 'contested']).default('auto') }),
  z.strictObject({ type: z.literal('hand-over'), to: z.enum(['collection-agency', 'lawyer']) }),
  z.strictObject({ type: z.literal('file-court-dunning') }),
  z.strictObject({ type: z.literal('write-off') }),
]);

/**
 * The legal character of a stage's message. A `dunning-notice` (Mahnung) puts a debtor who is not
 * yet in default into default (§ 286 Abs. 1 BGB); a `reminder` is a friendly Zahlungserinnerung
 * sent before or at the due date and has no legal effect.
 */
export const stageKindSchema = z.enum(['reminder', 'dunning-notice', 'final-notice', 'handover', 'court-dunning', 'write-off']);

/** One step of escalation. */
export const stageSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a kebab-case id'),
  name: z.string().min(1),
  kind: stageKindSchema,
  trigger: stageTriggerSchema,
  conditions: stageConditionsSchema.optional(),
  actions: z.array(stageActionSchema),
  final: z.boolean().optional(),
});

/** Limits on contacting one debtor, across all channels and claims. */
export const contactLimitsSchema = z.strictObject({
  maxMessages: z.number().int().min(1).max(3).default(2),
  perDays: z.number().int().min(7).max(30).default(7),
  quietFrom: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).default('20:00'),
  quietTo: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).default('08:00'),
  noSundaysOrHolidays: z.literal(true).default(true),
});

/** Days a letter takes to arrive when a policy does not say (its `letterDeliveryDays` default). */
export const defaultLetterDeliveryDays = 3;

/** A dunning policy as data. */
const policyObjectSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  version: z.number().int().min(1),
  name: z.string().min(1),
  description: z.string().optional(),
  debtorKind: z.enum(['consumer', 'business']).optional(),
  /** Days a letter takes to arrive (receipt of a dunning notice starts default the day after). */
  letterDeliveryDays: z.number().int().min(0).max(7).default(defaultLetterDeliveryDays),
  /** When a Mahnung that sets a payment deadline puts the debtor in default: on its receipt, or once its deadline passed unpaid. */
  mahnungDefault: z.enum(['on-receipt', 'after-deadline']).default('on-receipt'),
  /** Installments missed before a plan counts as defaulted. */
  installmentsMissedToDefault: z.number().int().min(1).max(3).default(2),
  /** Days of grace after an installment's due date before it counts as missed (from the next business day when the due date is a Saturday, Sunday or holiday, § 193 BGB; the end moved likewise). */
  installmentGraceDays: z.number().int().min(0).max(14).default(5),
  /** Days of grace after a promise's date before escalation resumes (a transfer made that day to arrive). */
  promiseGraceDays: z.number().int().min(0).max(14).default(5),
  /** Hand over or file a Mahnbescheid when no principal is open (costs or interest alone); default false. */
  escalateWithoutPrincipal: z.boolean().default(false),
  contactLimits: contactLimitsSchema.prefault({}),
  stages: z.array(stageSchema).min(1),
});

export type {
  ChannelName,
  ContactLimits,
  Policy,
  PolicyInput,
  Stage,
  StageAction,
  StageConditions,
  StageKind,
  StageTrigger,
  ChargeCollectionCostsAction,
  ChargeCreditorFeeAction,
  ChargeFlatFeeAction,
  ContactLimitsInput,
  FileCourtDunningAction,
  MahnungDefault,
  HandOverAction,
  SendAction,
  SetDeadlineAction,
  StageActionInput,
  StageInput,
  TriggerAnchor,
  WriteOffAction,
} from './types.js';

// Compile-time proof that the documented types in types.ts equal what the schemas accept and
// return: if a schema changes without its type (or the other way round), this stops compiling.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function assertSame<T extends true>(): T | undefined {
  return undefined;
}
assertSame<Same<z.output<typeof policyObjectSchema>, import('./types.js').Policy>>();
assertSame<Same<z.input<typeof policyObjectSchema>, import('./types.js').PolicyInput>>();
assertSame<Same<z.output<typeof stageSchema>, import('./types.js').Stage>>();
assertSame<Same<z.input<typeof stageSchema>, import('./types.js').StageInput>>();
assertSame<Same<z.output<typeof stageActionSchema>, import('./types.js').StageAction>>();
assertSame<Same<z.input<typeof stageActionSchema>, import('./types.js').StageActionInput>>();
assertSame<Same<z.output<typeof contactLimitsSchema>, import('./types.js').ContactLimits>>();

/**
 * The zod schema of a policy document: `policySchema.parse(json)` validates a policy and fills in
 * defaults (use `loadPolicy` to also apply the legal guards). Typed as a plain `ZodType` so that
 * its public shape is the documented {@link Policy} / {@link PolicyInput} pair.
 */
export const policySchema: z.ZodType<import('./types.js').Policy, import('./types.js').PolicyInput> = policyObjectSchema;
