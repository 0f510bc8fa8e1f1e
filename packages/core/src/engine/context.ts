import type { GermanState } from '../law/de/types.js';
import type { StatementOptions } from '../ledger/statement.js';
import type { ContactRecord } from './guards.js';

/**
 * What the engine's deciders may know beyond the claim itself. Its own module so that `decide`,
 * `triggers` and `review` all read it without importing each other.
 */
export interface DecideContext {
  /**
   * Messages to the same debtor on other claims (all channels), for the contact limit. Entries with
   * this claim's id are ignored: the claim's own messages come from its ledger.
   */
  readonly recentContacts?: readonly ContactRecord[];
  /** Federal state whose public holidays count (default: the debtor's `state`, else nationwide only). */
  readonly state?: GermanState;
  /** Options for statements (base-rate table, beyond-known base rates, day count, rounding). */
  readonly statement?: StatementOptions;
}
