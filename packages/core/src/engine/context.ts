import type { IsoDate } from '../calendar/date.js';
import type { GermanState } from '../law/de/types.js';
import type { StatementOptions } from '../ledger/statement.js';
import type { ContactRecord } from './guards.js';
import type { RenderCheck } from './render.js';

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
  /**
   * The renderer's check (`Renderer.check`, see {@link RenderCheck}): asked for each message of a
   * stage on the state with the stage's events (see `messageBlock`); a message it cannot write
   * blocks the stage (`guard.message-cannot-be-written`). Absent: no message is checked before it
   * is sent. `createMahnwerk` and `simulate` pass their `render`'s check.
   */
  readonly messageCheck?: RenderCheck;
  /**
   * The last day the caller acts on (`simulate`'s last day). A review day after it is answered as
   * some day after it, not necessarily the exact one: a claim's limitation is then not worked out
   * when its bound already lies after this day. Events are the same with or without it.
   *
   * @internal
   */
  readonly horizon?: IsoDate;
}
