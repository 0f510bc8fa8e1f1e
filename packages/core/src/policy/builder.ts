import { loadPolicy } from './load.js';
import type { ChannelName, Policy, PolicyInput, StageActionInput, StageInput, StageKind } from './types.js';


/** A stage for {@link stage}: like {@link StageInput}, but `name` may be left out. */
export type StageDefinition = Omit<StageInput, 'name'> & {
  /** Display name; default: the German name of the stage kind (see {@link stageKindNames}). */
  readonly name?: string;
};

/** German display names of the stage kinds, used by {@link stage} when a stage has no name. */
export const stageKindNames: Readonly<Record<StageKind, string>> = {
  reminder: 'Zahlungserinnerung',
  'dunning-notice': 'Mahnung',
  'final-notice': 'Letzte Mahnung',
  handover: 'Übergabe an Inkasso',
  'court-dunning': 'Gerichtliches Mahnverfahren',
  'write-off': 'Ausbuchung',
};

/**
 * Defines a policy in TypeScript with full types: validates it like {@link loadPolicy} (schema,
 * then the legal guards of `assertPolicyLawful`) and returns it with defaults filled in.
 * `definePolicy(x)` and `loadPolicy(x)` return equal policies.
 *
 * @example
 * ```ts
 * const policy = definePolicy({
 *   id: 'shop', version: 1, name: 'Shop', debtorKind: 'consumer',
 *   stages: [
 *     stage({ id: 'reminder', kind: 'reminder', trigger: { after: 'due-date', days: 7 },
 *             actions: [action.send('email', 'reminder', { fallback: 'letter' })] }),
 *     stage({ id: 'dunning-notice', kind: 'dunning-notice', trigger: { after: 'previous-stage', days: 14 },
 *             actions: [action.send('letter', 'dunning-notice'), action.setDeadline(14)] }),
 *   ],
 * });
 * ```
 *
 * @param input - the policy
 * @throws PolicyError (code `policy_invalid`) exactly as {@link loadPolicy}
 */
export function definePolicy(input: PolicyInput): Policy {
  return loadPolicy(input);
}

/**
 * Typed helper for one stage; fills in `name` from the kind when it is left out. Validation
 * happens in {@link definePolicy}.
 *
 * @param definition - the stage
 * @returns the stage as {@link StageInput}
 */
export function stage(definition: StageDefinition): StageInput {
  const { name, ...rest } = definition;
  return { ...rest, name: name ?? stageKindNames[definition.kind] };
}

/** Options of {@link PolicyActionBuilders.send}. */
export interface SendOptions {
  /** Channel to use when the first one fails (e.g. no e-mail address, bounce). */
  readonly fallback?: ChannelName;
}

/** The typed action constructors of {@link action}. */
export interface PolicyActionBuilders {
  /**
   * Send a message.
   *
   * @param channel - channel to send on
   * @param template - template name (e.g. `dunning-notice`)
   * @param options - fallback channel
   */
  send(channel: ChannelName, template: string, options?: SendOptions): StageActionInput;
  /**
   * Set a payment deadline of `days` from the day the stage is entered (moved by § 193 BGB).
   *
   * @param days - 1 to 90
   */
  setDeadline(days: number): StageActionInput;
  /**
   * Charge the creditor's own dunning fee (actual material costs only; never on the first
   * dunning notice).
   *
   * @param amount - decimal string such as `"1.00"`
   */
  creditorFee(amount: string): StageActionInput;
  /** Charge the 40 EUR flat fee of § 288 Abs. 5 BGB (business debtors only). */
  flatFee(): StageActionInput;
  /**
   * Charge collection costs (§ 13e RDG cap) after a hand-over.
   *
   * @param collectionCase - RVG case; default `auto`
   */
  collectionCosts(collectionCase?: 'auto' | 'simple' | 'uncontested' | 'contested'): StageActionInput;
  /**
   * Hand the claim over.
   *
   * @param to - `collection-agency` (Inkasso) or `lawyer`
   */
  handOver(to: 'collection-agency' | 'lawyer'): StageActionInput;
  /** Apply for a court dunning order (Mahnbescheid). */
  fileCourtDunning(): StageActionInput;
  /** Write the claim off. */
  writeOff(): StageActionInput;
}

/** Typed constructors for stage actions, e.g. `action.send('letter', 'final-notice', { fallback: 'email' })`. */
export const action: PolicyActionBuilders = {
  send: (channel, template, options = {}) =>
    options.fallback === undefined
      ? { type: 'send', channel, template }
      : { type: 'send', channel, template, fallbackChannel: options.fallback },
  setDeadline: (days) => ({ type: 'set-deadline', days }),
  creditorFee: (amount) => ({ type: 'charge-creditor-fee', amount }),
  flatFee: () => ({ type: 'charge-flat-fee' }),
  collectionCosts: (collectionCase = 'auto') => ({ type: 'charge-collection-costs', case: collectionCase }),
  handOver: (to) => ({ type: 'hand-over', to }),
  fileCourtDunning: () => ({ type: 'file-court-dunning' }),
  writeOff: () => ({ type: 'write-off' }),
};
